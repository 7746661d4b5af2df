/**
 * Shared set-up for the PostgreSQL tests: each test gets its own schema on the
 * server named by RETROBRIDGE_TEST_PG_URL (dropped when the test ends), so
 * runs and tests never see each other's data.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import type { Scope } from "effect"
import { Reactivity } from "effect/reactivity"
import { describe, it } from "vitest"
import { Store } from "@retrobridge/core"
import { makeWithFaults } from "../src/internal/store.ts"
import type { FaultInjection } from "../src/internal/store.ts"
import type { PostgresEventStoreOptions } from "../src/PostgresEventStore.ts"

export const pgUrl: string | undefined = process.env["RETROBRIDGE_TEST_PG_URL"]

const skipNote = "PostgreSQL skipped: set RETROBRIDGE_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run these tests"

/** Registers `body` when a server is configured; otherwise a skipped test whose name says why, and a warning. */
export const withPostgres = (name: string, body: (url: string) => void): void => {
  if (pgUrl === undefined || pgUrl === "") {
    console.warn(`\n⚠️  ${name}: ${skipNote}\n`)
    describe.skip(`${name}: ${skipNote}`, () => {
      it(skipNote, () => {})
    })
    return
  }
  body(pgUrl)
}

let counter = 0

/** A schema name unique to this run, process and call. */
export const uniqueSchema = (): string =>
  `rb_test_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}_${Math.random().toString(36).slice(2, 8)}`

/** A pool of its own, closed with the scope: what a separate server process would have. */
export const client = (
  config: PgClient.PgPoolConfig
): Effect.Effect<PgClient.PgClient, unknown, Scope.Scope> =>
  Effect.flatMap(Reactivity.make, (reactivity) =>
    Effect.provideService(PgClient.make(config), Reactivity.Reactivity, reactivity))

export const poolConfig = (url: string, extra: Partial<PgClient.PgPoolConfig> = {}): PgClient.PgPoolConfig => ({
  url: Redacted.make(url),
  maxConnections: 4,
  ...extra
})

/** An admin connection plus a fresh schema, dropped when the scope closes (after every store in it). */
export const freshSchema = (url: string) =>
  Effect.gen(function*() {
    const admin = yield* client(poolConfig(url, { maxConnections: 1 }))
    const schema = uniqueSchema()
    // Creating the schema now also opens the admin connection: sql-pg 4.0.5 hangs when a
    // pool makes its first connection inside a finalizer, which is where the DROP runs.
    yield* admin.unsafe(`CREATE SCHEMA "${schema}"`)
    yield* Effect.addFinalizer(() => Effect.ignore(admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)))
    return { admin, schema }
  })

/** Opens an independent store instance (own pool, own listener) on `schema`. */
export const openStore = (
  url: string,
  options: PostgresEventStoreOptions,
  faults?: FaultInjection,
  extra: Partial<PgClient.PgPoolConfig> = {}
): Effect.Effect<Store.EventStore["Service"], Store.StoreError | unknown, Scope.Scope> =>
  Effect.flatMap(client(poolConfig(url, extra)), (pg) =>
    Effect.provideService(makeWithFaults(options, faults), PgClient.PgClient, pg))
