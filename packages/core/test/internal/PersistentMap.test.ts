import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { PersistentMap } from "../../src/internal/PersistentMap.ts"

// Two pairs of ids whose 32-bit hashes collide (found by search), so the collision nodes are exercised.
const colliding = ["card-536119", "card-1341666", "card-536118", "card-1341667"]

const key = fc.oneof(fc.constantFrom(...colliding), fc.integer({ min: 0, max: 300 }).map((i) => `card-${i}`), fc.string({ maxLength: 4 }))
const op = fc.oneof(
  fc.record({ kind: fc.constant("with" as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant("without" as const), key })
)

const sorted = (entries: Iterable<readonly [string, number]>) => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

describe("PersistentMap", () => {
  it("behaves like a Map, and every earlier version stays as it was (property)", () => {
    let collisionsSeen = 0
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        let map = PersistentMap.empty<number>()
        const model = new Map<string, number>()
        const history: Array<readonly [PersistentMap<number>, ReadonlyArray<readonly [string, number]>]> = []
        for (const o of ops) {
          if (o.kind === "with") {
            map = map.with(o.key, o.value)
            model.set(o.key, o.value)
          } else {
            map = map.without(o.key)
            model.delete(o.key)
          }
          expect(map.size).toBe(model.size)
          expect(map.get(o.key)).toBe(model.get(o.key))
          expect(map.has(o.key)).toBe(model.has(o.key))
          history.push([map, sorted(model)])
        }
        if (colliding.filter((k) => model.has(k)).length >= 2) collisionsSeen++
        for (const [version, entries] of history) {
          expect(sorted(version)).toEqual(entries)
          expect([...version.keys()]).toEqual([...version.entries()].map(([k]) => k))
          expect([...version.values()]).toEqual([...version.entries()].map(([, v]) => v))
        }
      }),
      { numRuns: 200 }
    )
    expect(collisionsSeen, "runs with colliding keys present").toBeGreaterThan(5)
  })

  it("iterates the same keys in the same order whatever order they were added in (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 200 }).chain((keys) => fc.tuple(fc.constant(keys), fc.shuffledSubarray(keys, { minLength: keys.length }))), ([a, b]) => {
        const one = PersistentMap.from(a.map((k) => [k, 1] as const))
        const two = PersistentMap.from(b.map((k) => [k, 1] as const))
        expect([...one.keys()]).toEqual([...two.keys()])
        expect(one).toEqual(two)
      })
    )
  })

  it("changing one key copies a few nodes, not the map: unchanged values are shared", () => {
    const values = Array.from({ length: 5_000 }, (_, i) => ({ i }))
    const big = PersistentMap.from(values.map((v) => [`card-${v.i}`, v] as const))
    const next = big.with("card-7", { i: -7 }).without("card-8")
    expect(next.get("card-9")).toBe(values[9])
    expect(big.get("card-7")).toBe(values[7])
    expect(next.size).toBe(4_999)
    expect(big.with("card-9", values[9]!)).toBe(big)
    expect(big.without("not-there")).toBe(big)
  })

  it("two maps with the same entries are deep-equal, and differ when a value differs", () => {
    const a = PersistentMap.from([["x", { n: 1 }], ["y", { n: 2 }]])
    const b = PersistentMap.from([["y", { n: 2 }], ["x", { n: 1 }]])
    expect(a).toEqual(b)
    expect(a).not.toEqual(b.with("x", { n: 3 }))
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(Object.isFrozen(Object.freeze(a)) && a.with("z", { n: 0 }).size).toBe(3)
  })

  it("a builder behaves like a Map, and no map it handed out changes afterwards (property)", () => {
    let changedAfterBuild = 0
    fc.assert(
      fc.property(fc.array(fc.oneof(op, fc.constant({ kind: "build" as const })), { maxLength: 400 }), fc.boolean(), (ops, fromBig) => {
        const start = fromBig ? PersistentMap.from(Array.from({ length: 100 }, (_, i) => [`card-${i}`, -i] as const)) : PersistentMap.empty<number>()
        const startEntries = sorted(start)
        const builder = start.builder()
        const model = new Map<string, number>(start)
        const handedOut: Array<readonly [PersistentMap<number>, ReadonlyArray<readonly [string, number]>]> = []
        let sinceBuild = 0
        for (const o of ops) {
          if (o.kind === "build") {
            if (handedOut.length > 0 && sinceBuild > 0) changedAfterBuild++
            handedOut.push([builder.build(), sorted(model)])
            sinceBuild = 0
            continue
          }
          if (o.kind === "with") {
            builder.set(o.key, o.value)
            model.set(o.key, o.value)
          } else {
            builder.delete(o.key)
            model.delete(o.key)
          }
          sinceBuild++
          expect(builder.size).toBe(model.size)
          expect(builder.get(o.key)).toBe(model.get(o.key))
        }
        const last = builder.build()
        expect(sorted(last)).toEqual(sorted(model))
        expect(last.size).toBe(model.size)
        expect(last).toEqual(PersistentMap.from(model))
        expect(sorted(start)).toEqual(startEntries)
        for (const [map, entries] of handedOut) {
          expect(sorted(map)).toEqual(entries)
          expect(map.size).toBe(entries.length)
        }
      }),
      { seed: 1401, numRuns: 200 }
    )
    expect(changedAfterBuild, "runs that changed the builder after handing out a map").toBeGreaterThan(50)
  })
})
