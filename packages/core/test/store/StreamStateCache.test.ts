import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { Store } from "@retrobridge/core"
import { makeReferenceEventStore } from "@retrobridge/core/testing"
import { makeStreamStateCache } from "../../src/store/StreamStateCache.ts"
import { bank, BankCommand, BankEvent } from "./bank.ts"
import { cachedStateEqualsReplay, expectCoverage } from "./cachedStateProperty.ts"

describe("StreamStateCache", () => {
  it("drops the least recently used stream once full; a read counts as a use", () => {
    const cache = makeStreamStateCache<string>(2)
    cache.remember("a", { state: "a1", version: 1 })
    cache.remember("b", { state: "b1", version: 1 })
    expect(cache.get("a")?.state).toBe("a1")
    cache.remember("c", { state: "c1", version: 1 })
    expect(cache.get("b")).toBeUndefined()
    expect(cache.get("a")?.state).toBe("a1")
    expect(cache.get("c")?.state).toBe("c1")
    expect(cache.size()).toBe(2)
    expect(cache.evictions()).toBe(1)
  })

  it("never goes back to an earlier version of a stream", () => {
    const cache = makeStreamStateCache<string>(4)
    cache.remember("a", { state: "a5", version: 5 })
    cache.remember("a", { state: "a3", version: 3 })
    expect(cache.get("a")).toEqual({ state: "a5", version: 5 })
    cache.remember("a", { state: "a6", version: 6 })
    expect(cache.get("a")).toEqual({ state: "a6", version: 6 })
  })

  it("with a bound of 0 holds nothing", () => {
    const cache = makeStreamStateCache<string>(0)
    cache.remember("a", { state: "a1", version: 1 })
    expect(cache.get("a")).toBeUndefined()
    expect(cache.size()).toBe(0)
  })
})

const codec = Store.makeEventCodec({ schema: BankEvent, currentVersion: 1 })

describe("CommandHandler state cache", () => {
  it("a warm command reads only the events appended since the cached version", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { store } = yield* makeReferenceEventStore
      const reads: Array<number> = []
      const watched = Store.EventStore.of({
        ...store,
        read: (id, from) => Effect.tap(store.read(id, from), () => Effect.sync(() => void reads.push(from ?? 0)))
      })
      const handler = Store.commandHandler(watched, { decider: bank, codec, commandSchema: BankCommand })
      const run = (command: BankCommand) => handler.handle({ streamId: "acct", kind: "team", teamId: "t", command })
      yield* run({ _tag: "Open", owner: "ada" })
      for (let i = 1; i <= 5; i++) yield* run({ _tag: "Deposit", amount: i })
      // One load of the new stream; every later command decided on the cached state and appended.
      expect(reads).toEqual([0])
      // Someone else writes: the next command's append is refused, and it reads only the tail.
      const other = Store.commandHandler(store, { decider: bank, codec, commandSchema: BankCommand })
      yield* other.handle({ streamId: "acct", kind: "team", teamId: "t", command: { _tag: "Deposit", amount: 100 } })
      const after = yield* run({ _tag: "Withdraw", amount: 110 })
      expect(reads).toEqual([0, 6])
      expect(after.state.balance).toBe(15 + 100 - 110)
      // A rejection on a cached state is confirmed against the tail first (here: nothing new).
      const rejected = yield* Effect.flip(run({ _tag: "Withdraw", amount: 1_000 }))
      expect(rejected._tag).toBe("InsufficientFunds")
      expect(reads).toEqual([0, 6, 8])
    })))

  it("a rejection never comes from a stale cached state", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { store } = yield* makeReferenceEventStore
      const a = Store.commandHandler(store, { decider: bank, codec, commandSchema: BankCommand })
      const b = Store.commandHandler(store, { decider: bank, codec, commandSchema: BankCommand })
      const on = (h: typeof a, command: BankCommand) => h.handle({ streamId: "acct", kind: "team", teamId: "t", command })
      yield* on(a, { _tag: "Open", owner: "ada" })
      yield* on(b, { _tag: "Deposit", amount: 50 })
      // a's cache says balance 0; the store says 50.
      const withdrawn = yield* on(a, { _tag: "Withdraw", amount: 30 })
      expect(withdrawn.state.balance).toBe(20)
      // …and a no-op answers with the current state too.
      yield* on(b, { _tag: "Deposit", amount: 5 })
      expect((yield* on(a, { _tag: "Touch" })).state.balance).toBe(25)
    })))

  it("property: after random writers, evictions and restarts, cached state equals a full replay (reference store)", async () => {
    const { store } = await Effect.runPromise(makeReferenceEventStore)
    expectCoverage(await cachedStateEqualsReplay(() => Effect.succeed(store), { numRuns: 60 }))
  })
})
