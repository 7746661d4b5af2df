import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { createInterface } from "node:readline"
import { DatabaseSync } from "node:sqlite"
import { Effect, Fiber, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { make } from "../src/SqliteEventStore.ts"
import { tempDatabase } from "./helpers.ts"

const writerScript = fileURLToPath(new URL("./fixtures/writer.ts", import.meta.url))

const startWriter = (filename: string, streamId: string, limit: number, writers = 1) =>
  spawn(process.execPath, ["--conditions=@retrobridge/source", "--no-warnings", writerScript, filename, streamId, String(limit), String(writers)], {
    stdio: ["ignore", "pipe", "pipe"]
  })

interface Ack {
  readonly streamId: string
  readonly toVersion: number
  readonly size: number
}

/**
 * Runs the writer until `killAfter` acknowledgements, SIGKILLs it, reopens the
 * file and checks every acknowledged append is there, whole.
 */
const crashAndCheck = (writers: number, killAfter: number) =>
  Effect.scoped(Effect.gen(function*() {
    const filename = yield* tempDatabase
    const child = startWriter(filename, "crash", 1_000_000, writers)
    let stderr = ""
    child.stderr.on("data", (chunk) => (stderr += String(chunk)))
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)))

    const acks: Array<Ack> = []
    yield* Effect.promise(async () => {
      for await (const line of createInterface({ input: child.stdout })) {
        const [tag, streamId, toVersion, size] = line.split(" ")
        if (tag !== "ack" || streamId === undefined) continue
        acks.push({ streamId, toVersion: Number(toVersion), size: Number(size) })
        // Killed while it is busy appending: the next transaction is in flight.
        if (acks.length === killAfter) child.kill("SIGKILL")
      }
    })
    const signal = yield* Effect.promise(() => exited)
    expect(stderr).toBe("")
    expect(signal).toBe("SIGKILL")
    expect(acks.length).toBeGreaterThanOrEqual(killAfter)

    const raw = new DatabaseSync(filename)
    expect(raw.prepare("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" })
    raw.close()

    const store = yield* make({ filename })
    const streams = [...new Set(acks.map((a) => a.streamId))]
    expect(streams).toHaveLength(writers)
    for (const streamId of streams) {
      const events = yield* store.read(streamId)
      const mine = acks.filter((a) => a.streamId === streamId)
      // Everything acknowledged is there (more may be: a commit can land before its ack is printed).
      expect(events.length).toBeGreaterThanOrEqual(mine[mine.length - 1]!.toVersion)
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1))
      expect(yield* store.version(streamId)).toBe(events.length)
      for (const ack of mine) {
        expect(events[ack.toVersion - 1]?.data).toMatchObject({ i: ack.size - 1, size: ack.size })
      }
      // Batches are whole: each one starts at i = 0 and ends at i = size - 1.
      let expectedI = 0
      for (const e of events) {
        const data = e.data as { i: number; size: number }
        expect(data.i).toBe(expectedI)
        expectedI = data.i === data.size - 1 ? 0 : expectedI + 1
      }
      expect(expectedI).toBe(0)
      // And the file is writable where it stopped.
      const next = yield* store.append({
        streamId,
        kind: "retro",
        teamId: "t",
        expectedVersion: events.length,
        events: [{ type: "AfterCrash", schemaVersion: 1, data: null }]
      })
      expect(next.toVersion).toBe(events.length + 1)
    }
  }))

describe("sqlite durability", () => {
  it("every append acknowledged before SIGKILL is in the file after reopening, and no batch is torn", () =>
    Effect.runPromise(crashAndCheck(1, 300)))

  it("the same holds for appends committed in groups (concurrent writers)", () =>
    Effect.runPromise(crashAndCheck(8, 1500)))

  it("a subscription sees what another process appends to the same file", async () => {
    await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const filename = yield* tempDatabase
      const store = yield* make({ filename, pollInterval: "20 millis" })
      const total = 3 * 15 // 15 batches of sizes 1, 2, 3, 4, 5, 1, …
      const collecting = yield* Effect.forkScoped(
        store.subscribe("shared").pipe(Stream.takeUntil((e) => e.version >= total), Stream.runCollect)
      )
      const child = startWriter(filename, "shared", 15)
      const code = yield* Effect.promise(() => new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c))))
      expect(code).toBe(0)
      const events = yield* Fiber.join(collecting).pipe(Effect.timeout("20 seconds"))
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    })))
  })
})
