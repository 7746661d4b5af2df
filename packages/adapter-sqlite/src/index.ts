/**
 * @retrobridge/adapter-sqlite — a durable, embedded event store on
 * `node:sqlite`.
 *
 * @since 0.1.0
 */
export { layer, make, schemaVersion } from "./SqliteEventStore.ts"
export type { SqliteEventStoreOptions } from "./SqliteEventStore.ts"
