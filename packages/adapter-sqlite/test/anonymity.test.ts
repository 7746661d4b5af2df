/**
 * The store administrator's view of anonymity on SQLite: every raw row of
 * every table, after random retros played through the command handler.
 */
import { DatabaseSync } from "node:sqlite"
import { Effect } from "effect"
import { expect, it } from "vitest"
import { anonymityScenarioRuns, type ScenarioRun } from "@retrobridge/core/testing"
import { sha256Hex } from "../../core/src/internal/Crypto.ts"
import { attackRows, expectEveryCase, playRun, storeAnonymityProperty, type Tables } from "../../core/test/anonymity/storeAttack.ts"
import { SqliteEventStore } from "../src/index.ts"
import { tempDatabase } from "./helpers.ts"

const rowsAfter = (run: ScenarioRun): Promise<Tables> =>
  Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const filename = yield* tempDatabase
    yield* Effect.scoped(Effect.gen(function*() {
      const store = yield* SqliteEventStore.make({ filename })
      yield* playRun(store, run)
    }))
    // What an administrator with the file (and nothing else) reads.
    const raw = new DatabaseSync(filename, { readOnly: true })
    try {
      const tables: Record<string, ReadonlyArray<Record<string, unknown>>> = {}
      const names = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
      for (const { name } of names as Array<{ name: string }>) {
        tables[name] = raw.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>
      }
      return tables
    } finally {
      raw.close()
    }
  })))

it("property: rows of two runs that differ only in authorship are identical up to secret-derived values; no attack attributes a card", async () => {
  const totals = await storeAnonymityProperty(rowsAfter, 12)
  expectEveryCase(totals)
  expect(totals.cardsAttacked).toBeGreaterThan(0)
}, 120_000)

it("the attacks can succeed: a stored side, a writing instant or a bare hash in the rows is caught", async () => {
  let seed = 0
  while (anonymityScenarioRuns(seed).stats.labelsShown || anonymityScenarioRuns(seed).stats.cards < 2) seed++
  const run = anonymityScenarioRuns(seed).original
  const tables = await rowsAfter(run)
  expect(() => attackRows(tables, run, 3)).not.toThrow()
  const tampered = (f: (row: Record<string, unknown>) => Record<string, unknown>): Tables => ({
    ...tables,
    events: tables["events"]!.map((row) => row["type"] === "CardAdded" ? f({ ...row }) : row)
  })
  const withSide = tampered((row) => ({ ...row, data: JSON.stringify({ ...JSON.parse(row["data"] as string), side: "product" }) }))
  const withInstant = tampered((row) => ({ ...row, recorded_at: new Date(Date.parse(row["recorded_at"] as string) + 61_000).toISOString() }))
  expect(() => attackRows(withSide, run, 3)).toThrow()
  expect(() => attackRows(withInstant, run, 3)).toThrow()
  const withBareHash: Tables = { ...tables, idempotency: [...tables["idempotency"]!, { key: "k", fingerprint: sha256Hex(`retrobridge/token:${run.people[0]!.secret}`) }] }
  expect(() => attackRows(withBareHash, run, 3)).toThrow()
}, 60_000)
