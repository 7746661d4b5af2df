/**
 * Turns a stream's domain events into the store's JSON rows and back, with
 * schema evolution: every row carries the schema version it was written
 * with, and older rows are upcast step by step before decoding.
 *
 * Decoding never skips: an event that cannot be read (unknown type, a
 * schema version newer than this code, a payload that fails its schema, a
 * throwing upcaster) is an {@link EventDecodeError} naming the stream and
 * version, because silently dropping one event would silently change the
 * state every later decision is made on.
 *
 * @since 0.1.0
 */
import { Predicate, Result, Schema } from "effect"
import { EventDecodeError } from "./EventStore.ts"
import type { NewEvent, StoredEvent } from "./EventStore.ts"

/**
 * An event's raw form between schema versions: the type name and the JSON
 * payload (the encoded event without its `_tag`).
 *
 * @since 0.1.0
 */
export interface RawEvent {
  readonly type: string
  readonly data: unknown
}

/**
 * Rewrites a raw event of schema version `n` into version `n + 1`. It may
 * rename the type. It sees every event type, so it returns the events it
 * does not care about unchanged. Throwing is a decode failure, reported
 * with the thrown message.
 *
 * @since 0.1.0
 */
export type Upcaster = (event: RawEvent) => RawEvent

/**
 * @since 0.1.0
 */
export interface EventCodecOptions<Event extends { readonly _tag: string }, Encoded> {
  /** The union of the stream's events, each tagged by `_tag`. */
  readonly schema: Schema.Codec<Event, Encoded, never, never>
  /** The schema version new events are written with; starts at 1. */
  readonly currentVersion: number
  /**
   * `upcasters[n]` lifts version `n` to `n + 1`; one for every `n` from 1 to
   * `currentVersion - 1` that stored data may still carry. A missing step is
   * reported when a row needs it, not up front: a store that never held that
   * version works without it.
   */
  readonly upcasters?: { readonly [fromVersion: number]: Upcaster }
}

/**
 * @since 0.1.0
 */
export interface EventCodec<Event extends { readonly _tag: string }> {
  readonly currentVersion: number
  /** The row for a new event. Throws only for an event that violates its own schema: a bug in the caller. */
  readonly encode: (event: Event) => NewEvent
  /** One stored event, upcast to the current version and decoded. */
  readonly decode: (stored: StoredEvent) => Result.Result<Event, EventDecodeError>
  /** A whole stream slice, failing at the first event that cannot be decoded. */
  readonly decodeAll: (stored: ReadonlyArray<StoredEvent>) => Result.Result<Array<Event>, EventDecodeError>
}

const knownTags = (schema: Schema.Top): ReadonlySet<string> | undefined => {
  // A tagged union names its cases; for other shapes the schema itself decides what it knows.
  const cases = (schema as { readonly cases?: unknown }).cases
  if (Predicate.isObject(cases)) return new Set(Object.keys(cases))
  if (schema.ast._tag !== "Union") return undefined
  try {
    return new Set(Object.keys(Schema.toTaggedUnion("_tag")(schema as never).cases))
  } catch {
    return undefined
  }
}

/**
 * Builds the codec of one stream kind's events.
 *
 * @since 0.1.0
 */
export const makeEventCodec = <Event extends { readonly _tag: string }, Encoded>(
  options: EventCodecOptions<Event, Encoded>
): EventCodec<Event> => {
  const { currentVersion } = options
  if (!Number.isInteger(currentVersion) || currentVersion < 1) {
    throw new RangeError(`currentVersion must be an integer >= 1, got ${currentVersion}`)
  }
  const upcasters = options.upcasters ?? {}
  // The JSON codec makes encoded payloads plain JSON even when fields are dates, bigints, etc.
  const json = Schema.toCodecJson(options.schema)
  const encodeJson = Schema.encodeUnknownResult(json)
  const decodeJson = Schema.decodeUnknownResult(json)
  const tags = knownTags(options.schema)
  // Encoding through the union first finds the event's case; the handler encodes every event it
  // appends, so each tagged case gets its own encoder (same output, about half the cost).
  const cases = (options.schema as { readonly cases?: Readonly<Record<string, Schema.Top>> }).cases
  const caseEncoders = new Map<string, (event: unknown) => Result.Result<unknown, { readonly message: string }>>()
  const encoderFor = (tag: string) => {
    const schema = Predicate.isObject(cases) ? cases[tag] : undefined
    if (schema === undefined) return encodeJson
    let encoder = caseEncoders.get(tag)
    if (encoder === undefined) {
      encoder = Schema.encodeUnknownResult(Schema.toCodecJson(schema as Schema.Codec<unknown, unknown, never, never>))
      caseEncoders.set(tag, encoder)
    }
    return encoder
  }

  const encode = (event: Event): NewEvent => {
    const encoded = encoderFor(event._tag)(event)
    if (Result.isFailure(encoded)) {
      throw new Error(`Event ${event._tag} does not satisfy its schema: ${encoded.failure.message}`)
    }
    const { _tag, ...data } = encoded.success as { readonly _tag: string }
    return { type: _tag, schemaVersion: currentVersion, data }
  }

  const decode = (stored: StoredEvent): Result.Result<Event, EventDecodeError> => {
    const fail = (reason: string) =>
      Result.fail(
        new EventDecodeError({
          streamId: stored.streamId,
          version: stored.version,
          type: stored.type,
          schemaVersion: stored.schemaVersion,
          reason
        })
      )
    const from = stored.schemaVersion
    if (!Number.isInteger(from) || from < 1) return fail(`schema version ${from} is not a positive integer`)
    if (from > currentVersion) {
      return fail(
        `it was written with schema v${from}, but this code reads up to v${currentVersion}: upgrade the application`
      )
    }
    let raw: RawEvent = { type: stored.type, data: stored.data }
    for (let v = from; v < currentVersion; v++) {
      const up = upcasters[v]
      if (up === undefined) return fail(`no upcaster from schema v${v} to v${v + 1}`)
      try {
        raw = up(raw)
      } catch (cause) {
        return fail(`upcaster v${v}→v${v + 1} failed: ${cause instanceof Error ? cause.message : String(cause)}`)
      }
    }
    if (tags !== undefined && !tags.has(raw.type)) {
      return fail(`unknown event type "${raw.type}" (known: ${[...tags].join(", ")})`)
    }
    if (!Predicate.isObject(raw.data) || Array.isArray(raw.data)) {
      return fail(`payload is ${raw.data === null ? "null" : Array.isArray(raw.data) ? "an array" : typeof raw.data}, not an object`)
    }
    const decoded = decodeJson({ ...raw.data, _tag: raw.type })
    return Result.isSuccess(decoded) ? Result.succeed(decoded.success) : fail(decoded.failure.message)
  }

  const decodeAll = (stored: ReadonlyArray<StoredEvent>): Result.Result<Array<Event>, EventDecodeError> => {
    const out: Array<Event> = new Array(stored.length)
    for (let i = 0; i < stored.length; i++) {
      const r = decode(stored[i]!)
      if (Result.isFailure(r)) return Result.fail(r.failure)
      out[i] = r.success
    }
    return Result.succeed(out)
  }

  return { currentVersion, encode, decode, decodeAll }
}
