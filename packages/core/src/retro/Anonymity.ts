/**
 * Every anonymity rule of the retro in one place: what a secret is, the
 * keyed values derived from it (verifier, card ids, ownership proofs, voter
 * pseudonyms), and the promise a retro makes about side labels — decided
 * once, when collection starts, and never loosened afterwards.
 *
 * The threat model these rules answer is docs/decisions/0002-anonymity-threat-model.md.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"
import { hmacSha256Bytes, hmacSha256Hex } from "../internal/Crypto.ts"
import type { Side } from "../Primitives.ts"

const base64urlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

const base64url = (bytes: Uint8Array): string => {
  let out = ""
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += base64urlAlphabet[n >>> 18]! + base64urlAlphabet[(n >>> 12) & 63]! + base64urlAlphabet[(n >>> 6) & 63]! +
      base64urlAlphabet[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += base64urlAlphabet[n >>> 18]! + base64urlAlphabet[(n >>> 12) & 63]!
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += base64urlAlphabet[n >>> 18]! + base64urlAlphabet[(n >>> 12) & 63]! + base64urlAlphabet[(n >>> 6) & 63]!
  }
  return out
}

/** Bytes in a secret: 256 bits, twice the 128 the threat model asks for. */
const secretBytes = 32

/**
 * A participant's or facilitator's secret: 32 bytes from a CSPRNG, encoded as
 * unpadded base64url (43 characters, the canonical encoding only). The core
 * cannot see where the bytes came from, but a fixed encoding of 256 bits
 * rules out passwords, names and other guessable strings: the stored
 * verifiers and ownership proofs are only as strong as the secret.
 *
 * Make one with {@link secretFromBytes}`(crypto.getRandomValues(new Uint8Array(32)))`.
 *
 * @since 0.2.0
 */
export const Secret = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, {
    expected: "a secret: 32 random bytes (e.g. crypto.getRandomValues) as unpadded base64url, 43 characters"
  }))
)
/** @since 0.2.0 */
export type Secret = typeof Secret.Type

/**
 * Is `value` a well-formed {@link Secret}? (The check the decider applies to
 * every secret it is given, decoded or not.)
 *
 * @since 0.2.0
 */
export const isSecret = Schema.is(Secret)

/**
 * Encodes 32 random bytes as a {@link Secret}. Throws on any other length:
 * that is a programming error, not user input.
 *
 * @since 0.2.0
 */
export const secretFromBytes = (bytes: Uint8Array): Secret => {
  if (bytes.length !== secretBytes) throw new RangeError(`A secret is ${secretBytes} random bytes, got ${bytes.length}`)
  return base64url(bytes)
}

/**
 * A join code: shared with every invitee, so it identifies nobody; it only
 * keeps strangers out. At least 16 characters.
 *
 * @since 0.2.0
 */
export const JoinCode = Schema.String.pipe(
  Schema.check(Schema.isMinLength(16, { expected: "a join code of at least 16 characters" })),
  Schema.check(Schema.isMaxLength(256))
)
/** @since 0.2.0 */
export type JoinCode = typeof JoinCode.Type

/**
 * The stored stand-in for a secret, keyed by the retro: the same secret gives
 * unrelated verifiers in two retros, so a guess checked against one retro's
 * rows says nothing about another's.
 *
 * @since 0.2.0
 */
export const secretVerifier = (secret: string, retroId: string): string =>
  hmacSha256Hex(secret, `retrobridge/token:${retroId}`)

/**
 * A card's id, derived from its author's secret and a key the author chose
 * for it (any value unique among the author's own cards, e.g. a counter):
 * 128 bits of a keyed hash, so an id carries no time, order or author for
 * anyone without the secret, and the same key twice names the same card (a
 * retried AddCard is recognised).
 *
 * @since 0.2.0
 */
export const cardIdOf = (secret: string, retroId: string, cardKey: string): string =>
  `card-${base64url(hmacSha256Bytes(secret, `retrobridge/card-id:${retroId}:${cardKey}`).subarray(0, 16))}`

/**
 * Proof that the holder of `secret` wrote `cardId`: computable only with the
 * secret, so the stored proof names nobody.
 *
 * @since 0.2.0
 */
export const cardOwnerProof = (secret: string, retroId: string, cardId: string): string =>
  hmacSha256Hex(secret, `retrobridge/card:${retroId}:${cardId}`)

/**
 * A voter's pseudonym within one retro: it enforces the vote budget without
 * naming the voter. Whoever reads the store sees how each pseudonym voted,
 * never whose it is.
 *
 * @since 0.2.0
 */
export const voterTag = (secret: string, retroId: string): string => hmacSha256Hex(secret, `retrobridge/vote:${retroId}`)

/**
 * The keyed hash of a join code (keyed per retro, like every verifier).
 *
 * @since 0.2.0
 */
export const joinCodeVerifier = (retroId: string, joinCode: string): string =>
  hmacSha256Hex(`retrobridge/join:${retroId}`, joinCode)

/**
 * The smallest anonymity set the core accepts, whatever the settings say
 * (employee-survey practice is 3–5). Older retros stored with a threshold of
 * 2 are read with this floor.
 *
 * @since 0.2.0
 */
export const minimumAnonymityThreshold = 3

/** The threshold in force for a configured value. @since 0.2.0 */
export const effectiveThreshold = (configured: number): number => Math.max(minimumAnonymityThreshold, configured)

/**
 * What a retro promises about its cards. Decided once, when collection
 * starts, from the roster at that moment; later joins, removals and settings
 * never change it.
 *
 * - `sideLabels: "shown"` only when every side has at least `threshold`
 *   participants; then each card shows and stores its side, and per-side
 *   card counts are shown. A card's anonymity set is its side.
 * - `"hidden"` otherwise, for all sides at once (hiding only the small side
 *   would name it: every undisclosed card would be one of its few members).
 *   Cards store no side, counts are totals only, and a card's anonymity set
 *   is everybody present.
 *
 * @since 0.2.0
 */
export interface AnonymityPromise {
  readonly sideLabels: "shown" | "hidden"
  readonly threshold: number
  /** Participants per side when the promise was made. */
  readonly participantsAtStart: Readonly<Record<Side, number>>
}

/**
 * The promise a roster gives (used at collection start, and shown as a
 * preview before it).
 *
 * @since 0.2.0
 */
export const anonymityPromiseFor = (counts: Readonly<Record<Side, number>>, configuredThreshold: number): AnonymityPromise => {
  const threshold = effectiveThreshold(configuredThreshold)
  return {
    sideLabels: counts.product >= threshold && counts.engineering >= threshold ? "shown" : "hidden",
    threshold,
    participantsAtStart: { product: counts.product, engineering: counts.engineering }
  }
}

/**
 * How small the anonymity set of a card written now could be under
 * `promise`: its side's members when labels are shown, everybody otherwise.
 *
 * @since 0.2.0
 */
export const anonymitySetSize = (promise: AnonymityPromise, counts: Readonly<Record<Side, number>>, side: Side): number =>
  promise.sideLabels === "shown" ? counts[side] : counts.product + counts.engineering

/**
 * Why collection cannot start with this roster, or undefined when it can:
 * every card needs an anonymity set of at least the threshold. Says whom to
 * invite.
 *
 * @since 0.2.0
 */
export const anonymityShortfall = (counts: Readonly<Record<Side, number>>, configuredThreshold: number):
  | { readonly inviteAtLeast: number; readonly detail: string }
  | undefined =>
{
  const threshold = effectiveThreshold(configuredThreshold)
  const total = counts.product + counts.engineering
  if (total >= threshold) return undefined
  const missing = threshold - total
  const labels = (["product", "engineering"] as const)
    .map((side) => ({ side, n: Math.max(0, threshold - counts[side]) }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.n} more ${x.side}`)
    .join(" and ")
  return {
    inviteAtLeast: missing,
    detail: `Only ${total} participant${total === 1 ? "" : "s"} joined: with fewer than ${threshold} (the anonymity threshold), a card's author could be singled out. Invite at least ${missing} more participant${missing === 1 ? "" : "s"} from either side before starting collection (and ${labels} for cards to show their side).`
  }
}

/**
 * Human wording of a promise, for everyone's view (a participant reads it
 * before writing).
 *
 * @since 0.2.0
 */
export const describeAnonymityPromise = (promise: AnonymityPromise, decided: boolean): string => {
  const { product, engineering } = promise.participantsAtStart
  const when = decided ? "Collection started with" : "If collection started now, with"
  return promise.sideLabels === "shown"
    ? `${when} ${product} product and ${engineering} engineering participants, every side has at least ${promise.threshold}: cards show their side, and per-side card counts are shown.${
      decided ? " This stays so whoever joins or leaves." : ""
    }`
    : `${when} ${product} product and ${engineering} engineering participants, not every side has ${promise.threshold} (the anonymity threshold): no card shows or stores its side, and card counts are totals only.${
      decided ? " This stays so whoever joins later." : ""
    }`
}

/**
 * What the store keeps, told to every participant before they write.
 *
 * @since 0.2.0
 */
export const storeKeepsNotice =
  "The retro's store keeps every version of a card: an edited card's earlier text and a withdrawn card's text stay in the store (never linked to you, and shown to nobody). Votes are stored under a pseudonym per voter and retro, with no time of voting."

/**
 * How many times one participant can say "done" within one ready check
 * (each time, and each undo, uses a fresh mark).
 *
 * @since 0.2.0
 */
export const readyMarksPerParticipant = 10

/**
 * The `n`-th mark of the holder of `secret` in round `round` of a retro's
 * ready check: `"ready"` for "I'm done writing", `"undo"` for taking it back.
 * Every mark is a keyed hash used once, so a stored mark names nobody and
 * links to no other row: a reader of the store sees that *someone* got ready
 * at some point of the stream, never who, and cannot pair a "done" with its
 * undo (which would bracket, and so tie together, the cards written between
 * them). Only the holder of the secret can tell which marks are theirs.
 *
 * @since 0.2.0
 */
export const readinessMark = (secret: string, retroId: string, round: number, kind: "ready" | "undo", n: number): string =>
  hmacSha256Hex(secret, `retrobridge/ready:${retroId}:${round}:${kind}:${n}`)

/**
 * Whether the holder of `secret` is ready in the current round: they have
 * said "done" more often than they took it back. `marks` and `undos` are
 * the round's stored marks; a participant's marks are used in order, so the
 * count is where their sequence first misses.
 *
 * @since 0.2.0
 */
export const readinessOf = (
  marksOf: (kind: "ready" | "undo", n: number) => string,
  stored: { readonly marks: ReadonlySet<string>; readonly undos: ReadonlySet<string> }
): { readonly ready: boolean; readonly marked: number; readonly undone: number } => {
  let marked = 0
  while (marked < readyMarksPerParticipant && stored.marks.has(marksOf("ready", marked))) marked++
  let undone = 0
  while (undone < marked && stored.undos.has(marksOf("undo", undone))) undone++
  return { ready: marked > undone, marked, undone }
}

/** Events whose timing could point at a person: what a participant wrote, voted or said about their writing. */
const anonymousEventTags: ReadonlySet<string> = new Set([
  "CardAdded",
  "CardEdited",
  "CardWithdrawn",
  "VoteCast",
  "VoteRetracted",
  "ReadyMarked",
  "ReadyUnmarked"
])

/**
 * The instant the store should record for events a retro command produced:
 * for cards and votes, the start of the current phase (so no row carries the
 * instant someone wrote or voted); for anything else, undefined (the
 * store's clock).
 *
 * @since 0.2.0
 */
export const retroRecordedAt = (
  state: { readonly status: string; readonly phaseHistory?: ReadonlyArray<{ readonly startedAt: number }> },
  events: ReadonlyArray<{ readonly _tag: string }>
): number | undefined => {
  if (state.status !== "active" || !events.some((e) => anonymousEventTags.has(e._tag))) return undefined
  return state.phaseHistory?.at(-1)?.startedAt
}

// Secrets and join codes must never reach the store; `at` and `cardKey` could be guessed back
// from a fast hash (a 20-minute window, a small counter) and would date or order the author's cards.
// The shuffle seed is minted by the server per attempt: a retry with another one is the same request.
const fingerprintOmits: ReadonlySet<string> = new Set(["secret", "facilitatorSecret", "newFacilitatorSecret", "joinCode", "at", "cardKey", "shuffleSeed"])

/**
 * What of a retro command goes into its idempotency fingerprint (which the
 * store keeps): everything but secrets, the join code, the instant, the
 * author's card key and the reveal's shuffle seed. A retry with a later `at`
 * (or, through another server, another seed) is still the same request.
 *
 * @since 0.2.0
 */
export const fingerprintInput = (command: unknown): unknown => {
  if (command === null || typeof command !== "object") return command
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(command as Record<string, unknown>)) {
    if (!fingerprintOmits.has(key)) out[key] = value
  }
  return out
}

/**
 * A secret that is not 32 random bytes as unpadded base64url. Nothing was
 * stored: a guessable secret would give away every card its holder writes.
 *
 * @since 0.2.0
 */
export class InvalidSecret extends Schema.TaggedError<InvalidSecret>()("InvalidSecret", {
  field: Schema.String
}) {
  override get message(): string {
    return `${this.field} is not a well-formed secret. Generate 32 random bytes with a cryptographic random source (crypto.getRandomValues) and encode them as unpadded base64url (43 characters), e.g. with Retro.secretFromBytes.`
  }
}

/**
 * A card written now could hide among fewer than `threshold` people: the
 * retro cannot keep its anonymity promise, so the command changes nothing.
 *
 * @since 0.2.0
 */
export class AnonymitySetTooSmall extends Schema.TaggedError<AnonymitySetTooSmall>()("AnonymitySetTooSmall", {
  action: Schema.Literals(["start-collection", "remove-participant", "edit-card", "withdraw-card"]),
  threshold: Schema.Int,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** The part of a retro's state the anonymity rules read. */
interface AnonymityState {
  readonly details: { readonly retroId: string }
  readonly settings: { readonly anonymityThreshold: number }
  readonly participants: ReadonlyArray<{ readonly side: Side }>
  readonly phase: string
  /** Fixed when collection started; undefined in the draft. */
  readonly anonymity?: AnonymityPromise | undefined
}

/** Participants per side now. @since 0.2.0 */
export const participantsBySide = (state: Pick<AnonymityState, "participants">): Record<Side, number> => {
  let product = 0, engineering = 0
  for (const p of state.participants) {
    if (p.side === "product") product++
    else engineering++
  }
  return { product, engineering }
}

/**
 * The promise in force: the one made at collection start, or in the draft
 * the one the current roster would give (a preview).
 *
 * @since 0.2.0
 */
export const anonymityPromiseOf = (state: AnonymityState): { readonly promise: AnonymityPromise; readonly decided: boolean } =>
  state.anonymity !== undefined
    ? { promise: state.anonymity, decided: true }
    : { promise: anonymityPromiseFor(participantsBySide(state), state.settings.anonymityThreshold), decided: false }

/**
 * Whether cards show their side, per side — always the same answer for
 * every side (all shown or all hidden), with the reason.
 *
 * @since 0.2.0
 */
export const sideLabelsOf = (state: AnonymityState): Record<Side, { shown: boolean; reason: string }> => {
  const { promise, decided } = anonymityPromiseOf(state)
  const shown = promise.sideLabels === "shown"
  const reason = describeAnonymityPromise(promise, decided)
  return { product: { shown, reason }, engineering: { shown, reason } }
}

/**
 * What a view tells every viewer about anonymity (participants read it
 * before they write).
 *
 * @since 0.2.0
 */
export interface AnonymityView {
  readonly sideLabels: "shown" | "hidden"
  /** Per-side card counts are shown exactly when side labels are. */
  readonly perSideCounts: boolean
  readonly threshold: number
  /** True once collection has started: nothing changes the promise after that. */
  readonly decided: boolean
  readonly explanation: string
  /** What the store keeps (edited and withdrawn texts, vote pseudonyms). */
  readonly storeKeeps: string
}

/** @since 0.2.0 */
export const anonymityViewOf = (state: AnonymityState): AnonymityView => {
  const { promise, decided } = anonymityPromiseOf(state)
  return {
    sideLabels: promise.sideLabels,
    perSideCounts: promise.sideLabels === "shown",
    threshold: promise.threshold,
    decided,
    explanation: describeAnonymityPromise(promise, decided),
    storeKeeps: storeKeepsNotice
  }
}

/**
 * Starting collection: refused when a card could hide among fewer than the
 * threshold.
 *
 * @since 0.2.0
 */
export const checkCollectionStart = (state: AnonymityState): AnonymitySetTooSmall | undefined => {
  const shortfall = anonymityShortfall(participantsBySide(state), state.settings.anonymityThreshold)
  return shortfall === undefined
    ? undefined
    : new AnonymitySetTooSmall({ action: "start-collection", threshold: effectiveThreshold(state.settings.anonymityThreshold), detail: shortfall.detail })
}

/**
 * Removing a participant while cards are being written: refused when cards
 * written afterwards would hide among fewer than the threshold (their side
 * when labels are shown, everybody when hidden). Outside collection nobody
 * writes, so removal is free.
 *
 * @since 0.2.0
 */
export const checkRemoval = (
  state: AnonymityState,
  side: Side,
  // From the phase table (the caller's): whether the current phase takes new cards.
  cardsBeingWritten: boolean
): AnonymitySetTooSmall | undefined => {
  if (!cardsBeingWritten || state.anonymity === undefined) return undefined
  const promise = state.anonymity
  const counts = participantsBySide(state)
  const after = { ...counts, [side]: counts[side] - 1 }
  const set = anonymitySetSize(promise, after, side)
  if (set >= promise.threshold) return undefined
  const whose = promise.sideLabels === "shown" ? `${side} cards` : "cards"
  return new AnonymitySetTooSmall({
    action: "remove-participant",
    threshold: promise.threshold,
    detail: `Removing this participant now would leave ${set} people to hide ${whose} among, fewer than the anonymity threshold of ${promise.threshold}. Invite someone${
      promise.sideLabels === "shown" ? ` from ${side}` : ""
    } first, then remove them; once collection ends, nobody can be removed (removal is possible only in draft and collection).`
  })
}

/**
 * Editing or withdrawing a card: refused when it would tie the card to fewer
 * than the threshold. The event proves its author is still here, so whoever
 * reads the store learns the author is one of those present when the card was
 * added who are still present now (its side's, when labels are shown); after
 * people left, that can be fewer than the threshold however many joined since.
 *
 * @since 0.2.0
 */
export const checkCardChange = (
  state: AnonymityState & { readonly participants: ReadonlyArray<{ readonly participantId: string; readonly side: Side }> },
  card: { readonly side: Side | undefined; readonly presentAtAdd: ReadonlyArray<string> },
  action: "edit-card" | "withdraw-card"
): AnonymitySetTooSmall | undefined => {
  if (state.anonymity === undefined) return undefined
  const threshold = state.anonymity.threshold
  const present = new Set<string>()
  for (const p of state.participants) if (card.side === undefined || p.side === card.side) present.add(p.participantId)
  let set = 0
  for (const id of card.presentAtAdd) if (present.has(id)) set++
  if (set >= threshold) return undefined
  return new AnonymitySetTooSmall({
    action,
    threshold,
    detail: `${action === "edit-card" ? "Editing" : "Withdrawing"} this card now would show that its author is one of ${set} people: of those here when it was written, only ${set} still are, fewer than the anonymity threshold of ${threshold}. The card stays as it was written; it is revealed with the others, without a name.`
  })
}

/**
 * The order cards are revealed in: a keyed hash of each card's content under
 * the seed, so it depends on the seed and what the cards say — never on when
 * or by whom they were written (card ids derive from authors' secrets, so
 * they are not used except to break a tie between identical cards).
 *
 * @since 0.2.0
 */
export const revealOrderOf = (
  cards: Iterable<{ readonly cardId: string; readonly prompt: string; readonly text: string; readonly side?: string | undefined }>,
  seed: string
): ReadonlyArray<string> =>
  // The side is part of what is shown when it is stored, so it goes into the key: only cards that look
  // exactly alike tie, and their order (by id) tells nothing to anyone without the authors' secrets.
  Array.from(cards, (card) => ({ id: card.cardId, key: hmacSha256Hex(seed, `${card.prompt}\n${card.side ?? ""}\n${card.text}`) }))
    .sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    .map((entry) => entry.id)
