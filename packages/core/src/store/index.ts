/**
 * The storage area of the core: the event codec, fingerprints and the
 * command handler on top of the `EventStore` port (which `index.ts` exports
 * from `EventStore.ts` directly).
 *
 * @since 0.1.0
 */
export * from "./CommandHandler.ts"
export * from "./EventCodec.ts"
export * from "./Fingerprint.ts"
