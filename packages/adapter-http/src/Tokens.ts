/**
 * Everything the server mints: bearer tokens, join codes, ids and shuffle
 * seeds. Each is 256 bits from the platform's CSPRNG (`crypto.getRandomValues`)
 * in base64url, so nothing can be guessed, and none encodes a time, an order
 * or who asked for it.
 *
 * A token is `rb<role>_<secret>`: the prefix lets the server tell a
 * facilitator's token from a participant's without a lookup; the secret is
 * what the core verifies (it keeps only keyed hashes of it).
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export type TokenRole = "team-admin" | "facilitator" | "participant"

const prefixOf: Record<TokenRole, string> = { "team-admin": "rbt_", facilitator: "rbf_", participant: "rbp_" }
const roleOf: Record<string, TokenRole> = { rbt_: "team-admin", rbf_: "facilitator", rbp_: "participant" }

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url")

// One CSPRNG call per request showed up at ~4% of a card submission under load: fill a
// pool from the CSPRNG and hand out each byte once (as Node's randomUUID does).
const pool = Buffer.alloc(4096)
let used = pool.length

/** `length` fresh CSPRNG bytes, base64url; no byte is ever handed out twice. */
const randomBase64url = (length: number): string => {
  if (used + length > pool.length) {
    crypto.getRandomValues(pool)
    used = 0
  }
  const text = pool.toString("base64url", used, used + length)
  // Zeroed once handed out, so the pool never holds a secret that is in use.
  pool.fill(0, used, used + length)
  used += length
  return text
}

/** 32 bytes (256 bits) from the CSPRNG, base64url: 43 characters. @since 0.1.0 */
export const randomSecret = (): string => randomBase64url(32)

/** A bearer token for `role`, carrying a fresh secret. @since 0.1.0 */
export const mintToken = (role: TokenRole): { readonly token: string; readonly secret: string } => {
  const secret = randomSecret()
  return { token: prefixOf[role] + secret, secret }
}

/** Re-forms the token of a role from its secret. @since 0.1.0 */
export const tokenOf = (role: TokenRole, secret: string): string => prefixOf[role] + secret

const secretPattern = /^[A-Za-z0-9_-]{43}$/

/**
 * Reads a bearer token: its role and secret, or undefined when it is not a
 * token this server could have minted.
 *
 * @since 0.1.0
 */
export const parseToken = (token: string): { readonly role: TokenRole; readonly secret: string } | undefined => {
  if (token.length !== 47) return undefined
  const role = roleOf[token.slice(0, 4)]
  const secret = token.slice(4)
  return role === undefined || !secretPattern.test(secret) ? undefined : { role, secret }
}

/**
 * A fresh id: a letter for the kind of thing, then 128 random bits, so an
 * id carries no time, no order and no author. (Card ids are derived by the
 * core from the author's secret and a random card key minted here.)
 *
 * @since 0.1.0
 */
export const mintId = (kind: "t" | "r" | "k" | "th" | "n" | "a" | "m" | "p"): string => {
  return `${kind}_${randomBase64url(16)}`
}

/**
 * A key derived from a client's `Idempotency-Key` and its token: two
 * clients sending the same key never meet, and the stored key says nothing
 * about either.
 *
 * @since 0.1.0
 */
export const scopedIdempotencyKey = async (token: string, route: string, key: string): Promise<string> => {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${token}\u0000${route}\u0000${key}`))
  return "http:" + base64url(new Uint8Array(digest))
}
