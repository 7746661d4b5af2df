/**
 * Event store benchmarks: every adapter through the whole `Store.EventStore` port.
 *
 *   npm run bench -- store                          # memory, sqlite, and postgres when reachable
 *   BENCH_ADAPTERS=sqlite,postgres npm run bench -- store   # a subset
 *
 * PostgreSQL uses RETROBRIDGE_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test)
 * and a throwaway schema it drops afterwards. SQLite writes a temp file with the
 * production settings (WAL, synchronous=FULL). Each adapter's figures are compared with
 * the memory adapter's, measured in the same run. BENCH_MILLIS sets the time per measure.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Context, Effect, Exit, Layer, Redacted } from "effect"
import type { Effect as Eff, Layer as Lay, Scope as Sc } from "effect"
import { Reactivity } from "effect/reactivity"
import { PgClient } from "@effect/sql-pg"
import { Store } from "@retrobridge/core"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { PostgresEventStore } from "@retrobridge/adapter-postgres"
import { SqliteEventStore } from "@retrobridge/adapter-sqlite"
import type { BenchRow } from "./lib/table.ts"

type Store = Store.EventStore["Service"]

/** A realistic retro event: a card with a bit of text, a few ids and tags. */
const event = (i: number): Store.NewEvent => ({
  type: "CardAdded",
  schemaVersion: 1,
  data: {
    cardId: `card-${i}`,
    authorId: "user-42",
    side: "engineering",
    text: "Deploys on Friday keep slipping because QA gets the build late",
    tags: ["release", "qa"],
    votes: 0,
    at: "2026-11-26T10:00:00.000Z"
  }
})

const batch100 = Array.from({ length: 100 }, (_, i) => event(i))

/** Runs `step` repeatedly for about `millis` (and at least `min` times); returns operations per second. */
const throughput = (millis: number, min: number, step: (i: number) => Eff.Effect<unknown, unknown>) =>
  Effect.gen(function*() {
    const start = performance.now()
    let n = 0
    while (n < min || performance.now() - start < millis) {
      yield* step(n)
      n++
    }
    return { ops: n, perSecond: n / ((performance.now() - start) / 1000) }
  })

interface Row {
  readonly adapter: string
  readonly single: number
  readonly concurrent: number
  readonly batches: number
  readonly replayMs: number
  readonly replayFirstMs: number
}

const measure = (adapter: string, store: Store, budgetMs: number) =>
  Effect.gen(function*() {
    const teamId = "bench-team"
    // Warm-up: prepared statements, JIT, connection pool.
    yield* throughput(200, 50, (i) =>
      store.append({ streamId: "warmup", kind: "retro", teamId, expectedVersion: i, events: [event(i)] }))

    const single = yield* throughput(budgetMs, 200, (i) =>
      store.append({ streamId: "single", kind: "retro", teamId, expectedVersion: i, events: [event(i)] }))

    // 16 writers on 16 streams at once: what a busy server sees. Adapters that
    // overlap round trips (PostgreSQL's pool) gain here; SQLite appends are synchronous.
    const writers = 16
    const versions = new Array<number>(writers).fill(0)
    const concurrentStart = performance.now()
    let concurrentOps = 0
    yield* Effect.forEach(
      Array.from({ length: writers }, (_, w) => w),
      (w) =>
        Effect.gen(function*() {
          while (performance.now() - concurrentStart < budgetMs || versions[w]! < 20) {
            yield* store.append({ streamId: `concurrent-${w}`, kind: "retro", teamId, expectedVersion: versions[w]!, events: [event(versions[w]!)] })
            versions[w]!++
            concurrentOps++
          }
        }),
      { concurrency: "unbounded", discard: true }
    )
    const concurrent = concurrentOps / ((performance.now() - concurrentStart) / 1000)

    const batches = yield* throughput(budgetMs, 20, (i) =>
      store.append({ streamId: "batches", kind: "retro", teamId, expectedVersion: i * 100, events: batch100 }))

    for (let i = 0; i < 100; i++) {
      yield* store.append({ streamId: "replay", kind: "retro", teamId, expectedVersion: i * 100, events: batch100 })
    }
    const times: Array<number> = []
    for (let i = 0; i < 7; i++) {
      const start = performance.now()
      const events = yield* store.read("replay")
      times.push(performance.now() - start)
      if (events.length !== 10_000) return yield* Effect.die(new Error(`replay read ${events.length} events`))
    }
    const sorted = [...times].sort((a, b) => a - b)
    return {
      adapter,
      single: single.perSecond,
      concurrent,
      batches: batches.perSecond,
      replayMs: sorted[Math.floor(sorted.length / 2)]!,
      replayFirstMs: times[0]!
    } satisfies Row
  })

const fromLayer = (layer: Lay.Layer<Store.EventStore, unknown>) =>
  Effect.map(Layer.build(layer), (ctx) => Context.get(ctx, Store.EventStore))

const adapters: Record<string, Eff.Effect<Store | string, unknown, Sc.Scope>> = {
  memory: MemoryEventStore.make,
  sqlite: Effect.gen(function*() {
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "retrobridge-bench-"))),
      (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
    )
    return yield* SqliteEventStore.make({ filename: join(dir, "bench.db") })
  }),
  postgres: Effect.gen(function*() {
    const url = process.env["RETROBRIDGE_TEST_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"
    const schema = `rb_bench_${process.pid}_${Date.now().toString(36)}`
    const connection = { url: Redacted.make(url), connectTimeout: "3 seconds" as const }
    const reactivity = yield* Reactivity.make
    const admin = yield* Effect.exit(
      Effect.provideService(PgClient.make({ ...connection, maxConnections: 1 }), Reactivity.Reactivity, reactivity)
    )
    if (Exit.isFailure(admin)) return `skipped: ${url} is not reachable`
    // Connect now: the DROP runs in a finalizer, where sql-pg 4.0.5 cannot open a first connection.
    yield* admin.value.unsafe("SELECT 1")
    yield* Effect.addFinalizer(() => Effect.ignore(admin.value.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)))
    return yield* fromLayer(PostgresEventStore.layerPool({ schema, connection: { ...connection, maxConnections: 8 } }))
  })
}

export default async function(): Promise<ReadonlyArray<BenchRow>> {
  const selected = (process.env["BENCH_ADAPTERS"] ?? "").split(",").filter((a) => a in adapters)
  const names = selected.length > 0 ? selected : Object.keys(adapters)
  const budgetMs = Number(process.env["BENCH_MILLIS"] ?? 2000)

  const measured: Array<Row> = []
  for (const name of names) {
    process.stderr.write(`  store: ${name}…\n`)
    const outcome = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const store = yield* adapters[name]!
      if (typeof store === "string") return store
      return yield* measure(name, store, budgetMs)
    })))
    if (typeof outcome === "string") process.stderr.write(`  store: ${name}: ${outcome}\n`)
    else measured.push(outcome)
  }

  const memory = measured.find((r) => r.adapter === "memory")
  const rows: Array<BenchRow> = []
  const metric = (r: Row, what: string, unit: string, pick: (r: Row) => number) =>
    rows.push({
      section: "store",
      what: `${what}, ${r.adapter}`,
      figure: pick(r),
      unit,
      ...(memory !== undefined && r !== memory ? { baseline: { what: "memory", figure: pick(memory) } } : {})
    })
  for (const r of measured) {
    metric(r, "single-event appends", "appends/s", (x) => x.single)
    metric(r, "concurrent single-event appends (16 writers)", "appends/s", (x) => x.concurrent)
    metric(r, "events appended in 100-event batches", "events/s", (x) => x.batches * 100)
    metric(r, "replay 10,000 events (median of 7)", "ms", (x) => x.replayMs)
    metric(r, "replay 10,000 events, first read", "ms", (x) => x.replayFirstMs)
  }
  return rows
}
