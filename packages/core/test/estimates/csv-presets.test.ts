import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  calibrateEstimate,
  customEstimateCsvMapping,
  estimateLogDecider,
  estimateSamplesOf,
  importEstimateCsv,
  jiraEstimateCsvMapping,
  linearEstimateCsvMapping
} from "../../src/estimates/index.ts"
import { replay } from "../../src/Decider.ts"
import type { EstimateCsvImport, EstimateCsvImportError } from "../../src/estimates/index.ts"

const sample = (name: string): string => readFileSync(new URL(`../../../../docs/estimates/samples/${name}`, import.meta.url), "utf8")

const ok = (result: Result.Result<EstimateCsvImport, EstimateCsvImportError>): EstimateCsvImport => {
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}

describe("findings of issue 12, reproduced", () => {
  it("imports a minute-resolution log with minutes as the unit (was rejected whole)", () => {
    const csv = [
      "id,type,unit,likely,actual,estimated_on,completed_on",
      "1,Bug,minutes,45,52,2008-09-29T12:49:00,2008-09-29T14:02:00",
      "2,Bug,minutes,30,30,2008-09-29 15:10:00,2008-09-29 15:41:30"
    ].join("\n")
    const { command } = ok(importEstimateCsv(csv, { teamId: "t" }))
    expect(command.items.map((i) => [i.unit, i.estimatedOn, i.outcome])).toEqual([
      ["minutes", "2008-09-29T12:49:00Z", { _tag: "Completed", actual: 52, completedOn: "2008-09-29T14:02:00Z" }],
      ["minutes", "2008-09-29T15:10:00Z", { _tag: "Completed", actual: 30, completedOn: "2008-09-29T15:41:30Z" }]
    ])
    const withOffset = ok(importEstimateCsv(csv, { teamId: "t", utcOffset: "-05:00" }))
    expect(withOffset.command.items[0]?.estimatedOn).toBe("2008-09-29T12:49:00-05:00")
  })

  it("keeps work-type labels verbatim and only suggests look-alike groups (was lower-cased and aliased)", () => {
    const csv = [
      "id,type,unit,likely,actual,estimated_on,completed_on",
      "1,Bug,hours,2,3,2026-01-05,2026-01-06",
      "2,bug fix,hours,2,3,2026-01-05,2026-01-06",
      "3,Bug Fix,hours,2,3,2026-01-05,2026-01-06",
      "4,Integrations,hours,2,3,2026-01-05,2026-01-06"
    ].join("\n")
    const { command, workTypeSuggestions } = ok(importEstimateCsv(csv, { teamId: "t" }))
    expect(command.items.map((i) => i.workType)).toEqual(["Bug", "bug fix", "Bug Fix", "Integrations"])
    expect(workTypeSuggestions.map((g) => g.labels)).toEqual([["Bug Fix", "bug fix"]])
  })

  it("rejects an SQL null marker \\N as a work type, per row (was accepted)", () => {
    const csv = [
      "id,type,unit,likely,actual,estimated_on,completed_on",
      "1,\\N,hours,2,3,2026-01-05,2026-01-06",
      "2,NULL,hours,2,3,2026-01-05,2026-01-06",
      "3,,hours,2,3,2026-01-05,2026-01-06",
      "4,Bug,hours,2,3,2026-01-05,2026-01-06"
    ].join("\n")
    const result = importEstimateCsv(csv, { teamId: "t" })
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isSuccess(result)) return
    expect(result.failure.problems.map((p) => [p.line, p.column])).toEqual([[2, "type"], [3, "type"], [4, "type"]])
    expect(result.failure.problems[0]?.reason).toContain("missing-value marker")
  })

  it("still refuses a date-time that is not one, naming the formats", () => {
    const result = importEstimateCsv("id,type,unit,likely,estimated_on\n1,Bug,minutes,4,2008-09-29T25:49:00\n", { teamId: "t" })
    expect(Result.isFailure(result) && result.failure.problems[0]?.reason).toContain("is not a date or date-time")
  })
})

describe("presets for the exports teams have", () => {
  it("reads Jira's issue CSV export: seconds as hours, resolutions, skipped unestimated issues", () => {
    const imported = ok(importEstimateCsv(sample("jira-issues.csv"), { teamId: "payments", mapping: jiraEstimateCsvMapping, utcOffset: "+01:00" }))
    const items = new Map(imported.command.items.map((i) => [i.itemId, i]))
    expect([...items.keys()]).toEqual(["PAY-101", "PAY-102", "PAY-103", "PAY-104", "PAY-105", "PAY-106", "PAY-108", "PAY-109"])
    expect(items.get("PAY-101")).toMatchObject({
      title: "Stripe webhook retries",
      workType: "Story",
      unit: "hours",
      range: { likely: 8 },
      estimator: "Ana Lima",
      estimatedOn: "2026-01-05T09:30:00+01:00",
      outcome: { _tag: "Completed", actual: 15, completedOn: "2026-01-16T16:10:00+01:00" }
    })
    expect(items.get("PAY-103")?.title).toBe("Invoice PDF: totals, taxes and rounding")
    expect(items.get("PAY-106")?.outcome).toEqual({ _tag: "Cancelled", cancelledOn: "2026-01-15T09:00:00+01:00" })
    expect(items.get("PAY-108")?.outcome).toEqual({ _tag: "Completed", completedOn: "2026-02-04T12:00:00+01:00" })
    expect(items.get("PAY-109")?.outcome).toEqual({ _tag: "Open" })
    expect(imported.skipped.map((s) => s.line)).toEqual([8, 11])
    expect(imported.completedWithoutActual).toBe(1)
    // The import folds into a log whose samples leave out the item without an actual.
    const state = replay(estimateLogDecider, [{ _tag: "EstimateHistoryImported", teamId: "payments", items: imported.command.items }])
    expect(estimateSamplesOf(state).map((s) => s.itemId)).toEqual(["PAY-101", "PAY-102", "PAY-103", "PAY-104", "PAY-105"])
  })

  it("reads Linear's CSV export: points, labels as types, canceled issues, no actuals unless a column is added", () => {
    const text = sample("linear-issues.csv")
    const imported = ok(importEstimateCsv(text, { teamId: "eng", mapping: linearEstimateCsvMapping }))
    const items = imported.command.items
    expect(items.map((i) => [i.itemId, i.workType, i.unit, i.range.likely, i.outcome._tag])).toEqual([
      ["ENG-41", "Feature", "points", 3, "Completed"],
      ["ENG-42", "Bug", "points", 1, "Completed"],
      ["ENG-43", "Feature", "points", 8, "Completed"],
      ["ENG-44", "Feature", "points", 5, "Cancelled"],
      ["ENG-45", "Bug", "points", 2, "Completed"],
      ["ENG-47", "Feature", "points", 13, "Open"]
    ])
    expect(items[0]?.estimatedOn).toBe("2026-01-05T09:12:44.000Z")
    expect(imported.completedWithoutActual).toBe(4)
    expect(imported.skipped).toHaveLength(1)
    // With an Actual column (points), the same export informs calibration.
    const lines = text.trimEnd().split("\n")
    const actuals = ["Actual", "5", "1", "13", "", "3", "", ""]
    const withActual = lines.map((l, i) => `${l},${actuals[i]}`).join("\n")
    const again = ok(importEstimateCsv(withActual, { teamId: "eng", mapping: linearEstimateCsvMapping }))
    expect(again.completedWithoutActual).toBe(0)
    const state = replay(estimateLogDecider, [{ _tag: "EstimateHistoryImported", teamId: "eng", items: again.command.items }])
    const samples = estimateSamplesOf(state)
    expect(samples.map((s) => s.actual)).toEqual([5, 1, 13, 3])
    const calibrated = calibrateEstimate(samples, { workType: "Feature", unit: "points", range: { likely: 5 }, estimatedOn: "2026-03-01" })
    expect(calibrated.itemsUsed).toBe(4)
  })

  it("reads RetroBridge's own format with minutes, date-times and estimators", () => {
    const imported = ok(importEstimateCsv(sample("retrobridge-minutes.csv"), { teamId: "t" }))
    expect(imported.command.items.map((i) => [i.workType, i.unit, i.estimator, i.outcome._tag])).toEqual([
      ["Bug", "minutes", "ana", "Completed"],
      ["Feature", "minutes", "ben", "Completed"],
      ["Research", "minutes", "ana", "Completed"],
      ["Chore", "minutes", "carl", "Completed"],
      ["Feature", "minutes", "ben", "Open"]
    ])
  })

  it("maps a team's own column names", () => {
    const mapping = customEstimateCsvMapping({ id: ["Key"], type: ["Kind"], likely: ["Story Points"], actual: ["Actual Points"], estimated_on: ["Opened"], completed_on: ["Closed"] }, { unit: "points" })
    const csv = "Key,Kind,Story Points,Actual Points,Opened,Closed,Sprint\nA-1,Story,3,5,2026-01-05,2026-01-09,S1\n"
    const { command } = ok(importEstimateCsv(csv, { teamId: "t", mapping }))
    expect(command.items[0]).toMatchObject({ itemId: "A-1", workType: "Story", unit: "points", range: { likely: 3 }, outcome: { actual: 5 } })
  })

  it("says which preset column is missing", () => {
    const result = importEstimateCsv("Issue key,Summary\nA-1,x\n", { teamId: "t", mapping: jiraEstimateCsvMapping })
    expect(Result.isFailure(result) && result.failure.problems.map((p) => p.column)).toEqual(["Issue Type", "Original Estimate", "Created"])
  })

  it("reports progress in order, ending at the total", () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `I-${i},Bug,hours,2,3,2026-01-05,2026-01-06`)
    const seen: Array<number> = []
    ok(importEstimateCsv(["id,type,unit,likely,actual,estimated_on,completed_on", ...rows].join("\n"), {
      teamId: "t",
      onProgress: ({ rowsDone, rowsTotal }) => {
        expect(rowsTotal).toBe(2500)
        seen.push(rowsDone)
      }
    }))
    expect(seen).toEqual([1000, 2000, 2500])
  })
})
