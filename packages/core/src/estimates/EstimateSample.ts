/**
 * Completed items flattened for analysis: what reports, calibration and
 * the replay harness read.
 *
 * @since 0.1.0
 */
import { dayNumber, type Side } from "../Primitives.ts"
import type { ImportedWorkItem } from "./EstimateLogCommand.ts"
import { type EstimateLogState, latestEstimate } from "./EstimateLogState.ts"
import { type EstimateTime, estimateDayOf } from "./EstimateTime.ts"
import { estimateRangeBest, estimateRangeWorst, type EstimateUnit, isSinglePointEstimate } from "./Range.ts"

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
  readonly best: number
  readonly likely: number
  readonly worst: number
  readonly actual: number
  readonly estimatedOn: EstimateTime
  readonly completedOn: EstimateTime
  readonly estimatedBy?: Side
  /** The person who gave the estimate, when the log records people (per-person calibration uses it). */
  readonly estimator?: string
  readonly singlePoint: boolean
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
