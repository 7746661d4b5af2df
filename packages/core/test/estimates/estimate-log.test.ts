import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { replay } from "../../src/Decider.ts"
import {
  EstimateLogCommand,
  EstimateLogEvent,
  estimateLogDecider,
  estimateSamplesOf,
  type EstimateLogCommand as Command,
  type EstimateLogEvent as Event,
  type EstimateLogState
} from "../../src/estimates/index.ts"
import { arbCommand, arbEvent } from "./arbitraries.ts"

const roundTrip = <S extends Schema.Codec<any, any>>(schema: S, value: S["Type"]): unknown => {
  const encoded = Schema.encodeSync(schema)(value)
  return Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(encoded)))
}

const run = (commands: ReadonlyArray<Command>): { state: EstimateLogState; events: Array<Event>; errors: Array<unknown> } => {
  let state = estimateLogDecider.initialState
  const events: Array<Event> = []
  const errors: Array<unknown> = []
  for (const command of commands) {
    const result = estimateLogDecider.decide(command, state)
    if (Result.isFailure(result)) {
      errors.push(result.failure)
      continue
    }
    for (const event of result.success) {
      events.push(event)
      state = estimateLogDecider.evolve(state, event)
    }
  }
  return { state, events, errors }
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
  it("records estimates, re-estimates as history, actuals and cancellations", () => {
    const { errors, state } = run([
      record("a"),
      { _tag: "ReEstimate", teamId: "team-a", itemId: "a", range: { best: 6, likely: 9, worst: 16 }, estimatedBy: "engineering", estimatedOn: "2026-01-09", reason: "API docs were wrong" },
      { _tag: "RecordActual", teamId: "team-a", itemId: "a", actual: 14, completedOn: "2026-01-20" },
      record("b", { range: { likely: 3 }, workType: "bug fix" }),
      { _tag: "CancelWorkItem", teamId: "team-a", itemId: "b", cancelledOn: "2026-01-06" }
    ])
    expect(errors).toEqual([])
    const a = state.items.get("a")!
    expect(a.estimates).toHaveLength(2)
    expect(a.estimates[1]?.reason).toBe("API docs were wrong")
    expect(a.status).toEqual({ _tag: "Completed", actual: 14, completedOn: "2026-01-20" })
    expect(state.items.get("b")?.status._tag).toBe("Cancelled")
    const [initial] = estimateSamplesOf(state)
    expect(initial).toMatchObject({ itemId: "a", best: 4, likely: 6, worst: 12, actual: 14, singlePoint: false, reEstimates: 1, teamId: "team-a" })
    expect(estimateSamplesOf(state, { basis: "latest" })[0]).toMatchObject({ likely: 9, estimatedOn: "2026-01-09" })
  })

  it("says what was wrong and what to do", () => {
    const { errors } = run([
      record("a"),
      record("a"),
      { _tag: "RecordActual", teamId: "team-a", itemId: "zz", actual: 1, completedOn: "2026-01-10" },
      { _tag: "RecordActual", teamId: "team-a", itemId: "a", actual: 1, completedOn: "2026-01-01" },
      { _tag: "RecordActual", teamId: "team-b", itemId: "a", actual: 1, completedOn: "2026-01-10" },
      { _tag: "RecordActual", teamId: "team-a", itemId: "a", actual: 1, completedOn: "2026-01-10" },
      { _tag: "ReEstimate", teamId: "team-a", itemId: "a", range: { likely: 2 }, estimatedBy: "product", estimatedOn: "2026-01-11" }
    ])
    const messages = errors.map((e) => [(e as { _tag: string })._tag, (e as Error).message])
    expect(messages).toEqual([
      ["EstimateItemAlreadyRecorded", expect.stringContaining("Use ReEstimate")],
      ["EstimateItemNotFound", expect.stringContaining("Record its estimate first")],
      ["EstimateDateOutOfOrder", expect.stringContaining("completion date 2026-01-01 is before 2026-01-05")],
      ["EstimateLogTeamMismatch", expect.stringContaining("belongs to team team-a")],
      ["EstimateItemClosed", expect.stringContaining("already completed")]
    ])
  })

  it("accepts date-times with offsets and orders them by instant, dates by day", () => {
    const at = (estimatedOn: string) => record("t", { estimatedOn, unit: "minutes", estimator: "Ana Lima" })
    const done = (completedOn: string): Command => ({ _tag: "RecordActual", teamId: "team-a", itemId: "t", actual: 40, completedOn })
    // 09:30+01:00 is 08:30Z: a completion at 08:45Z is after it, one at 08:15Z before it.
    expect(run([at("2026-01-05T09:30:00+01:00"), done("2026-01-05T08:45:00Z")]).errors).toEqual([])
    expect(run([at("2026-01-05T09:30:00+01:00"), done("2026-01-05T08:15:00Z")]).errors.map((e) => (e as { _tag: string })._tag)).toEqual(["EstimateDateOutOfOrder"])
    // A date and a date-time on the same day are in order either way: the date names the whole day.
    expect(run([at("2026-01-05"), done("2026-01-05T00:10:00Z")]).errors).toEqual([])
    expect(run([at("2026-01-05T17:00:00Z"), done("2026-01-05")]).errors).toEqual([])
    const { state } = run([at("2026-01-05T09:30:00+01:00"), done("2026-01-05T10:15:00+01:00")])
    expect(estimateSamplesOf(state)[0]).toMatchObject({ unit: "minutes", estimator: "Ana Lima", estimatedOn: "2026-01-05T09:30:00+01:00" })
    expect(() => Schema.decodeUnknownSync(EstimateLogCommand)(at("2026-01-05T09:30:00"))).toThrow(/no UTC offset/)
  })

  it("imports all or nothing", () => {
    const { state } = run([record("a")])
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
    const conflict = estimateLogDecider.decide({ _tag: "ImportEstimateHistory", teamId: "team-a", items: [item, { ...item, itemId: "a" }, item] }, state)
    expect(Result.isFailure(conflict)).toBe(true)
    if (Result.isFailure(conflict)) {
      expect(conflict.failure._tag).toBe("EstimateImportConflict")
      expect(conflict.failure.message).toMatch(/repeated within the import: b.*already in the log: a/)
    }
    const ok = estimateLogDecider.decide({ _tag: "ImportEstimateHistory", teamId: "team-a", items: [item] }, state)
    expect(Result.isSuccess(ok) && ok.success).toHaveLength(1)
  })

  it("replaying the events of any command sequence gives the state decided along the way (property)", () => {
    const itemIds = ["a", "b", "c"]
    const arbSmall = arbCommand.map((c): Command => {
      if (c._tag === "ImportEstimateHistory") return { ...c, teamId: "t" }
      return { ...c, teamId: "t", itemId: itemIds[c.itemId.length % 3]! }
    })
    fc.assert(fc.property(fc.array(arbSmall, { maxLength: 25 }), (commands) => {
      const { events, state } = run(commands)
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
