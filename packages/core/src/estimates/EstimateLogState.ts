/**
 * The state of one team's estimate log: its items, each with its estimate
 * history and where it stands.
 *
 * @since 0.1.0
 */
import type { Id, Side } from "../Primitives.ts"
import type { EstimateRange, EstimateUnit, EstimateWorkType } from "./Range.ts"
import type { EstimateTime } from "./EstimateTime.ts"


/**
 * One estimate of an item, kept in its history.
 *
 * @since 0.1.0
 */
export interface EstimateRevision {
  readonly range: EstimateRange
  readonly estimatedBy: Side
  /** Who gave the estimate, when known. */
  readonly estimator?: string
  readonly estimatedOn: EstimateTime
  readonly reason?: string
}

/**
 * Where an item stands.
 *
 * @since 0.1.0
 */
export type EstimateItemStatus =
  | { readonly _tag: "Open" }
  | { readonly _tag: "Completed"; readonly actual?: number; readonly completedOn: EstimateTime }
  | { readonly _tag: "Cancelled"; readonly cancelledOn: EstimateTime; readonly reason?: string }

/**
 * A work item in the log. `estimates` holds the first estimate and every
 * re-estimate, oldest first (never empty).
 *
 * @since 0.1.0
 */
export interface EstimateLogItem {
  readonly itemId: Id
  readonly title: string
  readonly workType: EstimateWorkType
  readonly unit: EstimateUnit
  readonly estimates: readonly [EstimateRevision, ...Array<EstimateRevision>]
  readonly status: EstimateItemStatus
}

/**
 * The state of one team's estimate log. `items` keeps insertion order.
 *
 * @since 0.1.0
 */
export interface EstimateLogState {
  readonly teamId: Id | undefined
  readonly items: ReadonlyMap<Id, EstimateLogItem>
}

/** @since 0.1.0 */
export const emptyEstimateLogState: EstimateLogState = { teamId: undefined, items: new Map() }

/** The item's most recent estimate (the first one when never revised). @since 0.1.0 */
export const latestEstimate = (item: EstimateLogItem): EstimateRevision => item.estimates[item.estimates.length - 1] ?? item.estimates[0]
