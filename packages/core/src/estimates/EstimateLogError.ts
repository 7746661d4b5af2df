/**
 * Every error the estimate log's decider returns: tagged, saying what was
 * wrong and what to do.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { InvalidCommand } from "../Decider.ts"

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
  | InvalidCommand
  | EstimateLogTeamMismatch
  | EstimateItemAlreadyRecorded
  | EstimateItemNotFound
  | EstimateItemClosed
  | EstimateDateOutOfOrder
  | EstimateImportConflict
