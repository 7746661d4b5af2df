/**
 * @retrobridge/adapter-sqlite — a durable, embedded event store on
 * `node:sqlite`.
 *
 * @since 0.1.0
 */
export * from "./SqliteEventStore.ts"
