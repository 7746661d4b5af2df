import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  estimateHistoryToCsv,
  estimateLogDecider,
  generateEstimateHistory,
  importEstimateCsv,
  parseEstimateCsv
} from "../../src/estimates/index.ts"
import type { ImportedWorkItem } from "../../src/estimates/index.ts"
import { fromDayNumber } from "../../src/Primitives.ts"
import { arbImportedItem, arbText } from "./arbitraries.ts"

const header = "id,title,type,unit,best,likely,worst,actual,estimated_on,completed_on"

describe("parseEstimateCsv", () => {
  it("handles quotes, escaped quotes, commas and newlines inside fields, CRLF and a BOM", () => {
    const text = "\uFEFFa,b\r\n\"x, \"\"quoted\"\"\",\"two\nlines\"\r\n\r\nlast,\n"
    const parsed = parseEstimateCsv(text)
    expect(Result.isSuccess(parsed) && parsed.success).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, \"quoted\"", "two\nlines"], quoted: [0, 1] },
      { line: 5, fields: ["last", ""] }
    ])
  })

  it("reports an unclosed quote with its line", () => {
    const parsed = parseEstimateCsv("a,b\n1,\"open\n2,3\n")
    expect(Result.isFailure(parsed) && parsed.failure).toMatchObject({ line: 2, column: "row" })
  })
})

describe("importEstimateCsv", () => {
  it("imports a clean file into one ImportEstimateHistory command", () => {
    const csv = [
      header,
      "W-1,Payment API,Integrations,hours,6,8,14,13,2026-01-05,2026-01-16",
      "W-2,\"Fix login, again\",bugfix,hours,,2,,1.5,2026-01-06,2026-01-06",
      "W-3,Move tables,migration,hours,10,12,20,,2026-01-07,"
    ].join("\n")
    const result = importEstimateCsv(csv, { teamId: "team-a", source: "jira-export.csv" })
    expect(Result.isSuccess(result)).toBe(true)
    if (Result.isFailure(result)) return
    const { command, workTypeSuggestions } = result.success
    expect(command.source).toBe("jira-export.csv")
    expect(command.items.map((i) => [i.itemId, i.workType, i.range, i.outcome._tag])).toEqual([
      ["W-1", "Integrations", { best: 6, likely: 8, worst: 14 }, "Completed"],
      ["W-2", "bugfix", { likely: 2 }, "Completed"],
      ["W-3", "migration", { best: 10, likely: 12, worst: 20 }, "Open"]
    ])
    expect(command.items[1]?.title).toBe("Fix login, again")
    expect(workTypeSuggestions).toEqual([])
    expect(Result.isSuccess(estimateLogDecider.decide(command, estimateLogDecider.initialState))).toBe(true)
  })

  it("lists every bad row with line, column and reason, and imports nothing", () => {
    const csv = [
      header,
      "W-1,Good,feature,hours,1,2,3,2,2026-01-05,2026-01-06",
      "W-2,Bad order,feature,hours,5,2,3,2,2026-01-05,2026-01-06",
      "W-3,Bad number,feature,hours,1,2 h,3,2,2026-01-05,2026-01-06",
      "W-4,Bad date,feature,hours,1,2,3,2,2026-02-30,2026-03-06",
      "W-1,Duplicate,feature,hours,1,2,3,2,2026-01-05,2026-01-06",
      "W-6,Early,feature,hours,1,2,3,2,2026-01-05,2026-01-01",
      "W-7,Half range,feature,hours,1,2,,2,2026-01-05,2026-01-06",
      "W-8,No date,feature,hours,1,2,3,4,2026-01-05,",
      "W-9,Too,many,fields,hours,1,2,3,2,2026-01-05,2026-01-06",
      "W-10,Bad unit,feature,weeks,1,2,3,2,2026-01-05,2026-01-06"
    ].join("\n")
    const result = importEstimateCsv(csv, { teamId: "team-a" })
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isSuccess(result)) return
    const problems = result.failure.problems.map((p) => [p.line, p.column])
    expect(problems).toEqual([
      [3, "best"],
      [4, "likely"],
      [5, "estimated_on"],
      [6, "id"],
      [7, "completed_on"],
      [8, "worst"],
      [9, "completed_on"],
      [10, "row"],
      [11, "unit"]
    ])
    const reasons = result.failure.problems.map((p) => p.reason)
    expect(reasons[0]).toContain("best 5 is above likely 2")
    expect(reasons[1]).toContain("\"2 h\" is not a positive number")
    expect(reasons[2]).toContain("2026-02-30 is not a real calendar day")
    expect(reasons[3]).toContain("already used on line 2")
    expect(reasons[4]).toContain("before estimated")
    expect(result.failure.message).toMatch(/^Nothing was imported: 9 problems in the CSV/)
    expect(result.failure.message).toContain("line 3, best:")
  })

  it("rejects unknown or missing columns in the header", () => {
    const result = importEstimateCsv("id,type,likley,estimated_on\nA,feature,2,2026-01-01\n", { teamId: "t", defaultUnit: "hours" })
    expect(Result.isFailure(result) && result.failure.problems.map((p) => [p.line, p.column])).toEqual([
      [1, "likley"],
      [1, "likely"]
    ])
  })

  it("asks for a unit when the file has none", () => {
    const result = importEstimateCsv("id,type,likely,estimated_on\nA,feature,2,2026-01-01\n", { teamId: "t" })
    expect(Result.isFailure(result) && result.failure.problems[0]?.reason).toContain("pass defaultUnit")
    expect(Result.isSuccess(importEstimateCsv("id,type,likely,estimated_on\nA,feature,2,2026-01-01\n", { teamId: "t", defaultUnit: "days" }))).toBe(true)
  })

  it("reads back what it writes (property)", () => {
    const normalized = fc.array(arbImportedItem, { maxLength: 20 }).map((items) => {
      const seen = new Set<string>()
      return items.filter((i) => !seen.has(i.itemId) && seen.add(i.itemId))
    })
    fc.assert(fc.property(normalized, (items) => {
      const result = importEstimateCsv(estimateHistoryToCsv(items), { teamId: "t" })
      expect(Result.isSuccess(result) && result.success.command.items).toEqual(items)
    }), { numRuns: 100 })
  })

  it("reads back date-times to the fraction of a second as written, whatever the offset (property)", () => {
    // Times are text in the log and in the file: an export that reformatted them (to the minute, to
    // UTC) would change what a re-import calibrates from and which quarter an item falls in.
    const time = fc.record({
      day: fc.integer({ min: 18262, max: 21900 }),
      clock: fc.stringMatching(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?$/),
      offset: fc.constantFrom("Z", "+14:00", "-12:00", "+05:45")
    })
    const seen = { fraction: 0 }
    fc.assert(fc.property(arbImportedItem, time, fc.integer({ min: 2, max: 60 }), (item, t, lead) => {
      const estimatedOn = `${fromDayNumber(t.day)}T${t.clock}${t.offset}`
      const written: ImportedWorkItem = {
        ...item,
        estimatedOn,
        outcome: { _tag: "Completed", actual: 3.25, completedOn: `${fromDayNumber(t.day + lead)}T${t.clock}${t.offset}` }
      }
      const result = importEstimateCsv(estimateHistoryToCsv([written]), { teamId: "t" })
      expect(Result.isSuccess(result) && result.success.command.items).toEqual([written])
      if (t.clock.includes(".")) seen.fraction++
    }), { numRuns: 200 })
    expect(seen.fraction).toBeGreaterThan(20)
  })

  it("reads back titles and estimators exactly as written, spaces and line breaks included, while unquoted fields are trimmed (property)", () => {
    // Spaces a person typed around a title are part of it; the export quotes such a field, and a quoted field is the field's own text.
    const padded = fc.tuple(fc.constantFrom("", " ", "  ", "\t"), arbText, fc.constantFrom("", " ", "\n", " \n next line")).map(([a, t, b]) => a + t + b)
    const seen = { padded: 0 }
    const items = fc.array(fc.tuple(arbImportedItem, padded, fc.option(padded, { nil: undefined })), { minLength: 1, maxLength: 8 }).map((rows) => {
      const ids = new Set<string>()
      return rows.filter(([i]) => !ids.has(i.itemId) && ids.add(i.itemId)).map(([item, title, estimator]): ImportedWorkItem => {
        const { estimator: _, ...rest } = item
        return estimator === undefined ? { ...rest, title } : { ...rest, title, estimator }
      })
    })
    fc.assert(fc.property(items, (written) => {
      const result = importEstimateCsv(estimateHistoryToCsv(written), { teamId: "t" })
      expect(Result.isSuccess(result) && result.success.command.items).toEqual(written)
      if (written.some((i) => i.title !== i.title.trim() || (i.estimator !== undefined && i.estimator !== i.estimator.trim()))) seen.padded++
    }), { numRuns: 100 })
    expect(seen.padded).toBeGreaterThan(30)
    // Hand-written files with spaces after the commas still read as before.
    const hand = importEstimateCsv("id, title, type, unit, likely, estimated_on\nA,  Checkout , feature , days , 2 , 2026-01-01\n", { teamId: "t" })
    expect(Result.isSuccess(hand) && hand.success.command.items[0]).toMatchObject({ itemId: "A", title: "Checkout", workType: "feature", unit: "days" })
    // A quoted title of spaces only is no title: the item's id stands in, as for an empty one.
    const blank = importEstimateCsv("id,title,type,unit,likely,estimated_on\nA,\"   \",feature,days,2,2026-01-01\n", { teamId: "t" })
    expect(Result.isSuccess(blank) && blank.success.command.items[0]?.title).toBe("A")
  })

  it("imports a generated history of thousands of rows", () => {
    const items = generateEstimateHistory({ seed: 9, count: 5000 })
    const result = importEstimateCsv(estimateHistoryToCsv(items), { teamId: "t" })
    expect(Result.isSuccess(result) && result.success.command.items.length).toBe(5000)
  })
})
