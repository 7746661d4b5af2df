/**
 * The replay harness: walks an estimate log the way it happened,
 * calibrates every item from the items completed before it was estimated
 * (with the method the calibrator had chosen by then), and scores the
 * calibrated intervals against the actuals — overall, per work type, per
 * confidence level and per candidate method.
 *
 * @since 0.1.0
 */
import {
  type EstimateCalibrationConfidence,
  type EstimateCalibrationOptions,
  type EstimateMethodSelection,
  intervalScore,
  makeEstimateCalibrator
} from "./Calibration.ts"
import type { EstimateCalibrationMethod } from "./CalibrationMethod.ts"
import { type EstimateSample, estimateReplayOrder, sampleBest, sampleRange, sampleWorst } from "./EstimateSample.ts"
import type { EstimateTime } from "./EstimateTime.ts"
import { estimateUnitFamily, type EstimateUnit } from "./Range.ts"
import { medianOfSorted } from "./Stats.ts"

/**
 * Scores of a group of replayed items.
 *
 * - `coverage`: share of actuals inside [P10, P90] (nominal 0.80);
 * - `below` / `above`: share under P10 / over P90 (nominal 0.10 each);
 * - `meanIntervalScore`: mean Gneiting–Raftery interval score at α = 0.2 on
 *   the log scale, (u − l) + (2/α)(l − x)⁺ + (2/α)(x − u)⁺ with l, u, x the
 *   logs of P10, P90 and the actual — lower is better, and a 2-hour task
 *   weighs as much as a 2-week one;
 * - `meanRelativeIntervalScore`: the same on the linear scale, divided by
 *   the likely estimate (in "estimates": 0.9 means the interval's width plus
 *   its penalties averaged 0.9 times the estimate) — what a planner feels;
 * - `medianWidth`: median P90 / P10;
 * - `medianBias`: median actual / P50 (1 when P50 is an unbiased median);
 * - `rawHitRate`: share of actuals inside the raw [best, worst], for contrast.
 *
 * @since 0.1.0
 */
export interface EstimateReplayGroup {
  readonly label: string
  readonly count: number
  readonly coverage: number
  readonly below: number
  readonly above: number
  readonly meanIntervalScore: number
  readonly meanRelativeIntervalScore: number
  readonly medianWidth: number
  readonly medianBias: number
  readonly rawHitRate: number
}

/**
 * One replayed item: the estimate, its dates, what the calibration knew and said.
 *
 * @since 0.1.0
 */
export interface EstimateReplayItem {
  readonly itemId: string
  readonly workType: string
  readonly unit: EstimateUnit
  readonly best: number
  readonly likely: number
  readonly worst: number
  readonly estimatedOn: EstimateTime
  readonly completedOn: EstimateTime
  readonly itemsUsed: number
  readonly typeItemsUsed: number
  readonly confidence: EstimateCalibrationConfidence
  readonly method: EstimateCalibrationMethod
  readonly p10: number
  readonly p50: number
  readonly p90: number
  readonly actual: number
  /** False for warm-up items (too little history): calibrated, but left out of every score. */
  readonly scored: boolean
}

/**
 * What the harness measured.
 *
 * @since 0.1.0
 */
export interface EstimateReplayReport {
  /** The calibrator as a team would use it: each item with the method chosen by then. */
  readonly overall: EstimateReplayGroup
  /** Per work type, largest first. */
  readonly byWorkType: ReadonlyArray<EstimateReplayGroup>
  /** Work types with at least `minTypeItems` scored items. */
  readonly calibratedTypes: ReadonlyArray<string>
  /** Mean |coverage − 0.80| over `calibratedTypes`, each type weighted by its items. */
  readonly typeCoverageError: number
  /** The same, every type weighing the same. */
  readonly meanTypeCoverageError: number
  readonly byConfidence: ReadonlyArray<EstimateReplayGroup>
  /** Every candidate method on the same items (each as if it had always been used). */
  readonly byMethod: ReadonlyArray<EstimateReplayGroup>
  /** What the calibrator chose at the end, per unit family, and why. */
  readonly selections: ReadonlyArray<EstimateMethodSelection>
  /** Items left out of the scores as warm-up. */
  readonly warmUpItems: number
  /** Per-item detail, only when asked for with `keepItems`. */
  readonly items?: ReadonlyArray<EstimateReplayItem>
}

/** @since 0.1.0 */
export interface EstimateReplayOptions extends EstimateCalibrationOptions {
  /** A work type counts in the type calibration error from this many scored items. Default 30. */
  readonly minTypeItems?: number
  readonly keepItems?: boolean
}

class GroupAccumulator {
  count = 0
  inside = 0
  below = 0
  above = 0
  rawHits = 0
  score = 0
  relative = 0
  widths = new Float64Array(64)
  biases = new Float64Array(64)
  readonly label: string
  constructor(label: string) {
    this.label = label
  }

  add(p10: number, p50: number, p90: number, sample: EstimateSample): void {
    const x = sample.actual
    this.count++
    if (x < p10) this.below++
    else if (x > p90) this.above++
    else this.inside++
    if (x >= sampleBest(sample) && x <= sampleWorst(sample)) this.rawHits++
    this.score += intervalScore(Math.log(p10), Math.log(p90), Math.log(x))
    this.relative += intervalScore(p10, p90, x) / sample.likely
    if (this.count > this.widths.length) {
      const w = new Float64Array(this.widths.length * 2)
      w.set(this.widths)
      this.widths = w
      const b = new Float64Array(this.biases.length * 2)
      b.set(this.biases)
      this.biases = b
    }
    this.widths[this.count - 1] = p90 / p10
    this.biases[this.count - 1] = x / p50
  }

  result(): EstimateReplayGroup {
    const n = this.count
    const safe = (v: number): number => n === 0 ? Number.NaN : v / n
    return {
      label: this.label,
      count: n,
      coverage: safe(this.inside),
      below: safe(this.below),
      above: safe(this.above),
      meanIntervalScore: safe(this.score),
      meanRelativeIntervalScore: safe(this.relative),
      medianWidth: medianOfSorted(this.widths.subarray(0, n).sort()),
      medianBias: medianOfSorted(this.biases.subarray(0, n).sort()),
      rawHitRate: safe(this.rawHits)
    }
  }
}

const accumulatorIn = (groups: Map<string, GroupAccumulator>, label: string): GroupAccumulator => {
  let g = groups.get(label)
  if (g === undefined) {
    g = new GroupAccumulator(label)
    groups.set(label, g)
  }
  return g
}

/**
 * Replays a log in time order: each item is calibrated when it is
 * estimated, from everything completed strictly before that instant, and
 * joins the history when it completes (see {@link estimateReplayOrder}).
 * With `minHistory`, items estimated while the unit family had fewer
 * completed items are calibrated but not scored (warm-up). O(n log n) for
 * the ordering, then O(log bins) per item and candidate.
 *
 * @since 0.1.0
 */
export const replayEstimateCalibration = (
  samples: ReadonlyArray<EstimateSample>,
  options: EstimateReplayOptions = {}
): EstimateReplayReport => {
  const minTypeItems = options.minTypeItems ?? 30
  const minHistory = options.minHistory ?? 0
  const order = estimateReplayOrder(samples)
  const calibrator = makeEstimateCalibrator(options)
  const overall = new GroupAccumulator("all")
  const types = new Map<string, GroupAccumulator>()
  const confidences = new Map<string, GroupAccumulator>()
  const items: Array<EstimateReplayItem> = []
  const units = new Set<EstimateUnit>()
  const historyOf = new Map<string, number>()
  let warmUp = 0
  for (const event of order) {
    const i = event >> 1
    const s = samples[i]!
    const family = estimateUnitFamily(s.unit)
    if ((event & 1) === 1) {
      calibrator.completed(i, s)
      historyOf.set(family, (historyOf.get(family) ?? 0) + 1)
      continue
    }
    units.add(s.unit)
    const scored = (historyOf.get(family) ?? 0) >= minHistory
    const c = calibrator.estimatedInterval(i, { workType: s.workType, unit: s.unit, range: sampleRange(s), estimator: s.estimator })
    if (scored) {
      overall.add(c.p10, c.p50, c.p90, s)
      accumulatorIn(types, s.workType).add(c.p10, c.p50, c.p90, s)
      accumulatorIn(confidences, c.confidence).add(c.p10, c.p50, c.p90, s)
    } else {
      warmUp++
    }
    if (options.keepItems === true) {
      items.push({
        itemId: s.itemId,
        workType: s.workType,
        unit: s.unit,
        best: sampleBest(s),
        likely: s.likely,
        worst: sampleWorst(s),
        estimatedOn: s.estimatedOn,
        completedOn: s.completedOn,
        itemsUsed: c.itemsUsed,
        typeItemsUsed: c.typeItemsUsed,
        confidence: c.confidence,
        method: c.method,
        p10: c.p10,
        p50: c.p50,
        p90: c.p90,
        actual: s.actual,
        scored
      })
    }
  }
  const byWorkType = [...types.values()].map((a) => a.result()).sort((a, b) => b.count - a.count)
  const calibrated = byWorkType.filter((g) => g.count >= minTypeItems)
  const calibratedItems = calibrated.reduce((n, g) => n + g.count, 0)
  const confidenceOrder = ["none", "low", "medium", "high"]
  const families = new Map<string, EstimateUnit>()
  for (const unit of units) families.set(estimateUnitFamily(unit), unit)
  const selections = [...families.values()].map((unit) => calibrator.selection(unit))
  const byMethod = selections.length !== 1 ? [] : selections[0]!.scores.map((s): EstimateReplayGroup => ({
    label: s.method,
    count: s.items,
    coverage: s.coverage,
    below: s.below,
    above: s.above,
    meanIntervalScore: s.meanIntervalScore,
    meanRelativeIntervalScore: s.meanRelativeIntervalScore,
    medianWidth: Number.NaN,
    medianBias: Number.NaN,
    rawHitRate: Number.NaN
  }))
  const report: EstimateReplayReport = {
    overall: overall.result(),
    byWorkType,
    calibratedTypes: calibrated.map((g) => g.label),
    typeCoverageError: calibratedItems === 0
      ? Number.NaN
      : calibrated.reduce((sum, g) => sum + g.count * Math.abs(g.coverage - 0.8), 0) / calibratedItems,
    meanTypeCoverageError: calibrated.length === 0
      ? Number.NaN
      : calibrated.reduce((sum, g) => sum + Math.abs(g.coverage - 0.8), 0) / calibrated.length,
    byConfidence: [...confidences.values()]
      .map((a) => a.result())
      .sort((a, b) => confidenceOrder.indexOf(a.label) - confidenceOrder.indexOf(b.label)),
    byMethod,
    selections,
    warmUpItems: warmUp
  }
  return options.keepItems === true ? { ...report, items } : report
}

const pad = (s: string, width: number): string => s.length >= width ? s : s + " ".repeat(width - s.length)
const lpad = (s: string, width: number): string => s.length >= width ? s : " ".repeat(width - s.length) + s
const pct = (x: number): string => Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`
const fixed = (x: number, digits: number): string => Number.isNaN(x) ? "–" : x.toFixed(digits)
const factor = (x: number): string => Number.isNaN(x) ? "–" : `×${x.toFixed(2)}`

/**
 * The harness's report as a plain-text table (what the docs and the
 * benchmark print).
 *
 * @since 0.1.0
 */
export const formatEstimateReplay = (report: EstimateReplayReport, baseline?: EstimateReplayReport): string => {
  const header = `${pad("group", 16)}${lpad("n", 7)}${lpad("coverage", 10)}${lpad("<P10", 8)}${lpad(">P90", 8)}${
    lpad("IS(0.2)", 9)
  }${lpad("IS rel", 8)}${lpad("P90/P10", 9)}${lpad("act/P50", 9)}${lpad("raw hit", 9)}`
  const row = (g: EstimateReplayGroup): string =>
    `${pad(g.label, 16)}${lpad(String(g.count), 7)}${lpad(pct(g.coverage), 10)}${lpad(pct(g.below), 8)}${lpad(pct(g.above), 8)}${
      lpad(fixed(g.meanIntervalScore, 3), 9)
    }${lpad(fixed(g.meanRelativeIntervalScore, 2), 8)}${lpad(factor(g.medianWidth), 9)}${lpad(factor(g.medianBias), 9)}${lpad(pct(g.rawHitRate), 9)}`
  const lines = [header, "-".repeat(header.length), row(report.overall), ...report.byWorkType.map(row)]
  lines.push("", "by confidence:", ...report.byConfidence.map(row))
  if (report.byMethod.length > 0) lines.push("", "each candidate method on the same items:", ...report.byMethod.map(row))
  for (const s of report.selections) lines.push("", `method chosen (${s.family}): ${s.reason}`)
  lines.push(
    "",
    `|coverage − 80%| per work type with ≥ the minimum items (${report.calibratedTypes.join(", ")}): ${
      (report.typeCoverageError * 100).toFixed(1)
    } points weighted by items, ${(report.meanTypeCoverageError * 100).toFixed(1)} unweighted`
  )
  if (report.warmUpItems > 0) lines.push(`warm-up: ${report.warmUpItems} items calibrated but not scored`)
  if (baseline !== undefined) {
    lines.push(
      `mean interval score: calibrated ${report.overall.meanIntervalScore.toFixed(3)} vs pooled ${
        baseline.overall.meanIntervalScore.toFixed(3)
      } (pooled coverage ${pct(baseline.overall.coverage)})`
    )
  }
  return lines.join("\n")
}
