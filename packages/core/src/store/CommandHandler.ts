/**
 * Runs a {@link Decider} against the event store: load the stream, decide,
 * append with the loaded version; when another writer got there first,
 * catch up and decide again (a bounded number of times). Two racing
 * commands therefore either both succeed, in some order, or one gets a clear
 * error — the decider's own rejection of the now-changed state, or
 * {@link ConcurrencyRetriesExhausted} — and never overwrite each other.
 *
 * The first retry goes at once; later ones wait a short random delay that
 * grows with each lost race (see `retryBackoff`). The delay comes from
 * Effect's `Clock` and `Random` services, so a test can run it on a
 * `TestClock` and a seeded `Random`; a command that does not lose a race
 * twice touches neither.
 *
 * The handler keeps the state of recently used streams (see
 * `StreamStateCache`), so a command on a warm stream folds only what was
 * appended since. A cached state is never trusted on its own: an append
 * carries its version, so the store refuses it when anyone (this process or
 * another one on the same database) wrote since; a rejection or a no-op is
 * returned only after reading the stream's tail.
 *
 * @since 0.1.0
 */
import { Duration, Effect, Random, Result, Schema } from "effect"
import { type Decider, InvalidCommand, makeCommandDecoder, replay } from "../Decider.ts"
import { EventStore, IdempotencyConflict } from "./EventStore.ts"
import type { AppendResult, ConcurrencyError, EventDecodeError, StoreError, StreamKind } from "./EventStore.ts"
import type { EventCodec } from "./EventCodec.ts"
import { canonicalJson, hash128 } from "./Fingerprint.ts"
import { defaultCachedStreams, makeStreamStateCache } from "./StreamStateCache.ts"

/**
 * The stream kept moving under the command: every attempt lost the race.
 * Nothing was written; the caller may try again later.
 *
 * @since 0.1.0
 */
export class ConcurrencyRetriesExhausted extends Schema.TaggedError<ConcurrencyRetriesExhausted>()(
  "ConcurrencyRetriesExhausted",
  {
    streamId: Schema.String,
    attempts: Schema.Number
  }
) {
  override get message(): string {
    return `Stream ${this.streamId} changed under the command on each of ${this.attempts} attempts; nothing was written. Try again.`
  }
}

/**
 * Everything `handle` can fail with besides the decider's own error.
 *
 * @since 0.1.0
 */
export type HandleError = InvalidCommand | ConcurrencyRetriesExhausted | IdempotencyConflict | EventDecodeError | StoreError

/** @since 0.1.0 */
export interface HandleRequest<Command> {
  readonly streamId: string
  readonly kind: StreamKind
  readonly teamId: string
  readonly command: Command
  /**
   * Makes a retry safe: the same key with the same command returns the
   * first outcome without deciding again; with another command it fails
   * with `IdempotencyConflict`.
   */
  readonly idempotencyKey?: string | undefined
  /**
   * What tells a retry under `idempotencyKey` from another command, when the
   * caller has it for less than the command's own fingerprint costs (the
   * encoded command's canonical JSON): e.g. a hash of the request body and
   * options the command was built from, which the caller read anyway. It must
   * differ whenever the command would. Left out, the command's own
   * fingerprint (`Store.fingerprintOf` of it) is used.
   * @since 0.2.0
   */
  readonly fingerprint?: string | undefined
}

/** @since 0.1.0 */
export interface Loaded<State> {
  readonly state: State
  /** The stream's version the state reflects; 0 for a stream without events. */
  readonly version: number
}

/** @since 0.1.0 */
export interface Handled<State, Event> extends Loaded<State> {
  readonly streamId: string
  /** The events the command appended (for a duplicate, the ones its first run appended). */
  readonly events: ReadonlyArray<Event>
  /** Version of the first event in `events` (`version + 1` when there are none). */
  readonly fromVersion: number
  /** True when this answered a retry from the idempotency record. */
  readonly duplicate: boolean
}

/** @since 0.1.0 */
export interface CommandHandlerOptions<State, Command, Event extends { readonly _tag: string }, Err, CommandEncoded> {
  readonly decider: Decider<State, Command, Event, Err>
  readonly codec: EventCodec<Event>
  /** Encodes commands for their idempotency fingerprint. */
  readonly commandSchema: Schema.Codec<Command, CommandEncoded, never, never>
  /**
   * Attempts before {@link ConcurrencyRetriesExhausted} (default 12: with the
   * default `retryBackoff`, at most 196 ms of waiting in all).
   */
  readonly maxAttempts?: number
  /**
   * How long a retry waits after a lost race. The first retry goes at once
   * (usually the state was merely cached before another process's write);
   * the n-th after it waits a random delay between c/2 and c, where
   * c = min(`maxMs`, `baseMs` × 2^(n−1)). Defaults: `baseMs` 4, `maxMs` 24,
   * so with 12 attempts a command gives up after at most
   * 4 + 8 + 16 + 7 × 24 = 196 ms of waiting (and at least half of that).
   * `baseMs: 0` retries at once. The total wait is bounded by
   * (`maxAttempts` − 2) × `maxMs`.
   * @since 0.2.0
   */
  readonly retryBackoff?: {
    readonly baseMs?: number
    readonly maxMs?: number
  }
  /**
   * What of an (encoded) command its idempotency fingerprint covers; default
   * all of it. The store keeps fingerprints, so leave secrets out here.
   * @since 0.2.0
   */
  readonly fingerprintInput?: (encoded: unknown) => unknown
  /**
   * The instant the store records for a command's events, from the state
   * they were decided on; undefined (the default) leaves it to the store's clock.
   * @since 0.2.0
   */
  readonly recordedAt?: (state: State, events: ReadonlyArray<Event>) => number | undefined
  /**
   * How many streams' states the handler keeps, least recently used out
   * first (default 1,000; 0 keeps none and replays every stream per command).
   * @since 0.2.0
   */
  readonly cachedStreams?: number
}

/** @since 0.1.0 */
export interface CommandHandler<State, Command, Event, Err> {
  readonly handle: (request: HandleRequest<Command>) => Effect.Effect<Handled<State, Event>, Err | HandleError>
  readonly load: (streamId: string) => Effect.Effect<Loaded<State>, EventDecodeError | StoreError>
}

/**
 * Builds a command handler on the store in context.
 *
 * @since 0.1.0
 */
export const makeCommandHandler = <State, Command, Event extends { readonly _tag: string }, Err, CommandEncoded>(
  options: CommandHandlerOptions<State, Command, Event, Err, CommandEncoded>
): Effect.Effect<CommandHandler<State, Command, Event, Err>, never, EventStore> =>
  Effect.map(EventStore, (store) => commandHandler(store, options))

// Measured with two processes on one PostgreSQL stream (bench/contention.bench.ts): a loser mostly
// waits for the winner's queued writes to drain, so many short waits find the gap after them
// sooner than a few long ones, and longer waits only grow the loser's own queue.
const defaultMaxAttempts = 12
const defaultRetryBackoff = { baseMs: 4, maxMs: 24 } as const

const nonNegative = (value: number | undefined, fallback: number): number =>
  value === undefined || Number.isNaN(value) ? fallback : Math.max(0, value)

// About a megabyte of canonical JSON: tens of milliseconds to fingerprint, far beyond any retro command.
const largeCommandChars = 1_000_000

/**
 * Builds a command handler on a given store (no context needed).
 *
 * @since 0.1.0
 */
export const commandHandler = <State, Command, Event extends { readonly _tag: string }, Err, CommandEncoded>(
  store: EventStore["Service"],
  options: CommandHandlerOptions<State, Command, Event, Err, CommandEncoded>
): CommandHandler<State, Command, Event, Err> => {
  const { decider, codec } = options
  const maxAttempts = Math.max(1, options.maxAttempts ?? defaultMaxAttempts)
  const baseMs = nonNegative(options.retryBackoff?.baseMs, defaultRetryBackoff.baseMs)
  const maxMs = Math.max(baseMs, nonNegative(options.retryBackoff?.maxMs, defaultRetryBackoff.maxMs))
  /**
   * Waits before retry number `retry` (1 is the first). Two processes appending to one stream keep
   * colliding when the loser retries at once: the winner is usually mid-way through its next write
   * by then. A growing wait outlasts such a burst, and its jitter keeps two losers from retrying
   * in step. The ceiling is doubled from `baseMs`; waiting at least half of it makes the growth
   * (and so the time a burst can be outlasted) certain, not merely likely.
   */
  const backoff = (retry: number): Effect.Effect<void> => {
    if (retry === 1 || baseMs === 0) return Effect.yieldNow
    const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 2))
    return Effect.flatMap(Random.nextBetween(ceiling / 2, ceiling), (ms) => Effect.sleep(Duration.millis(ms)))
  }
  const cache = makeStreamStateCache<State>(options.cachedStreams ?? defaultCachedStreams)
  const empty: Loaded<State> = { state: decider.initialState, version: 0 }
  const encodeCommand = Schema.encodeUnknownResult(Schema.toCodecJson(options.commandSchema))
  const decodeCommand = makeCommandDecoder(options.commandSchema).decode

  /** The command's fingerprint (`Store.fingerprintOf`), and how long its canonical text is. */
  const fingerprint = (command: Command): { readonly fingerprint: string; readonly size: number } => {
    const encoded = encodeCommand(command)
    // A command that fails its own schema is a bug in the caller, not a runtime condition.
    if (Result.isFailure(encoded)) throw new Error(`Command does not satisfy its schema: ${encoded.failure.message}`)
    const text = canonicalJson(options.fingerprintInput === undefined ? encoded.success : options.fingerprintInput(encoded.success))
    return { fingerprint: hash128(text), size: text.length }
  }

  /** Folds the stream's events after `from.version` into `from.state`, and remembers the result. */
  const catchUp = Effect.fnUntraced(function*(streamId: string, from: Loaded<State>) {
    const stored = yield* store.read(streamId, from.version)
    if (stored.length === 0) return from
    const events = yield* Effect.fromResult(codec.decodeAll(stored))
    const caughtUp: Loaded<State> = { state: replay(decider, events, from.state), version: stored.at(-1)!.version }
    cache.remember(streamId, caughtUp)
    return caughtUp
  })

  const load = (streamId: string) => catchUp(streamId, cache.get(streamId) ?? empty)

  /** Rebuilds the first outcome of an idempotent request from the stream itself. */
  const answerRetry = Effect.fnUntraced(function*(streamId: string, result: AppendResult) {
    const stored = (yield* store.read(streamId)).filter((e) => e.version <= result.toVersion)
    const events = yield* Effect.fromResult(codec.decodeAll(stored))
    const cached = cache.get(streamId)
    const state = cached?.version === result.toVersion ? cached.state : replay(decider, events)
    const handled: Handled<State, Event> = {
      streamId,
      state,
      version: result.toVersion,
      fromVersion: result.fromVersion,
      events: events.slice(result.fromVersion - 1),
      duplicate: true
    }
    return handled
  })

  const handle = Effect.fnUntraced(function*(
    request: HandleRequest<Command>
  ): Effect.fn.Return<Handled<State, Event>, Err | HandleError> {
    const { streamId, idempotencyKey } = request
    // The boundary: whatever arrives (typed callers can still be handed JSON) is decoded before
    // anything is read or written, so a malformed command is a typed InvalidCommand, never a defect.
    const decoded = decodeCommand(request.command)
    if (Result.isFailure(decoded)) return yield* Effect.fail(decoded.failure)
    const command = decoded.success
    let idempotency: { readonly key: string; readonly fingerprint: string } | undefined
    if (idempotencyKey !== undefined && request.fingerprint !== undefined) {
      idempotency = { key: idempotencyKey, fingerprint: request.fingerprint }
    } else if (idempotencyKey !== undefined) {
      const printed = fingerprint(command)
      idempotency = { key: idempotencyKey, fingerprint: printed.fingerprint }
      // Fingerprinting a large command (a history import) takes as long as handling it: let whatever
      // else the process serves run in between, rather than wait for both in one step.
      if (printed.size > largeCommandChars) yield* Effect.yieldNow
    }
    // A cached state may be behind the store; `current` says whether this request has read the
    // stream's tail since, which a rejection or a no-op needs (an append checks the version itself).
    const cached = cache.get(streamId)
    let loaded: Loaded<State> = cached ?? empty
    let current = false
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (idempotency !== undefined) {
        // Answer a retry from the record before deciding: the state may have moved on since.
        const seen = yield* store.findIdempotent(idempotency.key)
        if (seen !== undefined) {
          if (seen.fingerprint !== idempotency.fingerprint || seen.result.streamId !== streamId) {
            return yield* new IdempotencyConflict({ key: idempotency.key, streamId: seen.result.streamId })
          }
          return yield* answerRetry(streamId, seen.result)
        }
      }
      if (loaded.version === 0 && !current) {
        loaded = yield* catchUp(streamId, loaded)
        current = true
      }
      let decided = decider.decide(command, loaded.state)
      let events = Result.isSuccess(decided) ? decided.success : []
      while (!current && (Result.isFailure(decided) || (events.length === 0 && idempotency === undefined))) {
        // Nothing to append would expose a stale state: read the tail, and decide again if it moved.
        const before = loaded.version
        loaded = yield* catchUp(streamId, loaded)
        current = true
        if (loaded.version !== before) {
          decided = decider.decide(command, loaded.state)
          events = Result.isSuccess(decided) ? decided.success : []
        }
      }
      if (Result.isFailure(decided)) return yield* Effect.fail(decided.failure)
      if (events.length === 0 && idempotency === undefined) {
        return { streamId, events, state: loaded.state, version: loaded.version, fromVersion: loaded.version + 1, duplicate: false }
      }
      const appended = yield* Effect.result(store.append({
        streamId,
        kind: request.kind,
        teamId: request.teamId,
        expectedVersion: loaded.version,
        events: events.map(codec.encode),
        idempotency,
        recordedAt: options.recordedAt?.(loaded.state, events)
      }))
      if (Result.isSuccess(appended)) {
        // Another request with this key won the race between our check and our append.
        if (appended.success.duplicate) return yield* answerRetry(streamId, appended.success)
        const state = replay(decider, events, loaded.state)
        cache.remember(streamId, { state, version: appended.success.toVersion })
        return {
          streamId,
          events,
          state,
          version: appended.success.toVersion,
          fromVersion: appended.success.fromVersion,
          duplicate: false
        }
      }
      const failure: ConcurrencyError | IdempotencyConflict | StoreError = appended.failure
      if (failure._tag !== "ConcurrencyError") return yield* Effect.fail(failure)
      // Wait before reading, so the retry decides on whatever the other writer appended meanwhile too.
      if (attempt < maxAttempts) yield* backoff(attempt)
      // Another writer got there first: later attempts fold only what it appended.
      loaded = yield* catchUp(streamId, loaded)
      current = true
    }
    return yield* new ConcurrencyRetriesExhausted({ streamId, attempts: maxAttempts })
  })

  return { handle, load }
}
