/**
 * Event store benchmarks: every adapter through the whole `EventStore` port.
 *
 *   npx node bench/store.ts                 # memory, sqlite, and postgres when reachable
 *   npx node bench/store.ts sqlite postgres # a subset
 *
 * PostgreSQL uses RETROBRIDGE_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test)
 * and a throwaway schema it drops afterwards. SQLite writes a temp file with the
 * production settings (WAL, synchronous=FULL). Numbers are machine-dependent:
 * they are printed, never asserted.
 */
import { spawnSync } from "node:child_process"
import type { Effect as Eff, Layer as Lay, Scope as Sc } from "effect"
import type { EventStore as EventStoreTag, NewEvent } from "@retrobridge/core"

// Workspace packages resolve to their sources only under the "source" condition;
// re-run under it so the benchmark never measures a stale dist/.
if (!process.execArgv.some((arg) => arg.includes("conditions=source") || arg === "-C")) {
  const child = spawnSync(process.execPath, ["--conditions=source", ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit"
  })
  process.exit(child.status ?? 1)
}

const { mkdtempSync, rmSync } = await import("node:fs")
const { tmpdir } = await import("node:os")
const { join } = await import("node:path")
const { Effect, Exit, Layer, Context, Redacted } = await import("effect")
const { EventStore } = await import("@retrobridge/core")
const { MemoryEventStore } = await import("@retrobridge/adapter-memory")
const { SqliteEventStore } = await import("@retrobridge/adapter-sqlite")
const { PostgresEventStore } = await import("@retrobridge/adapter-postgres")
const { PgClient } = await import("@effect/sql-pg")
const { Reactivity } = await import("effect/reactivity")

type Store = EventStoreTag["Service"]

/** A realistic retro event: a card with a bit of text, a few ids and tags. */
const event = (i: number): NewEvent => ({
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

const fromLayer = (layer: Lay.Layer<EventStoreTag, unknown>) =>
  Effect.map(Layer.build(layer), (ctx) => Context.get(ctx, EventStore))

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

const selected = process.argv.slice(2).filter((a) => a in adapters)
const names = selected.length > 0 ? selected : Object.keys(adapters)
const budgetMs = Number(process.env["BENCH_MILLIS"] ?? 2000)

const rows: Array<Row> = []
for (const name of names) {
  process.stderr.write(`benchmarking ${name}…\n`)
  const outcome = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const store = yield* adapters[name]!
    if (typeof store === "string") return store
    return yield* measure(name, store, budgetMs)
  })))
  if (typeof outcome === "string") process.stderr.write(`${name}: ${outcome}\n`)
  else rows.push(outcome)
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US")
const ms = (n: number) => `${n < 1 ? n.toFixed(2) : n.toFixed(1)} ms`
console.log(`\nEvent store benchmark — Node ${process.version}, ${process.platform}/${process.arch}, ${budgetMs} ms per measure\n`)
console.log("| adapter | single-event appends/s | concurrent single appends/s (16 writers) | 100-event batches/s | events/s in batches | replay 10,000 events (median of 7) | replay, first read |")
console.log("|---|---:|---:|---:|---:|---:|---:|")
for (const r of rows) {
  console.log(
    `| ${r.adapter} | ${fmt(r.single)} | ${fmt(r.concurrent)} | ${fmt(r.batches)} | ${fmt(r.batches * 100)} | ${ms(r.replayMs)} | ${ms(r.replayFirstMs)} |`
  )
}
