/**
 * The accuracy figures of a set of completed items (hit rate, bias, MdMRE,
 * PRED(25), range width, single-point and booked shares, overrun share),
 * computed from scratch or incrementally — both through one accumulator,
 * so the two can never disagree.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { type EstimateSample, isEstimateSampleWithinBounds, isSinglePointSample, sampleBest, sampleWorst } from "./EstimateSample.ts"
import { medianConfidenceRanks, SortedBag } from "./Stats.ts"

/**
 * Below this many completed items a slice reports "not enough data" instead
 * of figures.
 *
 * @since 0.1.0
 */
export const DefaultEstimateMinSample = 10

/** Confidence level of the bias interval. */
const BiasLevel = 0.95

/** @internal */
export const Share = Schema.Finite.pipe(Schema.check(Schema.isBetween({ minimum: 0, maximum: 1 })))
/** @internal */
export const Count = Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(0)))

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
 * Magnitude of relative error, |actual − likely| / actual (Conte, Dunsmore &
 * Shen's MRE: relative to what the work really took).
 *
 * @since 0.1.0
 */
export const magnitudeOfRelativeError = (sample: Pick<EstimateSample, "actual" | "likely">): number =>
  Math.abs(sample.actual - sample.likely) / sample.actual

/** Whether the actual landed inside the stated [best, worst] (both ends included). @since 0.1.0 */
export const isEstimateHit = (sample: Pick<EstimateSample, "actual" | "best" | "likely" | "worst">): boolean =>
  sample.actual >= sampleBest(sample) && sample.actual <= sampleWorst(sample)

/**
 * The summary of a slice too small to judge: every figure `null`.
 *
 * @since 0.2.0
 */
export const notEnoughEstimateData = (count: number): EstimateAccuracySummary => ({
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


/** Values of one figure in ascending order, read by rank (1-based). */
interface Ranked {
  readonly size: number
  at(rank: number): number
}

const sortedRanked = (values: Float64Array): Ranked => {
  values.sort()
  return { size: values.length, at: (rank) => values[rank - 1]! }
}

const medianOf = (values: Ranked): number => {
  const n = values.size
  if (n === 0) return Number.NaN
  const mid = n >> 1
  return n % 2 === 1 ? values.at(mid + 1) : (values.at(mid) + values.at(mid + 1)) / 2
}

/**
 * The counting half of a summary: every per-item rule lives here once.
 * The three ordered figures go to `sink` (arrays to sort, or sorted bags).
 */
class SummaryCounts {
  hits = 0
  pred = 0
  single = 0
  exact = 0
  overruns = 0

  add(s: EstimateSample, sink: (ratio: number, mre: number, width: number) => void): void {
    if (s.actual === s.likely) this.exact++
    else if (s.actual > s.likely) this.overruns++
    const mre = magnitudeOfRelativeError(s)
    if (isEstimateHit(s)) this.hits++
    if (mre <= 0.25) this.pred++
    if (isSinglePointSample(s)) this.single++
    sink(s.actual / s.likely, mre, (sampleWorst(s) - sampleBest(s)) / s.likely)
  }

  summary(ratios: Ranked, mres: Ranked, widths: Ranked, minSample: number): EstimateAccuracySummary {
    const n = ratios.size
    if (n === 0 || n < minSample) return notEnoughEstimateData(n)
    const ranks = medianConfidenceRanks(n, BiasLevel)
    const median = medianOf(ratios)
    const bias: EstimateBias = ranks === undefined
      ? { median, low: ratios.at(1), high: ratios.at(n), level: 0 }
      : { median, low: ratios.at(ranks.lower), high: ratios.at(ranks.upper), level: BiasLevel }
    return {
      count: n,
      status: "ok",
      hitRate: this.hits / n,
      bias,
      mdmre: medianOf(mres),
      pred25: this.pred / n,
      medianRangeWidth: medianOf(widths),
      singlePointShare: this.single / n,
      exactShare: this.exact / n,
      overrun: overrunOf(this.overruns, n - this.exact)
    }
  }
}

/**
 * The accuracy figures of a set of completed samples, computed from scratch
 * (sorting). All samples must share one unit; the caller slices. Samples
 * with an effort outside the effort bounds are left out (see
 * {@link isEstimateSampleWithinBounds}): `count` is the samples judged.
 *
 * @since 0.1.0
 */
export const summarizeEstimateSamples = (
  all: ReadonlyArray<EstimateSample>,
  minSample: number = DefaultEstimateMinSample
): EstimateAccuracySummary => {
  const samples = all.every(isEstimateSampleWithinBounds) ? all : all.filter(isEstimateSampleWithinBounds)
  const n = samples.length
  if (n === 0 || n < minSample) return notEnoughEstimateData(n)
  const ratios = new Float64Array(n)
  const mres = new Float64Array(n)
  const widths = new Float64Array(n)
  const counts = new SummaryCounts()
  let i = 0
  const sink = (ratio: number, mre: number, width: number): void => {
    ratios[i] = ratio
    mres[i] = mre
    widths[i] = width
    i++
  }
  for (const s of samples) counts.add(s, sink)
  return counts.summary(sortedRanked(ratios), sortedRanked(mres), sortedRanked(widths), minSample)
}

/**
 * An incremental accuracy tracker: add completed samples one by one and read
 * the same summary {@link summarizeEstimateSamples} computes from scratch,
 * in O(√n) per sample — for live dashboards and replays. Samples outside
 * the effort bounds are left out, as there.
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
  const counts = new SummaryCounts()
  const sink = (ratio: number, mre: number, width: number): void => {
    ratios.add(ratio)
    mres.add(mre)
    widths.add(width)
  }
  return {
    add: (s) => {
      if (isEstimateSampleWithinBounds(s)) counts.add(s, sink)
    },
    summary: (minSample = DefaultEstimateMinSample) => counts.summary(ratios, mres, widths, minSample)
  }
}
