import fc from "fast-check"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { dayNumber, fromDayNumber } from "../../src/Primitives.ts"
import {
  CalibratedEstimate,
  calibrateEstimate,
  type EstimateSample,
  generateEstimateHistory,
  importedEstimateSamples,
  makeEstimateCalibrator,
  makeEstimateHistoryCalibrator,
  replayEstimateCalibration
} from "../../src/estimates/index.ts"
import { arbDate, arbRange, arbSample } from "./arbitraries.ts"

const history = importedEstimateSamples(generateEstimateHistory({ seed: 21, count: 3000 }))

describe("makeEstimateHistoryCalibrator", () => {
  it("answers every query, in any order, exactly as calibrateEstimate does (property)", () => {
    const arbHistory = fc.array(arbSample({ workTypes: ["feature", "integration", "Bug"], units: ["hours", "days", "points", "minutes"] }), { maxLength: 80 })
    const arbQuery = fc.record({
      workType: fc.constantFrom("feature", "integration", "Bug", "spike"),
      unit: fc.constantFrom("hours" as const, "days" as const, "points" as const),
      range: arbRange,
      // Before, among and after the history's completions.
      estimatedOn: fc.integer({ min: 18000, max: 23000 }).map(fromDayNumber),
      estimator: fc.option(fc.constantFrom("Ana Lima", "ben"), { nil: undefined })
    })
    const seen = { replayedOnce: 0, fromScratch: 0 }
    fc.assert(fc.property(arbHistory, fc.array(arbQuery, { minLength: 1, maxLength: 6 }), (history, queries) => {
      const calibrator = makeEstimateHistoryCalibrator(history)
      for (const query of queries) {
        expect(calibrator.calibrate(query)).toEqual(calibrateEstimate(history, query))
        const family = history.filter((s) => (s.unit === "points") === (query.unit === "points"))
        if (family.every((s) => s.completedOn < query.estimatedOn)) seen.replayedOnce++
        else seen.fromScratch++
      }
    }), { numRuns: 200 })
    // Both ways were taken: the family replayed once and kept, and the replay of the items before the query.
    expect(seen.replayedOnce).toBeGreaterThan(100)
    expect(seen.fromScratch).toBeGreaterThan(100)
  })

  it("answers a large log's queries from one replay", () => {
    const calibrator = makeEstimateHistoryCalibrator(history)
    const query = { workType: history[0]!.workType, unit: "hours" as const, range: { best: 4, likely: 8, worst: 16 }, estimatedOn: "2031-01-01" }
    expect(calibrator.calibrate(query)).toEqual(calibrateEstimate(history, query))
    expect(calibrator.calibrate({ ...query, range: { likely: 3 } })).toEqual(calibrateEstimate(history, { ...query, range: { likely: 3 } }))
  })
})

describe("calibrateEstimate", () => {
  it("never uses an item completed on or after the estimate date (property)", () => {
    const arbHistory = fc.array(arbSample({ workTypes: ["feature", "integration"], units: ["hours", "days", "points"] }), { maxLength: 60 })
    fc.assert(fc.property(arbHistory, arbHistory, arbRange, fc.integer({ min: 19000, max: 19500 }), (past, other, range, day) => {
      const estimatedOn = fromDayNumber(day)
      const query = { workType: "integration", unit: "hours" as const, range, estimatedOn }
      const known = past.filter((s) => s.completedOn < estimatedOn)
      // Items completed on or after the estimate day, in any number, must change nothing.
      const future = other.map((s) => ({ ...s, completedOn: fromDayNumber(Math.max(day, dayNumber(s.completedOn))) }))
      const expected = calibrateEstimate(known, query)
      expect(calibrateEstimate([...past, ...future], query)).toEqual(calibrateEstimate(past, query))
      expect(calibrateEstimate(past, query)).toEqual(expected)
      // Hours and days are both time (one calibration); points never join it.
      expect(expected.itemsUsed).toBe(known.filter((s) => s.unit !== "points").length)
      expect(expected.typeItemsUsed).toBe(known.filter((s) => s.unit !== "points" && s.workType === "integration").length)
    }), { numRuns: 150 })
  })

  it("uses history strictly before the query's instant, to the minute", () => {
    const item = (itemId: string, completedOn: string, unit: "minutes" | "hours" | "points" = "minutes"): EstimateSample => ({
      itemId, workType: "Bug", unit, best: 30, likely: 30, worst: 30, actual: 60,
      estimatedOn: "2026-01-05T08:00:00Z", completedOn, singlePoint: true
    })
    const history = [
      item("a", "2026-01-05T09:59:00Z"),
      item("b", "2026-01-05T10:00:00Z"),
      item("c", "2026-01-05T11:00:00+01:00"), // 10:00Z too: not strictly before
      item("d", "2026-01-04"),
      item("e", "2026-01-05"), // a whole day: not known until the day is over
      item("f", "2026-01-05T09:00:00Z", "hours"), // hours are time too: same calibration
      item("g", "2026-01-05T09:00:00Z", "points") // points never
    ]
    const c = calibrateEstimate(history, { workType: "Bug", unit: "minutes", range: { likely: 30 }, estimatedOn: "2026-01-05T10:00:00Z" })
    expect(c.itemsUsed).toBe(3)
    const byDate = calibrateEstimate(history, { workType: "Bug", unit: "minutes", range: { likely: 30 }, estimatedOn: "2026-01-05" })
    expect(byDate.itemsUsed).toBe(1)
  })

  it("the replay harness calibrates each item only from items completed before it was estimated (property)", () => {
    fc.assert(fc.property(fc.array(arbSample({ workTypes: ["a", "b"] }), { maxLength: 80 }), (samples) => {
      const withIds = samples.map((s, i) => ({ ...s, itemId: `i${i}` }))
      const report = replayEstimateCalibration(withIds, { keepItems: true })
      const byId = new Map(report.items!.map((r) => [r.itemId, r]))
      for (const s of withIds) {
        const before = withIds.filter((o) => o.completedOn < s.estimatedOn)
        expect(byId.get(s.itemId)?.itemsUsed).toBe(before.length)
        expect(byId.get(s.itemId)?.typeItemsUsed).toBe(before.filter((o) => o.workType === s.workType).length)
      }
    }), { numRuns: 60 })
  })

  it("with dates and date-times mixed, each replayed item knows exactly the items completed before its instant (property)", () => {
    // An independent oracle: Date.parse, a date counting from its midnight as an estimate and to its end as a completion.
    const start = (t: string) => t.length === 10 ? Date.parse(`${t}T00:00:00Z`) : Date.parse(t)
    const end = (t: string) => t.length === 10 ? Date.parse(`${t}T00:00:00Z`) + 86_400_000 - 1 : Date.parse(t)
    const arbTimed = fc.record({
      sample: arbSample({ workTypes: ["a", "b"], units: ["minutes", "hours", "points"] }),
      at: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 0, 4) }),
      lead: fc.integer({ min: 0, max: 2 * 86_400_000 }),
      estimateAsDate: fc.boolean(),
      completionAsDate: fc.boolean(),
      offset: fc.constantFrom("Z", "+01:00", "-05:00")
    }).map(({ at, completionAsDate, estimateAsDate, lead, offset, sample }) => {
      const shift = offset === "Z" ? 0 : offset === "+01:00" ? 3_600_000 : -5 * 3_600_000
      const format = (ms: number, asDate: boolean) =>
        asDate ? new Date(ms).toISOString().slice(0, 10) : `${new Date(ms + shift).toISOString().slice(0, 16)}${offset}`
      return { ...sample, estimatedOn: format(at, estimateAsDate), completedOn: format(at + lead, completionAsDate) }
    }).filter((s) => end(s.completedOn) >= start(s.estimatedOn))
    let informed = 0
    fc.assert(fc.property(fc.array(arbTimed, { maxLength: 60 }), (samples) => {
      const withIds = samples.map((s, i) => ({ ...s, itemId: `i${i}` }))
      const report = replayEstimateCalibration(withIds, { keepItems: true })
      const byId = new Map(report.items!.map((r) => [r.itemId, r]))
      for (const s of withIds) {
        const family = s.unit === "points" ? "points" : "time"
        const known = withIds.filter((o) => (o.unit === "points" ? "points" : "time") === family && end(o.completedOn) < start(s.estimatedOn))
        expect(byId.get(s.itemId)?.itemsUsed).toBe(known.length)
        if (known.length > 0) informed++
      }
    }), { numRuns: 80 })
    // The interesting case happened: items were informed by earlier completions, not only by none.
    expect(informed).toBeGreaterThan(100)
  })

  it("always returns a proper interval P10 < P50 < P90, however degenerate the history (property)", () => {
    const messy = fc.oneof(
      arbSample({ workTypes: ["x"] }),
      // All booked at the estimate, tiny estimates, huge overruns.
      arbSample({ workTypes: ["x"] }).map((s) => ({ ...s, actual: s.likely })),
      arbSample({ workTypes: ["x"] }).map((s) => ({ ...s, likely: 0.01, best: 0.01, worst: 0.01, actual: 40 }))
    )
    fc.assert(fc.property(fc.array(messy, { maxLength: 40 }), arbRange, arbDate, (past, range, estimatedOn) => {
      const c = calibrateEstimate(past, { workType: "x", unit: "hours", range, estimatedOn })
      expect(c.p10).toBeGreaterThan(0)
      expect(c.p10).toBeLessThan(c.p50)
      expect(c.p50).toBeLessThan(c.p90)
      expect(Math.log(c.p90 / c.p10)).toBeGreaterThanOrEqual(0.1 - 1e-9)
      expect(Schema.is(CalibratedEstimate)(c)).toBe(true)
    }), { numRuns: 200 })
  })

  it("keeps an all-booked history from collapsing the interval", () => {
    const booked: Array<EstimateSample> = Array.from({ length: 200 }, (_, i) => ({
      itemId: `b${i}`, workType: "feature", unit: "hours", best: 4, likely: 5, worst: 8, actual: 5,
      estimatedOn: "2025-01-01", completedOn: "2025-01-03", singlePoint: false
    }))
    const c = calibrateEstimate(booked, { workType: "feature", unit: "hours", range: { likely: 10 }, estimatedOn: "2025-02-01" })
    expect(c.p50).toBeCloseTo(10, 1)
    expect(c.p10).toBeLessThan(10)
    expect(c.p90).toBeGreaterThan(10)
    expect(c.singlePoint).toBe(true)
  })

  it("learns each work type's own bias and reports what it used", () => {
    const at = "2026-06-01"
    const integration = calibrateEstimate(history, { workType: "integration", unit: "hours", range: { best: 8, likely: 10, worst: 14 }, estimatedOn: at })
    const bugFix = calibrateEstimate(history, { workType: "bug fix", unit: "hours", range: { best: 8, likely: 10, worst: 14 }, estimatedOn: at })
    expect(integration.p90).toBeGreaterThan(bugFix.p90)
    expect(integration.p50).toBeGreaterThan(10)
    expect(integration.pertMean).toBeCloseTo(10.333, 3)
    expect(integration.confidence).toBe("high")
    expect(integration.typeItemsUsed).toBeGreaterThan(300)
    expect(integration.explanation).toMatch(/Learned from \d+ completed items in time units, \d+ integration items \(weight \d+%\); method per-type \(work type integration, \d+ items\); confidence high\./)
    expect(integration.method).toBe("per-type")
    expect(integration.methodReason).toMatch(/^per-type \(the default, .*\): mean interval score \d\.\d{3} over \d+ items scored as they happened; no other method is better by two standard errors \(recent \d\.\d{3}, size/)
  })

  it("falls back to all types with shrinkage when a type has few items", () => {
    const at = "2026-06-01"
    const rare = calibrateEstimate(history, { workType: "compliance", unit: "hours", range: { likely: 10 }, estimatedOn: at })
    expect(rare.typeItemsUsed).toBeLessThan(10)
    expect(rare.confidence).toBe("low")
    expect(rare.typeWeight).toBeLessThan(0.3)
    const unseen = calibrateEstimate(history, { workType: "brand new", unit: "hours", range: { likely: 10 }, estimatedOn: at })
    const pooled = calibrateEstimate(history, { workType: "brand new", unit: "hours", range: { likely: 10 }, estimatedOn: at }, { pooledOnly: true })
    expect(unseen.typeItemsUsed).toBe(0)
    expect(unseen.method).toBe("per-type")
    expect(pooled.method).toBe("per-type")
    expect([unseen.p10, unseen.p50, unseen.p90]).toEqual([pooled.p10, pooled.p50, pooled.p90])
  })

  it("uses the prior, with confidence none, when the unit has no history", () => {
    const c = calibrateEstimate(history, { workType: "feature", unit: "points", range: { likely: 5 }, estimatedOn: "2026-01-01" })
    expect(c.itemsUsed).toBe(0)
    expect(c.confidence).toBe("none")
    expect(c.p10).toBeCloseTo(4, 9)
    expect(c.p90).toBeCloseTo(10, 9)
  })

  it("the incremental calibrator matches calibrating from scratch", () => {
    const calibrator = makeEstimateCalibrator()
    const cut = "2025-01-01"
    // Fed as it happened: estimates, then completions, in time order.
    const known = history.filter((s) => s.completedOn < cut)
    const events = known.flatMap((s, i) => [
      { at: s.estimatedOn, kind: 0, i },
      { at: s.completedOn, kind: 1, i }
    ]).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind - b.kind || a.i - b.i))
    for (const e of events) {
      const s = known[e.i]!
      if (e.kind === 1) calibrator.completed(e.i, s)
      else calibrator.estimated(e.i, { workType: s.workType, unit: s.unit, range: { best: s.best!, likely: s.likely, worst: s.worst! } })
    }
    const query = { workType: "migration", unit: "hours" as const, range: { best: 3, likely: 4, worst: 7 } }
    expect(calibrator.calibrate(query)).toEqual(calibrateEstimate(history, { ...query, estimatedOn: cut }))
  })
})
