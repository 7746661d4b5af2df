/**
 * The estimate log as a decider: commands are decided against the team's
 * log into events, events fold into the log.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { type Decider, makeCommandDecoder } from "../Decider.ts"
import type { Id } from "../Primitives.ts"
import { EstimateLogCommand, type ImportedWorkItem } from "./EstimateLogCommand.ts"
import {
  EstimateDateOutOfOrder,
  EstimateImportConflict,
  EstimateItemAlreadyRecorded,
  EstimateItemClosed,
  EstimateItemNotFound,
  type EstimateLogError,
  EstimateLogTeamMismatch
} from "./EstimateLogError.ts"
import type { EstimateLogEvent } from "./EstimateLogEvent.ts"
import {
  emptyEstimateLogState,
  type EstimateLogItem,
  type EstimateLogState,
  type EstimateRevision,
  latestEstimate
} from "./EstimateLogState.ts"
import { compareEstimateTimes } from "./EstimateTime.ts"

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

// Typed callers can still be handed JSON: decide only what has the command's shape (a command the
// handler decoded is recognised, not decoded again, so a 100,000-row import is checked once).
const decideEstimateLog = (
  command: EstimateLogCommand,
  state: EstimateLogState
): Result.Result<ReadonlyArray<EstimateLogEvent>, EstimateLogError> => {
  const decoded = estimateLogCommands.decode(command)
  return Result.isFailure(decoded) ? Result.fail(decoded.failure) : decideValidEstimateLog(decoded.success, state)
}

const estimateLogCommands = makeCommandDecoder(EstimateLogCommand)

const decideValidEstimateLog = (
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
      if (compareEstimateTimes(command.estimatedOn, last) < 0) {
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
      if (compareEstimateTimes(command.completedOn, last) < 0) {
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
      if (compareEstimateTimes(command.cancelledOn, last) < 0) {
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

/** A revision with only the optional fields that are set (so decoded and folded states compare equal). */
const revisionOf = (e: Omit<EstimateRevision, "reason"> & { readonly reason?: string | undefined }): EstimateRevision => ({
  range: e.range,
  estimatedBy: e.estimatedBy,
  estimatedOn: e.estimatedOn,
  ...(e.estimator === undefined ? {} : { estimator: e.estimator }),
  ...(e.reason === undefined ? {} : { reason: e.reason })
})

const importedItem = (item: ImportedWorkItem): EstimateLogItem => ({
  itemId: item.itemId,
  title: item.title,
  workType: item.workType,
  unit: item.unit,
  estimates: [revisionOf(item)],
  status: item.outcome._tag === "Open"
    ? { _tag: "Open" }
    : item.outcome._tag === "Completed"
    ? item.outcome.actual === undefined
      ? { _tag: "Completed", completedOn: item.outcome.completedOn }
      : { _tag: "Completed", actual: item.outcome.actual, completedOn: item.outcome.completedOn }
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
        estimates: [revisionOf(event)],
        status: { _tag: "Open" }
      })
    case "WorkItemReEstimated": {
      const item = state.items.get(event.itemId)
      if (item === undefined) return state
      return withItem(state, event.teamId, { ...item, estimates: [...item.estimates, revisionOf(event)] })
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
