/**
 * The replay harness: walks a time-ordered estimate log the way it
 * happened, calibrates every item from the items completed before it was
 * estimated, and scores the calibrated intervals against the actuals.
 *
 * @since 0.1.0
 */
import { type EstimateCalibrationConfidence, type EstimateCalibrationOptions, makeEstimateCalibrator } from "./Calibration.ts"
import type { EstimateSample } from "./EstimateSample.ts"
import { estimateTimeEnd, estimateTimeStart } from "./EstimateTime.ts"
import { sortedCopy, medianOfSorted } from "./Stats.ts"

/** α of the interval score: the P10–P90 interval is the central 80% one. */
const Alpha = 0.2

/**
 * Scores of a group of replayed items.
 *
 * - `coverage`: share of actuals inside [P10, P90] (nominal 0.80);
 * - `below` / `above`: share under P10 / over P90 (nominal 0.10 each);
 * - `meanIntervalScore`: mean Gneiting–Raftery interval score at α = 0.2 on
 *   the log scale, (u − l) + (2/α)(l − x)⁺ + (2/α)(x − u)⁺ with l, u, x the
 *   logs of P10, P90 and the actual — lower is better, and a 2-hour task
 *   weighs as much as a 2-week one;
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
  readonly medianWidth: number
  readonly medianBias: number
  readonly rawHitRate: number
}

/**
 * One replayed item: what the calibration knew and said.
 *
 * @since 0.1.0
 */
export interface EstimateReplayItem {
  readonly itemId: string
  readonly workType: string
  readonly itemsUsed: number
  readonly typeItemsUsed: number
  readonly confidence: EstimateCalibrationConfidence
  readonly p10: number
  readonly p50: number
  readonly p90: number
  readonly actual: number
}

/**
 * What the harness measured.
 *
 * @since 0.1.0
 */
export interface EstimateReplayReport {
  readonly overall: EstimateReplayGroup
  /** Per work type, largest first. */
  readonly byWorkType: ReadonlyArray<EstimateReplayGroup>
  /** Work types with at least `minTypeItems` replayed items. */
  readonly calibratedTypes: ReadonlyArray<string>
  /** Mean |coverage − 0.80| over `calibratedTypes`. */
  readonly meanTypeCoverageError: number
  readonly byConfidence: ReadonlyArray<EstimateReplayGroup>
  /** Per-item detail, only when asked for with `keepItems`. */
  readonly items?: ReadonlyArray<EstimateReplayItem>
}

/** @since 0.1.0 */
export interface EstimateReplayOptions extends EstimateCalibrationOptions {
  /** A work type counts as "calibrated on its own" in the summary from this many items. Default 200. */
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
  readonly widths: Array<number> = []
  readonly biases: Array<number> = []
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
    if (x >= sample.best && x <= sample.worst) this.rawHits++
    const l = Math.log(p10)
    const u = Math.log(p90)
    const lx = Math.log(x)
    this.score += u - l + (l > lx ? (2 / Alpha) * (l - lx) : 0) + (lx > u ? (2 / Alpha) * (lx - u) : 0)
    this.widths.push(p90 / p10)
    this.biases.push(x / p50)
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
      medianWidth: medianOfSorted(sortedCopy(this.widths)),
      medianBias: medianOfSorted(sortedCopy(this.biases)),
      rawHitRate: safe(this.rawHits)
    }
  }
}

/**
 * The order in which a replay sees a log: two events per item, `2i` its
 * estimate (at the start of its estimate time) and `2i + 1` its completion
 * (at the end of its completion time), by instant; at equal instants
 * estimates come first, so an item is only ever informed by items completed
 * strictly before it was estimated. Ties keep input order.
 *
 * @since 0.2.0
 */
export const estimateReplayOrder = (samples: ReadonlyArray<EstimateSample>): Uint32Array => {
  const n = samples.length
  const at = new Float64Array(2 * n)
  for (let i = 0; i < n; i++) {
    const s = samples[i]!
    at[2 * i] = estimateTimeStart(s.estimatedOn)
    at[2 * i + 1] = estimateTimeEnd(s.completedOn)
  }
  const order = new Uint32Array(2 * n)
  for (let j = 0; j < 2 * n; j++) order[j] = j
  // Index order breaks ties within a kind; (j & 1) puts estimates before completions.
  order.sort((a, b) => at[a]! - at[b]! || (a & 1) - (b & 1) || a - b)
  return order
}

/**
 * Replays a log in time order. On each day, the items estimated that day are
 * calibrated first, from everything completed on earlier days; then that
 * day's completions join the history. So no item is ever calibrated from
 * an item completed on or after its own estimate date. O(n log n) for the
 * ordering, then O(log bins) per item.
 *
 * @since 0.1.0
 */
export const replayEstimateCalibration = (
  samples: ReadonlyArray<EstimateSample>,
  options: EstimateReplayOptions = {}
): EstimateReplayReport => {
  const minTypeItems = options.minTypeItems ?? 200
  const order = estimateReplayOrder(samples)
  const calibrator = makeEstimateCalibrator(options)
  const overall = new GroupAccumulator("all")
  const types = new Map<string, GroupAccumulator>()
  const confidences = new Map<string, GroupAccumulator>()
  const items: Array<EstimateReplayItem> = []
  for (const event of order) {
    const s = samples[event >> 1]!
    if ((event & 1) === 1) {
      calibrator.add(s)
      continue
    }
    const c = calibrator.calibrate({ workType: s.workType, unit: s.unit, range: { best: s.best, likely: s.likely, worst: s.worst } })
    overall.add(c.p10, c.p50, c.p90, s)
    let t = types.get(s.workType)
    if (t === undefined) {
      t = new GroupAccumulator(s.workType)
      types.set(s.workType, t)
    }
    t.add(c.p10, c.p50, c.p90, s)
    let g = confidences.get(c.confidence)
    if (g === undefined) {
      g = new GroupAccumulator(c.confidence)
      confidences.set(c.confidence, g)
    }
    g.add(c.p10, c.p50, c.p90, s)
    if (options.keepItems === true) {
      items.push({
        itemId: s.itemId,
        workType: s.workType,
        itemsUsed: c.itemsUsed,
        typeItemsUsed: c.typeItemsUsed,
        confidence: c.confidence,
        p10: c.p10,
        p50: c.p50,
        p90: c.p90,
        actual: s.actual
      })
    }
  }
  const byWorkType = [...types.values()].map((a) => a.result()).sort((a, b) => b.count - a.count)
  const calibrated = byWorkType.filter((g) => g.count >= minTypeItems)
  const confidenceOrder = ["none", "low", "medium", "high"]
  const report: EstimateReplayReport = {
    overall: overall.result(),
    byWorkType,
    calibratedTypes: calibrated.map((g) => g.label),
    meanTypeCoverageError: calibrated.length === 0
      ? Number.NaN
      : calibrated.reduce((sum, g) => sum + Math.abs(g.coverage - 0.8), 0) / calibrated.length,
    byConfidence: [...confidences.values()]
      .map((a) => a.result())
      .sort((a, b) => confidenceOrder.indexOf(a.label) - confidenceOrder.indexOf(b.label))
  }
  return options.keepItems === true ? { ...report, items } : report
}

const pad = (s: string, width: number): string => s.length >= width ? s : s + " ".repeat(width - s.length)
const lpad = (s: string, width: number): string => s.length >= width ? s : " ".repeat(width - s.length) + s
const pct = (x: number): string => Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`

/**
 * The harness's report as a plain-text table (what the docs and the
 * benchmark print).
 *
 * @since 0.1.0
 */
export const formatEstimateReplay = (report: EstimateReplayReport, baseline?: EstimateReplayReport): string => {
  const header = `${pad("group", 16)}${lpad("n", 7)}${lpad("coverage", 10)}${lpad("<P10", 8)}${lpad(">P90", 8)}${
    lpad("IS(0.2)", 9)
  }${lpad("P90/P10", 9)}${lpad("act/P50", 9)}${lpad("raw hit", 9)}`
  const row = (g: EstimateReplayGroup): string =>
    `${pad(g.label, 16)}${lpad(String(g.count), 7)}${lpad(pct(g.coverage), 10)}${lpad(pct(g.below), 8)}${lpad(pct(g.above), 8)}${
      lpad(g.meanIntervalScore.toFixed(3), 9)
    }${lpad(`×${g.medianWidth.toFixed(2)}`, 9)}${lpad(`×${g.medianBias.toFixed(2)}`, 9)}${lpad(pct(g.rawHitRate), 9)}`
  const lines = [header, "-".repeat(header.length), row(report.overall), ...report.byWorkType.map(row)]
  lines.push("", "by confidence:", ...report.byConfidence.map(row))
  lines.push(
    "",
    `mean |coverage − 80%| over types with enough items (${report.calibratedTypes.join(", ")}): ${
      (report.meanTypeCoverageError * 100).toFixed(1)
    } points`
  )
  if (baseline !== undefined) {
    lines.push(
      `mean interval score: per-type calibration ${report.overall.meanIntervalScore.toFixed(3)} vs pooled ${
        baseline.overall.meanIntervalScore.toFixed(3)
      } (pooled coverage ${pct(baseline.overall.coverage)})`
    )
  }
  return lines.join("\n")
}
