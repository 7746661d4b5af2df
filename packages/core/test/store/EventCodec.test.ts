import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Effect, Result, Schema } from "effect"
import { Store } from "@retrobridge/core"
import { makeReferenceEventStore } from "@retrobridge/core/testing"
import { BankEvent, Deposited, Opened, Withdrawn } from "./bank.ts"

const stored = (type: string, schemaVersion: number, data: unknown, version = 1): Store.StoredEvent => ({
  streamId: "acct-1",
  version,
  type,
  schemaVersion,
  data,
  recordedAt: "2026-01-01T00:00:00.000Z"
})

const decodeError = <A>(r: Result.Result<A, Store.EventDecodeError>): Store.EventDecodeError => {
  if (Result.isSuccess(r)) throw new Error(`expected a decode error, got ${JSON.stringify(r.success)}`)
  return r.failure
}

/*
 * History of the bank events' schema, for the upcasting tests:
 * v1: money in was "Credit" with { cents }
 * v2: renamed to "Deposited" with { amount }
 * v3: Deposited gained { currency } (old deposits were all EUR)
 */
const upcastCalls: Array<string> = []
const codecV3 = Store.makeEventCodec({
  schema: BankEvent,
  currentVersion: 3,
  upcasters: {
    1: (e) => {
      upcastCalls.push(`1:${e.type}`)
      if (e.type !== "Credit") return e
      const { cents } = e.data as { cents: number }
      return { type: "Deposited", data: { amount: cents } }
    },
    2: (e) => {
      upcastCalls.push(`2:${e.type}`)
      return e.type === "Deposited" ? { type: e.type, data: { ...(e.data as object), currency: "EUR" } } : e
    }
  }
})

describe("EventCodec", () => {
  it("encodes an event as its tag, the current schema version and plain JSON without the tag", () => {
    const row = codecV3.encode(new Opened({ owner: "ada", at: new Date(0) }))
    expect(row).toEqual({ type: "Opened", schemaVersion: 3, data: { owner: "ada", at: "1970-01-01T00:00:00.000Z" } })
    expect(JSON.parse(JSON.stringify(row.data))).toEqual(row.data)
  })

  it("round-trips every event type (property)", () => {
    const arb = fc.oneof(
      fc.record({ owner: fc.string(), at: fc.date({ noInvalidDate: true }) }).map((f) => new Opened(f)),
      fc.record({ amount: fc.integer(), currency: fc.string({ unit: "grapheme" }) }).map((f) => Deposited.make(f)),
      fc.integer().map((amount) => Withdrawn.make({ amount }))
    )
    fc.assert(
      fc.property(arb, fc.nat(), (event, version) => {
        const row = codecV3.encode(event)
        // Through JSON text, as a durable store would keep it.
        const back = codecV3.decode(stored(row.type, row.schemaVersion, JSON.parse(JSON.stringify(row.data)), version + 1))
        expect(Result.getOrThrow(back)).toEqual(event)
      })
    )
  })

  it("upcasts step by step: v1 through both upcasters, v2 through the second only, v3 through none", () => {
    upcastCalls.length = 0
    expect(Result.getOrThrow(codecV3.decode(stored("Credit", 1, { cents: 250 })))).toEqual(
      Deposited.make({ amount: 250, currency: "EUR" })
    )
    expect(upcastCalls).toEqual(["1:Credit", "2:Deposited"])

    upcastCalls.length = 0
    expect(Result.getOrThrow(codecV3.decode(stored("Deposited", 2, { amount: 7 })))).toEqual(
      Deposited.make({ amount: 7, currency: "EUR" })
    )
    expect(upcastCalls).toEqual(["2:Deposited"])

    upcastCalls.length = 0
    expect(Result.getOrThrow(codecV3.decode(stored("Deposited", 3, { amount: 7, currency: "USD" })))).toEqual(
      Deposited.make({ amount: 7, currency: "USD" })
    )
    expect(upcastCalls).toEqual([])
  })

  it("upcasts old rows read back from a store, mixed with current ones", async () => {
    const rows = await Effect.runPromise(Effect.gen(function*() {
      const { store } = yield* makeReferenceEventStore
      yield* store.append({
        streamId: "acct-1",
        kind: "team",
        teamId: "t",
        expectedVersion: 0,
        events: [
          { type: "Opened", schemaVersion: 1, data: { owner: "ada", at: "1970-01-01T00:00:00.000Z" } },
          { type: "Credit", schemaVersion: 1, data: { cents: 100 } },
          { type: "Deposited", schemaVersion: 2, data: { amount: 5 } },
          codecV3.encode(Withdrawn.make({ amount: 30 }))
        ]
      })
      return yield* store.read("acct-1")
    }))
    expect(Result.getOrThrow(codecV3.decodeAll(rows))).toEqual([
      new Opened({ owner: "ada", at: new Date(0) }),
      Deposited.make({ amount: 100, currency: "EUR" }),
      Deposited.make({ amount: 5, currency: "EUR" }),
      Withdrawn.make({ amount: 30 })
    ])
  })

  it("fails loudly with stream id and version on a payload that fails the schema", () => {
    const error = decodeError(codecV3.decode(stored("Withdrawn", 3, { amount: "thirty" }, 42)))
    expect(error._tag).toBe("EventDecodeError")
    expect(error).toMatchObject({ streamId: "acct-1", version: 42, type: "Withdrawn", schemaVersion: 3 })
    expect(error.message).toContain("acct-1@42")
  })

  it("fails on an unknown event type, naming it", () => {
    const error = decodeError(codecV3.decode(stored("Teleported", 3, {}, 9)))
    expect(error).toMatchObject({ streamId: "acct-1", version: 9, type: "Teleported" })
    expect(error.reason).toContain("unknown event type \"Teleported\"")
  })

  it("fails on a schema version newer than the code", () => {
    const error = decodeError(codecV3.decode(stored("Withdrawn", 4, { amount: 1 }, 3)))
    expect(error).toMatchObject({ version: 3, schemaVersion: 4 })
    expect(error.reason).toContain("upgrade")
  })

  it("fails on a version with no upcaster, a bad version number, a throwing upcaster, a non-object payload", () => {
    const sparse = Store.makeEventCodec({ schema: BankEvent, currentVersion: 3, upcasters: { 2: (e) => e } })
    expect(decodeError(sparse.decode(stored("Withdrawn", 1, { amount: 1 }))).reason).toContain("no upcaster from schema v1")
    expect(decodeError(codecV3.decode(stored("Withdrawn", 0, { amount: 1 }))).reason).toContain("not a positive integer")
    const throwing = Store.makeEventCodec({
      schema: BankEvent,
      currentVersion: 2,
      upcasters: { 1: () => { throw new Error("cannot lift this") } }
    })
    expect(decodeError(throwing.decode(stored("Withdrawn", 1, { amount: 1 }))).reason).toContain("cannot lift this")
    expect(decodeError(codecV3.decode(stored("Withdrawn", 3, [1, 2]))).reason).toContain("an array")
    expect(decodeError(codecV3.decode(stored("Withdrawn", 3, null))).reason).toContain("null")
  })

  it("decodeAll stops at the first bad event instead of skipping it", () => {
    const rows = [
      stored("Withdrawn", 3, { amount: 1 }, 1),
      stored("Withdrawn", 3, { amount: "x" }, 2),
      stored("Withdrawn", 3, { amount: 3 }, 3)
    ]
    expect(decodeError(codecV3.decodeAll(rows)).version).toBe(2)
  })

  it("works with a schema that is not a union (no type pre-check, the schema decides)", () => {
    const single = Store.makeEventCodec({ schema: Withdrawn, currentVersion: 1 })
    expect(Result.getOrThrow(single.decode(stored("Withdrawn", 1, { amount: 2 })))).toEqual(Withdrawn.make({ amount: 2 }))
    expect(decodeError(single.decode(stored("Other", 1, { amount: 2 }))).type).toBe("Other")
  })

  it("rejects a nonsensical current version up front", () => {
    expect(() => Store.makeEventCodec({ schema: BankEvent, currentVersion: 0 })).toThrow(RangeError)
  })

  it("encoding an event that violates its schema is a bug and throws", () => {
    const withChecks = Store.makeEventCodec({
      schema: Schema.TaggedStruct("Positive", { n: Schema.Int.pipe(Schema.check(Schema.isGreaterThan(0))) }),
      currentVersion: 1
    })
    expect(() => withChecks.encode({ _tag: "Positive", n: -1 })).toThrow(/does not satisfy its schema/)
  })
})
