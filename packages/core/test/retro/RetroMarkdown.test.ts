import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"
import { advance, C, collecting, discussing, f, MIN, person, run, T0, voting } from "./fixtures.ts"

const timedPhases = ["collecting", "grouping", "voting", "discussing", "agreeing"] as const

/** Reads an Actual cell of the Timing table ("25 min 40 s", "40 s", "25 min") back into seconds. */
const secondsOf = (cell: string): number => {
  const m = /^(?:(\d+) min)?(?: ?(\d+) s)?$/.exec(cell)
  if (m === null || (m[1] === undefined && m[2] === undefined)) throw new Error(`not a duration: "${cell}"`)
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)
}

const timingOf = (markdown: string): Map<string, string> => {
  const table = markdown.slice(markdown.indexOf("## Timing"))
  const rows = table.split("\n").slice(4).filter((line) => line.startsWith("| "))
  return new Map(rows.map((line) => {
    const cells = line.split("|").map((c) => c.trim())
    return [cells[1]!, cells[3]!]
  }))
}

const markdownOf = (state: Retro.State): string => {
  const md = Retro.markdown(state)
  if (Result.isFailure(md)) throw new Error(md.failure.message)
  return md.success
}

/** The fixtures' retro, from writing to agreeing, each timed phase lasting the next of `durations` (collection starts at T0 + 2 min). */
const agreeingAfter = (durations: ReadonlyArray<number>): Retro.State => {
  const ends: Array<number> = []
  let t = T0 + 2 * MIN
  for (const d of durations) ends.push(t += d)
  return run([
    advance("collecting", ends[0]!, "seed-abcdefgh"),
    f({ _tag: "CreateTheme", themeId: "t-debt", name: "Technical debt", at: ends[0]! }),
    f({ _tag: "AssignCard", cardId: C.c2, themeId: "t-debt", at: ends[0]! }),
    advance("grouping", ends[1]!),
    advance("voting", ends[2]!),
    advance("discussing", ends[3]!),
    advance("agreeing", ends[4]!)
  ], collecting().state).state
}

describe("the Markdown export's Timing table", () => {
  it("shows each phase's actual duration to the second, and reads back as the duration the phase took (property)", () => {
    const seen = { subMinute: 0, overAnHour: 0, wholeMinutes: 0 }
    const duration = fc.oneof(
      fc.integer({ min: 0, max: 180 }).map((m) => m * MIN),
      fc.integer({ min: 0, max: 3 * 3600 }).map((s) => s * 1000),
      fc.integer({ min: 0, max: 3 * 60 * MIN })
    )
    fc.assert(fc.property(fc.array(duration, { minLength: 5, maxLength: 5 }), (durations) => {
      const timing = timingOf(markdownOf(agreeingAfter(durations)))
      expect([...timing.keys()]).toEqual([...timedPhases])
      timedPhases.forEach((phase, i) => {
        expect(secondsOf(timing.get(phase)!)).toBe(Math.round(durations[i]! / 1000))
        if (durations[i]! < MIN) seen.subMinute++
        if (durations[i]! > 60 * MIN) seen.overAnHour++
        if (durations[i]! % MIN === 0) seen.wholeMinutes++
      })
    }), { numRuns: 200, examples: [[[0, 59_000, 20 * MIN + 29_000, 25 * MIN, 30 * MIN + 500]]] })
    expect(seen.subMinute).toBeGreaterThan(0)
    expect(seen.overAnHour).toBeGreaterThan(0)
    expect(seen.wholeMinutes).toBeGreaterThan(0)
  })

  it("writes minutes and seconds as a reader expects", () => {
    const durations = [20 * MIN + 40_000, 40_000, 5 * MIN, 0, 30 * MIN + 1_499]
    expect([...timingOf(markdownOf(agreeingAfter(durations))).values()]).toEqual(["20 min 40 s", "40 s", "5 min", "0 s", "30 min 1 s"])
  })
})

describe("the Markdown export while the dot vote is open", () => {
  const cast = (who: string, themeId: string) => ({ _tag: "CastVote" as const, secret: person(who).secret, themeId, at: T0 + 33 * MIN })

  it("says nothing of the votes: no totals and the themes in the order they were created, whatever was cast", () => {
    const before = markdownOf(voting().state)
    // Anyone who can read the export could fetch it again after a colleague's click and see which theme went up.
    const after = markdownOf(run([cast("p1", "t-est"), cast("e1", "t-est"), cast("e2", "t-debt")], voting().state).state)
    expect(after).toBe(before)
    expect(after).not.toMatch(/\bvotes?\b/)
    const headings = [...after.matchAll(/^### (.*)$/gm)].map((m) => m[1]!)
    expect(headings.map((h) => h.replace(/ \(.*$/, ""))).toEqual(["Requirements clarity", "Technical debt", "Estimates and predictability"])
  })

  it("shows the totals, most voted first, once voting has closed", () => {
    const md = markdownOf(discussing().state)
    expect(md).toMatch(/^### Technical debt \(2 votes, 1 card\)$/m)
    expect(md.indexOf("### Technical debt")).toBeLessThan(md.indexOf("### Requirements clarity"))
  })
})
