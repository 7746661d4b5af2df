/**
 * The in-process event store: the default for tests and for embedding
 * RetroBridge where durability is the host's business.
 *
 * Every operation is one synchronous critical section. JavaScript runs one
 * fiber at a time and nothing here yields mid-operation, so an append is
 * atomic with respect to every other fiber without locks: validation first,
 * then all writes, then delivery to subscribers.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Queue, Stream } from "effect"
import type { Cause } from "effect"
import { Store } from "@retrobridge/core"

type Subscriber = Queue.Queue<Store.StoredEvent, Store.StoreError | Cause.Done>

interface StreamState {
  readonly streamId: string
  readonly kind: Store.StreamKind
  readonly teamId: string
  // Grows by push only: an append costs O(batch), never O(stream).
  readonly events: Array<Store.StoredEvent>
}

interface IdempotencyRecord {
  readonly fingerprint: string
  readonly result: Store.AppendResult
}

type AppendError = Store.ConcurrencyError | Store.IdempotencyConflict | Store.StoreError

/**
 * Test hooks of a memory store (see {@link makeWithFaults}).
 *
 * @since 0.1.0
 */
export interface MemoryEventStoreFaults {
  /** The next append fails with a `Store.StoreError` and writes nothing, as a full or read-only database would. */
  readonly failNextAppend: Effect.Effect<void>
}

/**
 * Copies a payload through JSON, so what is stored is exactly what a durable
 * adapter would return (and later mutation of the caller's object cannot
 * reach the store). Fails on values JSON cannot represent.
 */
const toJson = (data: unknown): unknown => {
  const text = JSON.stringify(data)
  if (text === undefined) throw new TypeError(`${typeof data} is not a JSON value`)
  return JSON.parse(text)
}

/**
 * A fresh, empty store and its fault hooks. Use {@link make} unless a test
 * needs the hooks.
 *
 * @since 0.1.0
 */
export const makeWithFaults: Effect.Effect<{
  readonly store: Store.EventStore["Service"]
  readonly faults: MemoryEventStoreFaults
}> = Effect.sync(() => {
  const streams = new Map<string, StreamState>()
  const byTeam = new Map<string, Array<StreamState>>()
  const idempotency = new Map<string, IdempotencyRecord>()
  // Kept apart from `streams` so one can subscribe to a stream before its first event.
  const subscribers = new Map<string, Set<Subscriber>>()
  let failNextAppend = false
  // Formatting a date costs as much as the rest of an append; one string per millisecond is enough.
  let lastMillis = -1
  let lastIso = ""
  const isoNow = (): string => {
    const now = Date.now()
    if (now !== lastMillis) {
      lastMillis = now
      lastIso = new Date(now).toISOString()
    }
    return lastIso
  }

  const appendSync = (request: Store.AppendRequest): Store.AppendResult | AppendError => {
    const { streamId, idempotency: idem } = request
    if (idem !== undefined) {
      const seen = idempotency.get(idem.key)
      if (seen !== undefined) {
        // Checked before the version: a retry always carries a stale expected version.
        return seen.fingerprint === idem.fingerprint && seen.result.streamId === streamId
          ? { ...seen.result, duplicate: true }
          : new Store.IdempotencyConflict({ key: idem.key, streamId: seen.result.streamId })
      }
    }
    const stream = streams.get(streamId)
    const actualVersion = stream === undefined ? 0 : stream.events.length
    if (request.expectedVersion !== actualVersion) {
      return new Store.ConcurrencyError({ streamId, expectedVersion: request.expectedVersion, actualVersion })
    }
    if (failNextAppend) {
      failNextAppend = false
      return new Store.StoreError({ operation: "append", streamId, reason: "injected fault: storage unavailable" })
    }
    const count = request.events.length
    const result: Store.AppendResult = {
      streamId,
      fromVersion: actualVersion + 1,
      toVersion: actualVersion + count,
      duplicate: false
    }
    if (count > 0) {
      // Encode the whole batch before touching state, so a bad payload leaves nothing half-written.
      const recordedAt = request.recordedAt === undefined ? isoNow() : new Date(request.recordedAt).toISOString()
      const batch: Array<Store.StoredEvent> = new Array(count)
      for (let i = 0; i < count; i++) {
        const e = request.events[i]!
        let data: unknown
        try {
          data = toJson(e.data)
        } catch (cause) {
          return new Store.StoreError({
            operation: "append",
            streamId,
            reason: `event ${i} (${e.type}) has a payload that is not JSON`,
            cause
          })
        }
        batch[i] = {
          streamId,
          version: actualVersion + 1 + i,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data,
          recordedAt
        }
      }
      let target = stream
      if (target === undefined) {
        target = { streamId, kind: request.kind, teamId: request.teamId, events: [] }
        streams.set(streamId, target)
        const team = byTeam.get(request.teamId)
        if (team === undefined) byTeam.set(request.teamId, [target])
        else team.push(target)
      }
      for (let i = 0; i < count; i++) target.events.push(batch[i]!)
      const live = subscribers.get(streamId)
      if (live !== undefined) for (const queue of live) Queue.offerAllUnsafe(queue, batch)
    }
    if (idem !== undefined) idempotency.set(idem.key, { fingerprint: idem.fingerprint, result })
    return result
  }

  const append = (request: Store.AppendRequest): Effect.Effect<Store.AppendResult, AppendError> =>
    Effect.suspend(() => {
      const out = appendSync(request)
      return "_tag" in out ? Effect.fail(out) : Effect.succeed(out)
    })

  const readSync = (streamId: string, fromVersion: number): ReadonlyArray<Store.StoredEvent> => {
    const events = streams.get(streamId)?.events
    // Versions are gapless from 1, so version v sits at index v - 1.
    return events === undefined ? [] : events.slice(Math.max(0, Math.floor(fromVersion)))
  }

  const subscribe = (streamId: string, fromVersion = 0): Stream.Stream<Store.StoredEvent, Store.StoreError> =>
    Stream.callback<Store.StoredEvent, Store.StoreError>((queue) =>
      Effect.acquireRelease(
        // Catch-up and registration in one synchronous step: no append can land between them,
        // so nothing is missed and nothing is delivered twice.
        Effect.sync(() => {
          Queue.offerAllUnsafe(queue, readSync(streamId, fromVersion))
          const set = subscribers.get(streamId)
          if (set === undefined) subscribers.set(streamId, new Set([queue]))
          else set.add(queue)
        }),
        () =>
          Effect.sync(() => {
            const set = subscribers.get(streamId)
            set?.delete(queue)
            if (set?.size === 0) subscribers.delete(streamId)
          })
      )
    ).pipe(
      // Live events are pushed to every subscriber of the stream; one that starts ahead of the
      // stream's current version must not see the events before its starting point.
      Stream.filter((e) => e.version > fromVersion)
    )

  const store = Store.EventStore.of({
    append,
    read: (streamId, fromVersion = 0) => Effect.sync(() => readSync(streamId, fromVersion)),
    version: (streamId) => Effect.sync(() => streams.get(streamId)?.events.length ?? 0),
    listStreams: (teamId, kind) =>
      Effect.sync(() => {
        const out: Array<Store.StreamInfo> = []
        for (const s of byTeam.get(teamId) ?? []) {
          if (kind === undefined || s.kind === kind) {
            out.push({ streamId: s.streamId, kind: s.kind, teamId: s.teamId, version: s.events.length })
          }
        }
        return out
      }),
    findIdempotent: (key) => Effect.sync(() => idempotency.get(key)),
    subscribe
  })
  return { store, faults: { failNextAppend: Effect.sync(() => { failNextAppend = true }) } }
})

/**
 * A fresh, empty in-memory store.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<Store.EventStore["Service"]> = Effect.map(makeWithFaults, ({ store }) => store)

/**
 * A layer providing a fresh in-memory {@link Store.EventStore} each time it is built.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<Store.EventStore> = Layer.effect(Store.EventStore, make)
