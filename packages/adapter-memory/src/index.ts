/**
 * @retrobridge/adapter-memory — the in-process event store.
 *
 * @since 0.1.0
 */
export * as MemoryEventStore from "./MemoryEventStore.ts"
