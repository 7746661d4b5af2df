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
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
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
