/**
 * The estimate log's commands: record, re-estimate, complete, cancel, and
 * import existing history in one step.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Id, Side, Text, TypedText } from "../Primitives.ts"
import { EstimateEffort, EstimateRange, EstimateUnit, EstimateWorkType, Estimator, StoredEstimateEffort, StoredEstimateRange, TypedEstimateWorkType } from "./Range.ts"
import { compareEstimateTimes, EstimateTime } from "./EstimateTime.ts"

/**
 * An item's title as a command takes it: typed text (no control characters,
 * not blank) of at most 255 characters, as long as a tracker's summary may be
 * (Jira's limit), so an exported backlog imports whole. Stored events keep
 * the laxer `Text`.
 *
 * @since 0.2.0
 */
export const EstimateTitle = TypedText(255)

/**
 * Why an item was re-estimated or cancelled: typed text of at most 500
 * characters.
 *
 * @since 0.2.0
 */
export const EstimateReason = TypedText(500)

/**
 * Record the first estimate of a new work item. Efforts in commands are
 * within `estimateEffortBounds`; the events keep laxer schemas.
 *
 * @since 0.1.0
 */
export const RecordEstimate = Schema.TaggedStruct("RecordEstimate", {
  teamId: Id,
  itemId: Id,
  title: EstimateTitle,
  workType: TypedEstimateWorkType,
  unit: EstimateUnit,
  range: EstimateRange,
  estimatedBy: Side,
  estimator: Schema.optionalKey(Estimator),
  estimatedOn: EstimateTime
})
/** @since 0.1.0 */
export type RecordEstimate = typeof RecordEstimate.Type

/**
 * Revise the estimate of an open item. The earlier estimates stay in the
 * item's history; accuracy is judged against the first one unless a report
 * asks otherwise.
 *
 * @since 0.1.0
 */
export const ReEstimate = Schema.TaggedStruct("ReEstimate", {
  teamId: Id,
  itemId: Id,
  range: EstimateRange,
  estimatedBy: Side,
  estimator: Schema.optionalKey(Estimator),
  estimatedOn: EstimateTime,
  reason: Schema.optionalKey(EstimateReason)
})
/** @since 0.1.0 */
export type ReEstimate = typeof ReEstimate.Type

/**
 * Record the actual effort of a finished item.
 *
 * @since 0.1.0
 */
export const RecordActual = Schema.TaggedStruct("RecordActual", {
  teamId: Id,
  itemId: Id,
  actual: EstimateEffort,
  completedOn: EstimateTime
})
/** @since 0.1.0 */
export type RecordActual = typeof RecordActual.Type

/**
 * Cancel an open item: it never gets an actual and is left out of accuracy.
 *
 * @since 0.1.0
 */
export const CancelWorkItem = Schema.TaggedStruct("CancelWorkItem", {
  teamId: Id,
  itemId: Id,
  cancelledOn: EstimateTime,
  reason: Schema.optionalKey(EstimateReason)
})
/** @since 0.1.0 */
export type CancelWorkItem = typeof CancelWorkItem.Type

const importedOutcomeOf = (effort: typeof EstimateEffort) =>
  Schema.Union([
    Schema.TaggedStruct("Open", {}),
    // A tracker may know an item is done without knowing its effort (Linear has no actual field):
    // such an item is kept, but informs no report or calibration.
    Schema.TaggedStruct("Completed", { actual: Schema.optionalKey(effort), completedOn: EstimateTime }),
    Schema.TaggedStruct("Cancelled", { cancelledOn: EstimateTime })
  ])

/**
 * How an imported item ended: still open, completed (with its actual when
 * the source knows it), or cancelled.
 *
 * @since 0.1.0
 */
export const ImportedOutcome = importedOutcomeOf(EstimateEffort)
/** @since 0.1.0 */
export type ImportedOutcome = typeof ImportedOutcome.Type

const importedWorkItemOf = (range: typeof EstimateRange, effort: typeof EstimateEffort, title: typeof Text, workType: typeof EstimateWorkType) =>
  Schema.Struct({
    itemId: Id,
    title,
    workType,
    unit: EstimateUnit,
    range,
    estimatedBy: Side,
    estimator: Schema.optionalKey(Estimator),
    estimatedOn: EstimateTime,
    outcome: importedOutcomeOf(effort)
  }).pipe(
    Schema.check(Schema.makeFilter((item: { readonly estimatedOn: string; readonly outcome: ImportedOutcome }) => {
      const end = item.outcome._tag === "Completed"
        ? item.outcome.completedOn
        : item.outcome._tag === "Cancelled"
        ? item.outcome.cancelledOn
        : undefined
      return end !== undefined && compareEstimateTimes(end, item.estimatedOn) < 0
        ? { path: ["outcome"], issue: `the item ends on ${end}, before it was estimated on ${item.estimatedOn}` }
        : undefined
    }))
  )

/**
 * One item of imported history, as the import command accepts it. Dates are
 * checked in order (completion or cancellation not before the estimate);
 * efforts within `estimateEffortBounds`.
 *
 * @since 0.1.0
 */
export const ImportedWorkItem = importedWorkItemOf(EstimateRange, EstimateEffort, EstimateTitle, TypedEstimateWorkType)
/** @since 0.1.0 */
export type ImportedWorkItem = typeof ImportedWorkItem.Type

/**
 * One item of imported history as the stored event holds it: efforts any
 * positive finite number, so imports recorded before the effort bounds still
 * load.
 *
 * @since 0.2.0
 */
export const StoredImportedWorkItem = importedWorkItemOf(StoredEstimateRange, StoredEstimateEffort, Text, EstimateWorkType)

/**
 * Import existing history in one step: every item or none.
 *
 * @since 0.1.0
 */
export const ImportEstimateHistory = Schema.TaggedStruct("ImportEstimateHistory", {
  teamId: Id,
  items: Schema.Array(ImportedWorkItem),
  source: Schema.optionalKey(Text)
})
/** @since 0.1.0 */
export type ImportEstimateHistory = typeof ImportEstimateHistory.Type

/**
 * Every command of the estimate log.
 *
 * @since 0.1.0
 */
export const EstimateLogCommand = Schema.Union([RecordEstimate, ReEstimate, RecordActual, CancelWorkItem, ImportEstimateHistory])
/** @since 0.1.0 */
export type EstimateLogCommand = typeof EstimateLogCommand.Type
