/**
 * @retrobridge/core — the pure domain of RetroBridge.
 *
 * @since 0.1.0
 */
export * from "./store/EventStore.ts"
