/**
 * @retrobridge/adapter-postgres — the event store on PostgreSQL, for several
 * server processes sharing one database.
 *
 * @since 0.1.0
 */
export { layer, layerPool, make, schemaVersion } from "./PostgresEventStore.ts"
export type { PostgresEventStoreOptions, PostgresPoolOptions } from "./PostgresEventStore.ts"
