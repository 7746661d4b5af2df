import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Effect, Result } from "effect"
import { Store } from "@retrobridge/core"
import { makeReferenceEventStore } from "@retrobridge/core/testing"
import { bank, BankCommand, BankEvent, Deposited } from "./bank.ts"
import type { BankCommand as Command } from "./bank.ts"

const codec = Store.makeEventCodec({ schema: BankEvent, currentVersion: 1 })
type Store = Store.EventStore["Service"]

/** Yields to other fibers around every store call, so concurrent commands really interleave. */
const racy = (store: Store): Store =>
  Store.EventStore.of({
    ...store,
    read: (id, from) => Effect.tap(store.read(id, from), () => Effect.yieldNow),
    findIdempotent: (key) => Effect.tap(store.findIdempotent(key), () => Effect.yieldNow),
    append: (request) => Effect.andThen(Effect.yieldNow, store.append(request))
  })

const setup = (options: { readonly maxAttempts?: number; readonly wrap?: (store: Store) => Store } = {}) =>
  Effect.gen(function*() {
    const { store } = yield* makeReferenceEventStore
    const decideCalls = { count: 0 }
    const counted = { ...bank, decide: (c: Command, s: typeof bank.initialState) => (decideCalls.count++, bank.decide(c, s)) }
    const handler = Store.commandHandler((options.wrap ?? racy)(store), {
      decider: counted,
      codec,
      commandSchema: BankCommand,
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts })
    })
    const run = (command: Command, idempotencyKey?: string) =>
      handler.handle({ streamId: "acct-1", kind: "team", teamId: "t", command, idempotencyKey })
    return { store, handler, run, decideCalls }
  })

const open = { _tag: "Open", owner: "ada" } as const
const deposit = (amount: number) => ({ _tag: "Deposit", amount }) as const
const withdraw = (amount: number) => ({ _tag: "Withdraw", amount }) as const

describe("CommandHandler", () => {
  it("loads, decides, appends, and reports the new events, state and version", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, handler, store } = yield* setup()
      const opened = yield* run(open)
      expect(opened).toMatchObject({ streamId: "acct-1", version: 1, fromVersion: 1, duplicate: false })
      const deposited = yield* run(deposit(50))
      expect(deposited.events).toEqual([Deposited.make({ amount: 50, currency: "EUR" })])
      expect(deposited).toMatchObject({ version: 2, fromVersion: 2, state: { open: true, balance: 50 } })
      expect(yield* handler.load("acct-1")).toEqual({ state: deposited.state, version: 2 })
      expect((yield* store.read("acct-1")).map((e) => e.type)).toEqual(["Opened", "Deposited"])
      expect(yield* store.listStreams("t", "team")).toEqual([{ streamId: "acct-1", kind: "team", teamId: "t", version: 2 }])
    })))

  it("a rejected command changes nothing and returns the domain error typed", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store } = yield* setup()
      expect((yield* Effect.flip(run(deposit(5))))._tag).toBe("NotOpen")
      yield* run(open)
      const error = yield* Effect.flip(run(withdraw(10), "k-w"))
      expect(error).toMatchObject({ _tag: "InsufficientFunds", balance: 0, requested: 10 })
      expect(yield* store.version("acct-1")).toBe(1)
      expect(yield* store.findIdempotent("k-w")).toBeUndefined()
    })))

  it("an idempotent retry returns the original outcome without deciding again or appending", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store, decideCalls } = yield* setup()
      yield* run(open)
      const first = yield* run(deposit(30), "k-1")
      yield* run(withdraw(10))
      const calls = decideCalls.count
      const retry = yield* run(deposit(30), "k-1")
      expect(decideCalls.count).toBe(calls)
      expect(retry).toEqual({ ...first, duplicate: true })
      expect(yield* store.version("acct-1")).toBe(3)
    })))

  it("the same key with a different command is an IdempotencyConflict", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store } = yield* setup()
      yield* run(open, "k-open")
      const error = yield* Effect.flip(run(deposit(1), "k-open"))
      expect(error).toMatchObject({ _tag: "IdempotencyConflict", key: "k-open", streamId: "acct-1" })
      expect(yield* store.version("acct-1")).toBe(1)
    })))

  it("a caller's own fingerprint (a hash of the body the command was built from) stands for the command under its key", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { handler, store } = yield* setup()
      const send = (command: Command, fingerprint: string) =>
        handler.handle({ streamId: "acct-1", kind: "team", teamId: "t", command, idempotencyKey: "k-body", fingerprint })
      yield* handler.handle({ streamId: "acct-1", kind: "team", teamId: "t", command: open })
      const first = yield* send(deposit(30), "body-hash-1")
      expect(yield* send(deposit(30), "body-hash-1")).toEqual({ ...first, duplicate: true })
      // Another body under the key is refused even where its command would be the same: the fingerprint is what the caller vouches for.
      expect(yield* Effect.flip(send(deposit(30), "body-hash-2"))).toMatchObject({ _tag: "IdempotencyConflict", key: "k-body" })
      // It is what the store records: the key's record holds it, not the command's own fingerprint.
      expect(yield* store.findIdempotent("k-body")).toMatchObject({ fingerprint: "body-hash-1" })
      expect(yield* store.version("acct-1")).toBe(2)
    })))

  it("a command deciding no events appends nothing, but records its key so retries stay answers", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store } = yield* setup()
      yield* run(open)
      expect(yield* run({ _tag: "Touch" })).toMatchObject({ events: [], version: 1, fromVersion: 2, duplicate: false })
      const touched = yield* run({ _tag: "Touch" }, "k-touch")
      yield* run(deposit(1))
      expect(yield* run({ _tag: "Touch" }, "k-touch")).toEqual({ ...touched, duplicate: true })
      expect(yield* store.version("acct-1")).toBe(2)
    })))

  it("two racing commands both succeed, in some order", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store } = yield* setup()
      yield* run(open)
      const [a, b] = yield* Effect.all([run(deposit(10)), run(deposit(20))], { concurrency: "unbounded" })
      expect([a!.version, b!.version].sort()).toEqual([2, 3])
      const events = Result.getOrThrow(codec.decodeAll(yield* store.read("acct-1")))
      expect(events.slice(1).map((e) => (e._tag === "Deposited" ? e.amount : 0)).sort()).toEqual([10, 20])
      // The later one decided on the state the earlier one produced.
      expect(Math.max(a!.state.balance, b!.state.balance)).toBe(30)
    })))

  it("the race is real: without retries, one of two racing commands loses with a clear error", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store } = yield* setup({ maxAttempts: 1 })
      yield* run(open)
      const results = yield* Effect.all([Effect.result(run(deposit(10))), Effect.result(run(deposit(20)))], {
        concurrency: "unbounded"
      })
      expect(results.filter(Result.isFailure).map((r) => r.failure._tag)).toEqual(["ConcurrencyRetriesExhausted"])
      expect(yield* store.version("acct-1")).toBe(2)
    })))

  it("two racing commands where only one fits: the loser re-decides and gets a clear domain error", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store } = yield* setup()
      yield* run(open)
      yield* run(deposit(100))
      const results = yield* Effect.all([Effect.result(run(withdraw(70))), Effect.result(run(withdraw(70)))], {
        concurrency: "unbounded"
      })
      const failures = results.filter(Result.isFailure).map((r) => r.failure._tag)
      expect(failures).toEqual(["InsufficientFunds"])
      expect((yield* handlerState(store)).balance).toBe(30)
    })))

  it("racing retries of one keyed command append it once", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store } = yield* setup()
      yield* run(open)
      const results = yield* Effect.all(Array.from({ length: 6 }, () => run(deposit(5), "k-race")), {
        concurrency: "unbounded"
      })
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
      for (const r of results) expect(r).toMatchObject({ version: 2, fromVersion: 2, events: [Deposited.make({ amount: 5, currency: "EUR" })] })
      expect(yield* store.version("acct-1")).toBe(2)
    })))

  it("gives up after maxAttempts with ConcurrencyRetriesExhausted, writing nothing", () =>
    Effect.runPromise(Effect.gen(function*() {
      let appends = 0
      const { run } = yield* setup({
        maxAttempts: 3,
        wrap: (store) =>
          Store.EventStore.of({
            ...store,
            append: (request) =>
              Effect.suspend(() => {
                appends++
                return Effect.fail(new Store.ConcurrencyError({ streamId: request.streamId, expectedVersion: request.expectedVersion, actualVersion: request.expectedVersion + 1 }))
              })
          })
      })
      const error = yield* Effect.flip(run(open))
      expect(error).toMatchObject({ _tag: "ConcurrencyRetriesExhausted", streamId: "acct-1", attempts: 3 })
      expect(error.message).toContain("acct-1")
      expect(appends).toBe(3)
    })))

  it("lets the process serve other work after fingerprinting a large keyed command (a history import), not a small one", async () => {
    /** Whether a callback queued just before the command ran before the handler went on to the store. */
    const othersRanBeforeTheStore = async (owner: string) => {
      let queuedRan = false
      let ranBeforeStore: boolean | undefined
      const { run } = await Effect.runPromise(setup({
        wrap: (store) => Store.EventStore.of({ ...store, findIdempotent: (key) => Effect.suspend(() => {
          ranBeforeStore ??= queuedRan
          return store.findIdempotent(key)
        }) })
      }))
      await Effect.runPromise(Effect.suspend(() => {
        setImmediate(() => {
          queuedRan = true
        })
        return run({ _tag: "Open", owner }, "k-open")
      }))
      return ranBeforeStore
    }
    expect(await othersRanBeforeTheStore("ada")).toBe(false)
    expect(await othersRanBeforeTheStore("a".repeat(1_100_000))).toBe(true)
  })

  it("fails loudly when a stored event cannot be decoded", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { run, store } = yield* setup()
      yield* run(open)
      yield* store.append({ streamId: "acct-1", kind: "team", teamId: "t", expectedVersion: 1, events: [{ type: "Alien", schemaVersion: 1, data: {} }] })
      const error = yield* Effect.flip(run(deposit(1)))
      expect(error).toMatchObject({ _tag: "EventDecodeError", streamId: "acct-1", version: 2, type: "Alien" })
      expect(yield* store.version("acct-1")).toBe(2)
    })))

  it("is available from context via Store.makeCommandHandler", () =>
    Effect.runPromise(Effect.gen(function*() {
      const { store } = yield* makeReferenceEventStore
      const handler = yield* Store.makeCommandHandler({ decider: bank, codec, commandSchema: BankCommand }).pipe(
        Effect.provideService(Store.EventStore, store)
      )
      const r = yield* handler.handle({ streamId: "x", kind: "team", teamId: "t", command: open })
      expect(r.version).toBe(1)
    })))

  it("concurrent random commands: state equals the replay of what was stored, nothing lost (property)", () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 50 }).map(deposit), fc.integer({ min: 1, max: 80 }).map(withdraw)), {
          minLength: 1,
          maxLength: 12
        }),
        (commands) =>
          Effect.runPromise(Effect.gen(function*() {
            const { run, store } = yield* setup({ maxAttempts: 100 })
            yield* run(open)
            const results = yield* Effect.all(commands.map((c) => Effect.result(run(c))), { concurrency: "unbounded" })
            const stored = yield* store.read("acct-1")
            expect(stored.map((e) => e.version)).toEqual(stored.map((_, i) => i + 1))
            const succeeded = results.filter(Result.isSuccess).map((r) => r.success)
            // Every success appended exactly its one event; every failure is a domain rejection.
            expect(stored.length).toBe(1 + succeeded.length)
            expect(new Set(succeeded.map((r) => r.version)).size).toBe(succeeded.length)
            for (const r of results) if (Result.isFailure(r)) expect(r.failure._tag).toBe("InsufficientFunds")
            const state = yield* handlerState(store)
            expect(state.balance).toBeGreaterThanOrEqual(0)
            for (const r of succeeded) expect(stored[r.version - 1]!.type).toBe(r.events[0]!._tag)
          }))
      ),
      { numRuns: 50 }
    ))
})

const handlerState = (store: Store) =>
  Effect.map(store.read("acct-1"), (rows: ReadonlyArray<Store.StoredEvent>) =>
    Result.getOrThrow(codec.decodeAll(rows)).reduce(bank.evolve, bank.initialState))

