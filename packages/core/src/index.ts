/**
 * @retrobridge/core — the pure domain of RetroBridge.
 *
 * @since 0.1.0
 */
export * from "./Decider.ts"
export * from "./Primitives.ts"
export * from "./store/EventStore.ts"
export * from "./store/index.ts"
export * from "./estimates/index.ts"
export * from "./themes/index.ts"
export * from "./agreements/index.ts"
export * from "./retro/index.ts"
export * from "./Crypto.ts"
