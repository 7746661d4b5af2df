/**
 * Content fingerprints for idempotency: two requests under one idempotency
 * key are "the same" exactly when their fingerprints match.
 *
 * Pure code (no `node:crypto`), so the core runs unchanged in browsers. The
 * hash is not cryptographic and need not be: a fingerprint is only compared
 * with the one recorded under the same key, by the same client that chose
 * the key, so it guards against accidents (a reused key), not adversaries.
 *
 * @since 0.1.0
 */

/**
 * JSON with object keys sorted at every depth, so equal values always give
 * equal text whatever order their keys were built in.
 *
 * @since 0.1.0
 */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>
    const parts: Array<string> = []
    for (const key of Object.keys(record).sort()) {
      const v = record[key]
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`)
    }
    return `{${parts.join(",")}}`
  }
  const text = JSON.stringify(value)
  if (text === undefined) throw new TypeError(`${typeof value} has no JSON form`)
  return text
}

/**
 * A 128-bit non-cryptographic hash of a string (four mixed 32-bit lanes,
 * after bryc's public-domain cyrb128), as 32 hex digits.
 *
 * @since 0.1.0
 */
export const hash128 = (text: string): string => {
  const hasher = makeHasher128()
  hasher.update(text)
  return hasher.digest()
}

/**
 * {@link hash128} of a text that arrives in pieces: `update` with each piece
 * in order, then `digest`. The pieces may split the text anywhere; the digest
 * is `hash128` of the whole, so a request body hashed as it is read gives
 * the same fingerprint however the network cut it.
 *
 * @since 0.2.0
 */
export interface Hasher128 {
  readonly update: (piece: string) => void
  readonly digest: () => string
}

/**
 * A fresh {@link Hasher128}.
 *
 * @since 0.2.0
 */
export const makeHasher128 = (): Hasher128 => {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762
  return {
    update: (text) => {
      // Locals in the loop: the closure's own variables, read and written per character, take twice as long.
      let a = h1, b = h2, c = h3, d = h4
      for (let i = 0; i < text.length; i++) {
        const k = text.charCodeAt(i)
        a = b ^ Math.imul(a ^ k, 597399067)
        b = c ^ Math.imul(b ^ k, 2869860233)
        c = d ^ Math.imul(c ^ k, 951274213)
        d = a ^ Math.imul(d ^ k, 2716044179)
      }
      h1 = a
      h2 = b
      h3 = c
      h4 = d
    },
    digest: () => finish(h1, h2, h3, h4)
  }
}

const finish = (h1: number, h2: number, h3: number, h4: number): string => {
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, "0")).join("")
}

/**
 * The fingerprint of a JSON value: `hash128(canonicalJson(value))`.
 *
 * @since 0.1.0
 */
export const fingerprintOf = (value: unknown): string => hash128(canonicalJson(value))
