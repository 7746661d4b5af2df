import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  formatEstimateReplay,
  generateEstimateHistory,
  importedEstimateSamples,
  replayEstimateCalibration
} from "../../src/estimates/index.ts"

/** Pure log-normal errors: no booking, no rounding, no tiny estimates, one work type. */
const lognormal = (seed: number, count: number, medianRatio = 1.3, sigma = 0.5) =>
  importedEstimateSamples(generateEstimateHistory({
    seed,
    count,
    profiles: [{ workType: "feature", weight: 1, medianRatio, sigma }],
    bookedShare: 0,
    actualStep: 0,
    tinyShare: 0,
    rareTypeItems: 0,
    cancelledShare: 0
  }))

describe("replay harness on a known log-normal error", () => {
  it("coverage converges to the nominal 80%, each tail to 10% (property over seeds)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
      const r = replayEstimateCalibration(lognormal(seed, 6000)).overall
      expect(Math.abs(r.coverage - 0.8)).toBeLessThanOrEqual(0.025)
      expect(Math.abs(r.below - 0.1)).toBeLessThanOrEqual(0.02)
      expect(Math.abs(r.above - 0.1)).toBeLessThanOrEqual(0.02)
      expect(Math.abs(Math.log(r.medianBias))).toBeLessThan(0.05)
    }), { numRuns: 5 })
  })

  it("the error shrinks as history grows", () => {
    const seeds = [1, 2, 3, 4, 5, 6]
    const meanError = (count: number): number =>
      seeds.reduce((sum, seed) => sum + Math.abs(replayEstimateCalibration(lognormal(seed, count)).overall.coverage - 0.8), 0) / seeds.length
    expect(meanError(8000)).toBeLessThan(meanError(150))
    expect(meanError(8000)).toBeLessThan(0.01)
  })

  it("the calibrated quantiles approach the true ones", () => {
    const samples = lognormal(42, 8000, 1.3, 0.5)
    const items = replayEstimateCalibration(samples, { keepItems: true }).items!
    const last = items[items.length - 1]!
    const likely = samples.find((s) => s.itemId === last.itemId)!.likely
    const z90 = 1.2815515655446004
    expect(last.p50 / likely).toBeCloseTo(1.3, 1)
    expect(Math.log(last.p10 / likely)).toBeCloseTo(Math.log(1.3) - z90 * 0.5, 1)
    expect(Math.log(last.p90 / likely)).toBeCloseTo(Math.log(1.3) + z90 * 0.5, 1)
  })
})

describe("replay harness on messy generated logs", () => {
  const samples = importedEstimateSamples(generateEstimateHistory({ seed: 2024, count: 6000 }))
  const report = replayEstimateCalibration(samples)
  const pooled = replayEstimateCalibration(samples, { pooledOnly: true })

  it("meets the coverage targets: 80% ± 3%, each tail 10% ± 3%", () => {
    expect(Math.abs(report.overall.coverage - 0.8)).toBeLessThanOrEqual(0.03)
    expect(Math.abs(report.overall.below - 0.1)).toBeLessThanOrEqual(0.03)
    expect(Math.abs(report.overall.above - 0.1)).toBeLessThanOrEqual(0.03)
  })

  it("calibrates each work type with enough items on its own (mean |coverage − 80%| ≤ 0.03)", () => {
    expect(report.calibratedTypes).toEqual(expect.arrayContaining(["feature", "bug fix", "integration", "migration", "infrastructure", "research"]))
    expect(report.meanTypeCoverageError).toBeLessThanOrEqual(0.03)
  })

  it("beats calibrating from all types pooled on the interval score", () => {
    expect(report.overall.meanIntervalScore).toBeLessThan(pooled.overall.meanIntervalScore)
  })

  it("does much better than the raw stated ranges", () => {
    expect(report.overall.rawHitRate).toBeLessThan(0.6)
    expect(report.overall.coverage).toBeGreaterThan(report.overall.rawHitRate + 0.15)
  })

  it("never produces a degenerate interval, even for tiny estimates and booked actuals", () => {
    const items = replayEstimateCalibration(samples, { keepItems: true }).items!
    for (const item of items) {
      expect(item.p10).toBeGreaterThan(0)
      expect(item.p10).toBeLessThan(item.p50)
      expect(item.p50).toBeLessThan(item.p90)
    }
  })

  it("prints a table", () => {
    const text = formatEstimateReplay(report, pooled)
    expect(text).toContain("coverage")
    expect(text).toMatch(/mean interval score: calibrated \d\.\d{3} vs pooled \d\.\d{3}/)
    expect(text).toMatch(/method chosen \(time\): per-type/)
  })
})
