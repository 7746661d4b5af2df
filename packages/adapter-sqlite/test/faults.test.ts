import { writeFileSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import { Effect, Exit, Layer, Result, Stream } from "effect"
import { describe, expect, it } from "@effect/vitest"
import { Store } from "@retrobridge/core"
import { layer, make, schemaVersion } from "../src/SqliteEventStore.ts"
import { makeWithFaults } from "../src/internal/store.ts"
import type { FaultInjection } from "../src/internal/store.ts"
import { tempDatabase } from "./helpers.ts"

const request = (streamId: string, expectedVersion: number, n = 1, data: unknown = { n: 1 }): Store.AppendRequest => ({
  streamId,
  kind: "retro",
  teamId: "team-1",
  expectedVersion,
  events: Array.from({ length: n }, () => ({ type: "Noted", schemaVersion: 1, data }))
})

const storeError = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Store.StoreError, never, R> =>
  Effect.flatMap(Effect.result(effect), (r) => {
    if (Result.isSuccess(r)) return Effect.die(new Error("expected a Store.StoreError, got a success"))
    const error = r.failure as { _tag?: string }
    return error._tag === "StoreError" ? Effect.succeed(error as Store.StoreError) : Effect.die(error)
  })

const rawExec = (filename: string, sql: string) => {
  const raw = new DatabaseSync(filename)
  try {
    raw.exec(sql)
  } finally {
    raw.close()
  }
}

describe("sqlite: opening", () => {
  it.live("migrates a new file to the current schema version, and reopening changes nothing", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      yield* Effect.scoped(Effect.flatMap(make({ filename }), (s) => s.append(request("s", 0))))
      const store = yield* make({ filename })
      expect(yield* store.version("s")).toBe(1)
      const raw = new DatabaseSync(filename, { readOnly: true })
      expect(raw.prepare("PRAGMA user_version").get()).toEqual({ user_version: schemaVersion })
      expect(raw.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" })
      raw.close()
    }))

  it.live("refuses a file that is not an SQLite database, with a typed error", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      writeFileSync(filename, "this is a text file, not a database ".repeat(200))
      const error = yield* storeError(make({ filename }))
      expect(error.operation).toBe("open")
      expect(error.reason).toMatch(/not an SQLite database/)
    }))

  it.live("refuses a database written by a newer version of the adapter", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      rawExec(filename, `PRAGMA user_version = ${schemaVersion + 1}`)
      const error = yield* storeError(make({ filename }))
      expect(error.reason).toMatch(/newer than this adapter/)
    }))

  it.live("refuses a foreign database whose tables clash with the store's", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      rawExec(filename, "CREATE TABLE events (id INTEGER PRIMARY KEY, payload BLOB)")
      const error = yield* storeError(make({ filename }))
      expect(error.operation).toBe("open")
      expect(error.reason).toMatch(/events already exists/)
    }))

  it.live("the layer fails with the same Store.StoreError", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      writeFileSync(filename, "garbage ".repeat(1000))
      const exit = yield* Effect.exit(Layer.build(layer({ filename })))
      expect(Exit.isFailure(exit)).toBe(true)
      const error = yield* storeError(Layer.build(layer({ filename })))
      expect(error._tag).toBe("StoreError")
    }))
})

describe("sqlite: read-only database", () => {
  it.live("serves reads and fails appends with a Store.StoreError naming the stream", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      yield* Effect.scoped(Effect.flatMap(make({ filename }), (s) => s.append(request("s", 0, 3))))
      const store = yield* make({ filename, readOnly: true })
      expect((yield* store.read("s")).length).toBe(3)
      expect(yield* store.listStreams("team-1")).toHaveLength(1)
      const error = yield* storeError(store.append(request("s", 3)))
      expect(error.operation).toBe("append")
      expect(error.streamId).toBe("s")
      expect(error.reason).toMatch(/read-only/)
      // The failed append left no transaction open: the store keeps serving.
      expect(yield* store.version("s")).toBe(3)
      expect((yield* store.read("s", 1)).map((e) => e.version)).toEqual([2, 3])
    }))

  it.live("will not open read-only a file that still needs migrating", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      rawExec(filename, "CREATE TABLE unrelated (x)")
      const error = yield* storeError(make({ filename, readOnly: true }))
      expect(error.reason).toMatch(/opened read-only/)
    }))
})

describe("sqlite: rows this store did not write", () => {
  const seeded = (filename: string) =>
    Effect.gen(function*() {
      const store = yield* make({ filename })
      yield* store.append(request("bad", 0, 3))
      yield* store.append(request("good", 0, 2))
      return store
    })

  it.live("a missing event (a gap) fails read and subscribe, naming the stream", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      const store = yield* seeded(filename)
      rawExec(filename, "DELETE FROM events WHERE stream_id = 'bad' AND version = 2")
      const error = yield* storeError(store.read("bad"))
      expect(error.streamId).toBe("bad")
      expect(error.reason).toMatch(/expected version 2 but found 3/)
      const subError = yield* storeError(Stream.runCollect(store.subscribe("bad")))
      expect(subError.streamId).toBe("bad")
      expect((yield* store.read("good")).length).toBe(2)
    }))

  it.live("an unknown stream kind fails listStreams with a Store.StoreError", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      const store = yield* seeded(filename)
      rawExec(filename, "UPDATE streams SET kind = 'spaceship' WHERE stream_id = 'bad'")
      const error = yield* storeError(store.listStreams("team-1"))
      expect(error.operation).toBe("listStreams")
      expect(error.streamId).toBe("bad")
      expect(error.reason).toMatch(/"team" \| "retro" \| "estimates"/)
      expect(yield* store.version("good")).toBe(2)
    }))

  it.live("a mangled idempotency record fails the lookup instead of answering wrongly", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      const store = yield* make({ filename })
      yield* store.append({ ...request("s", 0), idempotency: { key: "k", fingerprint: "f" } })
      rawExec(filename, "UPDATE idempotency SET to_version = -7 WHERE key = 'k'")
      expect((yield* storeError(store.findIdempotent("k"))).operation).toBe("findIdempotent")
      const error = yield* storeError(store.append({ ...request("s", 0), idempotency: { key: "k", fingerprint: "f" } }))
      expect(error.operation).toBe("append")
    }))
})

describe("sqlite: bad input", () => {
  it.live("a payload that is not JSON is a Store.StoreError and writes nothing", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      const store = yield* make({ filename })
      const cyclic: Record<string, unknown> = {}
      cyclic["self"] = cyclic
      for (const data of [10n, cyclic, undefined, () => 1]) {
        const error = yield* storeError(store.append({ ...request("s", 0), events: [{ type: "Bad", schemaVersion: 1, data }] }))
        expect(error.streamId).toBe("s")
        expect(error.reason).toMatch(/cannot be JSON-encoded/)
      }
      expect(yield* store.version("s")).toBe(0)
      expect(yield* store.listStreams("team-1")).toEqual([])
    }))
})

describe("sqlite: the layer", () => {
  it.live("provides Store.EventStore and closes the file with its scope", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      yield* Effect.provide(
        Effect.flatMap(Store.EventStore, (store) => store.append(request("s", 0))),
        layer({ filename })
      )
      // Closed: a plain connection can take the write lock at once.
      const raw = new DatabaseSync(filename, { timeout: 0 })
      raw.exec("BEGIN IMMEDIATE; ROLLBACK")
      expect(raw.prepare("SELECT count(*) AS n FROM events").get()).toEqual({ n: 1 })
      raw.close()
    }))
})

describe("sqlite: a full disk and a held lock", () => {
  it.live("a full database fails the append with a Store.StoreError, writes nothing, and serves again once there is room", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      let db: DatabaseSync | undefined
      const faults: FaultInjection = { failNextAppend: false, onOpen: (d) => (db = d) }
      const store = yield* makeWithFaults({ filename }, faults)
      yield* store.append(request("s", 0))
      yield* store.append(request("other", 0))
      // Cap the file at its current size: the next append that needs a new page hits SQLITE_FULL.
      const pages = (db!.prepare("PRAGMA page_count").get() as { page_count: number }).page_count
      db!.exec(`PRAGMA max_page_count = ${pages}`)
      const big = { text: "x".repeat(64 * 1024) }
      const error = yield* storeError(store.append({ ...request("s", 1, 3, big), idempotency: { key: "k", fingerprint: "f" } }))
      expect(error.operation).toBe("append")
      expect(error.streamId).toBe("s")
      expect(error.reason).toMatch(/full/)
      expect(yield* store.version("s")).toBe(1)
      expect(yield* store.findIdempotent("k")).toBeUndefined()
      // Small appends that fit still work; with room again, so does the big one.
      expect((yield* store.read("other")).length).toBe(1)
      db!.exec("PRAGMA max_page_count = 1073741823")
      const retried = yield* store.append({ ...request("s", 1, 3, big), idempotency: { key: "k", fingerprint: "f" } })
      expect(retried.toVersion).toBe(4)
    }))

  it.live("a write lock held by another process past busyTimeout fails the append with a Store.StoreError", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      const store = yield* make({ filename, busyTimeout: "50 millis" })
      yield* store.append(request("s", 0))
      const other = new DatabaseSync(filename)
      other.exec("BEGIN IMMEDIATE")
      const error = yield* storeError(store.append(request("s", 1)))
      expect(error.reason).toMatch(/lock longer than busyTimeout/)
      // Reads are not blocked by a writer in WAL mode.
      expect(yield* store.version("s")).toBe(1)
      other.exec("ROLLBACK")
      other.close()
      expect((yield* store.append(request("s", 1))).toVersion).toBe(2)
    }))
})
