/**
 * The store administrator's view of anonymity on PostgreSQL: every raw row
 * of every table in the store's schema, after random retros played through
 * the command handler.
 */
import { Effect } from "effect"
import { expect, it } from "vitest"
import type { ScenarioRun } from "@retrobridge/core/testing"
import { expectEveryCase, playRun, storeAnonymityProperty, type Tables } from "../../core/test/anonymity/storeAttack.ts"
import { freshSchema, openStore, withPostgres } from "./helpers.ts"

withPostgres("anonymity against the PostgreSQL administrator", (url) => {
  const rowsAfter = (run: ScenarioRun): Promise<Tables> =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const { admin, schema } = yield* freshSchema(url)
      yield* Effect.scoped(Effect.gen(function*() {
        const store = yield* openStore(url, { schema })
        yield* playRun(store, run)
      }))
      const tables: Record<string, ReadonlyArray<Record<string, unknown>>> = {}
      const names = yield* admin<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema}`
      for (const { table_name } of names) {
        tables[table_name] = yield* admin.unsafe<Record<string, unknown>>(`SELECT * FROM "${schema}"."${table_name}"`)
      }
      return tables
    })))

  it("property: rows of two runs that differ only in authorship are identical up to secret-derived values; no attack attributes a card", async () => {
    const totals = await storeAnonymityProperty(rowsAfter, 8)
    expectEveryCase(totals)
    expect(totals.cardsAttacked).toBeGreaterThan(0)
  }, 240_000)
})
