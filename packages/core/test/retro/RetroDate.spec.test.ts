/**
 * A retro's date against the command's clock (decision 0008): a retro may be
 * set up to 26 weeks ahead, never further; an earlier date is taken as given.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { Primitives, Retro } from "@retrobridge/core"
import { deciderSpec } from "@retrobridge/core/testing"
import { create } from "./fixtures.ts"

const spec = deciderSpec(Retro.decider)
const DAY = 86_400_000
// 2026-10-01 at 23:30 UTC: already 2026-10-02 for a team east of UTC.
const at = Date.UTC(2026, 9, 1, 23, 30)
const daysAfter = (n: number) => Primitives.fromDayNumber(Primitives.dayNumber("2026-10-01") + n)

describe("CreateRetro: the retro's date, from events", () => {
  it("takes a date up to 26 weeks ahead of the clock's day, and a day more for time zones ahead of UTC", () => {
    expect(Retro.dateMaxDaysAhead).toBe(26 * 7 + 1)
    // The next quarterly retro, set up at the end of this one even when it falls late; the last day allowed.
    for (const date of ["2026-10-01", "2026-10-02", "2027-01-10", daysAfter(182), daysAfter(183)]) {
      const { outcome } = spec.given([]).when(create({ date, at }))
      expect(outcome._tag === "Success" && outcome.success.map((e) => e._tag), date).toEqual(["RetroCreated"])
    }
  })

  it("refuses a date further ahead, the year slipped by one included, naming the latest date it would take", () => {
    for (const date of [daysAfter(184), "2027-10-01", "2062-10-01"]) {
      const error = spec.given([]).when(create({ date, at })).thenFails({ _tag: "RetroRuleViolated", rule: "retro-date-not-far-ahead" })
      expect(error.message).toContain(date)
      expect(error.message).toContain(daysAfter(183))
    }
    // The bound moves with the clock, not with the calendar.
    const { outcome } = spec.given([]).when(create({ date: daysAfter(184), at: at + DAY }))
    expect(outcome._tag === "Success" && outcome.success[0]).toMatchObject({ _tag: "RetroCreated", date: daysAfter(184) })
  })

  it("takes any earlier date as given: a retro recorded after it was held, or an example replayed later", () => {
    for (const date of ["2026-09-30", "2025-10-01", "2000-01-01"]) {
      const { outcome } = spec.given([]).when(create({ date, at }))
      expect(outcome._tag, date).toBe("Success")
    }
  })
})

describe("the facilitator's guide on the retro's date", () => {
  it("states the bound the decider applies", () => {
    const guide = readFileSync(new URL("../../../../docs/facilitator-guide.md", import.meta.url), "utf8").replace(/\s+/g, " ")
    expect(guide).toContain(`It may be up to ${(Retro.dateMaxDaysAhead - 1) / 7} weeks after the day you create the retro`)
    expect(guide).toContain("(`retro-date-not-far-ahead`:")
    expect(guide).toContain("An earlier date is accepted as given")
  })
})
