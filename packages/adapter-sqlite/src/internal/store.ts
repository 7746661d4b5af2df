/**
 * The implementation behind `SqliteEventStore`: WAL journal, `synchronous=FULL`
 * so an acknowledged append survives power loss, one `BEGIN IMMEDIATE`
 * transaction per append, and versioned migrations applied at open.
 */
import { DatabaseSync } from "node:sqlite"
import type { StatementSync } from "node:sqlite"
import { Clock, Duration, Effect, Result, Schedule } from "effect"
import type { Scope, Stream } from "effect"
import { Store } from "@retrobridge/core"
import { latestVersion, migrations } from "./migrations.ts"
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
import type { SqliteEventStoreOptions } from "../SqliteEventStore.ts"

interface SqliteErrorLike {
  readonly message: string
  readonly errcode?: number
  readonly errstr?: string
}

const isSqliteError = (u: unknown): u is SqliteErrorLike =>
  u instanceof Error && "errcode" in u && typeof (u as { errcode: unknown }).errcode === "number"

// Primary result codes (https://sqlite.org/rescode.html) worth a plain-language explanation.
const hints: Record<number, string> = {
  5: "another connection held the database lock longer than busyTimeout",
  8: "the database is read-only",
  10: "a disk I/O error occurred",
  11: "the database file is corrupted",
  13: "the disk or database is full",
  14: "the database file cannot be opened",
  26: "the file is not an SQLite database"
}

const describe = (cause: unknown): string => {
  if (isSqliteError(cause)) {
    const hint = hints[(cause.errcode ?? 0) & 0xff]
    return hint === undefined ? `sqlite: ${cause.message}` : `${hint} (sqlite: ${cause.message})`
  }
  return cause instanceof Error ? cause.message : String(cause)
}

const failure = (operation: string, streamId: string | undefined, cause: unknown): Store.StoreError =>
  new Store.StoreError({ operation, ...(streamId === undefined ? {} : { streamId }), reason: describe(cause), cause })

const afterVersion = (fromVersion: number | undefined): number =>
  fromVersion === undefined || Number.isNaN(fromVersion) || fromVersion <= 0 ? 0 : Math.floor(fromVersion)

const openDatabase = (options: SqliteEventStoreOptions): DatabaseSync => {
  const readOnly = options.readOnly === true
  const db = new DatabaseSync(options.filename, {
    readOnly,
    timeout: Duration.toMillis(options.busyTimeout ?? Duration.seconds(5))
  })
  try {
    if (!readOnly) {
      const mode = (db.prepare("PRAGMA journal_mode = WAL").get() as { journal_mode?: unknown } | undefined)?.journal_mode
      if (mode !== "wal" && options.filename !== ":memory:") {
        throw new Error(`could not switch the journal to WAL (got ${String(mode)})`)
      }
    }
    // FULL (not NORMAL) also syncs the WAL on every commit: NORMAL survives a process crash
    // but may lose the last commits on power loss, which an event store must not.
    db.exec("PRAGMA synchronous = FULL")
    migrate(db, readOnly)
    return db
  } catch (cause) {
    db.close()
    throw cause
  }
}

const userVersion = (db: DatabaseSync): number =>
  Number((db.prepare("PRAGMA user_version").get() as { user_version: unknown }).user_version)

const migrate = (db: DatabaseSync, readOnly: boolean): void => {
  const found = userVersion(db)
  if (found > latestVersion) {
    throw new Error(
      `the database is at schema version ${found}, newer than this adapter's ${latestVersion}: upgrade @retrobridge/adapter-sqlite`
    )
  }
  if (found === latestVersion) return
  if (readOnly) {
    throw new Error(`the database is at schema version ${found} and needs migrating to ${latestVersion}, but it was opened read-only`)
  }
  // IMMEDIATE takes the write lock first, so two processes opening a fresh file
  // cannot both run the same migration; the loser re-reads the version below.
  db.exec("BEGIN IMMEDIATE")
  try {
    const current = userVersion(db)
    for (const migration of migrations) {
      if (migration.version <= current) continue
      db.exec(migration.sql)
      db.exec(`PRAGMA user_version = ${migration.version}`)
    }
    db.exec("COMMIT")
  } catch (cause) {
    if (db.isTransaction) db.exec("ROLLBACK")
    throw cause
  }
}

interface Statements {
  readonly selectStreamVersion: StatementSync
  readonly insertStream: StatementSync
  readonly updateStreamVersion: StatementSync
  readonly insertEvent: StatementSync
  readonly selectEvents: StatementSync
  readonly selectEventsPage: StatementSync
  readonly selectStreamsByTeam: StatementSync
  readonly selectStreamsByTeamAndKind: StatementSync
  readonly selectIdempotency: StatementSync
  readonly insertIdempotency: StatementSync
  readonly dataVersion: StatementSync
}

const prepare = (db: DatabaseSync): Statements => ({
  selectStreamVersion: db.prepare("SELECT version FROM streams WHERE stream_id = ?"),
  insertStream: db.prepare("INSERT INTO streams (stream_id, kind, team_id, version) VALUES (?, ?, ?, ?)"),
  updateStreamVersion: db.prepare("UPDATE streams SET version = ? WHERE stream_id = ?"),
  insertEvent: db.prepare(
    "INSERT INTO events (stream_id, version, type, schema_version, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?)"
  ),
  selectEvents: db.prepare(
    "SELECT version, type, schema_version, data, recorded_at FROM events WHERE stream_id = ? AND version > ? ORDER BY version"
  ),
  selectEventsPage: db.prepare(
    "SELECT version, type, schema_version, data, recorded_at FROM events WHERE stream_id = ? AND version > ? ORDER BY version LIMIT ?"
  ),
  selectStreamsByTeam: db.prepare(
    "SELECT stream_id, kind, team_id, version FROM streams WHERE team_id = ? ORDER BY stream_id"
  ),
  selectStreamsByTeamAndKind: db.prepare(
    "SELECT stream_id, kind, team_id, version FROM streams WHERE team_id = ? AND kind = ? ORDER BY stream_id"
  ),
  selectIdempotency: db.prepare(
    "SELECT stream_id, fingerprint, from_version, to_version FROM idempotency WHERE key = ?"
  ),
  insertIdempotency: db.prepare(
    "INSERT INTO idempotency (key, stream_id, fingerprint, from_version, to_version) VALUES (?, ?, ?, ?, ?)"
  ),
  dataVersion: db.prepare("PRAGMA data_version")
})

const fromResult = <A>(result: Result.Result<A, Store.StoreError>): Effect.Effect<A, Store.StoreError> =>
  Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)

/**
 * Test-only fault injection, reachable from this package's tests but not
 * exported from its entry point.
 */
export interface FaultInjection {
  /** Fails the next append inside its transaction, after its events were inserted. */
  failNextAppend: boolean
  /** Runs on the store's own connection once it is open, e.g. to cap the file size. */
  readonly onOpen?: ((db: DatabaseSync) => void) | undefined
}

/** Opens the store, with a fault-injection handle for this package's tests. */
export const makeWithFaults = Effect.fnUntraced(function*(
  options: SqliteEventStoreOptions,
  faults: FaultInjection | undefined
): Effect.fn.Return<Store.EventStore["Service"], Store.StoreError, Scope.Scope> {
  const db = yield* Effect.acquireRelease(
    Effect.try({ try: () => openDatabase(options), catch: (cause) => failure("open", undefined, cause) }),
    (db) => Effect.sync(() => {
      if (db.isOpen) db.close()
    })
  )
  const st = yield* Effect.try({ try: () => prepare(db), catch: (cause) => failure("open", undefined, cause) })
  faults?.onOpen?.(db)
  const wakeups = new Wakeups()


  const appendInTransaction = (
    request: Store.AppendRequest,
    encoded: ReadonlyArray<string>,
    recordedAt: string
  ): Result.Result<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError> => {
    const { streamId, idempotency } = request
    if (idempotency !== undefined) {
      const row = st.selectIdempotency.get(idempotency.key)
      if (row !== undefined) {
        const recorded = decodeIdempotency("append", idempotency.key, row)
        return Result.isFailure(recorded) ? Result.fail(recorded.failure) : answerRepeat(streamId, idempotency, recorded.success)
      }
    }
    const current = decodeVersion("append", streamId, (st.selectStreamVersion.get(streamId) as { version?: unknown } | undefined)?.version)
    if (Result.isFailure(current)) return Result.fail(current.failure)
    if (current.success !== request.expectedVersion) {
      return Result.fail(new Store.ConcurrencyError({ streamId, expectedVersion: request.expectedVersion, actualVersion: current.success }))
    }
    const fromVersion = current.success + 1
    const toVersion = current.success + encoded.length
    for (let i = 0; i < encoded.length; i++) {
      const event = request.events[i]!
      st.insertEvent.run(streamId, fromVersion + i, event.type, event.schemaVersion, encoded[i]!, recordedAt)
    }
    if (faults?.failNextAppend === true) {
      faults.failNextAppend = false
      throw new Error("injected fault: the append failed after writing its events")
    }
    // A stream comes into being with its first event: an empty append leaves no streams row.
    if (encoded.length > 0) {
      if (current.success === 0) st.insertStream.run(streamId, request.kind, request.teamId, toVersion)
      else st.updateStreamVersion.run(toVersion, streamId)
    }
    if (idempotency !== undefined) {
      st.insertIdempotency.run(idempotency.key, streamId, idempotency.fingerprint, fromVersion, toVersion)
    }
    return Result.succeed({ streamId, fromVersion, toVersion, duplicate: false })
  }

  type AppendOutcome = Result.Result<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError>

  interface Pending {
    readonly request: Store.AppendRequest
    readonly encoded: ReadonlyArray<string>
    readonly recordedAt: string
    readonly resume: (effect: Effect.Effect<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError>) => void
  }

  // Group commit: appends that arrive while the event loop is busy share one
  // transaction, hence one fsync. Each runs under its own savepoint, so its
  // checks see the appends before it and its failure undoes only its own writes;
  // nobody is answered before the COMMIT is durable.
  let queue: Array<Pending> = []
  let flushScheduled = false

  const rollbackQuietly = (sql: string) => {
    try {
      if (db.isOpen && db.isTransaction) db.exec(sql)
    } catch {
      // The original failure is the one worth reporting.
    }
  }

  const runBatch = (batch: ReadonlyArray<Pending>): Array<AppendOutcome> => {
    const outcomes: Array<AppendOutcome> = []
    try {
      db.exec("BEGIN IMMEDIATE")
    } catch (cause) {
      return batch.map((p) => Result.fail(failure("append", p.request.streamId, cause)))
    }
    const single = batch.length === 1
    for (const p of batch) {
      if (!db.isTransaction) {
        // SQLite rolled the whole transaction back (disk full, I/O error): start over for the rest.
        try {
          db.exec("BEGIN IMMEDIATE")
        } catch (cause) {
          outcomes.push(Result.fail(failure("append", p.request.streamId, cause)))
          continue
        }
      }
      try {
        if (!single) db.exec("SAVEPOINT append")
        const outcome = appendInTransaction(p.request, p.encoded, p.recordedAt)
        if (!single) db.exec(Result.isSuccess(outcome) ? "RELEASE append" : "ROLLBACK TO append; RELEASE append")
        outcomes.push(outcome)
      } catch (cause) {
        if (single) rollbackQuietly("ROLLBACK")
        else rollbackQuietly("ROLLBACK TO append; RELEASE append")
        if (!db.isTransaction) {
          for (let i = 0; i < outcomes.length; i++) {
            if (Result.isSuccess(outcomes[i]!)) {
              outcomes[i] = Result.fail(failure("append", batch[i]!.request.streamId, new Error(
                `rolled back with its commit group after another append failed: ${describe(cause)}`
              )))
            }
          }
        }
        outcomes.push(Result.fail(failure("append", p.request.streamId, cause)))
      }
    }
    if (db.isTransaction) {
      try {
        db.exec(outcomes.some(Result.isSuccess) ? "COMMIT" : "ROLLBACK")
      } catch (cause) {
        rollbackQuietly("ROLLBACK")
        return batch.map((p, i) =>
          Result.isSuccess(outcomes[i]!) ? Result.fail(failure("append", p.request.streamId, cause)) : outcomes[i]!)
      }
    }
    return outcomes
  }

  const flush = () => {
    flushScheduled = false
    const batch = queue
    queue = []
    const outcomes = runBatch(batch)
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i]!
      const p = batch[i]!
      if (Result.isSuccess(outcome)) {
        if (!outcome.success.duplicate && p.encoded.length > 0) wakeups.wake(p.request.streamId)
        p.resume(Effect.succeed(outcome.success))
      } else {
        p.resume(Effect.fail(outcome.failure))
      }
    }
  }

  const append = (request: Store.AppendRequest): Effect.Effect<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      // Encoding happens before queueing so a bad payload never enters a commit group.
      const encoded = encodeEventData(request)
      if (Result.isFailure(encoded)) return Effect.fail(encoded.failure)
      return Effect.callback<Store.AppendResult, Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError>((resume) => {
        queue.push({ request, encoded: encoded.success, recordedAt: new Date(request.recordedAt ?? now).toISOString(), resume })
        if (!flushScheduled) {
          flushScheduled = true
          // After this turn's I/O callbacks: a microtask ran after each request's
          // callback, so under HTTP load every group held one append (one fsync each,
          // measured); now the requests read in the same turn share a commit. A lone
          // caller still waits for nothing but its fsync.
          setImmediate(flush)
        }
      })
    })

  const readPage = (streamId: string, fromVersion: number, limit: number): Effect.Effect<ReadonlyArray<Store.StoredEvent>, Store.StoreError> =>
    Effect.suspend(() => {
      try {
        return fromResult(decodeEvents("read", streamId, fromVersion, st.selectEventsPage.all(streamId, fromVersion, limit)))
      } catch (cause) {
        return Effect.fail(failure("read", streamId, cause))
      }
    })

  const read = (streamId: string, fromVersion?: number): Effect.Effect<ReadonlyArray<Store.StoredEvent>, Store.StoreError> =>
    Effect.suspend(() => {
      const after = afterVersion(fromVersion)
      try {
        return fromResult(decodeEvents("read", streamId, after, st.selectEvents.all(streamId, after)))
      } catch (cause) {
        return Effect.fail(failure("read", streamId, cause))
      }
    })

  const version = (streamId: string): Effect.Effect<number, Store.StoreError> =>
    Effect.suspend(() => {
      try {
        const row = st.selectStreamVersion.get(streamId) as { version?: unknown } | undefined
        return fromResult(decodeVersion("version", streamId, row?.version))
      } catch (cause) {
        return Effect.fail(failure("version", streamId, cause))
      }
    })

  const listStreams = (teamId: string, kind?: Store.StreamKind): Effect.Effect<ReadonlyArray<Store.StreamInfo>, Store.StoreError> =>
    Effect.suspend(() => {
      try {
        const rows = kind === undefined
          ? st.selectStreamsByTeam.all(teamId)
          : st.selectStreamsByTeamAndKind.all(teamId, kind)
        return fromResult(decodeStreams("listStreams", rows))
      } catch (cause) {
        return Effect.fail(failure("listStreams", undefined, cause))
      }
    })

  const findIdempotent = (key: string): Effect.Effect<IdempotencyRecord | undefined, Store.StoreError> =>
    Effect.suspend(() => {
      try {
        const row = st.selectIdempotency.get(key)
        return row === undefined ? Effect.succeed(undefined) : fromResult(decodeIdempotency("findIdempotent", key, row))
      } catch (cause) {
        return Effect.fail(failure("findIdempotent", undefined, cause))
      }
    })

  const subscribe = (streamId: string, fromVersion?: number): Stream.Stream<Store.StoredEvent, Store.StoreError> =>
    subscribeWith(wakeups, readPage, streamId, afterVersion(fromVersion))

  const pollMillis = Duration.toMillis(options.pollInterval ?? Duration.millis(250))
  if (pollMillis > 0) {
    // data_version changes only when *another* connection commits, which is exactly
    // the case the in-process wake-up cannot see (another process on the same file).
    // The baseline is taken now and refreshed on every tick, subscribers or not: a
    // subscriber registers before its first read, so any commit its read missed
    // changes data_version after some tick it is registered for.
    const dataVersion = (): unknown => (st.dataVersion.get() as { data_version?: unknown } | undefined)?.data_version
    let seen = yield* Effect.try({ try: dataVersion, catch: (cause) => failure("open", undefined, cause) })
    const poll = Effect.sync(() => {
      if (!db.isOpen) return
      try {
        const now = dataVersion()
        if (now !== seen) wakeups.wakeAll()
        seen = now
      } catch {
        // A failing file shows up in the subscribers' own reads, as a typed error.
        wakeups.wakeAll()
      }
    })
    yield* Effect.forkScoped(Effect.repeat(poll, Schedule.spaced(pollMillis)))
  }

  return Store.EventStore.of({ append, read, version, listStreams, findIdempotent, subscribe })
})

// The key names one request: the same stream and the same content, or it is a conflict.
const answerRepeat = (
  streamId: string,
  idempotency: Store.Idempotency,
  recorded: IdempotencyRecord
): Result.Result<Store.AppendResult, Store.IdempotencyConflict> =>
  recorded.fingerprint === idempotency.fingerprint && recorded.result.streamId === streamId
    ? Result.succeed({ ...recorded.result, duplicate: true })
    : Result.fail(new Store.IdempotencyConflict({ key: idempotency.key, streamId: recorded.result.streamId }))
