import { describe, expect, it } from "vitest"
import { Result } from "effect"
import { Estimates } from "@retrobridge/core"

// The estimate log's decide is a public entry too: JSON that is not a command is a typed
// InvalidCommand naming the field, never a defect and never an event.
describe("estimate log boundary", () => {
  const decide = (input: unknown) => Estimates.logDecider.decide(input as Estimates.LogCommand, Estimates.logDecider.initialState)

  it.each([
    ["null", null],
    ["an array", []],
    ["an unknown tag", { _tag: "DropTable" }],
    ["a RecordEstimate without a work type", { _tag: "RecordEstimate", teamId: "t", itemId: "a", estimatedOn: "2026-01-05", unit: "days", range: { likely: 3 } }],
    ["a RecordEstimate whose range is text", { _tag: "RecordEstimate", teamId: "t", itemId: "a", workType: "feature", estimatedOn: "2026-01-05", unit: "days", range: "three days" }]
  ])("%s gives InvalidCommand", (_, input) => {
    const decided = decide(input)
    expect(Result.isFailure(decided)).toBe(true)
    if (Result.isFailure(decided)) {
      expect(decided.failure._tag).toBe("InvalidCommand")
      expect(String(decided.failure.message).length).toBeGreaterThan(10)
    }
  })
})
