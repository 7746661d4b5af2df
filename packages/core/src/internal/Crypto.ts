/**
 * Pure SHA-256 and HMAC-SHA-256, so the core proves card ownership without
 * any I/O or platform crypto API (it runs unchanged in browsers, workers and
 * Node). Inputs are strings, encoded as UTF-8; outputs are lowercase hex.
 *
 * Every command that names a person hashes a secret, so this sits on the hot
 * path: it works in preallocated buffers (no allocation per block, no
 * concatenation for HMAC's pads) and is about ten times faster than a
 * straightforward version. JavaScript runs one call at a time, so the
 * module-level buffers are never shared by two hashes at once.
 *
 * @since 0.1.0
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])

const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])

const utf8 = new TextEncoder()
const W = new Int32Array(64)
const state = new Int32Array(8)
/** Message buffer: [64-byte HMAC pad][UTF-8 message][SHA padding]; grows for long inputs. */
let message = new Uint8Array(512)
/** The outer HMAC block: 64-byte pad, 32-byte inner digest, padding (two blocks). */
const outer = new Uint8Array(128)
const keyBlock = new Uint8Array(64)

/** Folds the 64-byte blocks of `bytes[from, to)` into `state`. */
const compress = (bytes: Uint8Array, from: number, to: number): void => {
  let h0 = state[0]!, h1 = state[1]!, h2 = state[2]!, h3 = state[3]!, h4 = state[4]!, h5 = state[5]!, h6 = state[6]!, h7 = state[7]!
  for (let offset = from; offset < to; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4
      W[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!
    }
    for (let i = 16; i < 64; i++) {
      const w15 = W[i - 15]!, w2 = W[i - 2]!
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const ch = (e & f) ^ (~e & g)
      const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const maj = (a & b) ^ (a & c) ^ (b & c)
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + S0 + maj) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  state[0] = h0
  state[1] = h1
  state[2] = h2
  state[3] = h3
  state[4] = h4
  state[5] = h5
  state[6] = h6
  state[7] = h7
}

/**
 * Pads `bytes[0, length)` in place (the caller leaves 72 spare bytes) and hashes
 * it from the initial state, or, given `midstate`, hashes the blocks after the first
 * from there: SHA-256 of those bytes is then in `state`.
 */
const hashPadded = (bytes: Uint8Array, length: number, midstate?: Int32Array): void => {
  const padded = Math.ceil((length + 9) / 64) * 64
  bytes[length] = 0x80
  bytes.fill(0, length + 1, padded - 8)
  const bits = length * 8
  const high = Math.floor(bits / 0x1_0000_0000)
  bytes[padded - 8] = high >>> 24
  bytes[padded - 7] = high >>> 16
  bytes[padded - 6] = high >>> 8
  bytes[padded - 5] = high
  bytes[padded - 4] = bits >>> 24
  bytes[padded - 3] = bits >>> 16
  bytes[padded - 2] = bits >>> 8
  bytes[padded - 1] = bits
  if (midstate === undefined) {
    state.set(IV)
    compress(bytes, 0, padded)
  } else {
    state.set(midstate)
    compress(bytes, 64, padded)
  }
}

/** Writes `input` as UTF-8 into `message` from `offset`; returns the end. */
const writeUtf8 = (input: string, offset: number): number => {
  // At most 3 bytes per UTF-16 unit, plus SHA padding.
  const needed = offset + input.length * 3 + 72
  if (message.length < needed) message = new Uint8Array(Math.max(needed, message.length * 2))
  // Secrets and ids are ASCII: copy code units until the first that is not.
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i)
    if (code >= 0x80) return offset + i + utf8.encodeInto(input.slice(i), message.subarray(offset + i)).written
    message[offset + i] = code
  }
  return offset + input.length
}

const hex: ReadonlyArray<string> = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"))

const stateHex = (): string => {
  let s = ""
  for (let i = 0; i < 8; i++) {
    const word = state[i]!
    s += hex[(word >>> 24) & 0xff]! + hex[(word >>> 16) & 0xff]! + hex[(word >>> 8) & 0xff]! + hex[word & 0xff]!
  }
  return s
}

/** Copies the digest in `state` into `bytes` at `offset`, big-endian. */
const stateInto = (bytes: Uint8Array, offset: number): void => {
  for (let i = 0; i < 8; i++) {
    const word = state[i]!
    bytes[offset + i * 4] = word >>> 24
    bytes[offset + i * 4 + 1] = word >>> 16
    bytes[offset + i * 4 + 2] = word >>> 8
    bytes[offset + i * 4 + 3] = word
  }
}

/**
 * SHA-256 of a UTF-8 string, as lowercase hex.
 *
 * @since 0.1.0
 */
export const sha256Hex = (input: string): string => {
  // Write first: writing may replace `message`.
  const end = writeUtf8(input, 0)
  hashPadded(message, end)
  return stateHex()
}

/**
 * HMAC-SHA-256 (RFC 2104) keyed with `key`, as lowercase hex.
 *
 * @since 0.1.0
 */
export const hmacSha256Hex = (key: string, text: string): string => {
  prepareKey(key)
  // Inner: SHA-256((key ⊕ ipad) ‖ text) from the pad's midstate; the pad's block is only counted.
  const end = writeUtf8(text, 64)
  hashPadded(message, end, innerMidstate)
  // Outer: SHA-256((key ⊕ opad) ‖ inner digest), likewise.
  stateInto(outer, 64)
  hashPadded(outer, 96, outerMidstate)
  return stateHex()
}

/**
 * HMAC-SHA-256 as its 32 bytes (a fresh array): for callers that encode the
 * digest themselves, without a hex round trip.
 *
 * @since 0.2.0
 */
export const hmacSha256Bytes = (key: string, text: string): Uint8Array => {
  prepareKey(key)
  const end = writeUtf8(text, 64)
  hashPadded(message, end, innerMidstate)
  stateInto(outer, 64)
  hashPadded(outer, 96, outerMidstate)
  const out = new Uint8Array(32)
  stateInto(out, 0)
  return out
}

/*
 * A command hashes one secret several times (its verifier, a card id, an ownership
 * proof) and a view once per card: the state after each pad block depends on the key
 * alone, so the last key's two midstates are kept and each further HMAC costs two
 * compressions instead of four. Only the last key is kept, and only in this process.
 */
let preparedKey: string | undefined
const innerMidstate = new Int32Array(8)
const outerMidstate = new Int32Array(8)

const prepareKey = (key: string): void => {
  if (key === preparedKey) return
  keyBlock.fill(0)
  const keyEnd = writeUtf8(key, 0)
  if (keyEnd > 64) {
    hashPadded(message, keyEnd)
    stateInto(keyBlock, 0)
  } else {
    keyBlock.set(message.subarray(0, keyEnd))
  }
  for (let i = 0; i < 64; i++) message[i] = keyBlock[i]! ^ 0x36
  state.set(IV)
  compress(message, 0, 64)
  innerMidstate.set(state)
  for (let i = 0; i < 64; i++) outer[i] = keyBlock[i]! ^ 0x5c
  state.set(IV)
  compress(outer, 0, 64)
  outerMidstate.set(state)
  preparedKey = key
}
