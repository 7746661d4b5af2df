/**
 * `@retrobridge/store-kit`: building blocks for `EventStore` adapters over SQL
 * databases: untrusted-row decoding, wake-up based subscriptions and JSON
 * encoding of event payloads. The SQLite and PostgreSQL adapters are built on it.
 *
 * @since 0.2.0
 */
export * from "./StoredRows.ts"
export * from "./Subscriptions.ts"
export * from "./EventData.ts"
