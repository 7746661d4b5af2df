/**
 * @retrobridge/adapter-sqlite — a durable, embedded event store on
 * `node:sqlite`.
 *
 * ```ts
 * import { SqliteEventStore } from "@retrobridge/adapter-sqlite"
 * const StoreLive = SqliteEventStore.layer({ filename: "./retrobridge.db" })
 * ```
 *
 * @since 0.1.0
 */
export * as SqliteEventStore from "./SqliteEventStore.ts"
export type { SqliteEventStoreOptions } from "./SqliteEventStore.ts"
