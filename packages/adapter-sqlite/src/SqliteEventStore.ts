/**
 * The event store on an SQLite file through `node:sqlite` (built into Node 24,
 * no native dependency). WAL journal with `synchronous=FULL`: an append is
 * acknowledged only once it is on disk, so it survives a process crash and a
 * power loss. One `BEGIN IMMEDIATE` transaction per append; versioned
 * migrations run when the store opens.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import type { Duration, Scope } from "effect"
import { Store } from "@retrobridge/core"
import { latestVersion } from "./internal/migrations.ts"
import { makeWithFaults } from "./internal/store.ts"

/**
 * @since 0.1.0
 */
export interface SqliteEventStoreOptions {
  /** Path of the database file (created when missing), or `":memory:"` for a throwaway store. */
  readonly filename: string
  /**
   * Open without write access: reads and subscriptions work, appends fail with
   * `Store.StoreError`. The file must already be at this adapter's schema version.
   */
  readonly readOnly?: boolean | undefined
  /**
   * How long an append waits for another process's write lock before failing
   * with `Store.StoreError`. Default 5 seconds.
   */
  readonly busyTimeout?: Duration.Input | undefined
  /**
   * How often subscriptions check whether another process wrote to the file.
   * Appends made through this instance wake its subscribers immediately
   * regardless. Default 250 ms; `0` turns polling off (one process per file).
   */
  readonly pollInterval?: Duration.Input | undefined
}

/**
 * The schema version this adapter writes (SQLite's `user_version`).
 *
 * @since 0.1.0
 */
export const schemaVersion: number = latestVersion

/**
 * Opens (creating and migrating when needed) the store at `options.filename`.
 * The database closes when the scope closes. Fails with `Store.StoreError`
 * (operation `open`) when the file cannot be opened, is not a RetroBridge
 * database, or was written by a newer version of this adapter.
 *
 * @since 0.1.0
 */
export const make = (options: SqliteEventStoreOptions): Effect.Effect<Store.EventStore["Service"], Store.StoreError, Scope.Scope> =>
  makeWithFaults(options, undefined)

/**
 * The {@link Store.EventStore} on an SQLite file, as a layer: see {@link make}.
 *
 * @since 0.1.0
 */
export const layer = (options: SqliteEventStoreOptions): Layer.Layer<Store.EventStore, Store.StoreError> =>
  Layer.effect(Store.EventStore, make(options))
