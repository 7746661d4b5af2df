/**
 * A deliberately naive, obviously-correct event store. It is the reference
 * model the conformance suite compares adapters against, and a store the
 * core's own tests can run on without depending on an adapter package.
 * It favours clarity over speed: use `@retrobridge/adapter-memory` for real
 * in-process use.
 *
 * @since 0.1.0
 */
import { Effect, Queue, Result, Stream } from "effect"
import type { Cause } from "effect"
import {
  ConcurrencyError,
  EventStore,
  IdempotencyConflict,
  StoreError
} from "../store/EventStore.ts"
import type {
  AppendRequest,
  AppendResult,
  StoredEvent,
  StreamInfo,
  StreamKind
} from "../store/EventStore.ts"

interface ModelStream {
  readonly kind: StreamKind
  readonly teamId: string
  readonly events: Array<StoredEvent>
}

interface ModelIdempotency {
  readonly fingerprint: string
  readonly result: AppendResult
}

/**
 * JSON-normalises a payload the way every durable adapter does (undefined
 * fields dropped, `-0` to `0`, dates to strings), so the model predicts what
 * a read returns rather than what was passed in. Throws on what JSON cannot
 * represent (bigints, cycles, a bare `undefined`).
 *
 * @since 0.1.0
 */
export const normalizeJson = (data: unknown): unknown => {
  const text = JSON.stringify(data)
  if (text === undefined) throw new TypeError(`${typeof data} is not a JSON value`)
  return JSON.parse(text)
}

/**
 * The pure rules of the port, as a synchronous state machine. Every adapter
 * must behave like this model; the conformance suite checks it does.
 *
 * Rule order in `append` matters and is part of the contract: the
 * idempotency key is checked before the expected version, because a retried
 * request necessarily carries a stale expected version and must still be
 * answered with its original result.
 *
 * @since 0.1.0
 */
export class ReferenceModel {
  readonly streams = new Map<string, ModelStream>()
  readonly idempotency = new Map<string, ModelIdempotency>()

  /** @since 0.1.0 */
  append(
    request: AppendRequest,
    recordedAt: string
  ): Result.Result<AppendResult, ConcurrencyError | IdempotencyConflict | StoreError> {
    const { streamId, idempotency } = request
    if (idempotency !== undefined) {
      const seen = this.idempotency.get(idempotency.key)
      if (seen !== undefined) {
        // The key names one request: same stream and same content, or it is a conflict.
        return seen.fingerprint === idempotency.fingerprint && seen.result.streamId === streamId
          ? Result.succeed({ ...seen.result, duplicate: true })
          : Result.fail(new IdempotencyConflict({ key: idempotency.key, streamId: seen.result.streamId }))
      }
    }
    const stream = this.streams.get(streamId)
    const actualVersion = stream?.events.length ?? 0
    if (request.expectedVersion !== actualVersion) {
      return Result.fail(new ConcurrencyError({ streamId, expectedVersion: request.expectedVersion, actualVersion }))
    }
    const payloads: Array<unknown> = []
    for (const [i, e] of request.events.entries()) {
      // Validate the whole batch before writing any of it.
      try {
        payloads.push(normalizeJson(e.data))
      } catch (cause) {
        return Result.fail(
          new StoreError({ operation: "append", streamId, reason: `event ${i} (${e.type}) has a payload that is not JSON`, cause })
        )
      }
    }
    const result: AppendResult = {
      streamId,
      fromVersion: actualVersion + 1,
      toVersion: actualVersion + request.events.length,
      duplicate: false
    }
    if (request.events.length > 0) {
      // A stream comes into being with its first event; an empty append leaves no trace.
      const target = stream ?? { kind: request.kind, teamId: request.teamId, events: [] }
      if (stream === undefined) this.streams.set(streamId, target)
      request.events.forEach((event, i) => {
        target.events.push({
          streamId,
          version: actualVersion + 1 + i,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: payloads[i],
          recordedAt
        })
      })
    }
    if (idempotency !== undefined) {
      this.idempotency.set(idempotency.key, { fingerprint: idempotency.fingerprint, result })
    }
    return Result.succeed(result)
  }

  /** @since 0.1.0 */
  read(streamId: string, fromVersion = 0): ReadonlyArray<StoredEvent> {
    return (this.streams.get(streamId)?.events ?? []).filter((e) => e.version > fromVersion)
  }

  /** @since 0.1.0 */
  version(streamId: string): number {
    return this.streams.get(streamId)?.events.length ?? 0
  }

  /** Sorted by stream id, so results compare directly. @since 0.1.0 */
  listStreams(teamId: string, kind?: StreamKind): ReadonlyArray<StreamInfo> {
    const out: Array<StreamInfo> = []
    for (const [streamId, s] of this.streams) {
      if (s.teamId === teamId && (kind === undefined || s.kind === kind)) {
        out.push({ streamId, kind: s.kind, teamId: s.teamId, version: s.events.length })
      }
    }
    return out.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0))
  }

  /** @since 0.1.0 */
  findIdempotent(key: string): ModelIdempotency | undefined {
    return this.idempotency.get(key)
  }
}

/**
 * Knobs that let the conformance suite's fault tests run against the
 * reference store itself.
 *
 * @since 0.1.0
 */
export interface ReferenceEventStoreFaults {
  /** The next append fails with a `StoreError` and writes nothing. */
  readonly failNextAppend: Effect.Effect<void>
}

/**
 * A fresh reference store and its fault knobs.
 *
 * @since 0.1.0
 */
export const makeReferenceEventStore: Effect.Effect<{
  readonly store: EventStore["Service"]
  readonly model: ReferenceModel
  readonly faults: ReferenceEventStoreFaults
}> = Effect.sync(() => {
  const model = new ReferenceModel()
  const subscribers = new Map<string, Set<Queue.Queue<StoredEvent, Cause.Done>>>()
  let failNext = false

  const append = (request: AppendRequest) =>
    Effect.suspend((): Effect.Effect<AppendResult, ConcurrencyError | IdempotencyConflict | StoreError> => {
      if (failNext) {
        failNext = false
        return Effect.fail(
          new StoreError({ operation: "append", streamId: request.streamId, reason: "injected fault" })
        )
      }
      const before = model.version(request.streamId)
      const result = model.append(request, new Date(request.recordedAt ?? Date.now()).toISOString())
      if (Result.isSuccess(result) && !result.success.duplicate) {
        const fresh = model.read(request.streamId, before)
        for (const queue of subscribers.get(request.streamId) ?? []) Queue.offerAllUnsafe(queue, fresh)
      }
      return Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)
    })

  const subscribe = (streamId: string, fromVersion = 0) =>
    Stream.callback<StoredEvent>((queue) =>
      Effect.acquireRelease(
        // Catch-up and registration happen in one synchronous step, so no append can fall between them.
        Effect.sync(() => {
          Queue.offerAllUnsafe(queue, model.read(streamId, fromVersion))
          const set = subscribers.get(streamId) ?? new Set()
          set.add(queue)
          subscribers.set(streamId, set)
        }),
        () => Effect.sync(() => subscribers.get(streamId)?.delete(queue))
      )
    ).pipe(Stream.filter((e) => e.version > fromVersion))

  const store = EventStore.of({
    append,
    read: (streamId, fromVersion) => Effect.sync(() => model.read(streamId, fromVersion)),
    version: (streamId) => Effect.sync(() => model.version(streamId)),
    listStreams: (teamId, kind) => Effect.sync(() => model.listStreams(teamId, kind)),
    findIdempotent: (key) => Effect.sync(() => model.findIdempotent(key)),
    subscribe
  })
  return {
    store,
    model,
    faults: { failNextAppend: Effect.sync(() => { failNext = true }) }
  }
})
