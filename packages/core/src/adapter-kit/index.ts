/**
 * `@retrobridge/core/adapter-kit`: building blocks for `EventStore` adapters
 * over SQL databases: untrusted-row decoding and wake-up based subscriptions.
 * The SQLite and PostgreSQL adapters are built on it.
 *
 * @since 0.1.0
 */
export * from "./StoredRows.ts"
export * from "./Subscriptions.ts"
export * from "./EventData.ts"
