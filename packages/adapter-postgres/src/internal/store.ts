/**
 * The implementation behind `PostgresEventStore`: one transaction per append
 * with the stream row locked, a unique constraint on `(stream_id, version)` as
 * the last line of defence, versioned migrations on start, and subscriptions
 * woken by LISTEN/NOTIFY.
 */
import { PgClient } from "@effect/sql-pg"
import { Clock, Deferred, Duration, Effect, Queue, Result, Schedule } from "effect"
import type { Scope, Stream } from "effect"
import type { SqlError, Statement } from "effect/sql"
import { Store } from "@retrobridge/core"
import {
  decodeEventRows as decodeEvents,
  decodeIdempotencyRow as decodeIdempotency,
  decodeStreamRows as decodeStreams,
  decodeStreamVersion as decodeVersion,
  encodeEventData,
  subscribeWithWakeups as subscribeWith,
  Wakeups
} from "@retrobridge/store-kit"
import type { IdempotencyRecord } from "@retrobridge/store-kit"
import type { PostgresEventStoreOptions } from "../PostgresEventStore.ts"

/** The schema version this adapter writes. */
export const schemaVersion = 1

const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

// NOTIFY payloads are limited to 8000 bytes; a longer stream id is announced as
// "something changed" (empty payload), which wakes every subscriber instead.
const maxPayloadBytes = 7000
const utf8 = new TextEncoder()

const fnv1a = (text: string): string => {
  let hash = 0x811c9dc5
  for (const byte of utf8.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  return hash.toString(16).padStart(8, "0")
}

const channelFor = (schema: string): string => {
  const channel = `retrobridge_${schema}`
  return channel.length <= 63 ? channel : `retrobridge_${schema.slice(0, 40)}_${fnv1a(schema)}`
}

const isSqlError = (u: unknown): u is SqlError.SqlError =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "SqlError"

const describe = (cause: unknown): string => {
  if (isSqlError(cause)) {
    const reason = cause.reason
    const hint = reason._tag === "ConnectionError"
      ? "the database is unreachable"
      : reason._tag === "AuthorizationError"
      ? "the database refused the operation (read-only or missing privilege)"
      : undefined
    // The driver's message is generic ("Query failed"); the server's own words are in the cause.
    const server = reason.cause instanceof Error ? reason.cause : undefined
    const code = (server as { code?: unknown } | undefined)?.code
    const detail = `postgres ${reason._tag}: ${reason.message}${server === undefined ? "" : ` — ${server.message}`}${
      typeof code === "string" ? ` (${code})` : ""
    }`
    return hint === undefined ? detail : `${hint} (${detail})`
  }
  return cause instanceof Error ? cause.message : String(cause)
}

export const failure = (operation: string, streamId: string | undefined, cause: unknown): Store.StoreError =>
  new Store.StoreError({ operation, ...(streamId === undefined ? {} : { streamId }), reason: describe(cause), cause })

const afterVersion = (fromVersion: number | undefined): number =>
  fromVersion === undefined || Number.isNaN(fromVersion) || fromVersion <= 0 ? 0 : Math.floor(fromVersion)

const fromResult = <A, E>(result: Result.Result<A, E>): Effect.Effect<A, E> =>
  Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)

// The key names one request: the same stream and the same content, or it is a conflict.
const answerRepeat = (
  streamId: string,
  idempotency: Store.Idempotency,
  recorded: IdempotencyRecord
): Result.Result<Store.AppendResult, Store.IdempotencyConflict> =>
  recorded.fingerprint === idempotency.fingerprint && recorded.result.streamId === streamId
    ? Result.succeed({ ...recorded.result, duplicate: true })
    : Result.fail(new Store.IdempotencyConflict({ key: idempotency.key, streamId: recorded.result.streamId }))

/** Carries a repeat's answer out of the transaction, so that the transaction rolls back. */
class Repeat {
  readonly _tag = "Repeat"
  readonly result: Store.AppendResult
  constructor(result: Store.AppendResult) {
    this.result = result
  }
}

/**
 * After the server restarts, each idle pooled connection fails its next query
 * once ("Connection closed") before the pool replaces it. Reads are safe to
 * repeat, so they get one more try; appends are not retried here, because a
 * connection lost around COMMIT leaves the outcome unknown (idempotency keys
 * are the caller's way to retry those safely).
 */
const retryStaleConnection = <A>(effect: Effect.Effect<A, SqlError.SqlError>): Effect.Effect<A, SqlError.SqlError> =>
  Effect.retry(effect, { times: 1, while: (error) => error.reason._tag === "ConnectionError" })

/** Unique violations on these constraints are answered by retrying the append once. */
const eventsUnique = "events_stream_version_key"
const idempotencyUnique = "idempotency_key_pkey"

const uniqueViolation = (cause: unknown): string | undefined =>
  isSqlError(cause) && cause.reason._tag === "UniqueViolation" ? cause.reason.constraint : undefined

const ddl = (s: string): ReadonlyArray<string> => [
  `CREATE TABLE "${s}".streams (
    stream_id text PRIMARY KEY,
    kind text NOT NULL,
    team_id text NOT NULL,
    version integer NOT NULL CHECK (version >= 0)
  )`,
  `CREATE INDEX streams_by_team ON "${s}".streams (team_id, kind)`,
  // data is text, not jsonb: jsonb reorders keys, rewrites numbers and rejects \\u0000,
  // and the store never queries inside payloads, so exact round trips win.
  `CREATE TABLE "${s}".events (
    stream_id text NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    type text NOT NULL,
    schema_version integer NOT NULL,
    data text NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT ${eventsUnique} PRIMARY KEY (stream_id, version)
  )`,
  `CREATE TABLE "${s}".idempotency (
    key text NOT NULL,
    stream_id text NOT NULL,
    fingerprint text NOT NULL,
    from_version integer NOT NULL,
    to_version integer NOT NULL,
    CONSTRAINT ${idempotencyUnique} PRIMARY KEY (key)
  )`
]

const migrations: ReadonlyArray<{ readonly version: number; readonly name: string; readonly statements: (schema: string) => ReadonlyArray<string> }> = [
  { version: 1, name: "create_streams_events_idempotency", statements: ddl }
]

const appliedVersion = (pg: PgClient.PgClient, schema: string): Effect.Effect<number, SqlError.SqlError> =>
  Effect.map(
    pg<{ version: unknown }>`SELECT COALESCE(MAX(version), 0) AS version FROM ${pg(`${schema}.retrobridge_migrations`)}`,
    (rows) => Number(rows[0]?.version ?? 0)
  )

const tooNew = (schema: string, found: number): Store.StoreError =>
  new Store.StoreError({
    operation: "open",
    reason: `schema "${schema}" is at version ${found}, newer than this adapter's ${schemaVersion}: upgrade @retrobridge/adapter-postgres`
  })

const migrate = (pg: PgClient.PgClient, schema: string): Effect.Effect<void, SqlError.SqlError | Store.StoreError> =>
  Effect.gen(function*() {
    // The usual start finds the schema current and runs no DDL, so a store can
    // open on a read-only replica or with a role that may not create objects.
    const table = yield* pg<{ found: unknown }>`SELECT to_regclass(${`"${schema}".retrobridge_migrations`}) IS NOT NULL AS found`
    if (table[0]?.found === true) {
      const found = yield* appliedVersion(pg, schema)
      if (found > schemaVersion) return yield* tooNew(schema, found)
      if (found === schemaVersion) return
    }
    yield* pg.withTransaction(Effect.gen(function*() {
      // Several server processes may start at once on a fresh database: the
      // advisory lock makes one of them migrate while the others wait and then see it done.
      yield* pg`SELECT pg_advisory_xact_lock(${0x52425354}, hashtext(${schema}))`
      yield* pg.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
      yield* pg.unsafe(`CREATE TABLE IF NOT EXISTS "${schema}".retrobridge_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`)
      const current = yield* appliedVersion(pg, schema)
      if (current > schemaVersion) return yield* tooNew(schema, current)
      for (const migration of migrations) {
        if (migration.version <= current) continue
        for (const statement of migration.statements(schema)) yield* pg.unsafe(statement)
        yield* pg`INSERT INTO ${pg(`${schema}.retrobridge_migrations`)} (version, name) VALUES (${migration.version}, ${migration.name})`
      }
    }))
  })

// Keeps a single INSERT well under PostgreSQL's 65,535 bind parameters.
const insertChunk = 1000

/**
 * Test-only fault injection, reachable from this package's tests but not
 * exported from its entry point.
 */
export interface FaultInjection {
  /** Turns the next append's transaction read-only after its events were inserted, as a failed-over primary would. */
  failNextAppend: boolean
}

/** Opens the store, with a fault-injection handle for this package's tests. */
export const makeWithFaults = Effect.fnUntraced(function*(
  options: PostgresEventStoreOptions,
  faults: FaultInjection | undefined
): Effect.fn.Return<Store.EventStore["Service"], Store.StoreError, PgClient.PgClient | Scope.Scope> {
  const schema = options.schema ?? "public"
  if (!identifierPattern.test(schema)) {
    return yield* new Store.StoreError({
      operation: "open",
      reason: `schema name "${schema}" must be a plain identifier (letters, digits, underscores; at most 63 characters)`
    })
  }
  const pg = yield* PgClient.PgClient
  yield* Effect.mapError(migrate(pg, schema), (cause) => cause._tag === "StoreError" ? cause : failure("open", undefined, cause))

  const T = {
    streams: pg(`${schema}.streams`),
    events: pg(`${schema}.events`),
    idempotency: pg(`${schema}.idempotency`)
  }
  const channel = channelFor(schema)
  const wakeups = new Wakeups()


  const selectVersion = (streamId: string, lock: "" | "FOR UPDATE" | "FOR SHARE") =>
    Effect.flatMap(
      pg<{ version: unknown }>`SELECT version FROM ${T.streams} WHERE stream_id = ${streamId} ${pg.literal(lock)}`,
      (rows) => fromResult(decodeVersion("append", streamId, rows[0]?.version))
    )

  const appendInTransaction = (
    request: Store.AppendRequest,
    encoded: ReadonlyArray<string>,
    recordedAt: string
  ): Effect.Effect<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError | SqlError.SqlError | Repeat> =>
    pg.withTransaction(Effect.gen(function*() {
      const { streamId, idempotency } = request
      let current: number
      if (encoded.length > 0) {
        // Lock the stream row for the rest of the transaction; a new stream gets a
        // version-0 row first so that concurrent creators queue on it too.
        const rows = yield* pg<{ version: unknown }>`SELECT version FROM ${T.streams} WHERE stream_id = ${streamId} FOR UPDATE`
        if (rows.length === 0) {
          yield* pg`INSERT INTO ${T.streams} (stream_id, kind, team_id, version) VALUES (${streamId}, ${request.kind}, ${request.teamId}, 0) ON CONFLICT (stream_id) DO NOTHING`
          current = yield* selectVersion(streamId, "FOR UPDATE")
        } else {
          current = yield* fromResult(decodeVersion("append", streamId, rows[0]?.version))
        }
      } else {
        current = yield* selectVersion(streamId, "FOR SHARE")
      }
      // Checked under the lock, so a concurrent retry of the same request sees the first one's record.
      if (idempotency !== undefined) {
        const rows = yield* pg`SELECT stream_id, fingerprint, from_version, to_version FROM ${T.idempotency} WHERE key = ${idempotency.key}`
        if (rows.length > 0) {
          const recorded = yield* fromResult(decodeIdempotency("append", idempotency.key, rows[0]))
          const answer = yield* fromResult(answerRepeat(streamId, idempotency, recorded))
          return yield* Effect.fail(new Repeat(answer))
        }
      }
      if (current !== request.expectedVersion) {
        return yield* new Store.ConcurrencyError({ streamId, expectedVersion: request.expectedVersion, actualVersion: current })
      }
      const fromVersion = current + 1
      const toVersion = current + encoded.length
      const chunks: Array<readonly [Record<string, unknown>, ...Array<Record<string, unknown>>]> = []
      for (let start = 0; start < encoded.length; start += insertChunk) {
        const [first, ...rest] = encoded.slice(start, start + insertChunk).map((data, j): Record<string, unknown> => {
          const event = request.events[start + j]!
          return {
            stream_id: streamId,
            version: fromVersion + start + j,
            type: event.type,
            schema_version: event.schemaVersion,
            data,
            recorded_at: recordedAt
          }
        })
        if (first !== undefined) chunks.push([first, ...rest])
      }
      const last = chunks.pop()
      for (const chunk of chunks) yield* pg`INSERT INTO ${T.events} ${pg.insert(chunk)}`
      // The remaining writes go in one statement, to save round trips: the last
      // (usually only) chunk of events, the idempotency record, the version bump,
      // and the notification, which PostgreSQL delivers on commit and never on rollback.
      const ctes: Array<Statement.Fragment> = []
      if (last !== undefined) ctes.push(pg`ins AS (INSERT INTO ${T.events} ${pg.insert(last)})`)
      if (idempotency !== undefined) {
        ctes.push(pg`idem AS (INSERT INTO ${T.idempotency} (key, stream_id, fingerprint, from_version, to_version) VALUES (${idempotency.key}, ${streamId}, ${idempotency.fingerprint}, ${fromVersion}, ${toVersion}))`)
      }
      const payload = utf8.encode(streamId).byteLength <= maxPayloadBytes ? streamId : ""
      const final = encoded.length > 0
        ? pg`UPDATE ${T.streams} SET version = ${toVersion} WHERE stream_id = ${streamId} RETURNING pg_notify(${channel}, ${payload})`
        : pg`SELECT 1`
      yield* ctes.length === 0 ? final : pg`WITH ${pg.csv(ctes)} ${final}`
      if (faults?.failNextAppend === true) {
        faults.failNextAppend = false
        yield* pg`SET LOCAL transaction_read_only = on`
        yield* pg`UPDATE ${T.streams} SET version = version WHERE stream_id = ${streamId}`
      }
      return { streamId, fromVersion, toVersion, duplicate: false }
    }))

  const attempt = (
    request: Store.AppendRequest,
    encoded: ReadonlyArray<string>,
    recordedAt: string,
    retries: number
  ): Effect.Effect<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError> =>
    appendInTransaction(request, encoded, recordedAt).pipe(
      Effect.catch((error): Effect.Effect<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError> => {
        if (error instanceof Repeat) return Effect.succeed(error.result)
        if (!isSqlError(error)) return Effect.fail(error)
        const constraint = uniqueViolation(error)
        // The row lock makes these unreachable in normal operation; if another writer
        // bypassed it, the constraint still refuses the write and the retry reports why.
        if ((constraint === eventsUnique || constraint === idempotencyUnique) && retries > 0) {
          return attempt(request, encoded, recordedAt, retries - 1)
        }
        if (constraint === eventsUnique) {
          return Effect.flatMap(version(request.streamId), (actualVersion) =>
            Effect.fail(new Store.ConcurrencyError({ streamId: request.streamId, expectedVersion: request.expectedVersion, actualVersion })))
        }
        return Effect.fail(failure("append", request.streamId, error))
      })
    )

  const append = (request: Store.AppendRequest): Effect.Effect<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const encoded = encodeEventData(request)
      if (Result.isFailure(encoded)) return Effect.fail(encoded.failure)
      return Effect.tap(attempt(request, encoded.success, new Date(request.recordedAt ?? now).toISOString(), 1), (result) =>
        Effect.sync(() => {
          // Local subscribers need not wait for the NOTIFY round trip.
          if (!result.duplicate && encoded.success.length > 0) wakeups.wake(request.streamId)
        }))
    })

  const readPage = (streamId: string, fromVersion: number, limit: number): Effect.Effect<ReadonlyArray<Store.StoredEvent>, Store.StoreError> =>
    pg`SELECT version, type, schema_version, data, recorded_at FROM ${T.events} WHERE stream_id = ${streamId} AND version > ${fromVersion} ORDER BY version LIMIT ${limit}`.pipe(
      retryStaleConnection,
      Effect.mapError((cause) => failure("read", streamId, cause)),
      Effect.flatMap((rows) => fromResult(decodeEvents("read", streamId, fromVersion, rows)))
    )

  const read = (streamId: string, fromVersion?: number): Effect.Effect<ReadonlyArray<Store.StoredEvent>, Store.StoreError> => {
    const after = afterVersion(fromVersion)
    return pg`SELECT version, type, schema_version, data, recorded_at FROM ${T.events} WHERE stream_id = ${streamId} AND version > ${after} ORDER BY version`.pipe(
      retryStaleConnection,
      Effect.mapError((cause) => failure("read", streamId, cause)),
      Effect.flatMap((rows) => fromResult(decodeEvents("read", streamId, after, rows)))
    )
  }

  const version = (streamId: string): Effect.Effect<number, Store.StoreError> =>
    pg<{ version: unknown }>`SELECT version FROM ${T.streams} WHERE stream_id = ${streamId}`.pipe(
      retryStaleConnection,
      Effect.mapError((cause) => failure("version", streamId, cause)),
      Effect.flatMap((rows) => fromResult(decodeVersion("version", streamId, rows[0]?.version)))
    )

  const listStreams = (teamId: string, kind?: Store.StreamKind): Effect.Effect<ReadonlyArray<Store.StreamInfo>, Store.StoreError> =>
    // version > 0 hides the placeholder row of a stream whose first append is still in flight.
    (kind === undefined
      ? pg`SELECT stream_id, kind, team_id, version FROM ${T.streams} WHERE team_id = ${teamId} AND version > 0`
      : pg`SELECT stream_id, kind, team_id, version FROM ${T.streams} WHERE team_id = ${teamId} AND kind = ${kind} AND version > 0`
    ).pipe(
      retryStaleConnection,
      Effect.mapError((cause) => failure("listStreams", undefined, cause)),
      Effect.flatMap((rows) => fromResult(decodeStreams("listStreams", rows)))
    )

  const findIdempotent = (key: string): Effect.Effect<IdempotencyRecord | undefined, Store.StoreError> =>
    pg`SELECT stream_id, fingerprint, from_version, to_version FROM ${T.idempotency} WHERE key = ${key}`.pipe(
      retryStaleConnection,
      Effect.mapError((cause) => failure("findIdempotent", undefined, cause)),
      Effect.flatMap((rows) => rows.length === 0 ? Effect.succeed(undefined) : fromResult(decodeIdempotency("findIdempotent", key, rows[0])))
    )

  const subscribe = (streamId: string, fromVersion?: number): Stream.Stream<Store.StoredEvent, Store.StoreError> =>
    subscribeWith(wakeups, readPage, streamId, afterVersion(fromVersion))

  // One LISTEN connection per store instance, fanned out in process. After every
  // (re)connection all subscribers re-read: whatever was committed while nobody
  // listened is picked up, because reads never trust notification payloads.
  const listening = yield* Deferred.make<void, Store.StoreError>()
  const session = Effect.scoped(Effect.gen(function*() {
    const queue = yield* pg.listen(channel)
    wakeups.wakeAll()
    yield* Deferred.succeed(listening, undefined)
    return yield* Effect.forever(Effect.flatMap(Queue.takeAll(queue), (batch) =>
      Effect.sync(() => {
        for (const notification of batch) {
          if (notification.payload === "") wakeups.wakeAll()
          else wakeups.wake(notification.payload)
        }
      })))
  }))
  // A lost listener does not wake anybody: subscribers keep waiting (rather than
  // failing on reads against a server that is away) until the next session's
  // wake-up makes them catch up. Only the first attempt's failure fails the store.
  yield* Effect.forkScoped(Effect.forever(session.pipe(
    Effect.catch((cause) =>
      Deferred.fail(listening, failure("listen", undefined, cause)).pipe(
        Effect.andThen(Effect.sleep(Duration.millis(500)))
      ))
  )))
  yield* Deferred.await(listening)

  const resyncMillis = Duration.toMillis(options.resyncInterval ?? Duration.seconds(10))
  if (resyncMillis > 0) {
    yield* Effect.forkScoped(Effect.repeat(Effect.sync(() => wakeups.wakeAll()), Schedule.spaced(resyncMillis)))
  }

  return Store.EventStore.of({ append, read, version, listStreams, findIdempotent, subscribe })
})
