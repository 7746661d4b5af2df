import { readFileSync } from "node:fs"
import fc from "fast-check"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  accuracyReport,
  DefaultEstimateMinSample,
  describeEstimateMetric,
  EstimateAccuracyReport,
  EstimateMetric,
  estimateMetricChange,
  EstimateMetrics,
  type EstimateSample,
  generateEstimateHistory,
  importedEstimateSamples,
  makeEstimateAccuracyTracker,
  readEstimateMetric,
  summarizeEstimateSamples
} from "../../src/estimates/index.ts"
import { medianConfidenceRanks } from "../../src/estimates/Stats.ts"
import { arbSample } from "./arbitraries.ts"

const sample = (itemId: string, best: number, likely: number, worst: number, actual: number, completedOn = "2026-02-10", workType = "feature"): EstimateSample => ({
  itemId,
  workType,
  unit: "hours",
  best,
  likely,
  worst,
  actual,
  estimatedOn: "2026-01-05",
  completedOn,
  estimatedBy: "engineering",
  singlePoint: best === likely && likely === worst
})

describe("summarizeEstimateSamples", () => {
  it("computes each metric by its definition", () => {
    const items = [
      sample("a", 2, 4, 8, 4), // hit, ratio 1, MRE 0
      sample("b", 2, 4, 8, 10), // miss, ratio 2.5, MRE 0.6
      sample("c", 5, 5, 5, 5), // single point booked, hit
      sample("d", 1, 2, 3, 1.5), // hit, ratio .75, MRE 1/3
      sample("e", 3, 4, 6, 5) // hit, ratio 1.25, MRE .2
    ]
    const s = summarizeEstimateSamples(items, 1)
    expect(s.status).toBe("ok")
    expect(s.count).toBe(5)
    expect(s.hitRate).toBe(4 / 5)
    expect(s.bias?.median).toBe(1)
    expect(s.mdmre).toBeCloseTo(0.2, 12)
    expect(s.pred25).toBe(3 / 5)
    expect(s.medianRangeWidth).toBe(1) // widths 1.5, 1.5, 0, 1, 0.75
    expect(s.singlePointShare).toBe(1 / 5)
    expect(s.exactShare).toBe(2 / 5)
    expect(s.overrun).toMatchObject({ share: 2 / 3, count: 3 })
    expect(s.overrun!.low).toBeLessThan(2 / 3)
    expect(s.overrun!.high).toBeGreaterThan(2 / 3)
  })

  it("says not enough data instead of guessing", () => {
    const s = summarizeEstimateSamples([sample("a", 1, 2, 3, 2)])
    expect(s).toMatchObject({ status: "not-enough-data", count: 1, hitRate: null, bias: null })
  })

  it("incremental hit rate and bias equal the from-scratch computation at every step (property)", () => {
    fc.assert(fc.property(fc.array(arbSample(), { maxLength: 120 }), (samples) => {
      const tracker = makeEstimateAccuracyTracker()
      samples.forEach((s, i) => {
        tracker.add(s)
        expect(tracker.summary(1)).toEqual(summarizeEstimateSamples(samples.slice(0, i + 1), 1))
      })
    }), { numRuns: 60 })
  })

  it("the tracker stays exact past its block size", () => {
    const samples = importedEstimateSamples(generateEstimateHistory({ seed: 3, count: 3000 }))
    const tracker = makeEstimateAccuracyTracker()
    for (const s of samples) tracker.add(s)
    expect(tracker.summary()).toEqual(summarizeEstimateSamples(samples))
  })
})

describe("median confidence interval", () => {
  it("uses the binomial order statistics", () => {
    expect(medianConfidenceRanks(5)).toBeUndefined()
    expect(medianConfidenceRanks(6)).toMatchObject({ lower: 1, upper: 6 })
    expect(medianConfidenceRanks(10)).toMatchObject({ lower: 2, upper: 9 })
    expect(medianConfidenceRanks(100)).toMatchObject({ lower: 40, upper: 61 })
  })

  it("always reaches the level, and the next narrower interval would not (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 6, max: 3000 }), (n) => {
      const r = medianConfidenceRanks(n)!
      expect(r.achieved).toBeGreaterThanOrEqual(0.95)
      const narrower = medianConfidenceRanks(n, r.achieved + 1e-9)
      expect(narrower === undefined || narrower.lower < r.lower).toBe(true)
    }), { numRuns: 100 })
  })
})

describe("accuracyReport", () => {
  const samples = importedEstimateSamples(generateEstimateHistory({ seed: 11, count: 4000 }), "team-a")

  it("names the consistently misjudged work types with the evidence", () => {
    const report = accuracyReport(samples, { unit: "hours" })
    const verdicts = Object.fromEntries(report.byWorkType.map((w) => [w.workType, w.verdict]))
    expect(verdicts["integration"]).toBe("underestimated")
    expect(verdicts["migration"]).toBe("underestimated")
    expect(verdicts["bug fix"]).toBe("overestimated")
    expect(verdicts["compliance"]).toBe("not enough data")
    expect(report.misjudgedWorkTypes[0]?.workType).toBe("integration")
    const integration = report.misjudgedWorkTypes[0]!
    expect(integration.evidence).toMatch(/\d+% of the \d+ items that did not land exactly on the estimate overran \(95% interval \d+%–\d+%\)/)
    expect(integration.evidence).toMatch(/median actual\/likely ×1\.\d\d \(95% interval ×\d\.\d\d–×\d\.\d\d, n = \d+\)/)
    expect(integration.summary.overrun!.low).toBeGreaterThan(0.5)
    expect(report.notes.join("\n")).toContain("Not enough data to judge compliance")
    // A third of the actuals were booked at the estimate: the median is 1 and the report says why.
    expect(report.summary.bias?.median).toBe(1)
    expect(report.notes.join("\n")).toContain("booked as estimated")
  })

  it("says why a work type cannot be judged in numbers that agree with its own evidence", () => {
    // 12 completed bug fixes, 8 of them booked exactly at the estimate: enough items, too few that differ.
    const bugs = Array.from({ length: 12 }, (_, i) => sample(`b${i}`, 2, 4, 8, i < 8 ? 4 : 6, "2026-02-10", "bug fix"))
    const features = Array.from({ length: 12 }, (_, i) => sample(`f${i}`, 2, 4, 8, 5 + i, "2026-02-10", "feature"))
    const spikes = Array.from({ length: 3 }, (_, i) => sample(`s${i}`, 2, 4, 8, 6, "2026-02-10", "spike"))
    const report = accuracyReport([...bugs, ...features, ...spikes], { unit: "hours" })
    const bug = report.byWorkType.find((w) => w.workType === "bug fix")!
    expect(bug.verdict).toBe("not enough data")
    expect(bug.summary.count).toBe(12)
    const thin = report.notes.filter((n) => n.startsWith("Not enough data to judge"))
    // Each note's figures hold for the work types it names; none calls 12 completed items fewer than 10.
    expect(thin).toEqual([
      `Not enough data to judge spike on its own (fewer than ${report.minSample} completed items each).`,
      `Not enough data to judge bug fix on its own (at least ${report.minSample} completed items each, but fewer than ${report.minSample} whose actual differs from the estimate).`
    ])
  })

  it("states the default threshold the code uses, in the estimates guide", () => {
    const guide = readFileSync(new URL("../../../../docs/estimates/README.md", import.meta.url), "utf8").replace(/\s+/g, " ")
    expect(guide).toContain(`below \`minSample\` completed items (default ${DefaultEstimateMinSample})`)
    expect(accuracyReport([], { unit: "hours" }).minSample).toBe(DefaultEstimateMinSample)
  })

  it("slices by quarter, type and unit, and fills the quarterly trend", () => {
    const q = accuracyReport(samples, { unit: "hours", quarter: "2024-Q3", workTypes: ["feature"] })
    expect(q.summary.count).toBe(samples.filter((s) => s.workType === "feature" && s.completedOn >= "2024-07-01" && s.completedOn <= "2024-09-30").length)
    expect(q.trend.map((t) => t.quarter)).toEqual(["2024-Q3"])
    const all = accuracyReport(samples, { unit: "hours" })
    expect(all.trend[0]?.quarter).toBe("2024-Q1")
    expect(all.trend.length).toBeGreaterThanOrEqual(8)
    expect(all.trend.reduce((n, t) => n + t.summary.count, 0)).toBe(all.summary.count)
    expect(accuracyReport(samples, { unit: "days" }).summary.status).toBe("not-enough-data")
  })

  it("encodes to JSON and back (property over slices of generated data)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), fc.boolean(), (qi, perType) => {
      const quarter = `202${4 + (qi >> 2)}-Q${(qi % 4) + 1}`
      const report = accuracyReport(samples, perType ? { unit: "hours", quarter, workTypes: ["research", "compliance"] } : { unit: "hours", quarter })
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(EstimateAccuracyReport)(report)))
      expect(Schema.decodeUnknownSync(EstimateAccuracyReport)(json)).toEqual(report)
    }), { numRuns: 12 })
  })

  it("runs over arbitrary samples without producing invalid figures (property)", () => {
    fc.assert(fc.property(fc.array(arbSample({ workTypes: ["a", "b"] }), { maxLength: 80 }), (xs) => {
      const report = accuracyReport(xs, { unit: "hours" }, { minSample: 3 })
      expect(() => Schema.encodeSync(EstimateAccuracyReport)(report)).not.toThrow()
    }), { numRuns: 50 })
  })
})

describe("metrics an agreement can name", () => {
  it("has a description for every metric", () => {
    for (const m of EstimateMetrics) {
      expect(Schema.is(EstimateMetric)(m)).toBe(true)
      expect(describeEstimateMetric(m).definition.length).toBeGreaterThan(20)
    }
  })

  it("reads a metric out of a report, or says there is not enough data", () => {
    const samples = importedEstimateSamples(generateEstimateHistory({ seed: 5, count: 800 }))
    const report = accuracyReport(samples, { unit: "hours", quarter: "2024-Q2" })
    const reading = readEstimateMetric(report, "singlePointShare")
    expect(reading._tag).toBe("Measured")
    if (reading._tag === "Measured") {
      expect(reading.value).toBe(report.summary.singlePointShare)
      expect(reading.text).toMatch(/^Single-point share: \d+% over \d+ completed items\.$/)
    }
    expect(readEstimateMetric(report, "bias", "compliance")._tag).toBe("NotEnoughData")
    const empty = accuracyReport([], { unit: "hours" })
    expect(readEstimateMetric(empty, "hitRate").text).toContain("not enough data")
  })

  it("judges a change by the metric's better direction", () => {
    const m = (metric: EstimateMetric, value: number) => ({ _tag: "Measured" as const, metric, value, count: 30, text: "" })
    expect(estimateMetricChange(m("singlePointShare", 0.4), m("singlePointShare", 0.1))).toBe("improved")
    expect(estimateMetricChange(m("hitRate", 0.4), m("hitRate", 0.3))).toBe("worsened")
    expect(estimateMetricChange(m("bias", 1.4), m("bias", 0.8))).toBe("improved")
    expect(estimateMetricChange(m("bias", 1.2), m("bias", 1.203))).toBe("unchanged")
    expect(estimateMetricChange({ _tag: "NotEnoughData", metric: "bias", count: 2, needed: 10, text: "" }, m("bias", 1))).toBe("not enough data")
  })
})
