/**
 * `@retrobridge/core/testing`: the event store conformance suite and a
 * reference store. Needs the optional peer dependencies `vitest` and
 * `fast-check`.
 *
 * @since 0.1.0
 */
export * from "./EventStoreConformance.ts"
export * from "./ReferenceEventStore.ts"
export * from "./SampleEvents.ts"
export * from "./AnonymityScenario.ts"
