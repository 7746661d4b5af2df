/**
 * The event store on PostgreSQL through `@effect/sql-pg`, for several server
 * processes sharing one database: one transaction per append with the
 * stream's row locked, a unique constraint on `(stream_id, version)` as the
 * last line of defence, versioned migrations on start, and subscriptions woken
 * by LISTEN/NOTIFY so that every instance sees every other one's writes.
 *
 * @since 0.1.0
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer } from "effect"
import type { Duration, Scope } from "effect"
import { Reactivity } from "effect/reactivity"
import { Store } from "@retrobridge/core"
import { failure, makeWithFaults, schemaVersion as latestVersion } from "./internal/store.ts"

/**
 * @since 0.1.0
 */
export interface PostgresEventStoreOptions {
  /**
   * The schema holding the store's tables, created when missing. Lets several
   * stores (or test runs) share one database. A plain identifier: letters,
   * digits and underscores. Default `"public"`.
   */
  readonly schema?: string | undefined
  /**
   * How often every subscription re-reads its stream even without a
   * notification: a safety net for notifications lost while the listening
   * connection was being re-established. Default 10 seconds; `0` turns it off.
   */
  readonly resyncInterval?: Duration.Input | undefined
}

/**
 * {@link PostgresEventStoreOptions} plus the settings of the connection pool
 * the store opens for itself (`url`, `maxConnections`, `connectTimeout`, …).
 *
 * @since 0.1.0
 */
export interface PostgresPoolOptions extends PostgresEventStoreOptions {
  readonly connection: PgClient.PgPoolConfig
}

/**
 * The schema version this adapter writes (`<schema>.retrobridge_migrations`).
 *
 * @since 0.1.0
 */
export const schemaVersion: number = latestVersion

/**
 * Builds the store on the `PgClient` in context: validates the schema name,
 * runs pending migrations and starts listening for other instances' writes
 * (one connection held for that). Fails with `Store.StoreError` (operation `open`)
 * when any of it fails.
 *
 * @since 0.1.0
 */
export const make = (
  options: PostgresEventStoreOptions = {}
): Effect.Effect<Store.EventStore["Service"], Store.StoreError, PgClient.PgClient | Scope.Scope> => makeWithFaults(options, undefined)

/**
 * The {@link Store.EventStore} on the `PgClient` in context, for applications that
 * already own a pool.
 *
 * @since 0.1.0
 */
export const layer = (options: PostgresEventStoreOptions = {}): Layer.Layer<Store.EventStore, Store.StoreError, PgClient.PgClient> =>
  Layer.effect(Store.EventStore, make(options))

/**
 * The {@link Store.EventStore} with a connection pool of its own. Building it fails
 * with `Store.StoreError` (operation `open`) when the server is unreachable, refuses
 * the credentials, or the schema cannot be migrated.
 *
 * @since 0.1.0
 */
export const layerPool = (options: PostgresPoolOptions): Layer.Layer<Store.EventStore, Store.StoreError> =>
  Layer.effect(
    Store.EventStore,
    Effect.gen(function*() {
      const client = yield* Effect.mapError(PgClient.make(options.connection), (cause) => failure("open", undefined, cause))
      return yield* Effect.provideService(make(options), PgClient.PgClient, client)
    })
  ).pipe(Layer.provide(Reactivity.layer))
