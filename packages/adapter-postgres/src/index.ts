/**
 * @retrobridge/adapter-postgres — the event store on PostgreSQL, for several
 * server processes sharing one database.
 *
 * ```ts
 * import { PostgresEventStore } from "@retrobridge/adapter-postgres"
 * import { Redacted } from "effect"
 * const StoreLive = PostgresEventStore.layerPool({
 *   schema: "retrobridge",
 *   connection: { url: Redacted.make(process.env.DATABASE_URL!) }
 * })
 * ```
 *
 * @since 0.1.0
 */
export * as PostgresEventStore from "./PostgresEventStore.ts"
export type { PostgresEventStoreOptions, PostgresPoolOptions } from "./PostgresEventStore.ts"
