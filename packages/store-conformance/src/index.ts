/**
 * `@retrobridge/store-conformance`: the event store conformance suite every
 * `EventStore` adapter runs from its own vitest file. Needs `vitest` and
 * `fast-check` (peer dependencies); the framework-free reference store and
 * sample events stay in `@retrobridge/core/testing`.
 *
 * @since 0.2.0
 */
export * from "./EventStoreConformance.ts"
