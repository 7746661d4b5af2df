/**
 * The estimate log's events. One stream per team (stream kind `"estimates"`).
 * Efforts are any positive finite number here (stored events recorded before
 * the commands' effort bounds must keep loading); reports and calibration
 * leave items outside the bounds out.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Id, Side, Text } from "../Primitives.ts"
import { StoredImportedWorkItem } from "./EstimateLogCommand.ts"
import { EstimateUnit, EstimateWorkType, Estimator, StoredEstimateEffort, StoredEstimateRange } from "./Range.ts"
import { EstimateTime } from "./EstimateTime.ts"


/** @since 0.1.0 */
export const WorkItemEstimated = Schema.TaggedStruct("WorkItemEstimated", {
  teamId: Id,
  itemId: Id,
  title: Text,
  workType: EstimateWorkType,
  unit: EstimateUnit,
  range: StoredEstimateRange,
  estimatedBy: Side,
  estimator: Schema.optionalKey(Estimator),
  estimatedOn: EstimateTime
})
/** @since 0.1.0 */
export type WorkItemEstimated = typeof WorkItemEstimated.Type

/** @since 0.1.0 */
export const WorkItemReEstimated = Schema.TaggedStruct("WorkItemReEstimated", {
  teamId: Id,
  itemId: Id,
  range: StoredEstimateRange,
  estimatedBy: Side,
  estimator: Schema.optionalKey(Estimator),
  estimatedOn: EstimateTime,
  reason: Schema.optionalKey(Text)
})
/** @since 0.1.0 */
export type WorkItemReEstimated = typeof WorkItemReEstimated.Type

/** @since 0.1.0 */
export const WorkItemCompleted = Schema.TaggedStruct("WorkItemCompleted", {
  teamId: Id,
  itemId: Id,
  actual: StoredEstimateEffort,
  completedOn: EstimateTime
})
/** @since 0.1.0 */
export type WorkItemCompleted = typeof WorkItemCompleted.Type

/** @since 0.1.0 */
export const WorkItemCancelled = Schema.TaggedStruct("WorkItemCancelled", {
  teamId: Id,
  itemId: Id,
  cancelledOn: EstimateTime,
  reason: Schema.optionalKey(Text)
})
/** @since 0.1.0 */
export type WorkItemCancelled = typeof WorkItemCancelled.Type

/**
 * A whole imported history as one event, so a stream never holds half an import.
 *
 * @since 0.1.0
 */
export const EstimateHistoryImported = Schema.TaggedStruct("EstimateHistoryImported", {
  teamId: Id,
  items: Schema.Array(StoredImportedWorkItem),
  source: Schema.optionalKey(Text)
})
/** @since 0.1.0 */
export type EstimateHistoryImported = typeof EstimateHistoryImported.Type

/**
 * Every event of the estimate log.
 *
 * @since 0.1.0
 */
export const EstimateLogEvent = Schema.Union([
  WorkItemEstimated,
  WorkItemReEstimated,
  WorkItemCompleted,
  WorkItemCancelled,
  EstimateHistoryImported
])
/** @since 0.1.0 */
export type EstimateLogEvent = typeof EstimateLogEvent.Type

/**
 * Schema version of the estimate-log event payloads, for the event store.
 *
 * @since 0.1.0
 */
export const EstimateLogEventSchemaVersion = 1
