/**
 * What the command handler does when another writer (another server process on the same
 * database) keeps winning the race for a stream: it retries after short, jittered, growing
 * waits, so it outlasts a burst of the other writer's appends instead of spending every
 * attempt inside it, and it gives up within a bounded time. Time is the TestClock's and
 * randomness a seeded Random, so every schedule here is exact and reproducible.
 */
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Random, Result } from "effect"
import { TestClock } from "effect/testing"
import { Store } from "@retrobridge/core"
import { makeReferenceEventStore } from "@retrobridge/core/testing"
import { bank, BankCommand, BankEvent, Deposited } from "./bank.ts"

const codec = Store.makeEventCodec({ schema: BankEvent, currentVersion: 1 })
type Store = Store.EventStore["Service"]
type Options = Pick<Store.CommandHandlerOptions<never, never, never, never, never>, "maxAttempts" | "retryBackoff">

/**
 * The store as seen by a process whose rival writes to the same stream while `busy` (given the
 * clock and the append's number, from 1): each such append finds a rival's event committed just
 * before it, so it conflicts for real (the catch-up then reads that event). Records when each
 * append was tried.
 */
const contended = (store: Store, busy: (now: number, attempt: number) => boolean) => {
  const attempts: Array<number> = []
  const rivals = { count: 0 }
  const wrapped = Store.EventStore.of({
    ...store,
    append: (request) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        attempts.push(now)
        if (busy(now, attempts.length)) {
          const version = yield* store.version(request.streamId)
          rivals.count++
          yield* Effect.orDie(store.append({ ...request, expectedVersion: version, events: [codec.encode(Deposited.make({ amount: 1, currency: "EUR" }))], idempotency: undefined }))
        }
        return yield* store.append(request)
      })
  })
  return { store: wrapped, attempts, rivals }
}

/** A stream with an open account; `busy`: until which instant (ms) a rival keeps writing to it, or when. */
const setup = (busy: number | ((now: number, attempt: number) => boolean), options: Options = {}) =>
  Effect.gen(function*() {
    const { store } = yield* makeReferenceEventStore
    yield* store.append({ streamId: "acct-1", kind: "team", teamId: "t", expectedVersion: 0, events: [codec.encode(bank.decide({ _tag: "Open", owner: "ada" }, bank.initialState).pipe(Result.getOrThrow)[0]!)] })
    const rival = contended(store, typeof busy === "number" ? (now) => now < busy : busy)
    const handler = Store.commandHandler(rival.store, { decider: bank, codec, commandSchema: BankCommand, ...options })
    const deposit = (amount: number, idempotencyKey?: string) =>
      handler.handle({ streamId: "acct-1", kind: "team", teamId: "t", command: { _tag: "Deposit", amount }, idempotencyKey })
    return { ...rival, raw: store, deposit }
  })

/**
 * Runs `effect` in the background and moves the TestClock on a millisecond at a time, letting the
 * handler run as far as it can in between, so that only an actual sleep lets time pass under it.
 */
const drive = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(Effect.result(effect))
    for (let ms = 0; ms < 10_000 && fiber.pollUnsafe() === undefined; ms++) {
      for (let i = 0; i < 50; i++) yield* Effect.yieldNow
      yield* TestClock.adjust("1 millis")
    }
    return yield* Fiber.join(fiber)
  })

// Rounded to microseconds: the clock sums fractional milliseconds.
const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((t, i) => Math.round((t - times[i]!) * 1000) / 1000)

describe("command handler: retries after a lost race", () => {
  it.effect("a rival writing to the stream for 60 ms: the command waits it out and succeeds (immediate retries all fell inside the burst)", () =>
    Effect.gen(function*() {
      const { deposit, attempts, raw, rivals } = yield* setup(60)
      const outcome = yield* drive(deposit(5))
      expect(Result.isSuccess(outcome), `failed with ${Result.isFailure(outcome) ? outcome.failure._tag : ""} after appends at ${attempts.join(", ")} ms`).toBe(true)
      if (Result.isFailure(outcome)) return
      expect(attempts.at(-1)).toBeGreaterThanOrEqual(60)
      // It decided on the state the rival left: every rival deposit is in it, and its own on top.
      expect(outcome.success.state.balance).toBe(rivals.count + 5)
      expect(outcome.success.version).toBe(yield* raw.version("acct-1"))
    }).pipe(Random.withSeed("burst")))

  it.effect("the first retry goes at once; later ones wait a random delay in [c/2, c], c doubling from baseMs up to maxMs", () =>
    Effect.gen(function*() {
      const { deposit, attempts } = yield* setup(Number.POSITIVE_INFINITY, { maxAttempts: 8, retryBackoff: { baseMs: 4, maxMs: 20 } })
      const outcome = yield* drive(deposit(5))
      expect(Result.isFailure(outcome) && outcome.failure).toMatchObject({ _tag: "ConcurrencyRetriesExhausted", streamId: "acct-1", attempts: 8 })
      expect(attempts).toHaveLength(8)
      const waited = gaps(attempts)
      expect(waited[0]).toBe(0)
      const ceilings = [4, 8, 16, 20, 20, 20]
      waited.slice(1).forEach((gap, i) => {
        expect(gap).toBeGreaterThanOrEqual(ceilings[i]! / 2)
        expect(gap).toBeLessThanOrEqual(ceilings[i]!)
      })
    }).pipe(Random.withSeed("ceilings")))

  it.effect("gives up within a bounded time with the defaults (12 attempts, at most 4 + 8 + 16 + 7 × 24 = 196 ms of waiting)", () =>
    Effect.gen(function*() {
      const { deposit, attempts, raw } = yield* setup(Number.POSITIVE_INFINITY)
      const before = yield* raw.version("acct-1")
      const outcome = yield* drive(deposit(5))
      expect(Result.isFailure(outcome) && outcome.failure).toMatchObject({ _tag: "ConcurrencyRetriesExhausted", attempts: 12 })
      expect(attempts).toHaveLength(12)
      expect(attempts.at(-1)!).toBeGreaterThanOrEqual(196 / 2)
      expect(attempts.at(-1)!).toBeLessThanOrEqual(196)
      // Nothing of its own was written: only the rival's events.
      const stored = yield* raw.read("acct-1", before)
      expect(stored).toHaveLength(attempts.length)
    }).pipe(Random.withSeed("bounded")))

  it.effect("the delays are drawn from the Random service: one seed, one schedule; another seed, another", () =>
    Effect.gen(function*() {
      const schedule = (seed: string) =>
        Effect.gen(function*() {
          const { deposit, attempts } = yield* setup(Number.POSITIVE_INFINITY)
          yield* drive(deposit(5))
          return gaps(attempts)
        }).pipe(Random.withSeed(seed))
      const a = yield* schedule("a")
      expect(yield* schedule("a")).toEqual(a)
      expect(yield* schedule("b")).not.toEqual(a)
    }))

  it.effect("an uncontended command, or one that loses a single race, neither waits nor draws a random number", () => {
    let draws = 0
    const counting: typeof Random.Random.Service = {
      nextIntUnsafe: () => (draws++, 0),
      nextDoubleUnsafe: () => (draws++, 0.5)
    }
    return Effect.gen(function*() {
      const quiet = yield* setup(0)
      // No clock adjustment: a handler that slept would never finish.
      expect((yield* quiet.deposit(5)).version).toBe(2)
      const once = yield* setup((_, attempt) => attempt === 1)
      expect((yield* once.deposit(5)).version).toBe(3)
      expect(once.attempts).toEqual([0, 0])
      expect(draws).toBe(0)
    }).pipe(Effect.provideService(Random.Random, counting))
  })

  it.effect("retryBackoff { baseMs: 0 } retries at once, as many times as maxAttempts allows", () =>
    Effect.gen(function*() {
      const { deposit, attempts } = yield* setup(Number.POSITIVE_INFINITY, { maxAttempts: 4, retryBackoff: { baseMs: 0 } })
      const outcome = yield* Effect.result(deposit(5))
      expect(Result.isFailure(outcome) && outcome.failure._tag).toBe("ConcurrencyRetriesExhausted")
      expect(attempts).toEqual([0, 0, 0, 0])
    }))

  it.effect("an idempotent command that waited is still answered once: its key is checked again after each wait", () =>
    Effect.gen(function*() {
      const { deposit, raw } = yield* setup(30)
      const [first, second] = yield* drive(Effect.all([deposit(7, "k-1"), deposit(7, "k-1")], { concurrency: "unbounded" }))
        .pipe(Effect.map(Result.getOrThrow), Effect.map((pair) => pair))
      expect([first.duplicate, second.duplicate].sort()).toEqual([false, true])
      expect(first.version).toBe(second.version)
      const mine = (yield* raw.read("acct-1")).filter((e) => e.type === "Deposited" && (e.data as { amount: number }).amount === 7)
      expect(mine).toHaveLength(1)
    }).pipe(Random.withSeed("keyed")))
})
