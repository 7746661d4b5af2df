import fc from "fast-check"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { replay } from "../../src/Decider.ts"
import {
  EstimateLogCommand,
  EstimateLogEvent,
  estimateLogDecider,
  type EstimateLogCommand as Command,
  type EstimateLogEvent as Event
} from "../../src/estimates/index.ts"
import { Estimates } from "@retrobridge/core"
import { deciderSpec } from "@retrobridge/core/testing"
import { decideAll } from "../support/decideAll.ts"
import { arbCommand, arbEvent } from "./arbitraries.ts"

const roundTrip = <S extends Schema.Codec<any, any>>(schema: S, value: S["Type"]): unknown => {
  const encoded = Schema.encodeSync(schema)(value)
  return Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(encoded)))
}


const record = (itemId: string, extra: Partial<Extract<Command, { _tag: "RecordEstimate" }>> = {}): Command => ({
  _tag: "RecordEstimate",
  teamId: "team-a",
  itemId,
  title: `Item ${itemId}`,
  workType: "integration",
  unit: "hours",
  range: { best: 4, likely: 6, worst: 12 },
  estimatedBy: "engineering",
  estimatedOn: "2026-01-05",
  ...extra
})

/** The event {@link record} decides on an empty log (written out, not derived from the command). */
const estimated = (itemId: string, extra: Partial<Extract<Event, { _tag: "WorkItemEstimated" }>> = {}): Event => ({
  _tag: "WorkItemEstimated",
  teamId: "team-a",
  itemId,
  title: `Item ${itemId}`,
  workType: "integration",
  unit: "hours",
  range: { best: 4, likely: 6, worst: 12 },
  estimatedBy: "engineering",
  estimatedOn: "2026-01-05",
  ...extra
})

describe("estimate log commands and events", () => {
  it("every command round-trips through encode/JSON/decode (property)", () => {
    fc.assert(fc.property(arbCommand, (command) => {
      expect(roundTrip(EstimateLogCommand, command)).toEqual(command)
    }), { numRuns: 300 })
  })

  it("every event round-trips through encode/JSON/decode (property)", () => {
    fc.assert(fc.property(arbEvent, (event) => {
      expect(roundTrip(EstimateLogEvent, event)).toEqual(event)
    }), { numRuns: 300 })
  })

  it("rejects a command whose range is out of order", () => {
    const bad = { ...record("x"), range: { best: 8, likely: 6, worst: 12 } }
    expect(() => Schema.decodeUnknownSync(EstimateLogCommand)(bad)).toThrow(/best ≤ likely ≤ worst/)
  })
})

describe("estimateLogDecider", () => {
  const spec = deciderSpec(Estimates.logDecider)
  const aEstimated = estimated("a")
  const aReEstimated: Event = {
    _tag: "WorkItemReEstimated", teamId: "team-a", itemId: "a", range: { best: 6, likely: 9, worst: 16 },
    estimatedBy: "engineering", estimatedOn: "2026-01-09", reason: "API docs were wrong"
  }
  const aCompleted: Event = { _tag: "WorkItemCompleted", teamId: "team-a", itemId: "a", actual: 14, completedOn: "2026-01-20" }
  const bEstimated = estimated("b", { range: { likely: 3 }, workType: "bug fix" })
  const bCancelled: Event = { _tag: "WorkItemCancelled", teamId: "team-a", itemId: "b", cancelledOn: "2026-01-06" }

  it("records estimates, re-estimates as history, actuals and cancellations", () => {
    spec.given([]).when(record("a")).then([aEstimated])
    spec.given([aEstimated]).when({
      _tag: "ReEstimate", teamId: "team-a", itemId: "a", range: { best: 6, likely: 9, worst: 16 },
      estimatedBy: "engineering", estimatedOn: "2026-01-09", reason: "API docs were wrong"
    }).then([aReEstimated])
    spec.given([aEstimated, aReEstimated]).when({ _tag: "RecordActual", teamId: "team-a", itemId: "a", actual: 14, completedOn: "2026-01-20" })
      .then([aCompleted])
    spec.given([aEstimated, aReEstimated, aCompleted]).when(record("b", { range: { likely: 3 }, workType: "bug fix" })).then([bEstimated])
    const state = spec.given([aEstimated, aReEstimated, aCompleted, bEstimated])
      .when({ _tag: "CancelWorkItem", teamId: "team-a", itemId: "b", cancelledOn: "2026-01-06" })
      .then([bCancelled])
    const a = state.items.get("a")!
    expect(a.estimates).toHaveLength(2)
    expect(a.estimates[1]?.reason).toBe("API docs were wrong")
    expect(a.status).toEqual({ _tag: "Completed", actual: 14, completedOn: "2026-01-20" })
    expect(state.items.get("b")?.status._tag).toBe("Cancelled")
    const [initial] = Estimates.samplesOf(state)
    expect(initial).toMatchObject({ itemId: "a", best: 4, likely: 6, worst: 12, actual: 14, singlePoint: false, reEstimates: 1, teamId: "team-a" })
    expect(Estimates.samplesOf(state, { basis: "latest" })[0]).toMatchObject({ likely: 9, estimatedOn: "2026-01-09" })
  })

  it("says what was wrong and what to do", () => {
    const actual = (extra: Partial<Extract<Command, { _tag: "RecordActual" }>>): Command =>
      ({ _tag: "RecordActual", teamId: "team-a", itemId: "a", actual: 1, completedOn: "2026-01-10", ...extra })
    const messageOf = (error: Estimates.LogError): string => error.message
    expect(messageOf(spec.given([aEstimated]).when(record("a")).thenFails({ _tag: "EstimateItemAlreadyRecorded", itemId: "a" })))
      .toContain("Use ReEstimate")
    expect(messageOf(spec.given([aEstimated]).when(actual({ itemId: "zz" })).thenFails({ _tag: "EstimateItemNotFound", itemId: "zz" })))
      .toContain("Record its estimate first")
    expect(messageOf(spec.given([aEstimated]).when(actual({ completedOn: "2026-01-01" }))
      .thenFails({ _tag: "EstimateDateOutOfOrder", itemId: "a", field: "completion date", date: "2026-01-01", notBefore: "2026-01-05" })))
      .toContain("completion date 2026-01-01 is before 2026-01-05")
    expect(messageOf(spec.given([aEstimated]).when(actual({ teamId: "team-b" }))
      .thenFails({ _tag: "EstimateLogTeamMismatch", logTeamId: "team-a", commandTeamId: "team-b" })))
      .toContain("belongs to team team-a")
    const aDone: Event = { _tag: "WorkItemCompleted", teamId: "team-a", itemId: "a", actual: 1, completedOn: "2026-01-10" }
    spec.given([aEstimated]).when(actual({})).then([aDone])
    expect(messageOf(spec.given([aEstimated, aDone])
      .when({ _tag: "ReEstimate", teamId: "team-a", itemId: "a", range: { likely: 2 }, estimatedBy: "product", estimatedOn: "2026-01-11" })
      .thenFails({ _tag: "EstimateItemClosed", itemId: "a", status: "completed", attempted: "re-estimated" })))
      .toContain("already completed")
  })

  it("accepts date-times with offsets and orders them by instant, dates by day", () => {
    const at = (estimatedOn: string) => estimated("t", { estimatedOn, unit: "minutes", estimator: "Ana Lima" })
    const done = (completedOn: string): Command => ({ _tag: "RecordActual", teamId: "team-a", itemId: "t", actual: 40, completedOn })
    const completed = (completedOn: string): Event => ({ _tag: "WorkItemCompleted", teamId: "team-a", itemId: "t", actual: 40, completedOn })
    spec.given([]).when(record("t", { estimatedOn: "2026-01-05T09:30:00+01:00", unit: "minutes", estimator: "Ana Lima" }))
      .then([at("2026-01-05T09:30:00+01:00")])
    // 09:30+01:00 is 08:30Z: a completion at 08:45Z is after it, one at 08:15Z before it.
    spec.given([at("2026-01-05T09:30:00+01:00")]).when(done("2026-01-05T08:45:00Z")).then([completed("2026-01-05T08:45:00Z")])
    spec.given([at("2026-01-05T09:30:00+01:00")]).when(done("2026-01-05T08:15:00Z")).thenFails("EstimateDateOutOfOrder")
    // A date and a date-time on the same day are in order either way: the date names the whole day.
    spec.given([at("2026-01-05")]).when(done("2026-01-05T00:10:00Z")).then([completed("2026-01-05T00:10:00Z")])
    spec.given([at("2026-01-05T17:00:00Z")]).when(done("2026-01-05")).then([completed("2026-01-05")])
    const state = spec.given([at("2026-01-05T09:30:00+01:00")]).when(done("2026-01-05T10:15:00+01:00"))
      .then([completed("2026-01-05T10:15:00+01:00")])
    expect(Estimates.samplesOf(state)[0]).toMatchObject({ unit: "minutes", estimator: "Ana Lima", estimatedOn: "2026-01-05T09:30:00+01:00" })
    expect(() => Schema.decodeUnknownSync(EstimateLogCommand)(record("t", { estimatedOn: "2026-01-05T09:30:00" }))).toThrow(/no UTC offset/)
  })

  it("imports all or nothing", () => {
    const item = {
      itemId: "b",
      title: "B",
      workType: "migration",
      unit: "days" as const,
      range: { likely: 2 },
      estimatedBy: "engineering" as const,
      estimatedOn: "2025-11-01",
      outcome: { _tag: "Completed" as const, actual: 3, completedOn: "2025-11-08" }
    }
    const conflict = spec.given([aEstimated])
      .when({ _tag: "ImportEstimateHistory", teamId: "team-a", items: [item, { ...item, itemId: "a" }, item] })
      .thenFails({ _tag: "EstimateImportConflict", duplicateInImport: ["b"], alreadyInLog: ["a"] })
    expect(conflict.message).toMatch(/repeated within the import: b.*already in the log: a/)
    const state = spec.given([aEstimated]).when({ _tag: "ImportEstimateHistory", teamId: "team-a", items: [item] })
      .then([{ _tag: "EstimateHistoryImported", teamId: "team-a", items: [item] }])
    expect(state.items.get("b")?.status).toEqual({ _tag: "Completed", actual: 3, completedOn: "2025-11-08" })
    spec.given([aEstimated]).when({ _tag: "ImportEstimateHistory", teamId: "team-a", items: [] }).thenNothing()
  })

  it("replaying the events of any command sequence gives the state decided along the way (property)", () => {
    const itemIds = ["a", "b", "c"]
    const arbSmall = arbCommand.map((c): Command => {
      if (c._tag === "ImportEstimateHistory") return { ...c, teamId: "t" }
      return { ...c, teamId: "t", itemId: itemIds[c.itemId.length % 3]! }
    })
    fc.assert(fc.property(fc.array(arbSmall, { maxLength: 25 }), (commands) => {
      const { events, state } = decideAll(estimateLogDecider, commands)
      expect(replay(estimateLogDecider, events)).toEqual(state)
      // Every completed item's actual date is on or after each of its estimates.
      for (const item of state.items.values()) {
        if (item.status._tag === "Completed") {
          for (const e of item.estimates) expect(item.status.completedOn >= e.estimatedOn).toBe(true)
        }
      }
    }), { numRuns: 200 })
  })
})
