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

// Titles and reasons are typed text like every other text a person writes: a title from a tracker may be as
// long as a Jira summary (255 characters), and no command stores a terminal escape or a kilobyte "reason".
describe("estimate log texts", () => {
  const decide = (input: unknown) => Estimates.logDecider.decide(input as Estimates.LogCommand, Estimates.logDecider.initialState)
  const record = (title: string) => ({
    _tag: "RecordEstimate", teamId: "t", itemId: "a", title, workType: "feature", unit: "days", range: { likely: 3 }, estimatedBy: "engineering", estimatedOn: "2026-01-05"
  })
  const item = (title: string) => ({
    itemId: "a", title, workType: "feature", unit: "days", range: { likely: 3 }, estimatedBy: "engineering", estimatedOn: "2026-01-05", outcome: { _tag: "Open" }
  })

  it.each([
    ["a title with a terminal escape", record("Checkout \u001b[2J refactor"), "title", "no-control-characters"],
    ["a title of 256 characters", record("T".repeat(256)), "title", "max-length"],
    ["a blank title", record("\u200b "), "title", "not-blank"],
    ["a re-estimate's reason of 501 characters", { _tag: "ReEstimate", teamId: "t", itemId: "a", range: { likely: 4 }, estimatedBy: "engineering", estimatedOn: "2026-01-06", reason: "r".repeat(501) }, "reason", "max-length"],
    ["a cancellation's reason with a NUL", { _tag: "CancelWorkItem", teamId: "t", itemId: "a", cancelledOn: "2026-01-06", reason: "dropped\u0000" }, "reason", "no-control-characters"],
    ["an imported title with a C1 control", { _tag: "ImportEstimateHistory", teamId: "t", source: "csv", items: [item("Fine"), { ...item("Bad \u009b title"), itemId: "b" }] }, "items[1].title", "no-control-characters"]
  ])("%s is an InvalidCommand naming the field", (_, command, field, rule) => {
    const decided = decide(command)
    expect(Result.isFailure(decided) && decided.failure).toMatchObject({ _tag: "InvalidCommand", field, rule })
  })

  it.each(["None", "-", "N/A"])("a work type of %s, a missing-value marker the CSV importer refuses, is refused too: every log exports to a file that imports", (workType) => {
    const decided = decide({ ...record("Checkout refactor"), workType })
    expect(Result.isFailure(decided) && decided.failure).toMatchObject({ _tag: "InvalidCommand", field: "workType" })
  })

  it("a 255-character title, as a Jira summary may be, is recorded", () => {
    expect(Result.isSuccess(decide(record("T".repeat(255))))).toBe(true)
  })

  it("a CSV row whose title holds a control character is a problem on its line, and nothing is imported", () => {
    const csv = "id,title,type,unit,likely,estimated_on,side\nA-1,Fine,feature,days,3,2026-01-05,engineering\nA-2,\"Bad \u0007 title\",feature,days,3,2026-01-05,engineering\n"
    const imported = Estimates.importCsv(csv, { teamId: "t" })
    expect(Result.isFailure(imported)).toBe(true)
    if (Result.isFailure(imported)) expect(imported.failure.problems.map((p) => p.line)).toEqual([3])
  })
})
