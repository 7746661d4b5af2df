/**
 * The event store conformance suite. Every adapter — ours and anyone's —
 * runs it from its own vitest file:
 *
 * ```ts
 * import { eventStoreConformance } from "@retrobridge/store-conformance"
 * eventStoreConformance("my-adapter", Effect.map(MyStore.make, (store) => ({ store })))
 * ```
 *
 * It registers `describe`/`it` blocks, so call it at the top level of a test
 * file. `vitest` and `fast-check` are peer dependencies of this package.
 *
 * @since 0.1.0
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Cause, Context, Deferred, Effect, Exit, Fiber, Layer, Queue, Result, Stream } from "effect"
import type { Scope } from "effect"
import { Store } from "@retrobridge/core"
import { normalizeJson, ReferenceModel } from "@retrobridge/core/testing"

type StoreService = Store.EventStore["Service"]

interface SkipContext {
  readonly skip: (note?: string) => never
}

/**
 * Optional fault-injection hooks. The suite's fault tests run only for the
 * hooks an adapter provides.
 *
 * @since 0.1.0
 */
export interface ConformanceFaults {
  /**
   * Makes the next `append` fail inside its transaction — ideally after some
   * rows were written, to prove the rollback — as a read-only, full or
   * unreachable database would. The suite expects a `StoreError`, an
   * unchanged stream, an unrecorded idempotency key, and a store that keeps
   * serving afterwards.
   */
  readonly failNextAppend?: Effect.Effect<void, unknown>
  /**
   * Overwrites the stored row of `streamId@version` with something this
   * store did not write (e.g. invalid JSON). The suite expects `read` of
   * that stream to fail with a `StoreError` naming the stream, and other
   * streams to stay readable.
   */
  readonly corruptEvent?: (streamId: string, version: number) => Effect.Effect<void, unknown>
}

/**
 * What the factory hands to each test.
 *
 * @since 0.1.0
 */
export interface ConformanceInstance {
  /** The store under test: fresh, empty and isolated from every other test's store. */
  readonly store: StoreService
  /**
   * Opens another independent instance (own connections, own listeners) on
   * the SAME storage as `store`, as a second server process would. Provide it
   * for shared databases; cross-instance subscription and racing tests are
   * skipped without it. Resources are released with the test's scope.
   */
  readonly openSecondInstance?: Effect.Effect<StoreService, unknown, Scope.Scope>
  readonly faults?: ConformanceFaults
}

/**
 * The factory contract: a scoped effect that, each time it runs, provisions
 * fresh, empty storage (a new in-memory store, a temp SQLite file, a new
 * PostgreSQL schema, …) and returns the store on it. The suite runs it once
 * per test inside `Effect.scoped`, so finalizers added to the scope (closing
 * pools, dropping schemas, deleting files) run when the test ends. It may
 * fail; the test then fails with that error.
 *
 * @since 0.1.0
 */
export type ConformanceStoreFactory = Effect.Effect<ConformanceInstance, unknown, Scope.Scope>

/**
 * Builds a factory from a layer providing {@link Store.EventStore}. The layer is
 * built afresh per test, so it must create fresh storage each time it is built.
 *
 * @since 0.1.0
 */
export const conformanceFactoryFromLayer = <E>(
  layer: Layer.Layer<Store.EventStore, E>
): ConformanceStoreFactory =>
  Effect.map(Layer.build(layer), (context) => ({ store: Context.get(context, Store.EventStore) }))

/**
 * Tuning for the suite. Defaults keep one adapter's run well under 30 s.
 *
 * @since 0.1.0
 */
export interface ConformanceOptions {
  /**
   * Events that must survive a round trip unchanged: pass one encoded sample
   * of every event type your application stores. Added to
   * {@link defaultSampleEvents}.
   */
  readonly sampleEvents?: ReadonlyArray<Store.NewEvent>
  /** fast-check runs per property (default 50). */
  readonly numRuns?: number
  /** Concurrent writers on one stream (default 8). */
  readonly writers?: number
  /** Appends per concurrent writer (default 25). */
  readonly appendsPerWriter?: number
  /** Events in the large-batch append (default 1000). */
  readonly largeBatch?: number
  /**
   * How long a test waits for a subscription to deliver before failing
   * (default 10 000 ms). Only a safety net against hanging: no test asserts
   * on timing.
   */
  readonly deliveryTimeoutMs?: number
}

/**
 * Payloads exercising JSON's corners: unicode outside the BMP, escapes,
 * nesting, number extremes, empty containers.
 *
 * @since 0.1.0
 */
export const defaultSampleEvents: ReadonlyArray<Store.NewEvent> = [
  { type: "Empty", schemaVersion: 1, data: {} },
  { type: "Null", schemaVersion: 1, data: null },
  { type: "Scalar", schemaVersion: 1, data: "just a string" },
  { type: "EmptyContainers", schemaVersion: 2, data: { list: [], map: {}, nested: [[], [{}]], text: "" } },
  {
    type: "Unicode",
    schemaVersion: 1,
    data: {
      emoji: "🧑‍🤝‍🧑 retro 🎉",
      cjk: "振り返り",
      rtl: "مراجعة",
      combining: "e\u0301",
      escapes: "quote \" backslash \\ newline \n tab \t",
      "key with spaces and ünïcödé": true
    }
  },
  {
    type: "Numbers",
    schemaVersion: 3,
    data: {
      maxSafe: Number.MAX_SAFE_INTEGER,
      minSafe: Number.MIN_SAFE_INTEGER,
      big: 1.7976931348623157e308,
      tiny: 5e-324,
      fraction: 0.1,
      negative: -42
    }
  },
  {
    type: "Nested",
    schemaVersion: 1,
    data: { a: { b: { c: { d: { e: [1, [2, [3, [4, { f: "deep" }]]]] } } } } }
  },
  { type: "LongText", schemaVersion: 1, data: { text: "x".repeat(100_000) } }
]

const kinds: ReadonlyArray<Store.StreamKind> = ["team", "retro", "estimates"]

const event = (type: string, data: unknown = {}): Store.NewEvent => ({ type, schemaVersion: 1, data })
const events = (n: number, tag = "e"): ReadonlyArray<Store.NewEvent> =>
  Array.from({ length: n }, (_, i) => event("Tick", { tag, i }))

const request = (
  streamId: string,
  expectedVersion: number,
  batch: ReadonlyArray<Store.NewEvent>,
  extra: Partial<Pick<Store.AppendRequest, "kind" | "teamId" | "idempotency">> = {}
): Store.AppendRequest => ({
  streamId,
  kind: extra.kind ?? "retro",
  teamId: extra.teamId ?? "team-1",
  expectedVersion,
  events: batch,
  idempotency: extra.idempotency
})

/** The part of a stored event adapters must preserve exactly. */
const essence = (e: Store.StoredEvent) => ({
  streamId: e.streamId,
  version: e.version,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data
})

const expectedEssence = (streamId: string, fromVersion: number, batch: ReadonlyArray<Store.NewEvent>) =>
  batch.map((e, i) => ({
    streamId,
    version: fromVersion + i,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: normalizeJson(e.data)
  }))

const byStreamId = (a: Store.StreamInfo, b: Store.StreamInfo) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0)
const sortedInfos = (infos: ReadonlyArray<Store.StreamInfo>) =>
  [...infos].map(({ streamId, kind, teamId, version }) => ({ streamId, kind, teamId, version })).sort(byStreamId)

/** Fails the test with the effect's success value when it was expected to fail. */
const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.flatMap(Effect.result(effect), (r) =>
    Result.isFailure(r)
      ? Effect.succeed(r.failure)
      : Effect.die(new Error(`expected a failure, got success: ${JSON.stringify(r.success)}`)))

/** Retries an append on ConcurrencyError by re-reading the version: the shape of every real writer. */
const appendWithRetry = (
  store: StoreService,
  make: (version: number) => Store.AppendRequest,
  maxAttempts = 10_000
): Effect.Effect<Store.AppendResult, unknown> =>
  Effect.gen(function*() {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const version = yield* store.version(make(0).streamId)
      // Stands in for the time a real writer spends deciding: lets other writers slip in, even in memory.
      yield* Effect.yieldNow
      const r = yield* Effect.result(store.append(make(version)))
      if (Result.isSuccess(r)) return r.success
      if (r.failure._tag !== "ConcurrencyError") return yield* Effect.fail(r.failure)
      yield* Effect.yieldNow
    }
    return yield* Effect.die(new Error(`append did not succeed after ${maxAttempts} attempts`))
  })

/**
 * Registers the conformance suite for one adapter as a vitest `describe`
 * block named `EventStore conformance: <name>`.
 *
 * @since 0.1.0
 */
export const eventStoreConformance = (
  name: string,
  factory: ConformanceStoreFactory,
  options: ConformanceOptions = {}
): void => {
  const numRuns = options.numRuns ?? 50
  const writers = options.writers ?? 8
  const appendsPerWriter = options.appendsPerWriter ?? 25
  const largeBatch = options.largeBatch ?? 1000
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 10_000
  const samples = [...defaultSampleEvents, ...(options.sampleEvents ?? [])]

  const run = <A>(body: (instance: ConformanceInstance) => Effect.Effect<A, unknown, Scope.Scope>): Promise<A> =>
    Effect.runPromise(Effect.scoped(Effect.flatMap(factory, body)))

  /** Runs a test that needs an optional capability; `select` returns undefined when the adapter lacks it. */
  const runOrSkip = async (
    ctx: SkipContext,
    note: string,
    select: (instance: ConformanceInstance) => Effect.Effect<void, unknown, Scope.Scope> | undefined
  ): Promise<void> => {
    const ran = await run((instance) => {
      const body = select(instance)
      return body === undefined ? Effect.succeed(false) : Effect.as(body, true)
    })
    if (!ran) ctx.skip(note)
  }

  const timeoutFail = <A, E, R>(what: string) => (effect: Effect.Effect<A, E, R>) =>
    Effect.timeoutOrElse(effect, {
      duration: deliveryTimeoutMs,
      orElse: () => Effect.die(new Error(`${what}: nothing arrived within ${deliveryTimeoutMs} ms`))
    })

  /** Collects a subscription up to and including `toVersion`, failing on a timeout. */
  const collectUntil = (stream: Stream.Stream<Store.StoredEvent, unknown>, toVersion: number, what: string) =>
    stream.pipe(
      Stream.takeUntil((e) => e.version >= toVersion),
      Stream.runCollect,
      timeoutFail(what)
    )

  /**
   * Starts a subscription in the background and waits until it has delivered
   * its first event, which (by the contract) means catch-up is done and live
   * delivery is wired. Later events then exercise the live path.
   */
  const subscribeLive = (store: StoreService, streamId: string, fromVersion: number) =>
    Effect.gen(function*() {
      const received = yield* Queue.unbounded<Store.StoredEvent>()
      yield* store.subscribe(streamId, fromVersion).pipe(
        Stream.runForEach((e) => Queue.offer(received, e)),
        Effect.forkScoped
      )
      const first = yield* Queue.take(received).pipe(timeoutFail(`first event of ${streamId}`))
      const takeUntil = (toVersion: number) =>
        Effect.gen(function*() {
          const out: Array<Store.StoredEvent> = [first]
          while ((out.at(-1)?.version ?? 0) < toVersion) {
            out.push(yield* Queue.take(received).pipe(timeoutFail(`events of ${streamId} up to ${toVersion}`)))
          }
          return out
        })
      return { takeUntil, received }
    })

  describe(`EventStore conformance: ${name}`, () => {
    describe("append, read, version", () => {
      it("a new stream is empty at version 0", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            expect(yield* store.version("s-1")).toBe(0)
            expect(yield* store.read("s-1")).toEqual([])
            expect(yield* store.read("s-1", 5)).toEqual([])
            expect(yield* store.listStreams("team-1")).toEqual([])
            expect(yield* store.findIdempotent("nope")).toBeUndefined()
          })))

      it("appends get gapless versions from 1 and read back in order", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            const first = yield* store.append(request("s-1", 0, events(3, "a")))
            expect(first).toEqual({ streamId: "s-1", fromVersion: 1, toVersion: 3, duplicate: false })
            const second = yield* store.append(request("s-1", 3, events(2, "b")))
            expect(second).toEqual({ streamId: "s-1", fromVersion: 4, toVersion: 5, duplicate: false })
            const all = yield* store.read("s-1")
            expect(all.map(essence)).toEqual([
              ...expectedEssence("s-1", 1, events(3, "a")),
              ...expectedEssence("s-1", 4, events(2, "b"))
            ])
            for (const e of all) expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false)
            expect(yield* store.version("s-1")).toBe(5)
          })))

      it("read from a version returns only later events", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(5)))
            expect((yield* store.read("s-1", 0)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5])
            expect((yield* store.read("s-1", 2)).map((e) => e.version)).toEqual([3, 4, 5])
            expect((yield* store.read("s-1", 5)).map((e) => e.version)).toEqual([])
            expect((yield* store.read("s-1", 99)).map((e) => e.version)).toEqual([])
          })))

      it("streams are independent", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(2, "one")))
            yield* store.append(request("s-2", 0, events(3, "two")))
            expect(yield* store.version("s-1")).toBe(2)
            expect(yield* store.version("s-2")).toBe(3)
            expect((yield* store.read("s-2")).map(essence)).toEqual(expectedEssence("s-2", 1, events(3, "two")))
          })))

      it(`a batch of ${largeBatch} events lands atomically in one append`, () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(1, "head")))
            const result = yield* store.append(request("s-1", 1, events(largeBatch, "big")))
            expect(result).toEqual({ streamId: "s-1", fromVersion: 2, toVersion: largeBatch + 1, duplicate: false })
            const all = yield* store.read("s-1")
            expect(all.map((e) => e.version)).toEqual(Array.from({ length: largeBatch + 1 }, (_, i) => i + 1))
            expect(all.slice(1).map(essence)).toEqual(expectedEssence("s-1", 2, events(largeBatch, "big")))
          })))
    })

    describe("expected version", () => {
      it("a mismatch is a ConcurrencyError and changes nothing", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(2)))
            for (const stale of [0, 1, 3, 100, -1]) {
              const error = yield* failureOf(store.append(request("s-1", stale, events(3, "x"))))
              expect(error._tag).toBe("ConcurrencyError")
              if (error._tag === "ConcurrencyError") {
                expect(error.streamId).toBe("s-1")
                expect(error.expectedVersion).toBe(stale)
                expect(error.actualVersion).toBe(2)
              }
            }
            expect(yield* store.version("s-1")).toBe(2)
            expect((yield* store.read("s-1")).map(essence)).toEqual(expectedEssence("s-1", 1, events(2)))
          })))

      it("a stream that must not exist yet (expectedVersion 0) rejects when it does", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(1, "first")))
            const error = yield* failureOf(store.append(request("s-1", 0, events(1, "second"))))
            expect(error._tag).toBe("ConcurrencyError")
            expect((yield* store.read("s-1")).map(essence)).toEqual(expectedEssence("s-1", 1, events(1, "first")))
          })))

      it("an empty append with the right version is a no-op that creates nothing", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            const onNew = yield* store.append(request("s-new", 0, []))
            expect(onNew).toEqual({ streamId: "s-new", fromVersion: 1, toVersion: 0, duplicate: false })
            expect(yield* store.version("s-new")).toBe(0)
            expect(yield* store.listStreams("team-1")).toEqual([])

            yield* store.append(request("s-1", 0, events(3)))
            const onExisting = yield* store.append(request("s-1", 3, []))
            expect(onExisting).toEqual({ streamId: "s-1", fromVersion: 4, toVersion: 3, duplicate: false })
            expect(yield* store.version("s-1")).toBe(3)
          })))

      it("the version never moves back, not even through an empty append", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(3)))
            for (const stale of [0, 1, 2]) {
              const error = yield* failureOf(store.append(request("s-1", stale, [])))
              expect(error._tag).toBe("ConcurrencyError")
            }
            expect(yield* store.version("s-1")).toBe(3)
            expect((yield* store.read("s-1")).length).toBe(3)
            const after = yield* store.append(request("s-1", 3, events(1, "next")))
            expect(after.fromVersion).toBe(4)
          })))
    })

    describe("bad input", () => {
      it("a payload that is not JSON is a StoreError and nothing of the batch is written", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(1)))
            const cyclic: Record<string, unknown> = { name: "loop" }
            cyclic["self"] = cyclic
            for (const bad of [{ big: 10n }, cyclic]) {
              const error = yield* failureOf(store.append(request("s-1", 1, [event("Good"), event("Bad", bad)])))
              expect(error._tag).toBe("StoreError")
              if (error._tag === "StoreError") expect(error.operation.length).toBeGreaterThan(0)
            }
            expect(yield* store.version("s-1")).toBe(1)
            expect((yield* store.append(request("s-1", 1, events(1, "after")))).toVersion).toBe(2)
          })))
    })

    describe("listStreams", () => {
      it("finds a team's streams, optionally by kind, with current versions", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("team:a", 0, events(1), { kind: "team", teamId: "a" }))
            yield* store.append(request("retro:a:1", 0, events(2), { kind: "retro", teamId: "a" }))
            yield* store.append(request("retro:a:2", 0, events(1), { kind: "retro", teamId: "a" }))
            yield* store.append(request("est:a", 0, events(4), { kind: "estimates", teamId: "a" }))
            yield* store.append(request("retro:b:1", 0, events(1), { kind: "retro", teamId: "b" }))
            yield* store.append(request("retro:a:1", 2, events(1), { kind: "retro", teamId: "a" }))

            expect(sortedInfos(yield* store.listStreams("a"))).toEqual([
              { streamId: "est:a", kind: "estimates", teamId: "a", version: 4 },
              { streamId: "retro:a:1", kind: "retro", teamId: "a", version: 3 },
              { streamId: "retro:a:2", kind: "retro", teamId: "a", version: 1 },
              { streamId: "team:a", kind: "team", teamId: "a", version: 1 }
            ])
            expect(sortedInfos(yield* store.listStreams("a", "retro")).map((s) => s.streamId)).toEqual([
              "retro:a:1",
              "retro:a:2"
            ])
            expect((yield* store.listStreams("a", "estimates")).map((s) => s.streamId)).toEqual(["est:a"])
            expect((yield* store.listStreams("b")).map((s) => s.streamId)).toEqual(["retro:b:1"])
            expect(yield* store.listStreams("b", "team")).toEqual([])
            expect(yield* store.listStreams("nobody")).toEqual([])
          })))
    })

    describe("idempotency", () => {
      const idem = (key: string, fingerprint = "fp-1") => ({ idempotency: { key, fingerprint } })

      it("the same key and fingerprint returns the original result and appends nothing", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(2, "before")))
            const original = yield* store.append(request("s-1", 2, events(3, "cmd"), idem("k-1")))
            expect(original).toEqual({ streamId: "s-1", fromVersion: 3, toVersion: 5, duplicate: false })
            yield* store.append(request("s-1", 5, events(1, "after")))
            // A retry necessarily carries the stale expected version; it must still be recognised.
            const retry = yield* store.append(request("s-1", 2, events(3, "cmd"), idem("k-1")))
            expect(retry).toEqual({ ...original, duplicate: true })
            const again = yield* store.append(request("s-1", 6, events(3, "cmd"), idem("k-1")))
            expect(again).toEqual({ ...original, duplicate: true })
            expect(yield* store.version("s-1")).toBe(6)
            expect(yield* store.findIdempotent("k-1")).toEqual({ fingerprint: "fp-1", result: original })
          })))

      it("the same key with another fingerprint is an IdempotencyConflict", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(1), idem("k-1", "fp-a")))
            const error = yield* failureOf(store.append(request("s-1", 1, events(1, "other"), idem("k-1", "fp-b"))))
            expect(error._tag).toBe("IdempotencyConflict")
            if (error._tag === "IdempotencyConflict") {
              expect(error.key).toBe("k-1")
              expect(error.streamId).toBe("s-1")
            }
            expect(yield* store.version("s-1")).toBe(1)
          })))

      it("a key is unique across the store: reuse on another stream is a conflict", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(1), idem("k-1")))
            const error = yield* failureOf(store.append(request("s-2", 0, events(1), idem("k-1"))))
            expect(error._tag).toBe("IdempotencyConflict")
            if (error._tag === "IdempotencyConflict") expect(error.streamId).toBe("s-1")
            expect(yield* store.version("s-2")).toBe(0)
          })))

      it("a failed append does not record its key", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(1)))
            const error = yield* failureOf(store.append(request("s-1", 0, events(1, "cmd"), idem("k-1"))))
            expect(error._tag).toBe("ConcurrencyError")
            expect(yield* store.findIdempotent("k-1")).toBeUndefined()
            const result = yield* store.append(request("s-1", 1, events(1, "cmd"), idem("k-1")))
            expect(result).toEqual({ streamId: "s-1", fromVersion: 2, toVersion: 2, duplicate: false })
          })))

      it("an empty append records its key too", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(2)))
            const original = yield* store.append(request("s-1", 2, [], idem("k-empty")))
            expect(original).toEqual({ streamId: "s-1", fromVersion: 3, toVersion: 2, duplicate: false })
            yield* store.append(request("s-1", 2, events(1)))
            expect(yield* store.append(request("s-1", 2, [], idem("k-empty")))).toEqual({ ...original, duplicate: true })
          })))

      it("racing retries of one request append it exactly once", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            const req = request("s-1", 0, events(2, "once"), idem("k-race"))
            const results = yield* Effect.forEach(
              Array.from({ length: 10 }, () => req),
              (r) => Effect.result(store.append(r)),
              { concurrency: "unbounded" }
            )
            const fresh = results.filter((r) => Result.isSuccess(r) && !r.success.duplicate)
            expect(fresh.length).toBe(1)
            for (const r of results) {
              // A racing duplicate may lose the race on the version instead of on the key; both are honest answers.
              if (Result.isFailure(r)) expect(r.failure._tag).toBe("ConcurrencyError")
              else expect(r.success).toMatchObject({ streamId: "s-1", fromVersion: 1, toVersion: 2 })
            }
            expect(yield* store.version("s-1")).toBe(2)
            expect((yield* store.append(req)).duplicate).toBe(true)
          })))
    })

    describe("round trip", () => {
      it("every sample event type survives unchanged", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-samples", 0, samples))
            expect((yield* store.read("s-samples")).map(essence)).toEqual(expectedEssence("s-samples", 1, samples))
            // One event per append as well: adapters may batch differently.
            for (const [i, sample] of samples.entries()) {
              yield* store.append(request(`s-one-${i}`, 0, [sample]))
              expect((yield* store.read(`s-one-${i}`)).map(essence)).toEqual(expectedEssence(`s-one-${i}`, 1, [sample]))
            }
          })))

      it("arbitrary JSON payloads, types and schema versions survive unchanged (property)", () =>
        run(({ store }) =>
          Effect.promise(() =>
            fc.assert(
              fc.asyncProperty(
                fc.array(
                  fc.record({
                    type: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
                    schemaVersion: fc.integer({ min: 1, max: 1_000 }),
                    data: fc.jsonValue({ stringUnit: "grapheme", maxDepth: 4 })
                  }),
                  { minLength: 1, maxLength: 5 }
                ),
                async (batch) => {
                  const streamId = `s-json-${crypto.randomUUID()}`
                  const read = await Effect.runPromise(
                    Effect.andThen(store.append(request(streamId, 0, batch)), store.read(streamId))
                  )
                  expect(read.map(essence)).toEqual(expectedEssence(streamId, 1, batch))
                }
              ),
              { numRuns }
            )
          )))
    })

    describe("subscribe", () => {
      it("catches up from a version, then delivers live events exactly once, in order", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(3, "old")))
            const sub = yield* subscribeLive(store, "s-1", 1)
            yield* store.append(request("s-1", 3, events(2, "live-1")))
            yield* store.append(request("s-2", 0, events(2, "elsewhere")))
            yield* store.append(request("s-1", 5, []))
            yield* store.append(request("s-1", 5, events(1, "live-2")))
            const got = yield* sub.takeUntil(6)
            expect(got.map((e) => e.version)).toEqual([2, 3, 4, 5, 6])
            const all = yield* store.read("s-1")
            expect(got.map(essence)).toEqual(all.slice(1).map(essence))
          })))

      it("a subscription from 0 on a stream that does not exist yet sees its first events", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            const fiber = yield* collectUntil(store.subscribe("s-late"), 3, "s-late").pipe(Effect.forkScoped)
            yield* store.append(request("s-late", 0, events(1, "a")))
            yield* store.append(request("s-late", 1, events(2, "b")))
            const got = yield* Fiber.join(fiber)
            expect(got.map(essence)).toEqual([
              ...expectedEssence("s-late", 1, events(1, "a")),
              ...expectedEssence("s-late", 2, events(2, "b"))
            ])
          })))

      it("several subscribers each get the whole sequence", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(1)))
            const a = yield* subscribeLive(store, "s-1", 0)
            const b = yield* subscribeLive(store, "s-1", 0)
            const batch = events(20, "many")
            for (const [i, e] of batch.entries()) yield* store.append(request("s-1", i + 1, [e]))
            const c = yield* collectUntil(store.subscribe("s-1", 10), 21, "late subscriber")
            const expected = (yield* store.read("s-1")).map((e) => e.version)
            expect((yield* a.takeUntil(21)).map((e) => e.version)).toEqual(expected)
            expect((yield* b.takeUntil(21)).map((e) => e.version)).toEqual(expected)
            expect(c.map((e) => e.version)).toEqual(expected.slice(10))
          })))

      it("events appended concurrently with subscribing are neither lost nor duplicated", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            const total = 60
            const writer = yield* Effect.forkScoped(
              Effect.forEach(
                Array.from({ length: total }, (_, i) => i),
                (i) => Effect.andThen(store.append(request("s-1", i, events(1, `w${i}`))), Effect.yieldNow),
                { discard: true }
              )
            )
            const subs = yield* Effect.forEach(
              [0, 0, 5, 10],
              (from) =>
                Effect.andThen(Effect.yieldNow, collectUntil(store.subscribe("s-1", from), total, `subscriber from ${from}`)).pipe(
                  Effect.forkScoped
                ),
              { concurrency: "unbounded" }
            )
            yield* Fiber.join(writer)
            for (const [i, from] of [0, 0, 5, 10].entries()) {
              const got = yield* Fiber.join(subs[i]!)
              expect(got.map((e) => e.version)).toEqual(Array.from({ length: total - from }, (_, k) => from + k + 1))
            }
          })))

      it("an interrupted subscription leaves the store serving", () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* store.append(request("s-1", 0, events(1)))
            const fiber = yield* store.subscribe("s-1").pipe(Stream.runDrain, Effect.forkScoped)
            yield* Effect.yieldNow
            yield* Fiber.interrupt(fiber)
            yield* store.append(request("s-1", 1, events(5)))
            expect(yield* collectUntil(store.subscribe("s-1", 3), 6, "after interrupt")).toHaveLength(3)
          })))
    })

    describe("concurrent writers", () => {
      it(`${writers} writers × ${appendsPerWriter} appends on one stream: gapless, nothing lost or duplicated`, () =>
        run(({ store }) =>
          Effect.gen(function*() {
            yield* Effect.forEach(
              Array.from({ length: writers }, (_, w) => w),
              (w) =>
                Effect.forEach(
                  Array.from({ length: appendsPerWriter }, (_, i) => i),
                  (i) => appendWithRetry(store, (v) => request("s-hot", v, [event("Write", { w, i })])),
                  { discard: true }
                ),
              { concurrency: "unbounded", discard: true }
            )
            yield* checkConcurrentOutcome(store, "s-hot", writers, appendsPerWriter)
          })))
    })

    describe("model-based (fast-check)", () => {
      it("random appends, conflicts, idempotent replays, reads and subscriptions match the reference model", () =>
        run(({ store }) =>
          Effect.promise(() =>
            fc.assert(
              fc.asyncProperty(fc.commands(modelCommands, { maxCommands: 40 }), async (cmds) => {
                const prefix = `m-${crypto.randomUUID()}-`
                const real: RealSystem = { store, prefix, subscriptions: [] }
                const setup = () => ({ model: { model: new ReferenceModel(), prefix, subscriptions: [] }, real })
                try {
                  await fc.asyncModelRun(setup, cmds)
                  await Effect.runPromise(verifySubscriptions(real, deliveryTimeoutMs))
                } finally {
                  await Effect.runPromise(Effect.forEach(real.subscriptions, (s) => Fiber.interrupt(s.fiber)))
                }
              }),
              { numRuns }
            )
          )))
    })

  })

  describe(`EventStore conformance: ${name} (second instance)`, () => {
    const second = (body: (a: StoreService, b: StoreService) => Effect.Effect<void, unknown, Scope.Scope>) => (ctx: SkipContext) =>
      runOrSkip(ctx, "the adapter provides no openSecondInstance", (instance) =>
        instance.openSecondInstance === undefined
          ? undefined
          : Effect.flatMap(instance.openSecondInstance, (b) => body(instance.store, b)))

    it("sees the other instance's writes and delivers them to its subscribers",
      second((a, b) =>
        Effect.gen(function*() {
          yield* a.append(request("s-x", 0, events(1, "from-a")))
          const sub = yield* subscribeLive(b, "s-x", 0)
          yield* a.append(request("s-x", 1, events(2, "from-a-live")))
          expect((yield* sub.takeUntil(3)).map(essence)).toEqual((yield* a.read("s-x")).map(essence))
          expect(yield* b.version("s-x")).toBe(3)
          const error = yield* failureOf(b.append(request("s-x", 1, events(1))))
          expect(error._tag).toBe("ConcurrencyError")
          yield* a.append(request("s-y", 0, events(1), { idempotency: { key: "k-x", fingerprint: "f" } }))
          expect((yield* b.append(request("s-y", 0, events(1), { idempotency: { key: "k-x", fingerprint: "f" } }))).duplicate).toBe(true)
        })))

    it("racing writers across instances: gapless, nothing lost or duplicated",
      second((a, b) =>
        Effect.gen(function*() {
          yield* Effect.forEach(
            Array.from({ length: writers }, (_, w) => w),
            (w) =>
              Effect.forEach(
                Array.from({ length: appendsPerWriter }, (_, i) => i),
                (i) => appendWithRetry(w % 2 === 0 ? a : b, (v) => request("s-hot", v, [event("Write", { w, i })])),
                { discard: true }
              ),
            { concurrency: "unbounded", discard: true }
          )
          yield* checkConcurrentOutcome(b, "s-hot", writers, appendsPerWriter)
        })))
  })

  describe(`EventStore conformance: ${name} (faults)`, () => {
    it("a failed append writes nothing, records no key, and the store keeps serving", (ctx) =>
      runOrSkip(ctx, "the adapter provides no faults.failNextAppend", ({ store, faults }) => {
        const failNextAppend = faults?.failNextAppend
        return failNextAppend === undefined ? undefined : Effect.gen(function*() {
          yield* store.append(request("s-1", 0, events(2, "before")))
          yield* store.append(request("s-2", 0, events(1, "other")))
          yield* failNextAppend
          const error = yield* failureOf(
            store.append(request("s-1", 2, events(5, "doomed"), { idempotency: { key: "k-f", fingerprint: "f" } }))
          )
          expect(error._tag).toBe("StoreError")
          expect(yield* store.version("s-1")).toBe(2)
          expect((yield* store.read("s-1")).map(essence)).toEqual(expectedEssence("s-1", 1, events(2, "before")))
          expect(yield* store.findIdempotent("k-f")).toBeUndefined()
          yield* store.append(request("s-2", 1, events(1, "still")))
          const retried = yield* store.append(
            request("s-1", 2, events(5, "doomed"), { idempotency: { key: "k-f", fingerprint: "f" } })
          )
          expect(retried).toEqual({ streamId: "s-1", fromVersion: 3, toVersion: 7, duplicate: false })
        })
      }))

    it("a corrupted row fails the read loudly, naming the stream; other streams stay readable", (ctx) =>
      runOrSkip(ctx, "the adapter provides no faults.corruptEvent", ({ store, faults }) => {
        const corruptEvent = faults?.corruptEvent
        return corruptEvent === undefined ? undefined : Effect.gen(function*() {
          yield* store.append(request("s-bad", 0, events(3)))
          yield* store.append(request("s-good", 0, events(2)))
          yield* corruptEvent("s-bad", 2)
          const error = yield* failureOf(store.read("s-bad"))
          expect(error._tag).toBe("StoreError")
          expect(error.streamId).toBe("s-bad")
          const subError = yield* failureOf(
            store.subscribe("s-bad").pipe(Stream.take(3), Stream.runCollect, timeoutFail("subscription to s-bad"))
          )
          expect(subError._tag).toBe("StoreError")
          expect((yield* store.read("s-good")).length).toBe(2)
          yield* store.append(request("s-good", 2, events(1)))
        })
      }))
  })
}

const checkConcurrentOutcome = (store: StoreService, streamId: string, writers: number, appendsPerWriter: number) =>
  Effect.gen(function*() {
    const all = yield* store.read(streamId)
    const total = writers * appendsPerWriter
    expect(all.map((e) => e.version)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    expect(yield* store.version(streamId)).toBe(total)
    const seen = all.map((e) => e.data as { w: number; i: number })
    expect(new Set(seen.map((d) => `${d.w}/${d.i}`)).size).toBe(total)
    for (let w = 0; w < writers; w++) {
      // Each writer appends sequentially, so its own events keep their order.
      expect(seen.filter((d) => d.w === w).map((d) => d.i)).toEqual(Array.from({ length: appendsPerWriter }, (_, i) => i))
    }
  })

// ---------------------------------------------------------------------------
// Model-based test: commands run against the adapter and the reference model.

interface ModelSubscription {
  readonly streamId: string
  readonly fromVersion: number
}

interface ModelSystem {
  readonly model: ReferenceModel
  readonly prefix: string
  readonly subscriptions: Array<ModelSubscription>
}

interface RealSubscription extends ModelSubscription {
  readonly received: Array<Store.StoredEvent>
  readonly fiber: Fiber.Fiber<void, unknown>
  readonly failed: Deferred.Deferred<void, unknown>
}

interface RealSystem {
  readonly store: StoreService
  readonly prefix: string
  readonly subscriptions: Array<RealSubscription>
}

type ModelCommand = fc.AsyncCommand<ModelSystem, RealSystem>

// A few streams, teams and keys, so collisions (conflicts, replays, listings) are frequent.
const streamCount = 4
const streamMeta = (index: number, prefix: string) => ({
  streamId: `${prefix}s${index}`,
  kind: kinds[index % kinds.length]!,
  teamId: `${prefix}t${index % 2}`
})

const runEffect = <A>(effect: Effect.Effect<A, unknown>) => Effect.runPromise(effect)

const outcome = <A>(r: Result.Result<A, { readonly _tag: string }>) =>
  Result.isSuccess(r) ? { ok: r.success } : { error: r.failure._tag }

class AppendCommand implements ModelCommand {
  readonly stream: number
  readonly versionDelta: number
  readonly batch: ReadonlyArray<Store.NewEvent>
  readonly key: { readonly key: number; readonly fingerprint: number } | undefined
  constructor(
    stream: number,
    versionDelta: number,
    batch: ReadonlyArray<Store.NewEvent>,
    key: { readonly key: number; readonly fingerprint: number } | undefined
  ) {
    this.stream = stream
    this.versionDelta = versionDelta
    this.batch = batch
    this.key = key
  }
  check = () => true
  async run(m: ModelSystem, r: RealSystem) {
    const meta = streamMeta(this.stream, r.prefix)
    const req: Store.AppendRequest = {
      ...meta,
      expectedVersion: m.model.version(meta.streamId) + this.versionDelta,
      events: this.batch,
      idempotency: this.key === undefined
        ? undefined
        : { key: `${r.prefix}k${this.key.key}`, fingerprint: `fp${this.key.fingerprint}` }
    }
    const expected = outcome(m.model.append(req, ""))
    const actual = outcome(await runEffect(Effect.result(r.store.append(req))))
    expect(actual, `append ${JSON.stringify(req)}`).toEqual(expected)
  }
  toString = () =>
    `append(s${this.stream}, delta ${this.versionDelta}, ${this.batch.length} events${this.key === undefined ? "" : `, key k${this.key.key}/fp${this.key.fingerprint}`})`
}

class ReadCommand implements ModelCommand {
  readonly stream: number
  readonly fromVersion: number
  constructor(stream: number, fromVersion: number) {
    this.stream = stream
    this.fromVersion = fromVersion
  }
  check = () => true
  async run(m: ModelSystem, r: RealSystem) {
    const { streamId } = streamMeta(this.stream, r.prefix)
    const actual = await runEffect(r.store.read(streamId, this.fromVersion))
    expect(actual.map(essence)).toEqual(m.model.read(streamId, this.fromVersion).map(essence))
    expect(await runEffect(r.store.version(streamId))).toBe(m.model.version(streamId))
  }
  toString = () => `read(s${this.stream}, from ${this.fromVersion})`
}

class ListCommand implements ModelCommand {
  readonly team: number
  readonly kind: Store.StreamKind | undefined
  constructor(team: number, kind: Store.StreamKind | undefined) {
    this.team = team
    this.kind = kind
  }
  check = () => true
  async run(m: ModelSystem, r: RealSystem) {
    const teamId = `${r.prefix}t${this.team}`
    const actual = await runEffect(r.store.listStreams(teamId, this.kind))
    expect(sortedInfos(actual)).toEqual(sortedInfos(m.model.listStreams(teamId, this.kind)))
  }
  toString = () => `list(t${this.team}${this.kind === undefined ? "" : `, ${this.kind}`})`
}

class FindIdempotentCommand implements ModelCommand {
  readonly key: number
  constructor(key: number) {
    this.key = key
  }
  check = () => true
  async run(m: ModelSystem, r: RealSystem) {
    const key = `${r.prefix}k${this.key}`
    expect(await runEffect(r.store.findIdempotent(key))).toEqual(m.model.findIdempotent(key))
  }
  toString = () => `findIdempotent(k${this.key})`
}

class SubscribeCommand implements ModelCommand {
  readonly stream: number
  readonly back: number
  constructor(stream: number, back: number) {
    this.stream = stream
    this.back = back
  }
  check = (m: Readonly<ModelSystem>) => m.subscriptions.length < 4
  async run(m: ModelSystem, r: RealSystem) {
    const { streamId } = streamMeta(this.stream, r.prefix)
    const fromVersion = Math.max(0, m.model.version(streamId) - this.back)
    const received: Array<Store.StoredEvent> = []
    const failed = Deferred.makeUnsafe<void, unknown>()
    const fiber = Effect.runFork(
      r.store.subscribe(streamId, fromVersion).pipe(
        Stream.runForEach((e) => Effect.sync(() => received.push(e))),
        Effect.onExit((exit) =>
          Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)
            ? Deferred.failCause(failed, exit.cause)
            : Effect.void
        )
      )
    )
    m.subscriptions.push({ streamId, fromVersion })
    r.subscriptions.push({ streamId, fromVersion, received, fiber, failed })
  }
  toString = () => `subscribe(s${this.stream}, ${this.back} back)`
}

/**
 * After a run, every subscription must have delivered exactly the stream's
 * events after its starting version — waiting (bounded) for delivery, since
 * live events may still be in flight.
 */
const verifySubscriptions = (real: RealSystem, timeoutMs: number) =>
  Effect.forEach(real.subscriptions, (sub) =>
    Effect.gen(function*() {
      const expected = (yield* real.store.read(sub.streamId, sub.fromVersion)).map(essence)
      const target = expected.at(-1)?.version ?? sub.fromVersion
      yield* Effect.gen(function*() {
        while ((sub.received.at(-1)?.version ?? sub.fromVersion) < target) {
          if (Deferred.isDoneUnsafe(sub.failed)) return yield* Deferred.await(sub.failed)
          yield* Effect.sleep(1)
        }
      }).pipe(
        Effect.timeoutOrElse({
          duration: timeoutMs,
          orElse: () => Effect.die(new Error(`subscription to ${sub.streamId} stalled`))
        })
      )
      expect(sub.received.map(essence), `subscription to ${sub.streamId} from ${sub.fromVersion}`).toEqual(expected)
    }), { discard: true })

const newEventArb: fc.Arbitrary<Store.NewEvent> = fc.record({
  type: fc.constantFrom("Added", "Removed", "Renamed"),
  schemaVersion: fc.integer({ min: 1, max: 3 }),
  data: fc.oneof(
    fc.record({ n: fc.integer(), text: fc.string({ unit: "grapheme", maxLength: 8 }) }),
    fc.jsonValue({ maxDepth: 2 })
  )
})

const modelCommands: Array<fc.Arbitrary<ModelCommand>> = [
  fc
    .tuple(
      fc.nat(streamCount - 1),
      fc.constantFrom(0, 0, 0, 0, -1, 1, -3),
      fc.array(newEventArb, { maxLength: 3 }),
      fc.option(fc.record({ key: fc.nat(3), fingerprint: fc.nat(1) }), { nil: undefined })
    )
    .map(([s, delta, batch, key]) => new AppendCommand(s, delta, batch, key)),
  fc.tuple(fc.nat(streamCount - 1), fc.nat(6)).map(([s, from]) => new ReadCommand(s, from)),
  fc
    .tuple(fc.nat(1), fc.option(fc.constantFrom(...kinds), { nil: undefined }))
    .map(([t, kind]) => new ListCommand(t, kind)),
  fc.nat(3).map((k) => new FindIdempotentCommand(k)),
  // A negative `back` starts the subscription ahead of the stream's current version.
  fc.tuple(fc.nat(streamCount - 1), fc.integer({ min: -2, max: 3 })).map(([s, back]) => new SubscribeCommand(s, back))
]
