/**
 * Storage: the `EventStore` port every adapter implements, the event codec
 * (schema versions and upcasters), idempotency fingerprints, and the command
 * handler that runs a decider against a store.
 *
 * @since 0.2.0
 */
export {
  /** @since 0.2.0 */
  EventStore,
  /** @since 0.2.0 */
  StreamKind,
  /** @since 0.2.0 */
  type NewEvent,
  /** @since 0.2.0 */
  type StoredEvent,
  /** @since 0.2.0 */
  type StreamInfo,
  /** @since 0.2.0 */
  type Idempotency,
  /** @since 0.2.0 */
  type AppendRequest,
  /** @since 0.2.0 */
  type AppendResult,
  /** @since 0.2.0 */
  ConcurrencyError,
  /** @since 0.2.0 */
  IdempotencyConflict,
  /** @since 0.2.0 */
  StoreError,
  /** @since 0.2.0 */
  EventDecodeError
} from "./store/EventStore.ts"

export {
  /** @since 0.2.0 */
  type EventCodec,
  /** @since 0.2.0 */
  type EventCodecOptions,
  /** @since 0.2.0 */
  type RawEvent,
  /** @since 0.2.0 */
  type Upcaster,
  /** @since 0.2.0 */
  makeEventCodec
} from "./store/EventCodec.ts"

export {
  /** @since 0.2.0 */
  canonicalJson,
  /** @since 0.2.0 */
  fingerprintOf,
  /** @since 0.2.0 */
  hash128,
  /** @since 0.2.0 */
  type Hasher128,
  /** @since 0.2.0 */
  makeHasher128
} from "./store/Fingerprint.ts"

export {
  /** @since 0.2.0 */
  type CommandHandler,
  /** @since 0.2.0 */
  type CommandHandlerOptions,
  /** @since 0.2.0 */
  type HandleError,
  /** @since 0.2.0 */
  type HandleRequest,
  /** @since 0.2.0 */
  type Handled,
  /** @since 0.2.0 */
  type Loaded,
  /** @since 0.2.0 */
  ConcurrencyRetriesExhausted,
  /** @since 0.2.0 */
  commandHandler,
  /** @since 0.2.0 */
  makeCommandHandler
} from "./store/CommandHandler.ts"

export {
  /** @since 0.2.0 */
  makeRetroBridgeHandlers as makeHandlers
} from "./retro/RetroStreams.ts"
