/**
 * Estimate-accuracy reports: how well a team's estimates matched the
 * actuals, for any slice of its log, with a per-quarter trend and the work
 * types it consistently misjudges.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { IsoDate, nextQuarter, quarterBounds, quarterOf, Side } from "../Primitives.ts"
import type { EstimateSample } from "./EstimateLog.ts"
import { EstimateUnit } from "./Range.ts"
import { medianConfidenceRanks, medianOfSorted, SortedBag } from "./Stats.ts"

/**
 * Below this many completed items a slice reports "not enough data" instead
 * of figures.
 *
 * @since 0.1.0
 */
export const DefaultEstimateMinSample = 10

/** Confidence level of the bias interval. */
const BiasLevel = 0.95

const Share = Schema.Finite.pipe(Schema.check(Schema.isBetween({ minimum: 0, maximum: 1 })))
const Count = Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(0)))
const Quarter = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^\d{4}-Q[1-4]$/, { expected: "a quarter such as 2026-Q3" }))
)

/**
 * Which items a report covers. `unit` is required because effort in hours,
 * days and points is never compared. Dates filter on the completion date;
 * `quarter` is a shorthand for its first and last day.
 *
 * @since 0.1.0
 */
export const EstimateReportSlice = Schema.Struct({
  unit: EstimateUnit,
  teamId: Schema.optionalKey(Schema.String),
  workTypes: Schema.optionalKey(Schema.Array(Schema.String)),
  quarter: Schema.optionalKey(Quarter),
  from: Schema.optionalKey(IsoDate),
  to: Schema.optionalKey(IsoDate),
  estimatedBy: Schema.optionalKey(Side)
})
/** @since 0.1.0 */
export type EstimateReportSlice = typeof EstimateReportSlice.Type

/**
 * Median of actual / likely with its distribution-free confidence interval
 * (order statistics of the binomial(n, ½) law). Above 1 means the work took
 * longer than the likely estimate.
 *
 * @since 0.1.0
 */
export const EstimateBias = Schema.Struct({
  median: Schema.Finite,
  low: Schema.Finite,
  high: Schema.Finite,
  level: Share
})
/** @since 0.1.0 */
export type EstimateBias = typeof EstimateBias.Type

/**
 * Share of overruns (actual > likely) among the items whose actual differs
 * from the likely estimate, with a 95% Wilson interval: a sign test. It
 * shows a bias the median hides when many actuals were booked exactly at the
 * estimate (then the median ratio is 1 whatever the team's real errors).
 *
 * @since 0.1.0
 */
export const EstimateOverrunShare = Schema.Struct({
  share: Share,
  low: Share,
  high: Share,
  /** Items whose actual differs from the likely estimate. */
  count: Count
})
/** @since 0.1.0 */
export type EstimateOverrunShare = typeof EstimateOverrunShare.Type

/**
 * The accuracy figures of one slice. When `status` is `"not-enough-data"`
 * every figure is `null`: RetroBridge does not guess from a handful of items.
 *
 * @since 0.1.0
 */
export const EstimateAccuracySummary = Schema.Struct({
  count: Count,
  status: Schema.Literals(["ok", "not-enough-data"]),
  hitRate: Schema.NullOr(Share),
  bias: Schema.NullOr(EstimateBias),
  mdmre: Schema.NullOr(Schema.Finite),
  pred25: Schema.NullOr(Share),
  medianRangeWidth: Schema.NullOr(Schema.Finite),
  singlePointShare: Schema.NullOr(Share),
  /** Share of actuals exactly equal to the likely estimate (often time booked as estimated). */
  exactShare: Schema.NullOr(Share),
  overrun: Schema.NullOr(EstimateOverrunShare)
})
/** @since 0.1.0 */
export type EstimateAccuracySummary = typeof EstimateAccuracySummary.Type

/**
 * What the data says about one work type.
 *
 * @since 0.1.0
 */
export const EstimateWorkTypeVerdict = Schema.Literals(["underestimated", "overestimated", "no consistent bias", "not enough data"])
/** @since 0.1.0 */
export type EstimateWorkTypeVerdict = typeof EstimateWorkTypeVerdict.Type

/**
 * Accuracy of one work type within the slice, with its verdict and the
 * evidence in words.
 *
 * @since 0.1.0
 */
export const EstimateWorkTypeAccuracy = Schema.Struct({
  workType: Schema.String,
  summary: EstimateAccuracySummary,
  verdict: EstimateWorkTypeVerdict,
  evidence: Schema.String
})
/** @since 0.1.0 */
export type EstimateWorkTypeAccuracy = typeof EstimateWorkTypeAccuracy.Type

/** @since 0.1.0 */
export const EstimateQuarterAccuracy = Schema.Struct({
  quarter: Quarter,
  summary: EstimateAccuracySummary
})
/** @since 0.1.0 */
export type EstimateQuarterAccuracy = typeof EstimateQuarterAccuracy.Type

/**
 * The accuracy report of a slice: overall figures, per work type (with the
 * consistently misjudged types named), and the per-quarter trend (by
 * completion quarter, gaps filled with empty quarters). JSON-encodable, so a
 * retro can carry it inside an event.
 *
 * @since 0.1.0
 */
export const EstimateAccuracyReport = Schema.Struct({
  slice: EstimateReportSlice,
  minSample: Count,
  summary: EstimateAccuracySummary,
  byWorkType: Schema.Array(EstimateWorkTypeAccuracy),
  misjudgedWorkTypes: Schema.Array(EstimateWorkTypeAccuracy),
  trend: Schema.Array(EstimateQuarterAccuracy),
  notes: Schema.Array(Schema.String)
})
/** @since 0.1.0 */
export type EstimateAccuracyReport = typeof EstimateAccuracyReport.Type

/**
 * Magnitude of relative error, |actual − likely| / actual (Conte, Dunsmore &
 * Shen's MRE: relative to what the work really took).
 *
 * @since 0.1.0
 */
export const magnitudeOfRelativeError = (sample: Pick<EstimateSample, "actual" | "likely">): number =>
  Math.abs(sample.actual - sample.likely) / sample.actual

/** Whether the actual landed inside the stated [best, worst] (both ends included). @since 0.1.0 */
export const isEstimateHit = (sample: Pick<EstimateSample, "actual" | "best" | "worst">): boolean =>
  sample.actual >= sample.best && sample.actual <= sample.worst

const notEnough = (count: number): EstimateAccuracySummary => ({
  count,
  status: "not-enough-data",
  hitRate: null,
  bias: null,
  mdmre: null,
  pred25: null,
  medianRangeWidth: null,
  singlePointShare: null,
  exactShare: null,
  overrun: null
})

/** Wilson score interval at 95% for k successes out of m. */
const overrunOf = (overruns: number, differing: number): EstimateOverrunShare | null => {
  if (differing === 0) return null
  const z = 1.959963984540054
  const p = overruns / differing
  const z2 = z * z
  const denom = 1 + z2 / differing
  const centre = (p + z2 / (2 * differing)) / denom
  const half = (z * Math.sqrt(p * (1 - p) / differing + z2 / (4 * differing * differing))) / denom
  return { share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), count: differing }
}

const biasFromSorted = (sortedRatios: ArrayLike<number>): EstimateBias => {
  const ranks = medianConfidenceRanks(sortedRatios.length, BiasLevel)
  const median = medianOfSorted(sortedRatios)
  return ranks === undefined
    ? { median, low: sortedRatios[0]!, high: sortedRatios[sortedRatios.length - 1]!, level: 0 }
    : { median, low: sortedRatios[ranks.lower - 1]!, high: sortedRatios[ranks.upper - 1]!, level: BiasLevel }
}

/**
 * The accuracy figures of a set of completed samples, computed from scratch
 * (sorting). All samples must share one unit; the caller slices.
 *
 * @since 0.1.0
 */
export const summarizeEstimateSamples = (
  samples: ReadonlyArray<EstimateSample>,
  minSample: number = DefaultEstimateMinSample
): EstimateAccuracySummary => {
  const n = samples.length
  if (n === 0 || n < minSample) return notEnough(n)
  const ratios = new Float64Array(n)
  const mres = new Float64Array(n)
  const widths = new Float64Array(n)
  let hits = 0
  let pred = 0
  let single = 0
  let exact = 0
  let overruns = 0
  for (let i = 0; i < n; i++) {
    const s = samples[i]!
    if (s.actual === s.likely) exact++
    else if (s.actual > s.likely) overruns++
    ratios[i] = s.actual / s.likely
    const mre = magnitudeOfRelativeError(s)
    mres[i] = mre
    widths[i] = (s.worst - s.best) / s.likely
    if (isEstimateHit(s)) hits++
    if (mre <= 0.25) pred++
    if (s.singlePoint) single++
  }
  ratios.sort()
  mres.sort()
  widths.sort()
  return {
    count: n,
    status: "ok",
    hitRate: hits / n,
    bias: biasFromSorted(ratios),
    mdmre: medianOfSorted(mres),
    pred25: pred / n,
    medianRangeWidth: medianOfSorted(widths),
    singlePointShare: single / n,
    exactShare: exact / n,
    overrun: overrunOf(overruns, n - exact)
  }
}

/**
 * An incremental accuracy tracker: add completed samples one by one and read
 * the same summary {@link summarizeEstimateSamples} computes from scratch,
 * in O(√n) per sample — for live dashboards and replays.
 *
 * @since 0.1.0
 */
export interface EstimateAccuracyTracker {
  readonly add: (sample: EstimateSample) => void
  readonly summary: (minSample?: number) => EstimateAccuracySummary
}

/** @since 0.1.0 */
export const makeEstimateAccuracyTracker = (): EstimateAccuracyTracker => {
  const ratios = new SortedBag()
  const mres = new SortedBag()
  const widths = new SortedBag()
  let hits = 0
  let pred = 0
  let single = 0
  let exact = 0
  let overruns = 0
  return {
    add: (s) => {
      if (s.actual === s.likely) exact++
      else if (s.actual > s.likely) overruns++
      ratios.add(s.actual / s.likely)
      const mre = magnitudeOfRelativeError(s)
      mres.add(mre)
      widths.add((s.worst - s.best) / s.likely)
      if (isEstimateHit(s)) hits++
      if (mre <= 0.25) pred++
      if (s.singlePoint) single++
    },
    summary: (minSample = DefaultEstimateMinSample) => {
      const n = ratios.size
      if (n === 0 || n < minSample) return notEnough(n)
      const ranks = medianConfidenceRanks(n, BiasLevel)
      const median = ratios.median()
      const bias: EstimateBias = ranks === undefined
        ? { median, low: ratios.at(1), high: ratios.at(n), level: 0 }
        : { median, low: ratios.at(ranks.lower), high: ratios.at(ranks.upper), level: BiasLevel }
      return {
        count: n,
        status: "ok",
        hitRate: hits / n,
        bias,
        mdmre: mres.median(),
        pred25: pred / n,
        medianRangeWidth: widths.median(),
        singlePointShare: single / n,
        exactShare: exact / n,
        overrun: overrunOf(overruns, n - exact)
      }
    }
  }
}

/**
 * Whether a sample falls inside a slice.
 *
 * @since 0.1.0
 */
export const isInEstimateSlice = (slice: EstimateReportSlice, sample: EstimateSample): boolean => {
  if (sample.unit !== slice.unit) return false
  if (slice.teamId !== undefined && sample.teamId !== slice.teamId) return false
  if (slice.workTypes !== undefined && !slice.workTypes.includes(sample.workType)) return false
  if (slice.estimatedBy !== undefined && sample.estimatedBy !== slice.estimatedBy) return false
  if (slice.quarter !== undefined) {
    const { end, start } = quarterBounds(slice.quarter)
    if (sample.completedOn < start || sample.completedOn > end) return false
  }
  if (slice.from !== undefined && sample.completedOn < slice.from) return false
  if (slice.to !== undefined && sample.completedOn > slice.to) return false
  return true
}

const pct = (x: number): string => `${Math.round(x * 100)}%`
const times = (x: number): string => `×${x.toFixed(2)}`

const judgeWorkType = (
  workType: string,
  summary: EstimateAccuracySummary,
  minSample: number
): EstimateWorkTypeAccuracy => {
  if (summary.status === "not-enough-data" || summary.bias === null) {
    return {
      workType,
      summary,
      verdict: "not enough data",
      evidence: `${summary.count} completed item${summary.count === 1 ? "" : "s"}; at least ${minSample} are needed to judge ${workType}.`
    }
  }
  const b = summary.bias
  const o = summary.overrun
  const median = `median actual/likely ${times(b.median)} (${pct(b.level)} interval ${times(b.low)}–${times(b.high)}, n = ${summary.count})`
  if (o === null || o.count < minSample) {
    return {
      workType,
      summary,
      verdict: "not enough data",
      evidence: `${workType}: only ${o?.count ?? 0} items whose actual differs from the estimate (the rest were booked exactly as estimated); at least ${minSample} are needed. ${median}.`
    }
  }
  const signs = `${pct(o.share)} of the ${o.count} items that did not land exactly on the estimate overran (95% interval ${pct(o.low)}–${pct(o.high)})`
  // "Consistently" means the whole interval of the overrun share lies on one side of a half: a
  // sign test, which, unlike the median, is not masked by actuals booked exactly at the estimate.
  if (o.low > 0.5) {
    return { workType, summary, verdict: "underestimated", evidence: `${workType} takes longer than estimated: ${signs}; ${median}.` }
  }
  if (o.high < 0.5) {
    return { workType, summary, verdict: "overestimated", evidence: `${workType} takes less than estimated: ${signs}; ${median}.` }
  }
  return { workType, summary, verdict: "no consistent bias", evidence: `No consistent bias for ${workType}: ${signs}; ${median}.` }
}

/**
 * Builds the accuracy report of a slice of completed samples (see
 * {@link estimateSamplesOf}). Runs in O(n log n): one partition by type and
 * by quarter, one sort per group.
 *
 * @since 0.1.0
 */
export const accuracyReport = (
  samples: ReadonlyArray<EstimateSample>,
  slice: EstimateReportSlice,
  options: { readonly minSample?: number } = {}
): EstimateAccuracyReport => {
  const minSample = options.minSample ?? DefaultEstimateMinSample
  const inSlice: Array<EstimateSample> = []
  const byType = new Map<string, Array<EstimateSample>>()
  const byQuarter = new Map<string, Array<EstimateSample>>()
  for (const s of samples) {
    if (!isInEstimateSlice(slice, s)) continue
    inSlice.push(s)
    const t = byType.get(s.workType)
    if (t === undefined) byType.set(s.workType, [s])
    else t.push(s)
    const quarter = quarterOf(s.completedOn)
    const q = byQuarter.get(quarter)
    if (q === undefined) byQuarter.set(quarter, [s])
    else q.push(s)
  }
  const summary = summarizeEstimateSamples(inSlice, minSample)
  const byWorkType = [...byType.entries()]
    .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    .map(([workType, items]) => judgeWorkType(workType, summarizeEstimateSamples(items, minSample), minSample))
  // Biggest misjudgement first, so a retro reads the worst offender first.
  const misjudgedWorkTypes = byWorkType
    .filter((w) => w.verdict === "underestimated" || w.verdict === "overestimated")
    .sort((a, b) => Math.abs((b.summary.overrun?.share ?? 0.5) - 0.5) - Math.abs((a.summary.overrun?.share ?? 0.5) - 0.5))
  const quarters = [...byQuarter.keys()].sort()
  const trend: Array<EstimateQuarterAccuracy> = []
  const first = quarters[0]
  const last = quarters[quarters.length - 1]
  if (first !== undefined && last !== undefined) {
    for (let q = first; q <= last; q = nextQuarter(q)) {
      trend.push({ quarter: q, summary: summarizeEstimateSamples(byQuarter.get(q) ?? [], minSample) })
    }
  }
  const notes: Array<string> = []
  if (summary.status === "not-enough-data") {
    notes.push(
      `Not enough data: ${summary.count} completed item${summary.count === 1 ? "" : "s"} in this slice; at least ${minSample} are needed before accuracy figures mean anything.`
    )
  }
  if (summary.exactShare !== null && summary.exactShare >= 0.2) {
    notes.push(
      `${pct(summary.exactShare)} of actuals equal the likely estimate exactly, which usually means time was booked as estimated. The median bias cannot see past those items; the verdicts per work type use the overrun share of the other items instead.`
    )
  }
  const thin = byWorkType.filter((w) => w.verdict === "not enough data").map((w) => w.workType)
  if (thin.length > 0 && summary.status === "ok") {
    notes.push(`Not enough data to judge ${thin.join(", ")} on its own (fewer than ${minSample} completed items each).`)
  }
  for (const w of misjudgedWorkTypes) notes.push(w.evidence)
  return { slice, minSample, summary, byWorkType, misjudgedWorkTypes, trend, notes }
}

// ---------------------------------------------------------------------------
// Metrics an agreement can name
// ---------------------------------------------------------------------------

/**
 * A figure of the accuracy report that a retro agreement can name as its
 * measure ("engineers give ranges, PMs communicate the range" →
 * `singlePointShare` should fall, `hitRate` should rise).
 *
 * @since 0.1.0
 */
export const EstimateMetric = Schema.Literals(["hitRate", "bias", "mdmre", "pred25", "medianRangeWidth", "singlePointShare"])
/** @since 0.1.0 */
export type EstimateMetric = typeof EstimateMetric.Type

/** @since 0.1.0 */
export const EstimateMetrics: ReadonlyArray<EstimateMetric> = [
  "hitRate",
  "bias",
  "mdmre",
  "pred25",
  "medianRangeWidth",
  "singlePointShare"
]

/**
 * Which way is better for a metric: up, down, or towards 1 (bias).
 *
 * @since 0.1.0
 */
export type EstimateMetricDirection = "higher" | "lower" | "towards-one"

/** @since 0.1.0 */
export interface EstimateMetricDescription {
  readonly metric: EstimateMetric
  readonly name: string
  readonly definition: string
  readonly better: EstimateMetricDirection
}

const descriptions: Record<EstimateMetric, EstimateMetricDescription> = {
  hitRate: {
    metric: "hitRate",
    name: "Hit rate",
    definition: "Share of completed items whose actual landed inside the stated range [best, worst], both ends included.",
    better: "higher"
  },
  bias: {
    metric: "bias",
    name: "Bias",
    definition:
      "Median of actual ÷ likely, with a 95% distribution-free confidence interval. Above 1: work takes longer than estimated; below 1: less.",
    better: "towards-one"
  },
  mdmre: {
    metric: "mdmre",
    name: "MdMRE",
    definition: "Median magnitude of relative error, median of |actual − likely| ÷ actual.",
    better: "lower"
  },
  pred25: {
    metric: "pred25",
    name: "PRED(25)",
    definition: "Share of completed items whose likely estimate was within 25% of the actual (MRE ≤ 0.25).",
    better: "higher"
  },
  medianRangeWidth: {
    metric: "medianRangeWidth",
    name: "Median relative range width",
    definition:
      "Median of (worst − best) ÷ likely. Shows how much uncertainty estimates state; read it with the hit rate, since narrow ranges that miss are overconfidence.",
    better: "higher"
  },
  singlePointShare: {
    metric: "singlePointShare",
    name: "Single-point share",
    definition: "Share of completed items estimated as a single number instead of a best/likely/worst range.",
    better: "lower"
  }
}

/**
 * Human text for a metric: its name, definition and which way is better.
 *
 * @since 0.1.0
 */
export const describeEstimateMetric = (metric: EstimateMetric): EstimateMetricDescription => descriptions[metric]

/**
 * A metric's value read out of a report, or the reason there is none.
 *
 * @since 0.1.0
 */
export const EstimateMetricReading = Schema.Union([
  Schema.TaggedStruct("Measured", { metric: EstimateMetric, value: Schema.Finite, count: Count, text: Schema.String }),
  Schema.TaggedStruct("NotEnoughData", { metric: EstimateMetric, count: Count, needed: Count, text: Schema.String })
])
/** @since 0.1.0 */
export type EstimateMetricReading = typeof EstimateMetricReading.Type

/**
 * Formats a metric value for people: shares as percentages, bias as a factor.
 *
 * @since 0.1.0
 */
export const formatEstimateMetric = (metric: EstimateMetric, value: number): string => {
  switch (metric) {
    case "hitRate":
    case "pred25":
    case "singlePointShare":
      return pct(value)
    case "bias":
      return times(value)
    case "mdmre":
    case "medianRangeWidth":
      return value.toFixed(2)
  }
}

const metricValue = (summary: EstimateAccuracySummary, metric: EstimateMetric): number | null => {
  switch (metric) {
    case "bias":
      return summary.bias?.median ?? null
    default:
      return summary[metric]
  }
}

/**
 * Reads a metric out of a report: overall, or for one work type of it. This
 * is what a retro shows next to an agreement that named the metric.
 *
 * @since 0.1.0
 */
export const readEstimateMetric = (
  report: EstimateAccuracyReport,
  metric: EstimateMetric,
  workType?: string
): EstimateMetricReading => {
  const summary = workType === undefined
    ? report.summary
    : report.byWorkType.find((w) => w.workType === workType)?.summary ?? notEnough(0)
  const value = metricValue(summary, metric)
  const name = describeEstimateMetric(metric).name
  const scope = workType === undefined ? "" : ` for ${workType}`
  if (value === null) {
    return {
      _tag: "NotEnoughData",
      metric,
      count: summary.count,
      needed: report.minSample,
      text: `${name}${scope}: not enough data (${summary.count} of ${report.minSample} completed items needed).`
    }
  }
  return {
    _tag: "Measured",
    metric,
    value,
    count: summary.count,
    text: `${name}${scope}: ${formatEstimateMetric(metric, value)} over ${summary.count} completed items.`
  }
}

/**
 * How a metric moved between two readings (e.g. last quarter's report and
 * this quarter's), judged by the metric's better direction. Changes smaller
 * than one percentage point (1% for bias) count as unchanged.
 *
 * @since 0.1.0
 */
export const estimateMetricChange = (
  before: EstimateMetricReading,
  after: EstimateMetricReading
): "improved" | "worsened" | "unchanged" | "not enough data" => {
  if (before._tag !== "Measured" || after._tag !== "Measured") return "not enough data"
  const better = describeEstimateMetric(after.metric).better
  const score = (v: number): number => better === "towards-one" ? -Math.abs(Math.log(v)) : better === "higher" ? v : -v
  const delta = score(after.value) - score(before.value)
  if (Math.abs(delta) < 0.01) return "unchanged"
  return delta > 0 ? "improved" : "worsened"
}
