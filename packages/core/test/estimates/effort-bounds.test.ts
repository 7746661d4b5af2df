import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { fromDayNumber } from "../../src/Primitives.ts"
import {
  accuracyReport,
  CalibratedEstimate,
  calibrateEstimate,
  EstimateAccuracyReport,
  EstimateAccuracySummary,
  EstimateLogEvent,
  estimateLogDecider,
  EstimateRange,
  estimateSamplesOf,
  type ImportedWorkItem,
  importEstimateCsv,
  makeEstimateAccuracyTracker,
  makeEstimateHistoryCalibrator,
  summarizeEstimateSamples
} from "../../src/estimates/index.ts"

const decide = (command: unknown) => estimateLogDecider.decide(command as never, estimateLogDecider.initialState)
const failureOf = (result: Result.Result<unknown, { readonly message: string }>): string =>
  Result.isFailure(result) ? result.failure.message : "accepted"

const record = (range: unknown, itemId = "a") => ({
  _tag: "RecordEstimate",
  teamId: "t",
  itemId,
  title: "Payment API",
  workType: "feature",
  unit: "days",
  range,
  estimatedBy: "engineering",
  estimatedOn: "2026-01-05"
})

/** An imported item, completed with `actual`, as a stored event would hold it. */
const item = (i: number, range: ImportedWorkItem["range"], actual: number): ImportedWorkItem => ({
  itemId: `w-${i}`,
  title: `item ${i}`,
  workType: i % 2 === 0 ? "feature" : "bug fix",
  unit: "hours",
  range,
  estimatedBy: "engineering",
  estimatedOn: fromDayNumber(20000 + i),
  outcome: { _tag: "Completed", actual, completedOn: fromDayNumber(20002 + i) }
})

/** A log as loaded from stored events: decoded with the event schema, then folded. */
const logOf = (items: ReadonlyArray<ImportedWorkItem>) => {
  const event = Schema.decodeUnknownSync(EstimateLogEvent)({ _tag: "EstimateHistoryImported", teamId: "t", items })
  return estimateLogDecider.evolve(estimateLogDecider.initialState, event)
}

const query = { workType: "feature", unit: "hours" as const, range: { likely: 4 }, estimatedOn: "2030-01-01" }

describe("effort bounds on commands", () => {
  it.each([
    ["a range up to 1.7e308", record({ best: 1e-300, likely: 1e300, worst: 1.7e308 }), "range.best"],
    ["a likely of 1e308", record({ likely: 1e308 }), "range.likely"],
    ["a likely of 0.0001", record({ likely: 0.0001 }), "range.likely"],
    ["a re-estimate to 2e6", { _tag: "ReEstimate", teamId: "t", itemId: "a", range: { best: 1, likely: 2, worst: 2e6 }, estimatedBy: "engineering", estimatedOn: "2026-01-06" }, "range.worst"],
    ["an actual of 1e-300", { _tag: "RecordActual", teamId: "t", itemId: "a", actual: 1e-300, completedOn: "2026-01-06" }, "actual"]
  ])("%s is an InvalidCommand naming the bounds and what to do", (_, command, field) => {
    const decided = decide(command)
    expect(Result.isFailure(decided) && decided.failure).toMatchObject({ _tag: "InvalidCommand", field, rule: "range" })
    const message = failureOf(decided)
    expect(message).toContain("0.001")
    expect(message).toContain("1,000,000")
  })

  it("accepts efforts at the bounds", () => {
    expect(Result.isSuccess(decide(record({ best: 0.001, likely: 1, worst: 1_000_000 })))).toBe(true)
  })

  it("an import with an item outside the bounds is refused whole", () => {
    const decided = decide({ _tag: "ImportEstimateHistory", teamId: "t", items: [item(1, { likely: 2 }, 3), item(2, { likely: 1e300 }, 1)] })
    expect(Result.isFailure(decided) && decided.failure).toMatchObject({ _tag: "InvalidCommand", field: "items[1].range.likely", rule: "range" })
  })

  it("the calibrate query's range (Estimates.Range) has the same bounds", () => {
    expect(failureOf(Schema.decodeUnknownResult(EstimateRange)({ likely: 1e308 }))).toContain("1,000,000")
    expect(Result.isSuccess(Schema.decodeUnknownResult(EstimateRange)({ likely: 1e6 }))).toBe(true)
  })

  it("a CSV row outside the bounds is a problem of its line and column", () => {
    const csv = [
      "id,title,type,unit,best,likely,worst,actual,estimated_on,completed_on",
      "W-1,Fine,feature,hours,1,2,3,2,2026-01-05,2026-01-06",
      "W-2,Huge,feature,hours,1,2,1e300,2,2026-01-05,2026-01-06",
      "W-3,Tiny,feature,hours,,2,,0.0000001,2026-01-05,2026-01-06"
    ].join("\n")
    const result = importEstimateCsv(csv, { teamId: "t" })
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isSuccess(result)) return
    expect(result.failure.problems).toEqual([
      { line: 3, column: "worst", reason: expect.stringContaining("between 0.001 and 1,000,000") },
      { line: 4, column: "actual", reason: expect.stringContaining("between 0.001 and 1,000,000") }
    ])
  })

  it("events stored before the bounds still decode", () => {
    const stored = [
      { ...record({ best: 1e-300, likely: 1e300, worst: 1.7e308 }), _tag: "WorkItemEstimated" },
      { _tag: "WorkItemCompleted", teamId: "t", itemId: "a", actual: Number.MIN_VALUE, completedOn: "2026-01-06" },
      { _tag: "EstimateHistoryImported", teamId: "t", items: [item(1, { likely: Number.MAX_VALUE }, 1e-300)] }
    ]
    for (const event of stored) expect(Result.isSuccess(Schema.decodeUnknownResult(EstimateLogEvent)(event))).toBe(true)
  })
})

describe("reports and calibration over stored extremes", () => {
  // The two histories that answered 500 on the running server.
  const wide = logOf(Array.from({ length: 12 }, (_, i) => item(i, { best: 1e-300, likely: 1e300, worst: 1.7e308 }, 1e-300)))
  const tinyLikely = logOf(Array.from({ length: 12 }, (_, i) => item(i, { likely: 1e-300 }, 1.7e308)))
  const mixed = logOf([
    ...Array.from({ length: 12 }, (_, i) => item(i, { best: 2, likely: 3, worst: 6 }, 2 + (i % 5))),
    item(90, { likely: 1e-300 }, 1.7e308),
    item(91, { best: 1, likely: 2, worst: Number.MAX_VALUE }, 3)
  ])

  it("the accuracy report stays finite and encodes", () => {
    for (const log of [wide, tinyLikely, mixed]) {
      const report = accuracyReport(estimateSamplesOf(log), { unit: "hours" })
      expect(() => Schema.encodeUnknownSync(EstimateAccuracyReport)(report)).not.toThrow()
    }
  })

  it("says which items it left out, and judges the rest", () => {
    const report = accuracyReport(estimateSamplesOf(mixed), { unit: "hours" })
    expect(report.summary.count).toBe(12)
    expect(report.summary.status).toBe("ok")
    expect(report.notes.join("\n")).toMatch(/2 completed items .*outside 0\.001–1,000,000.* left out \(w-90, w-91\)/)
  })

  it("summaries and the incremental tracker leave the same items out", () => {
    const samples = estimateSamplesOf(mixed)
    const tracker = makeEstimateAccuracyTracker()
    for (const s of samples) tracker.add(s)
    expect(tracker.summary()).toEqual(summarizeEstimateSamples(samples))
    expect(() => Schema.encodeUnknownSync(EstimateAccuracySummary)(tracker.summary())).not.toThrow()
  })

  it("calibration stays finite, encodes, and says what it left out", () => {
    for (const log of [wide, tinyLikely, mixed]) {
      const calibrated = calibrateEstimate(estimateSamplesOf(log), query)
      expect(() => Schema.encodeUnknownSync(CalibratedEstimate)(calibrated)).not.toThrow()
      expect(makeEstimateHistoryCalibrator(estimateSamplesOf(log)).calibrate(query)).toEqual(calibrated)
    }
    const calibrated = calibrateEstimate(estimateSamplesOf(mixed), query)
    // Calibration reads only likely and actual: w-91's absurd worst case does not keep it out, w-90's likely does.
    expect(calibrated.itemsUsed).toBe(13)
    expect(calibrated.explanation).toContain("1 completed item with an effort outside 0.001–1,000,000 left out")
  })

  it("any history that decodes gives a report and a calibration that encode (property)", () => {
    const extremes = [Number.MIN_VALUE, 1e-300, 0.0009, 1_000_001, 1e300, Number.MAX_VALUE]
    const effort = fc.oneof(
      { arbitrary: fc.constantFrom(...extremes), weight: 1 },
      { arbitrary: fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }), weight: 1 },
      { arbitrary: fc.double({ min: 0.5, max: 50, noNaN: true }), weight: 6 }
    )
    const arbItem = fc.tuple(fc.boolean(), effort, effort, effort, effort).map(([point, a, b, c, actual]) => {
      const [best, likely, worst] = [a, b, c].sort((x, y) => x - y) as [number, number, number]
      return { range: point ? { likely } : { best, likely, worst }, actual }
    })
    const outside = (x: number) => x < 0.001 || x > 1_000_000
    const seen = { extreme: 0, minOrMaxValue: 0, figuresWithExtremes: 0 }
    fc.assert(
      fc.property(fc.array(arbItem, { minLength: 10, maxLength: 40 }), (drawn) => {
        const log = logOf(drawn.map((d, i) => item(i, d.range, d.actual)))
        const samples = estimateSamplesOf(log)
        const efforts = drawn.flatMap((d) => [d.range.best ?? d.range.likely, d.range.likely, d.range.worst ?? d.range.likely, d.actual])
        const report = accuracyReport(samples, { unit: "hours" }, { minSample: 3 })
        Schema.encodeUnknownSync(EstimateAccuracyReport)(report)
        Schema.encodeUnknownSync(CalibratedEstimate)(calibrateEstimate(samples, query))
        Schema.encodeUnknownSync(CalibratedEstimate)(calibrateEstimate(samples, { ...query, range: { best: 0.001, likely: 0.001, worst: 1_000_000 } }))
        if (efforts.some(outside)) {
          seen.extreme++
          if (report.summary.status === "ok") seen.figuresWithExtremes++
        }
        if (efforts.includes(Number.MIN_VALUE) || efforts.includes(Number.MAX_VALUE)) seen.minOrMaxValue++
      }),
      { numRuns: 300 }
    )
    // The interesting cases happened: extreme efforts, Number.MIN_VALUE / MAX_VALUE themselves, and reports
    // that still had figures beside them.
    expect(seen.extreme).toBeGreaterThan(100)
    expect(seen.minOrMaxValue).toBeGreaterThan(20)
    expect(seen.figuresWithExtremes).toBeGreaterThan(10)
  })
})
