import { Effect, Result } from "effect"
import { describe, expect, it } from "@effect/vitest"
import { Store } from "@retrobridge/core"
import { makeWithFaults } from "../src/internal/store.ts"
import type { FaultInjection } from "../src/internal/store.ts"
import { tempDatabase } from "./helpers.ts"

const request = (streamId: string, expectedVersion: number, tag: string): Store.AppendRequest => ({
  streamId,
  kind: "retro",
  teamId: "team-1",
  expectedVersion,
  events: [{ type: "Noted", schemaVersion: 1, data: { tag } }]
})

// Concurrent appends share a transaction (group commit); these pin down that
// sharing it never changes what each append means.
describe("sqlite: appends committed together", () => {
  it.live("racing appends on one stream with the same expected version: exactly one wins", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      const store = yield* makeWithFaults({ filename }, undefined)
      const results = yield* Effect.all(
        Array.from({ length: 20 }, (_, i) => Effect.result(store.append(request("s", 0, `w${i}`)))),
        { concurrency: "unbounded" }
      )
      expect(results.filter(Result.isSuccess)).toHaveLength(1)
      for (const r of results.filter(Result.isFailure)) expect(r.failure._tag).toBe("ConcurrencyError")
      expect(yield* store.version("s")).toBe(1)
    }))

  it.live("one failing append in a group fails alone; the others commit", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      const faults: FaultInjection = { failNextAppend: false }
      const store = yield* makeWithFaults({ filename }, faults)
      const results = yield* Effect.all(
        Array.from({ length: 10 }, (_, i) =>
          Effect.result(Effect.andThen(
            // Armed while the group is being queued: it hits whichever append runs first in the shared transaction.
            Effect.sync(() => {
              if (i === 5) faults.failNextAppend = true
            }),
            store.append({ ...request(`s-${i}`, 0, `w${i}`), idempotency: { key: `k-${i}`, fingerprint: "f" } })
          ))),
        { concurrency: "unbounded" }
      )
      const failed = results.flatMap((r, i) => (Result.isFailure(r) ? [i] : []))
      expect(failed).toHaveLength(1)
      const loser = failed[0]!
      expect((results[loser] as Result.Failure<unknown, { _tag: string }>).failure._tag).toBe("StoreError")
      for (let i = 0; i < 10; i++) {
        expect(yield* store.version(`s-${i}`)).toBe(i === loser ? 0 : 1)
        expect((yield* store.findIdempotent(`k-${i}`)) === undefined).toBe(i === loser)
      }
      // A crash-free reopen sees the same: the group's commit was durable.
      const again = yield* makeWithFaults({ filename }, undefined)
      expect((yield* again.listStreams("team-1")).length).toBe(9)
    }))

  it.live("a later append in the group sees the earlier ones (same stream, chained versions)", () =>
    Effect.gen(function*() {
      const filename = yield* tempDatabase
      const store = yield* makeWithFaults({ filename }, undefined)
      const results = yield* Effect.all(
        Array.from({ length: 5 }, (_, i) => store.append(request("chain", i, `v${i + 1}`))),
        { concurrency: "unbounded" }
      )
      expect(results.map((r) => r.toVersion)).toEqual([1, 2, 3, 4, 5])
      expect((yield* store.read("chain")).map((e) => (e.data as { tag: string }).tag)).toEqual(["v1", "v2", "v3", "v4", "v5"])
    }))
})
