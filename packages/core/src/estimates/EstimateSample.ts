/**
 * Completed items flattened for analysis: what reports, calibration and
 * the replay harness read.
 *
 * @since 0.1.0
 */
import { dayNumber, type Side } from "../Primitives.ts"
import type { ImportedWorkItem } from "./EstimateLogCommand.ts"
import { type EstimateLogState, latestEstimate } from "./EstimateLogState.ts"
import { compareEstimateTimes, estimateDayOf, type EstimateTime, estimateTimeEnd, estimateTimeProblem, estimateTimeStart } from "./EstimateTime.ts"
import { type EstimateRange, estimateRangeBest, estimateRangeWorst, type EstimateUnit, isEffortWithinBounds, isSinglePointEstimate } from "./Range.ts"

/**
 * A completed item flattened for analysis: the estimate it is judged
 * against, its actual, and the flags reports need. Reports and calibration
 * take arrays of these, so history from several teams or from elsewhere can
 * be analysed the same way.
 *
 * @since 0.1.0
 */
export interface EstimateSample {
  readonly teamId?: string
  readonly itemId: string
  readonly workType: string
  readonly unit: EstimateUnit
  /** Best case; leave out for a single-point estimate (then it is the likely value). */
  readonly best?: number
  readonly likely: number
  /** Worst case; leave out for a single-point estimate. */
  readonly worst?: number
  readonly actual: number
  readonly estimatedOn: EstimateTime
  readonly completedOn: EstimateTime
  readonly estimatedBy?: Side
  /** The person who gave the estimate, when the log records people (per-person calibration uses it). */
  readonly estimator?: string
  /**
   * Whether the estimate was a single point. Optional: it is derived from
   * best and worst; when given, {@link estimateSampleProblem} checks that it
   * agrees with them.
   */
  readonly singlePoint?: boolean
  /** How many times the item was re-estimated after its first estimate. */
  readonly reEstimates?: number
}

/**
 * Which estimate an item is judged against: the first one given (what was
 * communicated when the work was planned; the default) or the latest one.
 *
 * @since 0.1.0
 */
export type EstimateBasis = "initial" | "latest"

/**
 * The completed items of a log as samples, in log order. Cancelled and open
 * items, and completed ones whose actual is unknown, are left out: they have
 * no actual to compare with.
 *
 * @since 0.1.0
 */
export const estimateSamplesOf = (
  state: EstimateLogState,
  options: { readonly basis?: EstimateBasis } = {}
): Array<EstimateSample> => {
  const out: Array<EstimateSample> = []
  for (const item of state.items.values()) {
    if (item.status._tag !== "Completed" || item.status.actual === undefined) continue
    const revision = options.basis === "latest" ? latestEstimate(item) : item.estimates[0]
    const sample: EstimateSample = {
      itemId: item.itemId,
      workType: item.workType,
      unit: item.unit,
      best: estimateRangeBest(revision.range),
      likely: revision.range.likely,
      worst: estimateRangeWorst(revision.range),
      actual: item.status.actual,
      estimatedOn: revision.estimatedOn,
      completedOn: item.status.completedOn,
      estimatedBy: revision.estimatedBy,
      ...(revision.estimator === undefined ? {} : { estimator: revision.estimator }),
      singlePoint: isSinglePointEstimate(revision.range),
      reEstimates: item.estimates.length - 1
    }
    out.push(state.teamId === undefined ? sample : { ...sample, teamId: state.teamId })
  }
  return out
}

/**
 * Days from estimate to completion of a sample (0 when done the same day).
 *
 * @since 0.1.0
 */
export const estimateLeadDays = (sample: EstimateSample): number =>
  dayNumber(estimateDayOf(sample.completedOn)) - dayNumber(estimateDayOf(sample.estimatedOn))

/**
 * The completed items of an imported or generated history as samples
 * (cancelled and open items left out), judged against their one estimate.
 *
 * @since 0.1.0
 */
export const importedEstimateSamples = (items: ReadonlyArray<ImportedWorkItem>, teamId?: string): Array<EstimateSample> => {
  const out: Array<EstimateSample> = []
  for (const item of items) {
    if (item.outcome._tag !== "Completed" || item.outcome.actual === undefined) continue
    const sample: EstimateSample = {
      itemId: item.itemId,
      workType: item.workType,
      unit: item.unit,
      best: estimateRangeBest(item.range),
      likely: item.range.likely,
      worst: estimateRangeWorst(item.range),
      actual: item.outcome.actual,
      estimatedOn: item.estimatedOn,
      completedOn: item.outcome.completedOn,
      estimatedBy: item.estimatedBy,
      ...(item.estimator === undefined ? {} : { estimator: item.estimator }),
      singlePoint: isSinglePointEstimate(item.range)
    }
    out.push(teamId === undefined ? sample : { ...sample, teamId })
  }
  return out
}

/** Best case of a sample (its likely value for a single point). @since 0.2.0 */
export const sampleBest = (s: Pick<EstimateSample, "best" | "likely">): number => s.best ?? s.likely

/** Worst case of a sample (its likely value for a single point). @since 0.2.0 */
export const sampleWorst = (s: Pick<EstimateSample, "worst" | "likely">): number => s.worst ?? s.likely

/** Whether a sample's estimate was a single point, from its range. @since 0.2.0 */
export const isSinglePointSample = (s: Pick<EstimateSample, "best" | "likely" | "worst">): boolean =>
  sampleBest(s) === s.likely && sampleWorst(s) === s.likely

/** The estimate range of a sample. @since 0.2.0 */
export const sampleRange = (s: Pick<EstimateSample, "best" | "likely" | "worst">): EstimateRange =>
  s.best === undefined && s.worst === undefined ? { likely: s.likely } : { best: sampleBest(s), likely: s.likely, worst: sampleWorst(s) }

/**
 * Whether every effort of a sample (best, likely, worst, actual) lies within
 * the effort bounds commands enforce. Accuracy reports leave the other
 * samples out — events recorded before the bounds may hold efforts such as
 * 1e-300 whose ratios are not finite — and say so.
 *
 * @since 0.2.0
 */
export const isEstimateSampleWithinBounds = (s: Pick<EstimateSample, "best" | "likely" | "worst" | "actual">): boolean =>
  isEffortWithinBounds(sampleBest(s)) && isEffortWithinBounds(s.likely) && isEffortWithinBounds(sampleWorst(s)) &&
  isEffortWithinBounds(s.actual)

/**
 * What is wrong with a sample built by hand, or `undefined`: efforts
 * positive and finite, best ≤ likely ≤ worst, a `singlePoint` flag that
 * agrees with the range, completion not before the estimate. Reports and
 * calibration read the range itself, never the flag.
 *
 * @since 0.2.0
 */
export const estimateSampleProblem = (s: EstimateSample): string | undefined => {
  const best = sampleBest(s)
  const worst = sampleWorst(s)
  for (const [name, v] of [["best", best], ["likely", s.likely], ["worst", worst], ["actual", s.actual]] as const) {
    if (!Number.isFinite(v) || v <= 0) return `${s.itemId}: ${name} ${v} is not a positive number`
  }
  if (best > s.likely || s.likely > worst) return `${s.itemId}: the range ${best} / ${s.likely} / ${worst} is not best ≤ likely ≤ worst`
  if (s.singlePoint !== undefined && s.singlePoint !== isSinglePointSample(s)) {
    return s.singlePoint
      ? `${s.itemId}: singlePoint is true but best ${best} / worst ${worst} differ from likely ${s.likely}; drop best and worst, or the flag`
      : `${s.itemId}: singlePoint is false but best = likely = worst = ${s.likely}; give the range, or drop the flag`
  }
  for (const [name, t] of [["estimatedOn", s.estimatedOn], ["completedOn", s.completedOn]] as const) {
    const problem = estimateTimeProblem(t)
    if (problem !== undefined) return `${s.itemId}: ${name}: ${problem}`
  }
  if (compareEstimateTimes(s.completedOn, s.estimatedOn) < 0) return `${s.itemId}: completed ${s.completedOn} before it was estimated ${s.estimatedOn}`
  return undefined
}

/**
 * The order in which a replay sees a set of samples: two events per item,
 * `2i` its estimate (at the start of its estimate time) and `2i + 1` its
 * completion (at the end of its completion time), by instant; at equal
 * instants estimates come first, so an item is only ever informed by items
 * completed strictly before it was estimated. Ties keep input order.
 *
 * @since 0.2.0
 */
export const estimateReplayOrder = (samples: ReadonlyArray<Pick<EstimateSample, "estimatedOn" | "completedOn">>): Uint32Array => {
  const n = samples.length
  const at = new Float64Array(2 * n)
  for (let i = 0; i < n; i++) {
    const s = samples[i]!
    at[2 * i] = estimateTimeStart(s.estimatedOn)
    at[2 * i + 1] = estimateTimeEnd(s.completedOn)
  }
  const order = new Uint32Array(2 * n)
  for (let j = 0; j < 2 * n; j++) order[j] = j
  // (j & 1) puts estimates before completions at equal instants; the index keeps input order.
  order.sort((a, b) => at[a]! - at[b]! || (a & 1) - (b & 1) || a - b)
  return order
}
