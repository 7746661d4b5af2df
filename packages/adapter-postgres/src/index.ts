/**
 * @retrobridge/adapter-postgres — the event store on PostgreSQL, for several
 * server processes sharing one database.
 *
 * @since 0.1.0
 */
export * from "./PostgresEventStore.ts"
