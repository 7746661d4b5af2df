/**
 * Decoding of rows read back from a SQL database, for adapters that use the
 * conventional tables (`events`, `streams`, `idempotency`). Rows are
 * untrusted: the database may have been edited by hand, restored from a
 * foreign backup or written by a future version, so every field is checked
 * and a bad row becomes a `Store.StoreError` naming the stream and version instead
 * of a crash or a skip.
 *
 * @since 0.1.0
 */
import { Predicate, Result, Schema } from "effect"
import { Store } from "@retrobridge/core"

const Version = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

const EventRow = Schema.Struct({
  version: Version,
  type: Schema.String,
  schema_version: Schema.Int,
  data: Schema.String,
  // Text in SQLite, a timestamp (Date) from PostgreSQL drivers.
  recorded_at: Schema.Union([
    Schema.String,
    Schema.Date.check(Schema.makeFilter((d) => !Number.isNaN(d.getTime()), { expected: "a valid date" }))
  ])
})

const StreamRow = Schema.Struct({
  stream_id: Schema.String,
  kind: Store.StreamKind,
  team_id: Schema.String,
  version: Version
})

const IdempotencyRow = Schema.Struct({
  stream_id: Schema.String,
  fingerprint: Schema.String,
  from_version: Version,
  to_version: Version
})

const decodeEventRowSchema = Schema.decodeUnknownResult(EventRow)

type EventRowType = typeof EventRow.Type

// Replay decodes every row of a stream, and the schema decoder costs more than
// reading the rows; this check accepts exactly what EventRow accepts, and the
// decoder still runs on a rejected row to say precisely what is wrong with it.
const isEventRow = (row: unknown): row is EventRowType =>
  Predicate.isObject(row) &&
  Number.isSafeInteger(row.version) && (row.version as number) >= 0 &&
  Predicate.isString(row.type) &&
  Number.isSafeInteger(row.schema_version) &&
  Predicate.isString(row.data) &&
  (Predicate.isString(row.recorded_at) || (row.recorded_at instanceof Date && !Number.isNaN(row.recorded_at.getTime())))
const decodeStreamRow = Schema.decodeUnknownResult(StreamRow)
const decodeIdempotencyRowSchema = Schema.decodeUnknownResult(IdempotencyRow)

/**
 * Decodes a page of event rows that must continue `afterVersion` without a
 * gap: a missing version means a lost or foreign row, and replaying around it
 * would silently produce a different state.
 *
 * @since 0.1.0
 */
export const decodeEventRows = (
  operation: string,
  streamId: string,
  afterVersion: number,
  rows: ReadonlyArray<unknown>
): Result.Result<Array<Store.StoredEvent>, Store.StoreError> => {
  const out: Array<Store.StoredEvent> = new Array(rows.length)
  let expected = afterVersion + 1
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]
    const decoded = isEventRow(raw) ? Result.succeed(raw) : decodeEventRowSchema(raw)
    if (Result.isFailure(decoded)) {
      return Result.fail(
        new Store.StoreError({
          operation,
          streamId,
          reason: `row after version ${expected - 1} is not an event this store wrote: ${decoded.failure.message}`
        })
      )
    }
    const row = decoded.success
    if (row.version !== expected) {
      return Result.fail(
        new Store.StoreError({
          operation,
          streamId,
          reason: `expected version ${expected} but found ${row.version}: the stream has a gap or a foreign row`
        })
      )
    }
    let data: unknown
    try {
      data = JSON.parse(row.data)
    } catch (cause) {
      return Result.fail(
        new Store.StoreError({
          operation,
          streamId,
          reason: `event at version ${row.version} has data that is not valid JSON`,
          cause
        })
      )
    }
    out[i] = {
      streamId,
      version: row.version,
      type: row.type,
      schemaVersion: row.schema_version,
      data,
      recordedAt: typeof row.recorded_at === "string" ? row.recorded_at : row.recorded_at.toISOString()
    }
    expected++
  }
  return Result.succeed(out)
}

/**
 * Decodes `streams` rows (`stream_id`, `kind`, `team_id`, `version`), sorted by stream id.
 *
 * @since 0.1.0
 */
export const decodeStreamRows = (
  operation: string,
  rows: ReadonlyArray<unknown>
): Result.Result<Array<Store.StreamInfo>, Store.StoreError> => {
  const out: Array<Store.StreamInfo> = []
  for (const raw of rows) {
    const decoded = decodeStreamRow(raw)
    if (Result.isFailure(decoded)) {
      const streamId = (raw as { stream_id?: unknown } | undefined)?.stream_id
      return Result.fail(
        typeof streamId === "string"
          ? new Store.StoreError({ operation, streamId, reason: `its streams row is not one this store wrote: ${decoded.failure.message}` })
          : new Store.StoreError({ operation, reason: `a streams row is not one this store wrote: ${decoded.failure.message}` })
      )
    }
    const row = decoded.success
    out.push({ streamId: row.stream_id, kind: row.kind, teamId: row.team_id, version: row.version })
  }
  // Code-unit order, as JavaScript compares strings: database collations disagree with it (and with each other).
  return Result.succeed(out.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0)))
}

/**
 * Decodes a stored stream version (missing means 0).
 *
 * @since 0.1.0
 */
export const decodeStreamVersion = (operation: string, streamId: string, raw: unknown): Result.Result<number, Store.StoreError> => {
  if (raw === undefined || raw === null) return Result.succeed(0)
  const decoded = Schema.decodeUnknownResult(Version)(raw)
  return Result.isFailure(decoded)
    ? Result.fail(new Store.StoreError({ operation, streamId, reason: `the stored stream version is not a non-negative integer: ${decoded.failure.message}` }))
    : Result.succeed(decoded.success)
}

/** @since 0.1.0 */
export interface IdempotencyRecord {
  readonly fingerprint: string
  readonly result: Store.AppendResult
}

/**
 * Decodes an `idempotency` row (`stream_id`, `fingerprint`, `from_version`, `to_version`).
 *
 * @since 0.1.0
 */
export const decodeIdempotencyRow = (
  operation: string,
  key: string,
  raw: unknown
): Result.Result<IdempotencyRecord, Store.StoreError> => {
  const decoded = decodeIdempotencyRowSchema(raw)
  if (Result.isFailure(decoded)) {
    return Result.fail(
      new Store.StoreError({ operation, reason: `the idempotency record for key "${key}" is not one this store wrote: ${decoded.failure.message}` })
    )
  }
  const row = decoded.success
  return Result.succeed({
    fingerprint: row.fingerprint,
    result: { streamId: row.stream_id, fromVersion: row.from_version, toVersion: row.to_version, duplicate: false }
  })
}
