/**
 * Random retros for anonymity properties, shared by the core's own
 * properties and every store's attacker test.
 *
 * A scenario is drawn from a seed; {@link anonymityScenarioRuns} turns it
 * into two command sequences that differ ONLY in who wrote which card (same
 * times, texts, joins, removals, votes and agreements): `original` and
 * `swapped`. When the retro hides side labels, a card may move to anyone
 * present when it was written; when it shows them, to anyone of the same
 * side. Whatever a viewer or a store reader can tell the two runs apart by
 * is a leak.
 *
 * @since 0.2.0
 */
import { Result } from "effect"
import { sha256Hex } from "../internal/Crypto.ts"
import { secretFromBytes } from "../retro/Anonymity.ts"
import type { RetroCommand } from "../retro/RetroCommand.ts"
import { decideRetro } from "../retro/RetroDecider.ts"
import type { RetroEvent } from "../retro/RetroEvent.ts"
import { evolveRetro, initialRetroState, type RetroState } from "../retro/RetroState.ts"
import type { Side } from "../Primitives.ts"
import { seededRandom } from "../estimates/Stats.ts"

// One PRNG for the whole core: scenarios are reproducible from their seed, like generated estimate logs.
export { seededRandom }

/** A deterministic well-formed secret for a label (tests only). @since 0.2.0 */
export const testSecret = (label: string): string => {
  const hex = sha256Hex(`retrobridge/test-secret:${label}`)
  const bytes = new Uint8Array(32)
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return secretFromBytes(bytes)
}

/** @since 0.2.0 */
export interface ScenarioPerson {
  readonly id: string
  readonly name: string
  readonly side: Side
  readonly secret: string
}

/** What one scenario run did: the counts a property checks were actually reached. @since 0.2.0 */
export interface ScenarioStats {
  readonly labelsShown: boolean
  readonly cards: number
  readonly lateJoins: number
  readonly removals: number
  readonly refusedRemovals: number
  readonly edits: number
  readonly withdrawals: number
  readonly votes: number
  readonly agreements: number
  /** Cards whose author differs between the two runs. */
  readonly movedCards: number
  /** "Done writing" marks and their undos stored (the same people in both runs). */
  readonly readyMarks: number
  readonly closed: boolean
}

/** @since 0.2.0 */
export interface ScenarioRun {
  /** Every command sent, refused ones included. */
  readonly commands: ReadonlyArray<RetroCommand>
  readonly people: ReadonlyArray<ScenarioPerson>
  readonly facilitatorSecret: string
  readonly retroId: string
  readonly teamId: string
}

/** @since 0.2.0 */
export interface AnonymityScenario {
  readonly original: ScenarioRun
  readonly swapped: ScenarioRun
  readonly stats: ScenarioStats
}

const MIN = 60_000
const T0 = Date.UTC(2026, 9, 1, 9, 0, 0)
const prompts = ["worked-well", "friction", "wish-understood"] as const
const themeNames = ["Requirements clarity", "Technical debt", "estimates-predictability"]

type Step =
  | { readonly kind: "join"; readonly person: ScenarioPerson }
  | { readonly kind: "remove"; readonly pick: number }
  | {
    readonly kind: "card"
    readonly pick: number
    readonly swapPick: number
    readonly prompt: (typeof prompts)[number]
    readonly edit: boolean
    readonly withdraw: boolean
  }

/**
 * Draws a scenario from `seed` and builds its two runs with the pure core
 * (so both are valid command sequences for any store).
 *
 * @since 0.2.0
 */
export const anonymityScenarioRuns = (seed: number): AnonymityScenario => {
  const random = seededRandom(seed)
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
  const retroId = `retro-${seed >>> 0}`
  const teamId = "team-anon"
  const facilitatorSecret = testSecret(`facilitator:${seed}`)
  const joinCode = "join-code-anonymity-0001"
  const threshold = int(3, 4)
  let personCounter = 0
  const newPerson = (side: Side): ScenarioPerson => {
    const id = `p${++personCounter}`
    return { id, name: `Person ${id}`, side, secret: testSecret(`${seed}:${id}`) }
  }
  // Half the retros have enough of each side for labels, half do not; always enough people in all to start.
  const labelsWanted = random() < 0.5
  const product = labelsWanted ? int(threshold, threshold + 1) : int(1, threshold - 1)
  const engineering = labelsWanted ? int(threshold, threshold + 2) : Math.max(int(1, threshold + 2), threshold - product)
  const initial = [
    ...Array.from({ length: product }, () => newPerson("product")),
    ...Array.from({ length: engineering }, () => newPerson("engineering"))
  ]
  const steps: Array<Step> = []
  const stepCount = int(6, 16)
  for (let i = 0; i < stepCount; i++) {
    const r = random()
    if (r < 0.15) steps.push({ kind: "join", person: newPerson(random() < 0.5 ? "product" : "engineering") })
    else if (r < 0.25) steps.push({ kind: "remove", pick: random() })
    else {
      steps.push({
        kind: "card",
        pick: random(),
        swapPick: random(),
        prompt: prompts[int(0, 2)]!,
        edit: random() < 0.2,
        withdraw: random() < 0.1
      })
    }
  }
  const themeCount = int(1, 3)
  const assignments = Array.from({ length: 20 }, () => ({ theme: int(0, themeCount - 1), skip: random() < 0.2 }))
  const voteDraws = Array.from({ length: int(2, 8) }, () => ({ voter: random(), theme: int(0, themeCount - 1), retract: random() < 0.15 }))
  const agreementCount = int(0, 2)
  const close = random() < 0.7
  // A stream of its own, so the draws above (and the covering seeds) stay as they were.
  const readyRandom = seededRandom(seed ^ 0x5eed)
  const readyDraws = steps.map(() => ({ who: readyRandom(), ready: readyRandom() < 0.75, skip: readyRandom() < 0.4 }))

  const build = (swap: boolean) => {
    const commands: Array<RetroCommand> = []
    let state: RetroState = initialRetroState
    let time = T0
    const at = () => (time += MIN)
    const apply = (command: RetroCommand): ReadonlyArray<RetroEvent> | undefined => {
      const decided = decideRetro(command, state)
      // Refused commands stay in the run: what they answer is output too.
      commands.push(command)
      if (Result.isFailure(decided)) return undefined
      for (const event of decided.success) state = evolveRetro(state, event)
      return decided.success
    }
    const must = (command: RetroCommand): ReadonlyArray<RetroEvent> => {
      const events = apply(command)
      if (events === undefined) {
        const decided = decideRetro(command, state)
        throw new Error(`scenario ${seed}: ${command._tag} rejected: ${Result.isFailure(decided) ? decided.failure.message : "?"}`)
      }
      return events
    }
    const present = () => (state.status === "active" ? state.participants : []).map((p) => people.find((x) => x.id === p.participantId)!)
    const people: Array<ScenarioPerson> = [...initial, ...steps.flatMap((s) => s.kind === "join" ? [s.person] : [])]
    const join = (p: ScenarioPerson): RetroCommand => ({
      _tag: "JoinRetro",
      participantId: p.id,
      name: p.name,
      side: p.side,
      secret: p.secret,
      joinCode,
      at: at()
    })
    let lateJoins = 0, removals = 0, refusedRemovals = 0, edits = 0, withdrawals = 0, votes = 0, agreements = 0, movedCards = 0, readyMarks = 0
    const cardIds: Array<string> = []

    must({
      _tag: "CreateRetro",
      retroId,
      teamId,
      title: "Random anonymity retro",
      trigger: "quarterly",
      date: "2026-10-01",
      facilitatorName: "Nora",
      facilitatorSecret,
      joinCode,
      settings: { anonymityThreshold: threshold },
      at: at()
    })
    for (const p of initial) must(join(p))
    must({ _tag: "AdvancePhase", facilitatorSecret, from: "draft", at: at() })
    const labelsShown = product >= threshold && engineering >= threshold
    let cardNumber = 0
    for (const [stepIndex, step] of steps.entries()) {
      // Someone present says they are done (or takes it back): the same person in both runs, whoever writes the cards.
      const draw = readyDraws[stepIndex]!
      if (!draw.skip) {
        const candidates = present()
        const who = candidates[Math.floor(draw.who * candidates.length)]!
        const events = apply({ _tag: "SetReady", secret: who.secret, ready: draw.ready, at: at() })
        readyMarks += events?.filter((e) => e._tag === "ReadyMarked" || e._tag === "ReadyUnmarked").length ?? 0
      }
      if (step.kind === "join") {
        must(join(step.person))
        lateJoins++
      } else if (step.kind === "remove") {
        const candidates = present()
        const target = candidates[Math.floor(step.pick * candidates.length)]!
        const removed = apply({ _tag: "RemoveParticipant", facilitatorSecret, participantId: target.id, at: at() })
        if (removed === undefined) refusedRemovals++
        else removals++
      } else {
        const candidates = present()
        const original = candidates[Math.floor(step.pick * candidates.length)]!
        // The swapped run gives the card to someone else the store reader could not tell apart.
        const peers = labelsShown ? candidates.filter((p) => p.side === original.side) : candidates
        const author = swap ? peers[Math.floor(step.swapPick * peers.length)]! : original
        if (swap && author.id !== original.id) movedCards++
        const cardKey = `k${++cardNumber}`
        const events = must({
          _tag: "AddCard",
          secret: author.secret,
          cardKey,
          prompt: step.prompt,
          text: `Card ${cardNumber}: ${step.prompt} as seen by someone`,
          at: at()
        } as unknown as RetroCommand)
        const added = events.find((e) => e._tag === "CardAdded")
        const cardId = added !== undefined && added._tag === "CardAdded" ? added.cardId : ""
        if (step.edit) {
          must({ _tag: "EditCard", secret: author.secret, cardId, text: `Card ${cardNumber}, edited`, at: at() })
          edits++
        }
        if (step.withdraw) {
          must({ _tag: "WithdrawCard", secret: author.secret, cardId, at: at() })
          withdrawals++
        } else {
          cardIds.push(cardId)
        }
      }
    }
    must({ _tag: "AdvancePhase", facilitatorSecret, from: "collecting", shuffleSeed: `shuffle-${seed}`, at: at() })
    const themeIds = Array.from({ length: themeCount }, (_, i) => `theme-${i + 1}`)
    themeIds.forEach((themeId, i) => must({ _tag: "CreateTheme", facilitatorSecret, themeId, name: themeNames[i]!, at: at() }))
    cardIds.forEach((cardId, i) => {
      const a = assignments[i % assignments.length]!
      if (!a.skip) must({ _tag: "AssignCard", facilitatorSecret, cardId, themeId: themeIds[a.theme]!, at: at() })
    })
    must({ _tag: "AdvancePhase", facilitatorSecret, from: "grouping", at: at() })
    for (const draw of voteDraws) {
      const voters = present()
      const voter = voters[Math.floor(draw.voter * voters.length)]!
      const themeId = themeIds[draw.theme]!
      if (apply({ _tag: "CastVote", secret: voter.secret, themeId, at: at() }) !== undefined) votes++
      if (draw.retract) apply({ _tag: "RetractVote", secret: voter.secret, themeId, at: at() })
    }
    must({ _tag: "AdvancePhase", facilitatorSecret, from: "voting", at: at() })
    must({ _tag: "FocusTheme", facilitatorSecret, themeId: themeIds[0]!, at: at() })
    must({ _tag: "AdvancePhase", facilitatorSecret, from: "discussing", at: at() })
    for (let i = 0; i < agreementCount; i++) {
      must({
        _tag: "AcceptAgreement",
        facilitatorSecret,
        agreementId: `agreement-${i + 1}`,
        agreement: {
          statement: `Engineers give range estimates and PMs communicate the range to stakeholders (${i + 1})`,
          commitments: [
            { side: "engineering", text: "Give best/likely/worst for every roadmap item at planning" },
            { side: "product", text: "Show the range, not a single date, in the roadmap doc" }
          ],
          signal: "Every roadmap item in the planning doc shows a range; estimate hit rate reviewed each retro",
          reviewBy: "2026-12-15"
        },
        at: at()
      })
      agreements++
    }
    if (close) must({ _tag: "AdvancePhase", facilitatorSecret, from: "agreeing", at: at() })
    const run: ScenarioRun = { commands, people, facilitatorSecret, retroId, teamId }
    const stats: ScenarioStats = {
      labelsShown,
      cards: cardNumber,
      lateJoins,
      removals,
      refusedRemovals,
      edits,
      withdrawals,
      votes,
      agreements,
      movedCards,
      readyMarks,
      closed: close
    }
    return { run, stats }
  }

  const original = build(false)
  const swapped = build(true)
  return { original: original.run, swapped: swapped.run, stats: swapped.stats }
}

/**
 * Two seeds whose retros between them reach every case (labels shown and
 * hidden; late joins, accepted and refused removals, edits, withdrawals,
 * votes, agreements, cards that change author): properties run them first,
 * so their coverage never depends on luck.
 *
 * @since 0.2.0
 */
export const coveringSeeds: ReadonlyArray<number> = [70, 218]

/**
 * Replaces every value only a secret can reproduce (card ids, keyed hashes)
 * by its pattern of equality: the n-th distinct such value becomes `#n`.
 * Two transcripts equal after this differ at most in secret-derived values.
 *
 * @since 0.2.0
 */
export const secretDerivedPattern = (text: string): string => {
  const seen = new Map<string, string>()
  // Card ids, keyed hashes (64 hex digits), and idempotency fingerprints (32 hex digits: a
  // fingerprint of a command naming a card changes with the card's id).
  return text.replace(/card-[A-Za-z0-9_-]{22}|\b[0-9a-f]{64}\b|\b[0-9a-f]{32}\b/g, (value) => {
    let name = seen.get(value)
    if (name === undefined) {
      name = `#${seen.size + 1}`
      seen.set(value, name)
    }
    return name
  })
}
