/**
 * The storage port: an append-only event store for the core's streams
 * (teams, retros, estimate logs). Adapters implement {@link EventStore};
 * `@retrobridge/store-conformance` holds the conformance suite every adapter runs.
 *
 * The store is deliberately ignorant of the domain: it keeps JSON-encoded
 * event payloads tagged with a type and a schema version. Decoding, upcasting
 * and deciding happen above it (see `CommandHandler`), so one adapter serves
 * every stream kind, including ones added later.
 *
 * @since 0.1.0
 */
import { Context, Schema } from "effect"
import type { Effect, Stream } from "effect"

/**
 * What a stream holds. A team has several retro and estimate-log streams;
 * `listStreams` finds them by team.
 *
 * @since 0.1.0
 */
export const StreamKind = Schema.Literals(["team", "retro", "estimates"])
/** @since 0.1.0 */
export type StreamKind = typeof StreamKind.Type

/**
 * An event about to be appended. `data` is the event's JSON-encoded form
 * (what `Schema.encode` produced), never a class instance.
 *
 * @since 0.1.0
 */
export interface NewEvent {
  readonly type: string
  readonly schemaVersion: number
  readonly data: unknown
}

/**
 * An event as the store keeps it. Versions start at 1 and are gapless
 * within a stream.
 *
 * @since 0.1.0
 */
export interface StoredEvent extends NewEvent {
  readonly streamId: string
  readonly version: number
  /** ISO-8601 instant the store accepted the append (store clock, informational only). */
  readonly recordedAt: string
}

/**
 * Idempotency for one append. `fingerprint` identifies the request's content
 * (callers hash the command); the same key with another fingerprint is a
 * conflict, never a silent success. Keys are unique across the whole store.
 *
 * @since 0.1.0
 */
export interface Idempotency {
  readonly key: string
  readonly fingerprint: string
}

/** @since 0.1.0 */
export interface AppendRequest {
  readonly streamId: string
  readonly kind: StreamKind
  readonly teamId: string
  /** The version the caller last saw: 0 for a stream that must not exist yet. */
  readonly expectedVersion: number
  readonly events: ReadonlyArray<NewEvent>
  readonly idempotency?: Idempotency | undefined
  /**
   * The instant to record as the events' `recordedAt` (epoch milliseconds)
   * instead of the store's clock. The retro handler passes the current
   * phase's start for cards and votes, so that no row carries the instant
   * someone wrote or voted (see docs/decisions/0002).
   * @since 0.2.0
   */
  readonly recordedAt?: number | undefined
}

/**
 * The outcome of an append. `duplicate` is true when the idempotency key had
 * been seen with the same fingerprint: nothing was appended and the original
 * result is returned.
 *
 * @since 0.1.0
 */
export interface AppendResult {
  readonly streamId: string
  /** Version of the first appended event (equals `toVersion + 1` when nothing was appended). */
  readonly fromVersion: number
  /** The stream's version after the append. */
  readonly toVersion: number
  readonly duplicate: boolean
}

/** @since 0.1.0 */
export interface StreamInfo {
  readonly streamId: string
  readonly kind: StreamKind
  readonly teamId: string
  readonly version: number
}

/**
 * The stream's version was not what the caller expected: someone else
 * appended first. Reload, re-decide, and append again.
 *
 * @since 0.1.0
 */
export class ConcurrencyError extends Schema.TaggedError<ConcurrencyError>()("ConcurrencyError", {
  streamId: Schema.String,
  expectedVersion: Schema.Number,
  actualVersion: Schema.Number
}) {
  override get message(): string {
    return `Stream ${this.streamId} is at version ${this.actualVersion}, not ${this.expectedVersion}: another write landed first. Reload the stream and retry the command.`
  }
}

/**
 * An idempotency key was reused for a different request.
 *
 * @since 0.1.0
 */
export class IdempotencyConflict extends Schema.TaggedError<IdempotencyConflict>()("IdempotencyConflict", {
  key: Schema.String,
  streamId: Schema.String
}) {
  override get message(): string {
    return `Idempotency key "${this.key}" was already used for a different request (on stream ${this.streamId}). Use a fresh key for a new command.`
  }
}

/**
 * The storage itself failed: unreachable, read-only, full, or a row that is
 * not what this store wrote. `operation` names what was being done.
 *
 * @since 0.1.0
 */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  operation: Schema.String,
  streamId: Schema.optional(Schema.String),
  reason: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  override get message(): string {
    return `Store failed during ${this.operation}${this.streamId === undefined ? "" : ` on stream ${this.streamId}`}: ${this.reason}`
  }
}

/**
 * A stored event that cannot be decoded (unknown type, unknown schema
 * version, or a payload that fails its schema). Raised loudly: an event is
 * never skipped, because skipping one would silently change the state.
 *
 * @since 0.1.0
 */
export class EventDecodeError extends Schema.TaggedError<EventDecodeError>()("EventDecodeError", {
  streamId: Schema.String,
  version: Schema.Number,
  type: Schema.String,
  schemaVersion: Schema.Number,
  reason: Schema.String
}) {
  override get message(): string {
    return `Event ${this.type} (schema v${this.schemaVersion}) at ${this.streamId}@${this.version} cannot be decoded: ${this.reason}`
  }
}

/**
 * The event store port.
 *
 * Rules every adapter keeps (the conformance suite checks each):
 * - `append` is atomic: all of `events` or none, in one transaction.
 * - `expectedVersion` must equal the stream's version, else `ConcurrencyError`.
 * - an empty append with the right version changes nothing; versions never go back.
 * - with `idempotency`, a repeated key + fingerprint returns the first result and appends nothing;
 *   a repeated key with another fingerprint fails with `IdempotencyConflict`.
 * - `read(streamId, fromVersion)` returns the events with `version > fromVersion`, in order.
 * - `subscribe(streamId, fromVersion)` emits the events after `fromVersion` (first the stored
 *   ones, then new ones as they are appended, by this or any other instance sharing the storage),
 *   each exactly once, in version order, without end.
 *
 * Details the conformance suite pins down (and `ReferenceModel` in
 * `@retrobridge/core/testing` implements):
 * - the idempotency key is checked BEFORE the expected version: a retry carries a stale
 *   version and must still get its original result (`duplicate: true`, same versions);
 * - a key belongs to one stream: the same key on another stream is an `IdempotencyConflict`
 *   (naming the stream that owns the key), whatever the fingerprint;
 * - only successful appends record their key (empty ones too); a failed append records nothing;
 * - a stream exists once it has an event: an empty append on a new stream leaves no trace
 *   (`listStreams` does not show it); `kind` and `teamId` are fixed by the first event's append;
 * - `listStreams` order is unspecified;
 * - `data` must be JSON: what is read back equals `JSON.parse(JSON.stringify(data))`
 *   (object key order aside); a payload that is not JSON is a `StoreError`;
 * - a subscription may start at a version the stream has not reached yet, or on a stream that
 *   does not exist yet; it emits nothing until events after `fromVersion` exist;
 * - a stored row the adapter cannot read back (corrupted, foreign) fails `read` and `subscribe`
 *   with a `StoreError` naming the stream; it is never skipped.
 *
 * @since 0.1.0
 */
export class EventStore extends Context.Service<EventStore, {
  readonly append: (request: AppendRequest) => Effect.Effect<AppendResult, ConcurrencyError | IdempotencyConflict | StoreError>
  readonly read: (streamId: string, fromVersion?: number) => Effect.Effect<ReadonlyArray<StoredEvent>, StoreError>
  /** The stream's current version; 0 when it does not exist. */
  readonly version: (streamId: string) => Effect.Effect<number, StoreError>
  readonly listStreams: (teamId: string, kind?: StreamKind) => Effect.Effect<ReadonlyArray<StreamInfo>, StoreError>
  /** The recorded result of an idempotency key, if any: lets a command handler answer a retry without re-deciding. */
  readonly findIdempotent: (key: string) => Effect.Effect<
    { readonly fingerprint: string; readonly result: AppendResult } | undefined,
    StoreError
  >
  readonly subscribe: (streamId: string, fromVersion?: number) => Stream.Stream<StoredEvent, StoreError>
}>()("@retrobridge/core/EventStore") {}
