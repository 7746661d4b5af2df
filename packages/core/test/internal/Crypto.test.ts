import { createHash, createHmac } from "node:crypto"
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { hmacSha256Bytes, hmacSha256Hex, sha256Hex } from "../../src/internal/Crypto.ts"

// Well-formed strings only: Node's Buffer and TextEncoder disagree on some lone surrogates.
const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ maxLength: 200 }), fc.string({ unit: "binary", minLength: 30, maxLength: 400, size: "max" }))

describe("pure SHA-256 and HMAC-SHA-256", () => {
  it("match the published test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    )
    // RFC 4231 test case 2.
    expect(hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  })

  it("agree with node:crypto on any text, key lengths across the 64-byte block included (property)", () => {
    let longKeys = 0
    let multiBlock = 0
    fc.assert(
      fc.property(text, text, (key, message) => {
        if (Buffer.byteLength(key) > 64) longKeys++
        if (Buffer.byteLength(message) > 55) multiBlock++
        expect(sha256Hex(message)).toBe(createHash("sha256").update(message, "utf8").digest("hex"))
        expect(hmacSha256Hex(key, message)).toBe(createHmac("sha256", Buffer.from(key, "utf8")).update(message, "utf8").digest("hex"))
      }),
      { numRuns: 500 }
    )
    expect(longKeys, "keys longer than a block").toBeGreaterThan(20)
    expect(multiBlock, "messages longer than one block").toBeGreaterThan(20)
  })

  it("reusing a key (its pads' midstates are kept) gives the same answers, also after switching keys and hashing in between (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("key-a", "key-b", "k".repeat(100), "é-key"), text, fc.boolean()), { maxLength: 30 }), (steps) => {
        for (const [key, message, plain] of steps) {
          if (plain) expect(sha256Hex(message)).toBe(createHash("sha256").update(message, "utf8").digest("hex"))
          expect(hmacSha256Hex(key, message)).toBe(createHmac("sha256", Buffer.from(key, "utf8")).update(message, "utf8").digest("hex"))
          expect(Buffer.from(hmacSha256Bytes(key, message)).toString("hex")).toBe(hmacSha256Hex(key, message))
        }
      }),
      { numRuns: 100 }
    )
  })

  it("a long input after a short one does not reuse stale buffer contents", () => {
    const long = "é".repeat(5_000)
    expect(sha256Hex("short")).toBe(createHash("sha256").update("short").digest("hex"))
    expect(sha256Hex(long)).toBe(createHash("sha256").update(long).digest("hex"))
    expect(hmacSha256Hex(long, long)).toBe(createHmac("sha256", long).update(long).digest("hex"))
    expect(sha256Hex("short")).toBe(createHash("sha256").update("short").digest("hex"))
  })
})
