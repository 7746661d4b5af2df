/**
 * `@retrobridge/core/testing`: a reference event store and realistic sample
 * events, for tests of stores and hosts. Needs no test framework; the
 * conformance suite itself is `@retrobridge/store-conformance`.
 *
 * @since 0.1.0
 */
export * from "./ReferenceEventStore.ts"
export * from "./SampleEvents.ts"
export * from "./AnonymityScenario.ts"
export * from "./DeciderSpec.ts"
