/**
 * The estimate log of one team: work items with their range estimates,
 * re-estimates, actuals and cancellations, as a decider over typed commands
 * and events. One stream per team (stream kind `"estimates"`).
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type { Decider } from "../Decider.ts"
import { dayNumber, Id, IsoDate, Side, Text } from "../Primitives.ts"
import { EstimateEffort, EstimateRange, EstimateUnit, EstimateWorkType, isSinglePointEstimate, estimateRangeBest, estimateRangeWorst } from "./Range.ts"

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

/**
 * Record the first estimate of a new work item.
 *
 * @since 0.1.0
 */
export const RecordEstimate = Schema.TaggedStruct("RecordEstimate", {
  teamId: Id,
  itemId: Id,
  title: Text,
  workType: EstimateWorkType,
  unit: EstimateUnit,
  range: EstimateRange,
  estimatedBy: Side,
  estimatedOn: IsoDate
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
  estimatedOn: IsoDate,
  reason: Schema.optionalKey(Text)
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
  completedOn: IsoDate
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
  cancelledOn: IsoDate,
  reason: Schema.optionalKey(Text)
})
/** @since 0.1.0 */
export type CancelWorkItem = typeof CancelWorkItem.Type

/**
 * How an imported item ended: still open, completed with an actual, or cancelled.
 *
 * @since 0.1.0
 */
export const ImportedOutcome = Schema.Union([
  Schema.TaggedStruct("Open", {}),
  Schema.TaggedStruct("Completed", { actual: EstimateEffort, completedOn: IsoDate }),
  Schema.TaggedStruct("Cancelled", { cancelledOn: IsoDate })
])
/** @since 0.1.0 */
export type ImportedOutcome = typeof ImportedOutcome.Type

/**
 * One item of imported history. Dates are checked in order (completion or
 * cancellation not before the estimate).
 *
 * @since 0.1.0
 */
export const ImportedWorkItem = Schema.Struct({
  itemId: Id,
  title: Text,
  workType: EstimateWorkType,
  unit: EstimateUnit,
  range: EstimateRange,
  estimatedBy: Side,
  estimatedOn: IsoDate,
  outcome: ImportedOutcome
}).pipe(
  Schema.check(Schema.makeFilter((item: { readonly estimatedOn: string; readonly outcome: ImportedOutcome }) => {
    const end = item.outcome._tag === "Completed"
      ? item.outcome.completedOn
      : item.outcome._tag === "Cancelled"
      ? item.outcome.cancelledOn
      : undefined
    return end !== undefined && end < item.estimatedOn
      ? { path: ["outcome"], issue: `the item ends on ${end}, before it was estimated on ${item.estimatedOn}` }
      : undefined
  }))
)
/** @since 0.1.0 */
export type ImportedWorkItem = typeof ImportedWorkItem.Type

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

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

/** @since 0.1.0 */
export const WorkItemEstimated = Schema.TaggedStruct("WorkItemEstimated", {
  teamId: Id,
  itemId: Id,
  title: Text,
  workType: EstimateWorkType,
  unit: EstimateUnit,
  range: EstimateRange,
  estimatedBy: Side,
  estimatedOn: IsoDate
})
/** @since 0.1.0 */
export type WorkItemEstimated = typeof WorkItemEstimated.Type

/** @since 0.1.0 */
export const WorkItemReEstimated = Schema.TaggedStruct("WorkItemReEstimated", {
  teamId: Id,
  itemId: Id,
  range: EstimateRange,
  estimatedBy: Side,
  estimatedOn: IsoDate,
  reason: Schema.optionalKey(Text)
})
/** @since 0.1.0 */
export type WorkItemReEstimated = typeof WorkItemReEstimated.Type

/** @since 0.1.0 */
export const WorkItemCompleted = Schema.TaggedStruct("WorkItemCompleted", {
  teamId: Id,
  itemId: Id,
  actual: EstimateEffort,
  completedOn: IsoDate
})
/** @since 0.1.0 */
export type WorkItemCompleted = typeof WorkItemCompleted.Type

/** @since 0.1.0 */
export const WorkItemCancelled = Schema.TaggedStruct("WorkItemCancelled", {
  teamId: Id,
  itemId: Id,
  cancelledOn: IsoDate,
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
  items: Schema.Array(ImportedWorkItem),
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

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * The command names a team other than the one that owns this log.
 *
 * @since 0.1.0
 */
export class EstimateLogTeamMismatch extends Schema.TaggedError<EstimateLogTeamMismatch>()("EstimateLogTeamMismatch", {
  logTeamId: Schema.String,
  commandTeamId: Schema.String
}) {
  override get message(): string {
    return `This estimate log belongs to team ${this.logTeamId}, but the command is for team ${this.commandTeamId}. Send it to that team's own estimate log.`
  }
}

/**
 * An item with this id is already in the log.
 *
 * @since 0.1.0
 */
export class EstimateItemAlreadyRecorded extends Schema.TaggedError<EstimateItemAlreadyRecorded>()("EstimateItemAlreadyRecorded", {
  itemId: Schema.String
}) {
  override get message(): string {
    return `Work item ${this.itemId} already has an estimate. Use ReEstimate to revise it, or pick a new id for a different item.`
  }
}

/**
 * No item with this id is in the log.
 *
 * @since 0.1.0
 */
export class EstimateItemNotFound extends Schema.TaggedError<EstimateItemNotFound>()("EstimateItemNotFound", {
  itemId: Schema.String
}) {
  override get message(): string {
    return `Work item ${this.itemId} is not in this estimate log. Record its estimate first (RecordEstimate), then its actual.`
  }
}

/**
 * The item is already completed or cancelled, so it cannot change.
 *
 * @since 0.1.0
 */
export class EstimateItemClosed extends Schema.TaggedError<EstimateItemClosed>()("EstimateItemClosed", {
  itemId: Schema.String,
  status: Schema.Literals(["completed", "cancelled"]),
  attempted: Schema.String
}) {
  override get message(): string {
    return `Work item ${this.itemId} is already ${this.status}, so it cannot be ${this.attempted}. Record follow-up work as a new item.`
  }
}

/**
 * A date is earlier than one it must follow (e.g. completed before estimated).
 *
 * @since 0.1.0
 */
export class EstimateDateOutOfOrder extends Schema.TaggedError<EstimateDateOutOfOrder>()("EstimateDateOutOfOrder", {
  itemId: Schema.String,
  field: Schema.String,
  date: Schema.String,
  notBefore: Schema.String
}) {
  override get message(): string {
    return `Work item ${this.itemId}: ${this.field} ${this.date} is before ${this.notBefore}, the item's latest estimate date. Check the date; an item cannot end or be re-estimated before it was estimated.`
  }
}

/**
 * An import names items twice, or items already in the log.
 *
 * @since 0.1.0
 */
export class EstimateImportConflict extends Schema.TaggedError<EstimateImportConflict>()("EstimateImportConflict", {
  duplicateInImport: Schema.Array(Schema.String),
  alreadyInLog: Schema.Array(Schema.String)
}) {
  override get message(): string {
    const parts: Array<string> = []
    if (this.duplicateInImport.length > 0) parts.push(`ids repeated within the import: ${this.duplicateInImport.slice(0, 20).join(", ")}`)
    if (this.alreadyInLog.length > 0) parts.push(`ids already in the log: ${this.alreadyInLog.slice(0, 20).join(", ")}`)
    return `Nothing was imported (${parts.join("; ")}). Give every item a unique id, or leave out the items that are already recorded.`
  }
}

/**
 * Every error the estimate log's decider can return.
 *
 * @since 0.1.0
 */
export type EstimateLogError =
  | EstimateLogTeamMismatch
  | EstimateItemAlreadyRecorded
  | EstimateItemNotFound
  | EstimateItemClosed
  | EstimateDateOutOfOrder
  | EstimateImportConflict

// ---------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------

/**
 * One estimate of an item, kept in its history.
 *
 * @since 0.1.0
 */
export interface EstimateRevision {
  readonly range: EstimateRange
  readonly estimatedBy: Side
  readonly estimatedOn: IsoDate
  readonly reason?: string
}

/**
 * Where an item stands.
 *
 * @since 0.1.0
 */
export type EstimateItemStatus =
  | { readonly _tag: "Open" }
  | { readonly _tag: "Completed"; readonly actual: number; readonly completedOn: IsoDate }
  | { readonly _tag: "Cancelled"; readonly cancelledOn: IsoDate; readonly reason?: string }

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

const latestEstimate = (item: EstimateLogItem): EstimateRevision => item.estimates[item.estimates.length - 1] ?? item.estimates[0]

const checkTeam = (state: EstimateLogState, teamId: Id): EstimateLogTeamMismatch | undefined =>
  state.teamId !== undefined && state.teamId !== teamId
    ? new EstimateLogTeamMismatch({ logTeamId: state.teamId, commandTeamId: teamId })
    : undefined

const openItem = (
  state: EstimateLogState,
  itemId: Id,
  attempted: string
): Result.Result<EstimateLogItem, EstimateItemNotFound | EstimateItemClosed> => {
  const item = state.items.get(itemId)
  if (item === undefined) return Result.fail(new EstimateItemNotFound({ itemId }))
  if (item.status._tag !== "Open") {
    return Result.fail(
      new EstimateItemClosed({ itemId, status: item.status._tag === "Completed" ? "completed" : "cancelled", attempted })
    )
  }
  return Result.succeed(item)
}

const decideEstimateLog = (
  command: EstimateLogCommand,
  state: EstimateLogState
): Result.Result<ReadonlyArray<EstimateLogEvent>, EstimateLogError> => {
  const mismatch = checkTeam(state, command.teamId)
  if (mismatch !== undefined) return Result.fail(mismatch)
  switch (command._tag) {
    case "RecordEstimate": {
      if (state.items.has(command.itemId)) return Result.fail(new EstimateItemAlreadyRecorded({ itemId: command.itemId }))
      const { _tag, ...rest } = command
      return Result.succeed([{ _tag: "WorkItemEstimated", ...rest }])
    }
    case "ReEstimate": {
      const found = openItem(state, command.itemId, "re-estimated")
      if (Result.isFailure(found)) return Result.fail(found.failure)
      const last = latestEstimate(found.success).estimatedOn
      if (command.estimatedOn < last) {
        return Result.fail(
          new EstimateDateOutOfOrder({ itemId: command.itemId, field: "re-estimate date", date: command.estimatedOn, notBefore: last })
        )
      }
      const { _tag, ...rest } = command
      return Result.succeed([{ _tag: "WorkItemReEstimated", ...rest }])
    }
    case "RecordActual": {
      const found = openItem(state, command.itemId, "completed again")
      if (Result.isFailure(found)) return Result.fail(found.failure)
      const last = latestEstimate(found.success).estimatedOn
      if (command.completedOn < last) {
        return Result.fail(
          new EstimateDateOutOfOrder({ itemId: command.itemId, field: "completion date", date: command.completedOn, notBefore: last })
        )
      }
      const { _tag, ...rest } = command
      return Result.succeed([{ _tag: "WorkItemCompleted", ...rest }])
    }
    case "CancelWorkItem": {
      const found = openItem(state, command.itemId, "cancelled")
      if (Result.isFailure(found)) return Result.fail(found.failure)
      const last = latestEstimate(found.success).estimatedOn
      if (command.cancelledOn < last) {
        return Result.fail(
          new EstimateDateOutOfOrder({ itemId: command.itemId, field: "cancellation date", date: command.cancelledOn, notBefore: last })
        )
      }
      const { _tag, ...rest } = command
      return Result.succeed([{ _tag: "WorkItemCancelled", ...rest }])
    }
    case "ImportEstimateHistory": {
      const seen = new Set<string>()
      const duplicateInImport = new Set<string>()
      const alreadyInLog = new Set<string>()
      for (const item of command.items) {
        if (seen.has(item.itemId)) duplicateInImport.add(item.itemId)
        seen.add(item.itemId)
        if (state.items.has(item.itemId)) alreadyInLog.add(item.itemId)
      }
      if (duplicateInImport.size > 0 || alreadyInLog.size > 0) {
        return Result.fail(
          new EstimateImportConflict({ duplicateInImport: [...duplicateInImport], alreadyInLog: [...alreadyInLog] })
        )
      }
      if (command.items.length === 0) return Result.succeed([])
      const { _tag, ...rest } = command
      return Result.succeed([{ _tag: "EstimateHistoryImported", ...rest }])
    }
  }
}

const importedItem = (item: ImportedWorkItem): EstimateLogItem => ({
  itemId: item.itemId,
  title: item.title,
  workType: item.workType,
  unit: item.unit,
  estimates: [{ range: item.range, estimatedBy: item.estimatedBy, estimatedOn: item.estimatedOn }],
  status: item.outcome._tag === "Open"
    ? { _tag: "Open" }
    : item.outcome._tag === "Completed"
    ? { _tag: "Completed", actual: item.outcome.actual, completedOn: item.outcome.completedOn }
    : { _tag: "Cancelled", cancelledOn: item.outcome.cancelledOn }
})

const withItem = (state: EstimateLogState, teamId: Id, item: EstimateLogItem): EstimateLogState => {
  const items = new Map(state.items)
  items.set(item.itemId, item)
  return { teamId: state.teamId ?? teamId, items }
}

const evolveEstimateLog = (state: EstimateLogState, event: EstimateLogEvent): EstimateLogState => {
  switch (event._tag) {
    case "WorkItemEstimated":
      return withItem(state, event.teamId, {
        itemId: event.itemId,
        title: event.title,
        workType: event.workType,
        unit: event.unit,
        estimates: [{ range: event.range, estimatedBy: event.estimatedBy, estimatedOn: event.estimatedOn }],
        status: { _tag: "Open" }
      })
    case "WorkItemReEstimated": {
      const item = state.items.get(event.itemId)
      if (item === undefined) return state
      const revision: EstimateRevision = event.reason === undefined
        ? { range: event.range, estimatedBy: event.estimatedBy, estimatedOn: event.estimatedOn }
        : { range: event.range, estimatedBy: event.estimatedBy, estimatedOn: event.estimatedOn, reason: event.reason }
      return withItem(state, event.teamId, { ...item, estimates: [...item.estimates, revision] })
    }
    case "WorkItemCompleted": {
      const item = state.items.get(event.itemId)
      if (item === undefined) return state
      return withItem(state, event.teamId, {
        ...item,
        status: { _tag: "Completed", actual: event.actual, completedOn: event.completedOn }
      })
    }
    case "WorkItemCancelled": {
      const item = state.items.get(event.itemId)
      if (item === undefined) return state
      return withItem(state, event.teamId, {
        ...item,
        status: event.reason === undefined
          ? { _tag: "Cancelled", cancelledOn: event.cancelledOn }
          : { _tag: "Cancelled", cancelledOn: event.cancelledOn, reason: event.reason }
      })
    }
    case "EstimateHistoryImported": {
      // One copy for the whole import: an import of 100k rows must not cost 100k map copies.
      const items = new Map(state.items)
      for (const item of event.items) items.set(item.itemId, importedItem(item))
      return { teamId: state.teamId ?? event.teamId, items }
    }
  }
}

/**
 * The estimate log's decider: commands are decided against the team's log
 * into events, events fold into the log.
 *
 * @since 0.1.0
 */
export const estimateLogDecider: Decider<EstimateLogState, EstimateLogCommand, EstimateLogEvent, EstimateLogError> = {
  initialState: emptyEstimateLogState,
  decide: decideEstimateLog,
  evolve: evolveEstimateLog
}

// ---------------------------------------------------------------------------
// Derived data: completed items as samples for reports and calibration
// ---------------------------------------------------------------------------

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
  readonly estimatedOn: IsoDate
  readonly completedOn: IsoDate
  readonly estimatedBy?: Side
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
 * items are left out: they have no actual to compare with.
 *
 * @since 0.1.0
 */
export const estimateSamplesOf = (
  state: EstimateLogState,
  options: { readonly basis?: EstimateBasis } = {}
): Array<EstimateSample> => {
  const out: Array<EstimateSample> = []
  for (const item of state.items.values()) {
    if (item.status._tag !== "Completed") continue
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
export const estimateLeadDays = (sample: EstimateSample): number => dayNumber(sample.completedOn) - dayNumber(sample.estimatedOn)
