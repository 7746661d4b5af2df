/**
 * Properties of the retro over random sequences of valid and invalid commands.
 *
 * The arbitrary produces intents (add a card, vote, advance, ...) with random
 * parameters; each intent is turned into a concrete command against the
 * current state, so sequences actually reach every phase while still
 * containing stale clicks, wrong secrets, unknown ids and bad content.
 */
import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Agreements, Decider, Retro } from "@retrobridge/core"
import { secretDerivedPattern, testSecret } from "@retrobridge/core/testing"
import { FACILITATOR, JOIN, MIN, people, T0, validDraft } from "./fixtures.ts"

const STRANGER = testSecret("stranger")
const secrets = [...people.map((p) => p.secret), FACILITATOR, STRANGER]
const cardIds = ["k1", "k2", "k3", "k4", "k5", "k6"]
const themeIds = ["th1", "th2", "th3"]
const themeNames = ["technical-debt", "Requirements clarity", "estimates-predictability", "On-call load"]
const texts = ["Scope changed after planning", "Tech debt slows us", "Estimates became deadlines", "Great demo", "  ", "x".repeat(2001)]

type Intent =
  | { kind: "create"; threshold: number }
  | { kind: "join"; who: number; code: boolean }
  | { kind: "advance"; stale: boolean; seed: string; byFacilitator: boolean; late: number }
  | { kind: "card"; who: number; card: number; text: number; prompt: number }
  | { kind: "edit"; who: number; card: number; text: number }
  | { kind: "withdraw"; who: number; card: number }
  | { kind: "theme"; theme: number; name: number }
  | { kind: "assign"; card: number; theme: number }
  | { kind: "merge"; a: number; b: number }
  | { kind: "split"; theme: number; theme2: number; card: number }
  | { kind: "vote"; who: number; theme: number; retract: boolean }
  | { kind: "focus"; theme: number }
  | { kind: "note"; theme: number; note: number; side: number }
  | { kind: "noteEdit"; theme: number; note: number; text: number }
  | { kind: "noteRemove"; theme: number; note: number }
  | { kind: "agree"; id: number; valid: boolean }
  | { kind: "import" }
  | { kind: "review"; id: number; outcome: number }
  | { kind: "ready"; who: number; ready: boolean }
  | { kind: "extend"; minutes: number; stale: boolean }

const intent: fc.Arbitrary<Intent> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("create" as const), threshold: fc.integer({ min: 2, max: 5 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("join" as const), who: fc.nat(people.length - 1), code: fc.boolean() }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      stale: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      seed: fc.string({ minLength: 0, maxLength: 12 }),
      byFacilitator: fc.boolean(),
      late: fc.integer({ min: -1, max: 20 })
    }),
    weight: 6
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("card" as const),
      who: fc.nat(secrets.length - 1),
      card: fc.nat(cardIds.length - 1),
      text: fc.nat(texts.length - 1),
      prompt: fc.nat(2)
    }),
    weight: 6
  },
  { arbitrary: fc.record({ kind: fc.constant("edit" as const), who: fc.nat(secrets.length - 1), card: fc.nat(cardIds.length - 1), text: fc.nat(texts.length - 1) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who: fc.nat(secrets.length - 1), card: fc.nat(cardIds.length - 1) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("theme" as const), theme: fc.nat(themeIds.length - 1), name: fc.nat(themeNames.length - 1) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("assign" as const), card: fc.nat(cardIds.length - 1), theme: fc.nat(themeIds.length - 1) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("merge" as const), a: fc.nat(themeIds.length - 1), b: fc.nat(themeIds.length - 1) }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant("split" as const), theme: fc.nat(themeIds.length - 1), theme2: fc.nat(themeIds.length - 1), card: fc.nat(cardIds.length - 1) }),
    weight: 1
  },
  { arbitrary: fc.record({ kind: fc.constant("vote" as const), who: fc.nat(secrets.length - 1), theme: fc.nat(themeIds.length - 1), retract: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("focus" as const), theme: fc.nat(themeIds.length - 1) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("note" as const), theme: fc.nat(themeIds.length - 1), note: fc.nat(3), side: fc.nat(1) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("noteEdit" as const), theme: fc.nat(themeIds.length - 1), note: fc.nat(3), text: fc.nat(texts.length - 1) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("noteRemove" as const), theme: fc.nat(themeIds.length - 1), note: fc.nat(3) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("agree" as const), id: fc.nat(2), valid: fc.boolean() }), weight: 2 },
  { arbitrary: fc.constant({ kind: "import" as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("review" as const), id: fc.nat(1), outcome: fc.nat(3) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("ready" as const), who: fc.nat(secrets.length - 1), ready: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("extend" as const), minutes: fc.integer({ min: 0, max: 70 }), stale: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) }), weight: 1 }
)

const phaseOf = (state: Retro.State) => state.status === "active" ? state.phase : "draft"
const lastTime = (state: Retro.State) => state.status === "active" ? state.phaseHistory[state.phaseHistory.length - 1]!.startedAt : T0

/** The id the core gives the card `secret`'s holder writes under key number `k` (ids are derived, not chosen). */
const ownCardId = (secret: string, k: number): string => Retro.cardIdOf(secret, "r1", cardIds[k]!)

/**
 * The card the facilitator picks as number `k`: by its place in the reveal order, which depends on the
 * cards' content and the seed only. (Picking by author would make the facilitator's choices, and so the
 * views, depend on who wrote what, which the anonymity property below must not be fooled by.)
 */
const cardIdFor = (state: Retro.State, k: number): string => {
  const order = state.status === "active" ? (state.revealOrder ?? []).filter((id) => state.cards.has(id)) : []
  return order.length === 0 ? ownCardId(secrets[0]!, k) : order[k % order.length]!
}

/** Turns an intent into a concrete command against the current state; `swap` renames authors (see the anonymity property). */
const toCommand = (i: Intent, state: Retro.State, step: number, swap: (secret: string) => string = (s) => s): Retro.Command => {
  const at = lastTime(state) + (step + 1) * MIN
  switch (i.kind) {
    case "create":
      return {
        _tag: "CreateRetro",
        retroId: "r1",
        teamId: "team1",
        title: "Random retro",
        trigger: "quarterly",
        date: "2026-10-01",
        facilitatorName: "Nora",
        facilitatorSecret: FACILITATOR,
        joinCode: JOIN,
        settings: { anonymityThreshold: i.threshold },
        at
      }
    case "join": {
      const p = people[i.who]!
      return { _tag: "JoinRetro", participantId: p.id, name: p.name, side: p.side, secret: p.secret, joinCode: i.code ? JOIN : "wrong-join-code-00001", at }
    }
    case "advance": {
      const current = phaseOf(state)
      const from = i.stale ? Retro.phaseOrder[Math.max(0, Retro.phaseIndex(current) - 1)]! : current
      return {
        _tag: "AdvancePhase",
        facilitatorSecret: i.byFacilitator || !i.stale ? FACILITATOR : STRANGER,
        from,
        at: lastTime(state) + i.late * MIN,
        ...(i.seed.length > 0 ? { shuffleSeed: i.seed.padEnd(8, "s") } : {})
      }
    }
    case "card":
      return {
        _tag: "AddCard",
        secret: swap(secrets[i.who]!),
        cardKey: cardIds[i.card]!,
        prompt: (["worked-well", "friction", "wish-understood"] as const)[i.prompt]!,
        text: texts[i.text]!,
        at
      }
    case "edit":
      return { _tag: "EditCard", secret: swap(secrets[i.who]!), cardId: ownCardId(swap(secrets[i.who]!), i.card), text: texts[i.text]!, at }
    case "withdraw":
      return { _tag: "WithdrawCard", secret: swap(secrets[i.who]!), cardId: ownCardId(swap(secrets[i.who]!), i.card), at }
    case "theme":
      return { _tag: "CreateTheme", facilitatorSecret: FACILITATOR, themeId: themeIds[i.theme]!, name: themeNames[i.name]!, at }
    case "assign":
      return { _tag: "AssignCard", facilitatorSecret: FACILITATOR, cardId: cardIdFor(state, i.card), themeId: themeIds[i.theme]!, at }
    case "merge":
      return { _tag: "MergeThemes", facilitatorSecret: FACILITATOR, sourceThemeId: themeIds[i.a]!, targetThemeId: themeIds[i.b]!, at }
    case "split":
      return { _tag: "SplitTheme", facilitatorSecret: FACILITATOR, themeId: themeIds[i.theme]!, newThemeId: `${themeIds[i.theme2]!}s`, name: "Split", cardIds: [cardIdFor(state, i.card)], at }
    case "vote":
      return { _tag: i.retract ? "RetractVote" : "CastVote", secret: secrets[i.who]!, themeId: themeIds[i.theme]!, at }
    case "focus":
      return { _tag: "FocusTheme", facilitatorSecret: FACILITATOR, themeId: themeIds[i.theme]!, at }
    case "note":
      return i.note % 2 === 0
        ? { _tag: "AddHandoffNote", facilitatorSecret: FACILITATOR, themeId: themeIds[i.theme]!, noteId: `n${i.note}`, text: "Handoff note", at }
        : { _tag: "AddInformationGap", facilitatorSecret: FACILITATOR, themeId: themeIds[i.theme]!, noteId: `n${i.note}`, side: i.side === 0 ? "product" : "engineering", text: "Gap", at }
    case "noteEdit":
      return { _tag: "EditDiscussionNote", facilitatorSecret: FACILITATOR, ...noteFor(state, i.theme, i.note), text: texts[i.text]!, at }
    case "noteRemove":
      return { _tag: "RemoveDiscussionNote", facilitatorSecret: FACILITATOR, ...noteFor(state, i.theme, i.note), at }
    case "agree":
      return {
        _tag: "AcceptAgreement",
        facilitatorSecret: FACILITATOR,
        agreementId: `a${i.id}`,
        agreement: i.valid ? validDraft : { statement: "Try to communicate better", commitments: [{ side: "product", text: "Try harder" }], reviewBy: "2028-01-01" },
        at
      }
    case "import":
      return {
        _tag: "ImportPreviousAgreements",
        facilitatorSecret: FACILITATOR,
        fromRetroId: "r0",
        fromRetroDate: "2026-07-01",
        agreements: [
          { agreementId: "o1", statement: "PMs freeze scope at planning", commitments: [], reviewBy: "2026-09-30" },
          { agreementId: "o2", statement: "Engineers give ranges", commitments: [], reviewBy: "2026-09-30", metric: "hitRate" }
        ],
        at
      }
    case "ready":
      return { _tag: "SetReady", secret: swap(secrets[i.who]!), ready: i.ready, at }
    case "extend": {
      const current = phaseOf(state)
      const phase = i.stale ? Retro.phaseOrder[Math.max(0, Retro.phaseIndex(current) - 1)]! : current
      return { _tag: "ExtendTimebox", facilitatorSecret: FACILITATOR, phase: phase as Retro.TimedPhase, minutes: i.minutes, at }
    }
    case "review":
      return {
        _tag: "ReviewAgreement",
        facilitatorSecret: FACILITATOR,
        agreementId: `o${i.id + 1}`,
        outcome: (["kept", "partly-kept", "not-kept", "dropped"] as const)[i.outcome]!,
        evidence: "Scope changed twice after planning",
        at
      }
  }
}

/**
 * The note the facilitator picks as number `k`: mostly one that is there (a facilitator corrects what the
 * room sees), on any theme; with `k` 3, or when there is none, note `n3` of theme number `theme`, which may
 * not exist.
 */
const noteFor = (state: Retro.State, theme: number, k: number): { readonly themeId: string; readonly noteId: string } => {
  const notes = state.status !== "active" ? [] : state.themes.flatMap((t) =>
    [...t.handoffNotes, ...t.informationGaps].map((n) => ({ themeId: t.themeId, noteId: n.noteId })))
  return notes.length === 0 || k === 3 ? { themeId: themeIds[theme]!, noteId: `n${k}` } : notes[(theme + k) % notes.length]!
}

const advanceNow = (seed = "seed-abcdefgh"): Intent => ({ kind: "advance", stale: false, seed, byFacilitator: true, late: 1 })

/**
 * A whole retro with random content: each phase gets random noise plus commands that make sense in
 * it (cards while collecting, votes while voting, agreements while agreeing, reviews throughout),
 * then a correct AdvancePhase. Pure random sequences alone rarely cast a vote or accept an agreement.
 */
const phasedIntents: fc.Arbitrary<ReadonlyArray<Intent>> = (() => {
  const some = (specific: fc.Arbitrary<Intent>) => fc.array(fc.oneof({ arbitrary: specific, weight: 3 }, { arbitrary: intent, weight: 1 }), { minLength: 1, maxLength: 8 })
  const person = fc.nat(people.length - 1)
  const draft = some(fc.oneof(fc.constant<Intent>({ kind: "import" }), fc.record({ kind: fc.constant("review" as const), id: fc.nat(1), outcome: fc.nat(3) })))
  const collecting = some(fc.oneof(
    fc.record({ kind: fc.constant("card" as const), who: person, card: fc.nat(cardIds.length - 1), text: fc.nat(3), prompt: fc.nat(2) }),
    fc.record({ kind: fc.constant("edit" as const), who: person, card: fc.nat(cardIds.length - 1), text: fc.nat(3) }),
    fc.record({ kind: fc.constant("ready" as const), who: person, ready: fc.integer({ min: 0, max: 3 }).map((n) => n > 0) })
  ))
  const grouping = some(fc.oneof(
    fc.record({ kind: fc.constant("theme" as const), theme: fc.nat(themeIds.length - 1), name: fc.nat(themeNames.length - 1) }),
    fc.record({ kind: fc.constant("assign" as const), card: fc.nat(cardIds.length - 1), theme: fc.nat(themeIds.length - 1) })
  ))
  const voting = some(fc.record({ kind: fc.constant("vote" as const), who: person, theme: fc.nat(themeIds.length - 1), retract: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) }))
  // Notes first, then corrections of them (a correction of a note not yet taken is refused, and random noise makes those).
  const note = fc.record({ kind: fc.constant("note" as const), theme: fc.nat(themeIds.length - 1), note: fc.nat(3), side: fc.nat(1) })
  const discussing = fc.tuple(
    some(fc.oneof(fc.record({ kind: fc.constant("focus" as const), theme: fc.nat(themeIds.length - 1) }), note)),
    some(fc.oneof(
      note,
      fc.record({ kind: fc.constant("noteEdit" as const), theme: fc.nat(themeIds.length - 1), note: fc.nat(3), text: fc.nat(3) }),
      fc.record({ kind: fc.constant("noteRemove" as const), theme: fc.nat(themeIds.length - 1), note: fc.nat(3) })
    ))
  ).map(([taken, corrected]) => [...taken, ...corrected])
  const agreeing = some(fc.oneof(
    fc.record({ kind: fc.constant("agree" as const), id: fc.nat(2), valid: fc.integer({ min: 0, max: 3 }).map((n) => n > 0) }),
    fc.record({ kind: fc.constant("review" as const), id: fc.nat(1), outcome: fc.nat(3) })
  ))
  const firstTheme: Intent = { kind: "theme", theme: 0, name: 0 }
  return fc.tuple(draft, collecting, grouping, voting, discussing, agreeing, fc.boolean()).map(([d, c, g, v, di, a, close]) => [
    ...d, advanceNow(),
    ...c, advanceNow(),
    ...g, firstTheme, advanceNow(),
    ...v, advanceNow(),
    ...di, advanceNow(),
    ...a, ...(close ? [advanceNow()] : [])
  ])
})()

interface Step {
  readonly command: Retro.Command
  readonly before: Retro.State
  readonly after: Retro.State
  readonly events: ReadonlyArray<Retro.Event>
  readonly rejected: boolean
}

const everyoneJoins: ReadonlyArray<Intent> = people.map((_, who) => ({ kind: "join", who, code: true }))

// By default two sequences in three start with everyone joined (so they get far into the retro) and one in
// three starts with nobody (so joins, one-sided rosters and small sides are exercised too).
const simulate = (
  intents: ReadonlyArray<Intent>,
  swap?: (secret: string) => string,
  prefix: ReadonlyArray<Intent> = intents.length % 3 === 0 ? [] : everyoneJoins
): ReadonlyArray<Step> => {
  // Always start with a created retro so most commands are meaningful.
  let state = Decider.replay(Retro.decider, [])
  const steps: Array<Step> = []
  const all: ReadonlyArray<Intent> = [{ kind: "create", threshold: 3 }, ...prefix, ...intents]
  all.forEach((i, n) => {
    const command = toCommand(i, state, n, swap)
    // Retro.decide is a boundary itself: invalid content (blank text, 2,001 characters) is an InvalidCommand.
    const decided = Retro.decide(command, state)
    if (Result.isFailure(decided)) {
      steps.push({ command, before: state, after: state, events: [], rejected: true })
      return
    }
    const before = state
    for (const event of decided.success) state = Retro.evolve(state, event)
    steps.push({ command, before, after: state, events: decided.success, rejected: false })
  })
  return steps
}

// Half random sequences (stale clicks, wrong secrets, unknown ids, bad content anywhere), half whole
// retros with random content in every phase; phased ones get everyone joined by simulate's prefix.
const intents = fc.oneof(
  fc.array(intent, { minLength: 10, maxLength: 80 }),
  phasedIntents.map((is) => [...is, ...Array.from({ length: (3 - (is.length % 3)) % 3 + 1 }, () => ({ kind: "focus", theme: 0 }) as Intent)])
)

/** How often each interesting case occurred across a property's runs; a property fails when one never did. */
const tally = () => {
  const counts = new Map<string, number>()
  return {
    add: (what: string, n = 1) => counts.set(what, (counts.get(what) ?? 0) + n),
    expectAtLeast: (minimums: Readonly<Record<string, number>>) => {
      for (const [what, min] of Object.entries(minimums)) expect(counts.get(what) ?? 0, `how often: ${what}`).toBeGreaterThanOrEqual(min)
    }
  }
}
// A fixed seed: the coverage floors below ("how often: …") are counts over the generated runs, and
// CI must not turn red on an unlucky draw. RETRO_PROPERTY_SEED=<n> explores other sequences locally.
const runs = { numRuns: 150, seed: Number(process.env["RETRO_PROPERTY_SEED"] ?? 20261202) }

const deepFreeze = <A>(value: A): A => {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

const viewers: ReadonlyArray<Retro.Viewer> = [
  { role: "facilitator", secret: FACILITATOR },
  { role: "observer" },
  ...people.map((p) => ({ role: "participant" as const, secret: p.secret }))
]

describe("retro properties", () => {
  it("phases never go back, and move at most one step per command", () => {
    const seen = tally()
    fc.assert(
      fc.property(intents, (is) => {
        for (const step of simulate(is)) {
          const a = Retro.phaseIndex(phaseOf(step.before))
          const b = Retro.phaseIndex(phaseOf(step.after))
          expect(b).toBeGreaterThanOrEqual(a)
          expect(b - a).toBeLessThanOrEqual(1)
          if (b > a) seen.add("a phase advanced")
          if (step.command._tag === "AdvancePhase" && step.rejected) seen.add("an advance was refused")
        }
      }),
      runs
    )
    seen.expectAtLeast({ "a phase advanced": 300, "an advance was refused": 50 })
  })

  it("a rejected command leaves the state untouched and decides no event", () => {
    const seen = tally()
    fc.assert(
      fc.property(intents, (is) => {
        let state = Retro.initialState
        for (const [n, i] of [{ kind: "create", threshold: 3 } as Intent, ...everyoneJoins, ...is].entries()) {
          const frozen = deepFreeze(state)
          const snapshot = JSON.stringify(frozen)
          const decided = Retro.decide(toCommand(i, frozen, n), frozen)
          if (Result.isSuccess(decided)) {
            for (const e of decided.success) state = Retro.evolve(state, e)
            continue
          }
          // Rejected: nothing to fold, and the state it was decided on is exactly as it was.
          expect(JSON.stringify(frozen)).toBe(snapshot)
          expect(Decider.replay(Retro.decider, [], frozen)).toBe(frozen)
          seen.add(decided.failure._tag === "InvalidCommand" ? "rejected at the boundary" : "rejected by a rule")
        }
      }),
      runs
    )
    seen.expectAtLeast({ "rejected at the boundary": 50, "rejected by a rule": 500 })
  })

  it("replaying the events reproduces the state", () => {
    fc.assert(
      fc.property(intents, (is) => {
        const steps = simulate(is)
        const events = steps.flatMap((s) => s.events)
        const final = steps[steps.length - 1]!.after
        expect(Decider.replay(Retro.decider, events)).toEqual(final)
        expect(Decider.replay(Retro.decider, events)).toEqual(Decider.replay(Retro.decider, events))
      }),
      runs
    )
  })

  it("every event and every accepted command encodes and decodes back to itself", () => {
    const roundTrip = <S extends Schema.Codec<unknown, unknown>>(schema: S, value: S["Type"]) => {
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(schema as never)(value as never)))
      return Schema.decodeUnknownSync(schema as never)(json)
    }
    const seen = new Set<string>()
    fc.assert(
      fc.property(intents, (is) => {
        for (const step of simulate(is)) {
          if (!step.rejected) expect(roundTrip(Retro.Command, step.command)).toEqual(step.command)
          for (const event of step.events) {
            expect(roundTrip(Retro.Event, event)).toEqual(event)
            seen.add(event._tag)
          }
        }
      }),
      runs
    )
    // The round trip saw the events of every phase, not only the retro's creation.
    for (const tag of ["ParticipantJoined", "CardAdded", "CardsRevealed", "ThemeCreated", "CardAssigned", "VoteCast", "ThemeFocused", "HandoffNoteAdded", "InformationGapAdded", "DiscussionNoteEdited", "DiscussionNoteRemoved", "AgreementAccepted", "PreviousAgreementsImported", "AgreementReviewed"]) {
      expect(seen.has(tag), tag).toBe(true)
    }
  })

  it("no view for any viewer, and no client event, contains a secret, a token hash, an ownership proof or a voter tag", () => {
    const seen = tally()
    fc.assert(
      fc.property(intents, fc.integer({ min: 0, max: 200 }), (is, minutes) => {
        const steps = simulate(is)
        const final = steps[steps.length - 1]!.after
        if (final.status !== "active") return
        const forbidden = [
          ...secrets,
          JOIN,
          final.details.facilitatorTokenHash,
          final.details.joinCodeHash,
          ...final.participants.map((p) => p.tokenHash),
          ...[...final.cards.values()].map((c) => c.ownerProof),
          ...Object.values(final.votes).flatMap((v) => Object.keys(v)),
          ...(final.readyCheck?.marks ?? []),
          ...(final.readyCheck?.undos ?? [])
        ]
        const outputs: Array<string> = []
        for (const viewer of viewers) {
          const view = Retro.view(final, viewer, T0 + minutes * MIN)
          outputs.push(JSON.stringify(Result.isSuccess(view) ? view.success : view.failure.message))
        }
        for (const step of steps) {
          outputs.push(JSON.stringify(step.events.map(Retro.toClientEvent)))
          const decided = Retro.decide(step.command, step.before)
          if (Result.isFailure(decided)) outputs.push(decided.failure.message)
        }
        for (const out of outputs) for (const f of forbidden) expect(out.includes(f)).toBe(false)
        if (Object.values(final.votes).some((byVoter) => Object.keys(byVoter).length > 0)) seen.add("voter tags in the state")
        if (final.cards.size > 0) seen.add("ownership proofs in the state")
        if ((final.readyCheck?.marks.size ?? 0) > 0) seen.add("ready marks in the state")
        if (Object.keys(final.timeboxExtensions ?? {}).length > 0) seen.add("timeboxes extended")
      }),
      runs
    )
    seen.expectAtLeast({ "voter tags in the state": 20, "ownership proofs in the state": 50, "ready marks in the state": 20, "timeboxes extended": 10 })
  })

  it("who wrote which card changes no facilitator or observer view: authorship is not in the state", () => {
    // Swap authorship within each side (Priya<->Paul, Erin<->Eli): the same cards, written by different people.
    const swapPairs = new Map<string, string>([
      [people[0]!.secret, people[1]!.secret],
      [people[1]!.secret, people[0]!.secret],
      [people[3]!.secret, people[4]!.secret],
      [people[4]!.secret, people[3]!.secret]
    ])
    const swap = (s: string) => swapPairs.get(s) ?? s
    const seen = tally()
    fc.assert(
      fc.property(intents, fc.integer({ min: 0, max: 200 }), (is, minutes) => {
        // Everyone joins first, so a swapped author is a participant in both worlds.
        const a = simulate(is, undefined, everyoneJoins)
        const b = simulate(is, swap, everyoneJoins)
        const fa = a[a.length - 1]!.after
        const fb = b[b.length - 1]!.after
        for (const viewer of viewers.slice(0, 2)) {
          const va = Retro.view(fa, viewer, T0 + minutes * MIN)
          const vb = Retro.view(fb, viewer, T0 + minutes * MIN)
          // Card ids derive from authors' secrets: equal up to their pattern (see test/anonymity for the full property).
          expect(secretDerivedPattern(JSON.stringify(vb))).toEqual(secretDerivedPattern(JSON.stringify(va)))
        }
        const clientEvents = (run: typeof a) => secretDerivedPattern(JSON.stringify(run.map((s) => s.events.map(Retro.toClientEvent))))
        expect(clientEvents(b)).toEqual(clientEvents(a))
        const swappedAuthors = a.filter((s) => s.command._tag === "AddCard" && !s.rejected && swapPairs.has(s.command.secret)).length
        if (swappedAuthors > 0 && fa.status === "active" && fa.revealOrder !== undefined) seen.add("swapped authors' cards revealed")
      }),
      runs
    )
    seen.expectAtLeast({ "swapped authors' cards revealed": 20 })
  })

  it("the revealed order depends on the seed and the cards only, never on submission order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 30 }),
        fc.string({ minLength: 8, maxLength: 16 }),
        fc.integer(),
        (ids, seed, salt) => {
          const shuffled = fc.sample(fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }), { numRuns: 1, seed: salt })[0]!
          const cards = (order: ReadonlyArray<string>) => order.map((id) => ({ cardId: id, prompt: "friction", text: `text of ${id.length % 3}` }))
          expect(Retro.revealOrder(cards(shuffled), seed)).toEqual(Retro.revealOrder(cards(ids), seed))
          expect([...Retro.revealOrder(cards(ids), seed)].sort()).toEqual([...ids].sort())
        }
      ),
      runs
    )
  })

  it("through the decider too: the same cards added in another order are revealed in the same order", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(cardIds, { minLength: cardIds.length, maxLength: cardIds.length }), fc.string({ minLength: 8, maxLength: 12 }), (order, seed) => {
        const reveal = (ids: ReadonlyArray<string>) => {
          const intentsFor: Array<Intent> = [
            ...people.map((_, who) => ({ kind: "join" as const, who, code: true })),
            { kind: "advance", stale: false, seed: "", byFacilitator: true, late: 1 },
            ...ids.map((id) => ({ kind: "card" as const, who: cardIds.indexOf(id) % people.length, card: cardIds.indexOf(id), text: 0, prompt: 1 })),
            { kind: "advance", stale: false, seed, byFacilitator: true, late: 1 }
          ]
          const final = simulate(intentsFor).at(-1)!.after
          return final.status === "active" ? final.revealOrder : undefined
        }
        expect(reveal(order)).toEqual(reveal(cardIds))
        expect(reveal(order)).toHaveLength(cardIds.length)
      }),
      { numRuns: 50 }
    )
  })

  it("every accepted agreement is bilateral, observable and time-boxed", () => {
    const seen = tally()
    fc.assert(
      fc.property(intents, (is) => {
        for (const step of simulate(is)) {
          for (const event of step.events) {
            if (event._tag !== "AgreementAccepted") continue
            const a = event.agreement
            expect(Agreements.validate(a, { decidedOn: a.decidedOn })).toEqual([])
            expect(a.commitments.some((c) => c.side === "product")).toBe(true)
            expect(a.commitments.some((c) => c.side === "engineering")).toBe(true)
            expect(Result.isSuccess(Agreements.accept(a, { decidedOn: a.decidedOn }))).toBe(true)
            seen.add("an agreement accepted")
          }
          if (step.command._tag === "AcceptAgreement" && step.rejected) seen.add("an agreement refused")
        }
      }),
      // Agreements need a whole retro first (collection needs the threshold of participants), so twice the runs.
      { ...runs, numRuns: 300 }
    )
    seen.expectAtLeast({ "an agreement accepted": 50, "an agreement refused": 20 })
  })

  it("editing or removing a discussion note changes that note alone: its text, or its presence", () => {
    const notesOf = (state: Retro.State) => state.status !== "active" ? [] : state.themes.map((t) => ({
      themeId: t.themeId,
      notes: [...t.handoffNotes.map((n) => ({ kind: "handoff", ...n })), ...t.informationGaps.map((n) => ({ kind: "gap", ...n }))]
    }))
    const seen = tally()
    fc.assert(
      fc.property(intents, (is) => {
        for (const step of simulate(is)) {
          const command = step.command
          if (command._tag !== "EditDiscussionNote" && command._tag !== "RemoveDiscussionNote") continue
          if (step.rejected) {
            seen.add("an edit or removal refused")
            continue
          }
          const expected = notesOf(step.before).map((theme) => theme.themeId !== command.themeId ? theme : {
            themeId: theme.themeId,
            notes: command._tag === "RemoveDiscussionNote"
              ? theme.notes.filter((n) => n.noteId !== command.noteId)
              : theme.notes.map((n) => n.noteId === command.noteId ? { ...n, text: command.text } : n)
          })
          expect(notesOf(step.after)).toEqual(expected)
          const changed = JSON.stringify(expected) !== JSON.stringify(notesOf(step.before))
          seen.add(command._tag === "RemoveDiscussionNote" ? "a note removed" : changed ? "a note edited" : "an edit to the same text")
          // An edit to the same text records nothing.
          expect(step.events.length).toBe(changed ? 1 : 0)
        }
      }),
      // Notes need a retro in discussion first, so twice the runs (as for agreements).
      { ...runs, numRuns: 300 }
    )
    seen.expectAtLeast({ "a note edited": 20, "a note removed": 20, "an edit or removal refused": 50, "an edit to the same text": 1 })
  })

  it("sequences reach every phase with real content: cards, votes, agreements, reviewed follow-ups", () => {
    const seen = new Set<string>()
    const content = tally()
    fc.assert(
      fc.property(intents, (is) => {
        for (const step of simulate(is, undefined, everyoneJoins)) {
          seen.add(phaseOf(step.after))
          for (const event of step.events) content.add(event._tag)
        }
      }),
      { numRuns: 300, seed: 42 }
    )
    expect([...seen].sort()).toEqual([...Retro.phaseOrder].sort())
    content.expectAtLeast({ CardAdded: 200, VoteCast: 100, AgreementAccepted: 50, AgreementReviewed: 50, ThemeFocused: 50, CardsRevealed: 50 })
  })
})
