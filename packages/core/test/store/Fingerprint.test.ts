import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Store } from "@retrobridge/core"
import { hash128 } from "../../src/store/Fingerprint.ts"

describe("Fingerprint", () => {
  it("ignores key order at every depth (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(JSON.stringify(value, (_k, v: unknown) =>
          v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v))
        expect(Store.fingerprintOf(shuffled)).toBe(Store.fingerprintOf(value))
      })
    )
  })

  it("canonical JSON parses back to the same value (property)", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(JSON.parse(Store.canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
    }))
  })

  it("tells apart values that differ anywhere", () => {
    const base = { _tag: "Deposit", amount: 10, note: { text: "a" }, tags: ["x", "y"] }
    const variants = [
      { ...base, amount: 11 },
      { ...base, note: { text: "b" } },
      { ...base, tags: ["y", "x"] },
      { ...base, tags: ["x", "y", "z"] },
      { ...base, extra: null },
      { _tag: "Deposit", amount: 10 }
    ]
    const prints = new Set([base, ...variants].map(Store.fingerprintOf))
    expect(prints.size).toBe(variants.length + 1)
  })

  it("is 128 bits of hex and spreads over distinct inputs (no collisions in 20,000 strings)", () => {
    expect(hash128("")).toMatch(/^[0-9a-f]{32}$/)
    const seen = new Set(Array.from({ length: 20_000 }, (_, i) => hash128(`cmd-${i}`)))
    expect(seen.size).toBe(20_000)
  })
})
