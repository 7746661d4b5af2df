/**
 * Runs a {@link Decider} against the event store: load the stream, decide,
 * append with the loaded version; when another writer got there first,
 * catch up and decide again (a bounded number of times). Two racing
 * commands therefore either both succeed, in some order, or one gets a clear
 * error — the decider's own rejection of the now-changed state, or
 * {@link ConcurrencyRetriesExhausted} — and never overwrite each other.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import type { Decider } from "../Decider.ts"
import { EventStore, IdempotencyConflict } from "./EventStore.ts"
import type { AppendResult, ConcurrencyError, EventDecodeError, StoreError, StreamKind } from "./EventStore.ts"
import type { EventCodec } from "./EventCodec.ts"
import { fingerprintOf } from "./Fingerprint.ts"

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
export type HandleError = ConcurrencyRetriesExhausted | IdempotencyConflict | EventDecodeError | StoreError

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
  /** Attempts before {@link ConcurrencyRetriesExhausted} (default 5). */
  readonly maxAttempts?: number
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
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5)
  const encodeCommand = Schema.encodeUnknownResult(Schema.toCodecJson(options.commandSchema))

  const fingerprint = (command: Command): string => {
    const encoded = encodeCommand(command)
    // A command that fails its own schema is a bug in the caller, not a runtime condition.
    if (Result.isFailure(encoded)) throw new Error(`Command does not satisfy its schema: ${encoded.failure.message}`)
    return fingerprintOf(encoded.success)
  }

  /** Folds the stream's events after `from.version` into `from.state`. */
  const catchUp = Effect.fnUntraced(function*(streamId: string, from: Loaded<State>) {
    const stored = yield* store.read(streamId, from.version)
    const events = yield* Effect.fromResult(codec.decodeAll(stored))
    let state = from.state
    for (const event of events) state = decider.evolve(state, event)
    return { state, version: stored.at(-1)?.version ?? from.version }
  })

  const load = (streamId: string) => catchUp(streamId, { state: decider.initialState, version: 0 })

  /** Rebuilds the first outcome of an idempotent request from the stream itself. */
  const answerRetry = Effect.fnUntraced(function*(streamId: string, result: AppendResult) {
    const stored = (yield* store.read(streamId)).filter((e) => e.version <= result.toVersion)
    const events = yield* Effect.fromResult(codec.decodeAll(stored))
    let state = decider.initialState
    for (const event of events) state = decider.evolve(state, event)
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
    const idempotency = idempotencyKey === undefined
      ? undefined
      : { key: idempotencyKey, fingerprint: yield* Effect.sync(() => fingerprint(request.command)) }
    let loaded: Loaded<State> = { state: decider.initialState, version: 0 }
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
      // The first attempt loads the stream; later ones only read what others appended since.
      loaded = yield* catchUp(streamId, loaded)
      const decided = decider.decide(request.command, loaded.state)
      if (Result.isFailure(decided)) return yield* Effect.fail(decided.failure)
      const events = decided.success
      if (events.length === 0 && idempotency === undefined) {
        return { streamId, events, state: loaded.state, version: loaded.version, fromVersion: loaded.version + 1, duplicate: false }
      }
      const appended = yield* Effect.result(store.append({
        streamId,
        kind: request.kind,
        teamId: request.teamId,
        expectedVersion: loaded.version,
        events: events.map(codec.encode),
        idempotency
      }))
      if (Result.isSuccess(appended)) {
        // Another request with this key won the race between our check and our append.
        if (appended.success.duplicate) return yield* answerRetry(streamId, appended.success)
        let state = loaded.state
        for (const event of events) state = decider.evolve(state, event)
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
      yield* Effect.yieldNow
    }
    return yield* new ConcurrencyRetriesExhausted({ streamId, attempts: maxAttempts })
  })

  return { handle, load }
}
