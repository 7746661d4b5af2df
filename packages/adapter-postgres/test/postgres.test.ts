import { createServer, connect } from "node:net"
import type { Server, Socket } from "node:net"
import { Context, Effect, Fiber, Layer, Result, Schedule, Stream } from "effect"
import { expect, it } from "@effect/vitest"
import { Store } from "@retrobridge/core"
import { layerPool, schemaVersion } from "../src/PostgresEventStore.ts"
import { freshSchema, openStore, poolConfig, withPostgres } from "./helpers.ts"

type Store = Store.EventStore["Service"]

const request = (streamId: string, expectedVersion: number, data: unknown = { n: 1 }, n = 1): Store.AppendRequest => ({
  streamId,
  kind: "retro",
  teamId: "team-1",
  expectedVersion,
  events: Array.from({ length: n }, () => ({ type: "Noted", schemaVersion: 1, data }))
})

const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.flatMap(Effect.result(effect), (r) =>
    Result.isFailure(r) ? Effect.succeed(r.failure) : Effect.die(new Error("expected a failure, got a success")))

const storeError = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Store.StoreError, never, R> =>
  Effect.flatMap(failureOf(effect), (e) =>
    (e as { _tag?: string })._tag === "StoreError" ? Effect.succeed(e as Store.StoreError) : Effect.die(e))

/** The public way to run a store: a layer with its own pool. */
const storeFromLayer = (url: string, schema: string) =>
  Effect.map(Layer.build(layerPool({ schema, connection: poolConfig(url) })), (ctx) => Context.get(ctx, Store.EventStore))

const appendWithRetry = (store: Store, streamId: string, data: unknown): Effect.Effect<Store.AppendResult, unknown> =>
  Effect.gen(function*() {
    for (;;) {
      const version = yield* store.version(streamId)
      const r = yield* Effect.result(store.append(request(streamId, version, data)))
      if (Result.isSuccess(r)) return r.success
      if (r.failure._tag !== "ConcurrencyError") return yield* Effect.fail(r.failure)
    }
  })

/** A TCP proxy in front of the server, so a test can make the database vanish and come back. */
const tcpProxy = (target: URL) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const sockets = new Set<Socket>()
      let server: Server | undefined
      const start = (port: number) =>
        new Promise<number>((resolve) => {
          server = createServer((client) => {
            const upstream = connect(Number(target.port || 5432), target.hostname)
            for (const s of [client, upstream]) {
              sockets.add(s)
              s.on("close", () => sockets.delete(s))
              s.on("error", () => {
                client.destroy()
                upstream.destroy()
              })
            }
            client.pipe(upstream).pipe(client)
          })
          server.listen(port, "127.0.0.1", () => resolve((server!.address() as { port: number }).port))
        })
      const stop = () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy()
          if (server === undefined) return resolve()
          server.close(() => resolve())
        })
      return { start, stop }
    }),
    (proxy) => Effect.promise(() => proxy.stop())
  )

withPostgres("postgres adapter", (url) => {
  it.live("two store instances (two pools) race on one stream: gapless, nothing lost or duplicated", () =>
    Effect.gen(function*() {
      const { schema } = yield* freshSchema(url)
      const a = yield* storeFromLayer(url, schema)
      const b = yield* storeFromLayer(url, schema)
      const writers = 6
      const each = 20
      yield* Effect.forEach(
        Array.from({ length: writers }, (_, w) => w),
        (w) =>
          Effect.forEach(
            Array.from({ length: each }, (_, i) => i),
            (i) => appendWithRetry(w % 2 === 0 ? a : b, "hot", { w, i }),
            { discard: true }
          ),
        { concurrency: "unbounded", discard: true }
      )
      const all = yield* a.read("hot")
      expect(all.map((e) => e.version)).toEqual(Array.from({ length: writers * each }, (_, i) => i + 1))
      const seen = new Set(all.map((e) => JSON.stringify(e.data)))
      expect(seen.size).toBe(writers * each)
      expect(yield* b.version("hot")).toBe(writers * each)
    }))

  it.live("two instances creating the same stream at once: exactly one wins, the other gets a ConcurrencyError", () =>
    Effect.gen(function*() {
      const { schema } = yield* freshSchema(url)
      const a = yield* storeFromLayer(url, schema)
      const b = yield* storeFromLayer(url, schema)
      for (let round = 0; round < 20; round++) {
        const streamId = `new-${round}`
        const [ra, rb] = yield* Effect.all(
          [Effect.result(a.append(request(streamId, 0, "a", 2))), Effect.result(b.append(request(streamId, 0, "b", 3)))],
          { concurrency: 2 }
        )
        const wins = [ra, rb].filter(Result.isSuccess)
        expect(wins).toHaveLength(1)
        const loss = [ra, rb].find(Result.isFailure)
        expect(loss?.failure._tag).toBe("ConcurrencyError")
        const events = yield* b.read(streamId)
        expect(new Set(events.map((e) => e.data)).size).toBe(1)
        expect(events.length).toBe(Result.isSuccess(ra) ? 2 : 3)
      }
    }))

  it.live("a subscription on one instance receives what another instance appends, long stream ids included", () =>
    Effect.gen(function*() {
      const { schema } = yield* freshSchema(url)
      const a = yield* storeFromLayer(url, schema)
      const b = yield* storeFromLayer(url, schema)
      // Longer than a NOTIFY payload may be: announced as "something changed" instead.
      for (const streamId of ["short", "x".repeat(10_000)]) {
        const fiber = yield* Effect.forkScoped(
          b.subscribe(streamId).pipe(Stream.takeUntil((e) => e.version >= 4), Stream.runCollect)
        )
        yield* a.append(request(streamId, 0, { part: 1 }, 1))
        yield* a.append(request(streamId, 1, { part: 2 }, 3))
        const got = yield* Fiber.join(fiber).pipe(Effect.timeout("20 seconds"))
        expect(got.map((e) => e.version)).toEqual([1, 2, 3, 4])
      }
    }))

  it.live("the unique (stream, version) constraint refuses a write that slipped past the lock", () =>
    Effect.gen(function*() {
      const { admin, schema } = yield* freshSchema(url)
      const store = yield* openStore(url, { schema })
      yield* store.append(request("s", 0))
      // A foreign writer that ignored the streams row: version 2 exists, the row still says 1.
      yield* admin.unsafe(
        `INSERT INTO "${schema}".events (stream_id, version, type, schema_version, data, recorded_at) VALUES ('s', 2, 'Foreign', 1, '{}', now())`
      )
      const error = yield* failureOf(store.append(request("s", 1, { mine: true })))
      expect(error._tag).toBe("ConcurrencyError")
      const events = yield* store.read("s")
      expect(events.map((e) => e.type)).toEqual(["Noted", "Foreign"])
    }))

  it.live("an unreachable server fails the layer with a Store.StoreError; a working store keeps serving", () =>
    Effect.gen(function*() {
      const { schema } = yield* freshSchema(url)
      const good = yield* openStore(url, { schema })
      const dead = new URL(url)
      dead.port = "1"
      const error = yield* storeError(
        Layer.build(layerPool({ schema, connection: poolConfig(dead.toString(), { connectTimeout: "2 seconds" }) }))
      )
      expect(error.operation).toBe("open")
      expect(error.reason).toMatch(/unreachable/)
      yield* good.append(request("s", 0))
      expect(yield* good.version("s")).toBe(1)
    }))

  it.live("a server that goes away mid-flight gives StoreErrors, other instances keep serving, and it recovers", () =>
    Effect.gen(function*() {
      const { schema } = yield* freshSchema(url)
      const direct = yield* openStore(url, { schema })
      const proxy = yield* tcpProxy(new URL(url))
      const port = yield* Effect.promise(() => proxy.start(0))
      const viaProxy = new URL(url)
      viaProxy.hostname = "127.0.0.1"
      viaProxy.port = String(port)
      const flaky = yield* openStore(viaProxy.toString(), { schema }, undefined, { connectTimeout: "2 seconds" })
      yield* flaky.append(request("s", 0))

      yield* Effect.promise(() => proxy.stop())
      const appendError = yield* storeError(flaky.append(request("s", 1)))
      expect(appendError.operation).toBe("append")
      expect(appendError.streamId).toBe("s")
      const readError = yield* storeError(flaky.read("s"))
      expect(readError.operation).toBe("read")

      // The other instance never noticed.
      yield* direct.append(request("s", 1, { from: "direct" }))
      yield* direct.append(request("other", 0))
      expect((yield* direct.read("s")).length).toBe(2)

      yield* Effect.promise(() => proxy.start(port))
      const back = yield* flaky.append(request("s", 2)).pipe(Effect.retry({ schedule: Schedule.spaced("100 millis"), times: 50 }))
      expect(back.toVersion).toBe(3)
    }))

  it.live("a subscription catches up on what was committed while its instance's LISTEN connection was down", () =>
    Effect.gen(function*() {
      const { admin, schema } = yield* freshSchema(url)
      const writer = yield* openStore(url, { schema })
      // No periodic resync: only the listener's reconnection can bring the missed event.
      const reader = yield* openStore(url, { schema, resyncInterval: 0 }, undefined, { applicationName: "rb-test-reader" })
      const received = yield* Effect.forkScoped(
        reader.subscribe("s").pipe(Stream.takeUntil((e) => e.version >= 3), Stream.runCollect)
      )
      yield* writer.append(request("s", 0, { before: true }))
      // Cut only the reader's listening connection (its pool stays up), then write at once,
      // while it is reconnecting: that notification is lost, the catch-up after LISTEN is not.
      const killed = yield* admin.unsafe<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'rb-test-reader' AND query LIKE 'LISTEN %'`
      )
      expect(killed.map((r) => r.killed)).toEqual([true])
      yield* writer.append(request("s", 1, { during: true }, 2))
      const got = yield* Fiber.join(received).pipe(Effect.timeout("30 seconds"))
      expect(got.map((e) => e.data)).toEqual([{ before: true }, { during: true }, { during: true }])
    }))

  it.live("a read-only session serves reads and fails appends with a Store.StoreError; the writer keeps serving", () =>
    Effect.gen(function*() {
      const { schema } = yield* freshSchema(url)
      const writer = yield* openStore(url, { schema })
      yield* writer.append(request("s", 0, { n: 1 }, 2))
      const replica = yield* openStore(url, { schema }, undefined, {
        startupParameters: { default_transaction_read_only: "on" }
      })
      expect((yield* replica.read("s")).length).toBe(2)
      const error = yield* storeError(replica.append(request("s", 2)))
      expect(error.operation).toBe("append")
      expect(error.streamId).toBe("s")
      expect(error.reason).toMatch(/read-only transaction/)
      yield* writer.append(request("s", 2))
      expect(yield* replica.version("s")).toBe(3)
    }))

  it.live("a foreign streams row fails listStreams with a Store.StoreError naming the stream", () =>
    Effect.gen(function*() {
      const { admin, schema } = yield* freshSchema(url)
      const store = yield* openStore(url, { schema })
      yield* store.append(request("bad", 0))
      yield* store.append(request("good", 0))
      yield* admin.unsafe(`UPDATE "${schema}".streams SET kind = 'spaceship' WHERE stream_id = 'bad'`)
      const error = yield* storeError(store.listStreams("team-1"))
      expect(error.streamId).toBe("bad")
      expect((yield* store.read("good")).length).toBe(1)
    }))

  it.live("refuses a schema name that is not a plain identifier, and a schema from a newer adapter", () =>
    Effect.gen(function*() {
      const invalid = yield* storeError(openStore(url, { schema: `x"; DROP TABLE y; --` }))
      expect(invalid.reason).toMatch(/plain identifier/)
      const { admin, schema } = yield* freshSchema(url)
      yield* Effect.scoped(openStore(url, { schema }))
      yield* admin.unsafe(`INSERT INTO "${schema}".retrobridge_migrations (version, name) VALUES (${schemaVersion + 1}, 'future')`)
      const newer = yield* storeError(openStore(url, { schema }))
      expect(newer.operation).toBe("open")
      expect(newer.reason).toMatch(/newer than this adapter/)
    }))

  it.live("several instances starting together on a fresh schema migrate it once", () =>
    Effect.gen(function*() {
      const { admin, schema } = yield* freshSchema(url)
      yield* admin.unsafe(`DROP SCHEMA "${schema}"`)
      const stores = yield* Effect.all(Array.from({ length: 4 }, () => openStore(url, { schema })), { concurrency: "unbounded" })
      yield* stores[0]!.append(request("s", 0))
      expect(yield* stores[3]!.version("s")).toBe(1)
      const rows = yield* admin.unsafe<{ version: number }>(`SELECT version FROM "${schema}".retrobridge_migrations`)
      expect(rows.map((r) => r.version)).toEqual([schemaVersion])
    }))
})
