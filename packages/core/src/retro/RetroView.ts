/**
 * What each viewer may see of a retro: `viewForRetro(state, viewer, now)`.
 *
 * A view is built only from what the viewer is entitled to, never by
 * hiding fields of a fuller object, so no view can carry an author, a token
 * hash or an ownership proof. During collection nobody (the facilitator
 * included) sees another person's cards; afterwards every card is shown at
 * once, in the seeded reveal order, labelled with its side only when that
 * side is large enough to hide in.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { AcceptedAgreementRecord } from "../agreements/index.ts"
import { type EstimateAccuracyReport, type EstimateMetricReading, readEstimateMetric } from "../estimates/index.ts"
import { type Side, Sides } from "../Primitives.ts"
import { builtInTheme, type BuiltInThemeKey, makeRetroThemeProposer, type RetroThemeProposal, type TeamThemeEvidence } from "../themes/index.ts"
import type { AgreementOutcome, CardPrompt, ImportedAgreement, RetroCommandTag, RetroTrigger } from "./RetroCommand.ts"
import { cardOwnerProof, retroTokenHash, retroVoterTag } from "./RetroDecider.ts"
import { anonymityViewOf, type AnonymityView, readinessMark, readinessOf } from "./Anonymity.ts"
import { NotAParticipant, NotFacilitator, RetroNotStarted } from "./RetroError.ts"
import type { RetroPhase, RetroSettings, TimedPhase } from "./RetroPhase.ts"
import {
  isTimedPhase,
  retroCommandsFor,
  retroDiscussionOrder,
  retroParticipantsBySide,
  retroParts,
  retroPhaseRules,
  retroSideLabels,
  retroTimeboxMs,
  timeboxExtensionMinutes,
  type RetroWarning,
  retroWarnings
} from "./RetroPolicy.ts"
import { type ActiveRetro, emptyReadyCheck, readyCount, type RetroCard, type RetroState, retroThemeVotes } from "./RetroState.ts"

/**
 * Who is looking. Facilitators and participants prove who they are with
 * their secret; an observer sees only the summary.
 *
 * @since 0.1.0
 */
export type RetroViewer =
  | { readonly role: "facilitator"; readonly secret: string }
  | { readonly role: "participant"; readonly secret: string }
  | { readonly role: "observer" }

/** A side as shown on a card: undisclosed when the side is too small to hide in. @since 0.1.0 */
export type CardSideLabel = Side | "undisclosed"

/**
 * The current phase's clock. When `overrunMs` is above 0 the timebox ran
 * out: the facilitator's `allowedCommands` then offer `ExtendTimebox` and
 * `AdvancePhase`, the prompt to extend or move on.
 *
 * @since 0.1.0
 */
export interface RetroClock {
  readonly phase: TimedPhase
  readonly startedAt: number
  /** The timebox in force: planned minutes plus extensions. */
  readonly timeboxMs: number
  /** Of `timeboxMs`, what `ExtendTimebox` added. @since 0.2.0 */
  readonly extendedMs: number
  /** `startedAt + timeboxMs`. @since 0.2.0 */
  readonly deadlineAt: number
  readonly elapsedMs: number
  readonly remainingMs: number
  readonly overrunMs: number
}

/** @since 0.1.0 */
export interface RetroPhaseRecord {
  readonly phase: RetroPhase
  readonly startedAt: number
  readonly endedAt: number | undefined
  /** Planned minutes plus extensions; undefined for a phase without a clock. */
  readonly timeboxMs: number | undefined
  /** @since 0.2.0 */
  readonly extendedMs: number
  /** @since 0.2.0 */
  readonly deadlineAt: number | undefined
  readonly overrunMs: number
}

/**
 * One of the method's three parts (collect 20, themes 40, agree 30 minutes
 * by default), for a countdown per part. Not started: `startedAt` undefined.
 *
 * @since 0.2.0
 */
export interface RetroPartClock {
  readonly part: "collect" | "themes" | "agree"
  readonly phases: ReadonlyArray<TimedPhase>
  /** The sum of its phases' timeboxes, extensions included. */
  readonly timeboxMs: number
  readonly startedAt: number | undefined
  readonly deadlineAt: number | undefined
  readonly endedAt: number | undefined
  readonly remainingMs: number | undefined
  readonly overrunMs: number
}

/** @since 0.1.0 */
export interface RevealedCardView {
  readonly cardId: string
  readonly prompt: CardPrompt
  readonly side: CardSideLabel
  readonly text: string
  readonly themeId: string | undefined
  /** Facilitator only, while grouping: the suggester's best proposal, why, and the runners-up. */
  readonly suggestion?: {
    /** An existing theme of this retro to assign the card to… */
    readonly themeId?: string | undefined
    /** …or a built-in theme nobody created yet… */
    readonly builtIn?: string | undefined
    /** …or a custom theme the team used in an earlier retro, to create again under this name. */
    readonly customName?: string | undefined
    readonly name: string
    readonly matched: ReadonlyArray<string>
    readonly score: number
    /** Why, in words, heaviest reason first. */
    readonly explanation: ReadonlyArray<string>
    /** Up to three ranked proposals, this one first, each with its score and reasons. */
    readonly proposals: ReadonlyArray<RetroThemeProposal>
  } | undefined
}

/** @since 0.1.0 */
export interface ThemeView {
  readonly themeId: string
  readonly name: string
  readonly builtIn: string | undefined
  readonly cardIds: ReadonlyArray<string>
  /** Frictions among the theme's cards. */
  readonly frictionCount: number
  /** Undefined until voting closes: counts are never shown while people still vote. */
  readonly votes: number | undefined
  readonly optimizingFor: Partial<Record<Side, string>>
  readonly handoffNotes: ReadonlyArray<{ readonly noteId: string; readonly text: string }>
  readonly informationGaps: ReadonlyArray<{ readonly noteId: string; readonly side: Side; readonly text: string }>
  readonly accuracyReport: EstimateAccuracyReport | undefined
  /** Facilitator only: the method's guidance for a built-in theme. */
  readonly guidance?: {
    readonly description: string
    readonly hardConversations: ReadonlyArray<{ readonly trigger: string; readonly guidance: string }>
  } | undefined
}

/** @since 0.1.0 */
export interface FollowUpView {
  readonly agreement: ImportedAgreement
  readonly outcome: AgreementOutcome | undefined
  readonly evidence: string | undefined
  /**
   * When the agreement named an estimate metric and this retro carries an
   * accuracy report: the metric's value now, the evidence for the review.
   */
  readonly metricReading: EstimateMetricReading | undefined
}

/**
 * The view of one viewer at one instant.
 *
 * @since 0.1.0
 */
export interface RetroView {
  readonly viewer: RetroViewer["role"]
  readonly retroId: string
  readonly teamId: string
  readonly title: string
  readonly trigger: RetroTrigger
  readonly date: string
  readonly releaseName: string | undefined
  readonly facilitatorName: string
  readonly phase: RetroPhase
  readonly settings: RetroSettings
  readonly clock: RetroClock | undefined
  readonly phases: ReadonlyArray<RetroPhaseRecord>
  /** The three parts' countdowns. @since 0.2.0 */
  readonly parts: ReadonlyArray<RetroPartClock>
  /**
   * While collecting, to facilitators and participants: how many of those
   * who joined said they are done writing. A count only — never who, never
   * per side, never per card. @since 0.2.0
   */
  readonly readyCheck: { readonly ready: number; readonly joined: number } | undefined
  /**
   * While voting, to the facilitator: how many of those who joined have
   * placed all their dots, and how many dots are placed of all there are.
   * Counts only — never per theme (totals stay hidden until voting closes,
   * so that early dots do not anchor later ones), never per side, never
   * who. Like the ready check's count it is safe however small a side is:
   * it names no side, and the same dots on other themes give the same
   * count. @since 0.2.0
   */
  readonly votingProgress: { readonly done: number; readonly joined: number; readonly dotsPlaced: number; readonly dotsTotal: number } | undefined
  /** A participant's own "I'm done writing", while collecting. @since 0.2.0 */
  readonly myReady: boolean | undefined
  /** Names and sides of who joined (observers get counts only). */
  readonly participants: ReadonlyArray<{ readonly participantId: string; readonly name: string; readonly side: Side }> | undefined
  readonly participantCount: Readonly<Record<Side, number>>
  /** Which sides' cards carry a side label (all or none), and why. */
  readonly sideLabels: Readonly<Record<Side, { readonly shown: boolean; readonly reason: string }>>
  /**
   * What the retro promises about anonymity and what the store keeps: shown
   * to everyone, participants before they write. Fixed once collection starts.
   */
  readonly anonymity: AnonymityView
  readonly warnings: ReadonlyArray<RetroWarning>
  /** While collecting: how many cards exist; per side only when every side is large enough. */
  readonly cardCounts: { readonly total: number; readonly bySide: Readonly<Record<Side, number>> | undefined }
  /** The viewer's own cards (participants, while collecting). */
  readonly myCards: ReadonlyArray<{ readonly cardId: string; readonly prompt: CardPrompt; readonly text: string }>
  /** Every card, after collection ends (not in the observer summary). */
  readonly cards: ReadonlyArray<RevealedCardView> | undefined
  readonly themes: ReadonlyArray<ThemeView>
  /** Theme ids, most voted first, once voting has closed. */
  readonly discussionOrder: ReadonlyArray<string> | undefined
  readonly myVotes: { readonly budget: number; readonly used: number; readonly byTheme: Readonly<Record<string, number>> } | undefined
  readonly focus: { readonly themeId: string; readonly timeboxMs: number; readonly remainingMs: number; readonly overrunMs: number } | undefined
  readonly agreements: ReadonlyArray<{ readonly agreementId: string } & AcceptedAgreementRecord>
  readonly followUps: ReadonlyArray<FollowUpView>
  /** Commands this viewer can send now. */
  readonly allowedCommands: ReadonlyArray<RetroCommandTag>
}

/** @since 0.1.0 */
export type RetroViewError = RetroNotStarted | NotFacilitator | NotAParticipant

const clockOf = (state: ActiveRetro, now: number): RetroClock | undefined => {
  const phase = state.phase
  if (!isTimedPhase(phase)) return undefined
  const startedAt = state.phaseHistory[state.phaseHistory.length - 1]?.startedAt ?? now
  const timeboxMs = retroTimeboxMs(state, phase) ?? 0
  const elapsedMs = Math.max(0, now - startedAt)
  return {
    phase,
    startedAt,
    timeboxMs,
    extendedMs: timeboxExtensionMinutes(state, phase) * 60_000,
    deadlineAt: startedAt + timeboxMs,
    elapsedMs,
    remainingMs: Math.max(0, timeboxMs - elapsedMs),
    overrunMs: Math.max(0, elapsedMs - timeboxMs)
  }
}

const phaseRecords = (state: ActiveRetro, now: number): ReadonlyArray<RetroPhaseRecord> =>
  state.phaseHistory.map((span) => {
    const timeboxMs = retroTimeboxMs(state, span.phase)
    const duration = Math.max(0, (span.endedAt ?? now) - span.startedAt)
    return {
      phase: span.phase,
      startedAt: span.startedAt,
      endedAt: span.endedAt,
      timeboxMs,
      extendedMs: timeboxExtensionMinutes(state, span.phase) * 60_000,
      deadlineAt: timeboxMs === undefined ? undefined : span.startedAt + timeboxMs,
      overrunMs: timeboxMs === undefined ? 0 : Math.max(0, duration - timeboxMs)
    }
  })

const partClocks = (state: ActiveRetro, now: number): ReadonlyArray<RetroPartClock> =>
  retroParts.map(({ part, phases }) => {
    let timeboxMs = 0
    for (const phase of phases) timeboxMs += retroTimeboxMs(state, phase) ?? 0
    const spans = state.phaseHistory.filter((span) => (phases as ReadonlyArray<RetroPhase>).includes(span.phase))
    const startedAt = spans[0]?.startedAt
    const last = spans.at(-1)
    // Over once its last phase has ended.
    const endedAt = last !== undefined && last.phase === phases.at(-1) ? last.endedAt : undefined
    const deadlineAt = startedAt === undefined ? undefined : startedAt + timeboxMs
    const until = endedAt ?? now
    return {
      part,
      phases,
      timeboxMs,
      startedAt,
      deadlineAt,
      endedAt,
      remainingMs: deadlineAt === undefined || endedAt !== undefined ? undefined : Math.max(0, deadlineAt - now),
      overrunMs: deadlineAt === undefined ? 0 : Math.max(0, until - deadlineAt)
    }
  })

/**
 * What a view needs from the viewer's secret. The session version remembers
 * each answer, so a live connection hashes the secret once per retro and
 * checks each card's ownership once, not once per card per view.
 */
interface ViewerKeys {
  readonly verifier: (retroId: string) => string
  /** The viewer's `n`-th ready-check mark of a kind in a round. */
  readonly readyMark: (retroId: string, round: number, kind: "ready" | "undo", n: number) => string
  readonly voterTag: (retroId: string) => string
  readonly owns: (retroId: string, card: RetroCard) => boolean
}

const viewerKeys = (secret: string): ViewerKeys => {
  let verifier: { readonly retroId: string; readonly value: string } | undefined
  let tag: { readonly retroId: string; readonly value: string } | undefined
  // Computed as asked (a participant who never said "done" costs one hash), and kept for the session.
  let marks: { readonly retroId: string; readonly round: number; readonly byKey: Map<string, string> } | undefined
  // Per card id: the proof last checked and whether it was this viewer's (ownership is checked in one
  // place, `cardOwnerProof`; a card re-added under the same id has another proof and is checked again).
  let owned: { readonly retroId: string; readonly byCard: Map<string, { readonly proof: string; readonly mine: boolean }> } | undefined
  return {
    verifier: (retroId) => {
      if (verifier?.retroId !== retroId) verifier = { retroId, value: retroTokenHash(secret, retroId) }
      return verifier.value
    },
    readyMark: (retroId, round, kind, n) => {
      if (marks?.retroId !== retroId || marks.round !== round) marks = { retroId, round, byKey: new Map() }
      const key = `${kind}:${n}`
      let mark = marks.byKey.get(key)
      if (mark === undefined) {
        mark = readinessMark(secret, retroId, round, kind, n)
        marks.byKey.set(key, mark)
      }
      return mark
    },
    voterTag: (retroId) => {
      if (tag?.retroId !== retroId) tag = { retroId, value: retroVoterTag(secret, retroId) }
      return tag.value
    },
    owns: (retroId, card) => {
      if (owned?.retroId !== retroId) owned = { retroId, byCard: new Map() }
      const known = owned.byCard.get(card.cardId)
      if (known !== undefined && known.proof === card.ownerProof) return known.mine
      const mine = card.ownerProof === cardOwnerProof(secret, retroId, card.cardId)
      owned.byCard.set(card.cardId, { proof: card.ownerProof, mine })
      return mine
    }
  }
}

/** Revealed cards in the seeded reveal order; none before the reveal. */
const cardsInRevealOrder = (state: ActiveRetro): Array<RetroCard> => {
  const cards: Array<RetroCard> = []
  for (const id of state.revealOrder ?? []) {
    const card = state.cards.get(id)
    if (card !== undefined) cards.push(card)
  }
  return cards
}

/** Every revealed card with its side label; the facilitator also gets theme proposals while grouping. */
const revealedCardViews = (
  state: ActiveRetro,
  role: RetroViewer["role"],
  cardsInOrder: ReadonlyArray<RetroCard>,
  labels: RetroView["sideLabels"],
  options: RetroViewOptions
): ReadonlyArray<RevealedCardView> | undefined => {
  if (role === "observer" || state.revealOrder === undefined) return undefined
  // The retro's own themes, the built-ins nobody created yet and the team's earlier custom themes, learning
  // from the team's history and the grouping so far (see makeRetroThemeProposer).
  // Proposals help while the facilitator groups cards, i.e. in the phase that allows AssignCard.
  const propose = role === "facilitator" && retroPhaseRules[state.phase].allows.includes("AssignCard")
    ? makeRetroThemeProposer(state, options.themeEvidence)
    : undefined
  return cardsInOrder.map((card) => {
    const base = {
      cardId: card.cardId,
      prompt: card.prompt,
      // Labels are all shown or all hidden, as promised at collection start.
      side: labels.product.shown && card.side !== undefined ? card.side : "undisclosed" as const,
      text: card.text,
      themeId: card.themeId
    }
    if (propose === undefined) return base
    const proposals = propose(card.cardId, card.text)
    const best = proposals[0]
    if (best === undefined) return base
    const target = best.themeId !== undefined
      ? { themeId: best.themeId }
      : best.builtIn !== undefined
      ? { builtIn: best.builtIn }
      : { customName: best.customName }
    return {
      ...base,
      suggestion: { ...target, name: best.name, matched: best.matched, score: best.score, explanation: best.explanation, proposals }
    }
  })
}

/** Themes with their cards in reveal order; vote totals once voting is over; guidance for the facilitator. */
const themeViews = (state: ActiveRetro, role: RetroViewer["role"], cardsInOrder: ReadonlyArray<RetroCard>): ReadonlyArray<ThemeView> => {
  const votesVisible = retroPhaseRules[state.phase].votesVisible
  // The theme's cards in reveal order, grouped in one pass.
  const cardsByTheme = new Map<string, Array<RetroCard>>()
  for (const card of cardsInOrder) {
    if (card.themeId === undefined) continue
    const group = cardsByTheme.get(card.themeId)
    if (group === undefined) cardsByTheme.set(card.themeId, [card])
    else group.push(card)
  }
  return state.themes.map((theme) => {
    const themeCards = cardsByTheme.get(theme.themeId) ?? []
    const definition = theme.builtIn === undefined ? undefined : builtInTheme(theme.builtIn as BuiltInThemeKey)
    return {
      themeId: theme.themeId,
      name: theme.name,
      builtIn: theme.builtIn,
      cardIds: themeCards.map((c) => c.cardId),
      frictionCount: themeCards.filter((c) => c.prompt === "friction").length,
      votes: votesVisible ? retroThemeVotes(state, theme.themeId) : undefined,
      optimizingFor: theme.optimizingFor,
      handoffNotes: theme.handoffNotes,
      informationGaps: theme.informationGaps,
      accuracyReport: theme.accuracyReport,
      guidance: role === "facilitator" && definition !== undefined
        ? {
          description: definition.description,
          hardConversations: definition.hardConversations.map((h) => ({ trigger: h.trigger, guidance: h.guidance }))
        }
        : undefined
    }
  })
}

/** A participant's own cards, until the reveal. */
const myCardViews = (state: ActiveRetro, role: RetroViewer["role"], keys: ViewerKeys | undefined): RetroView["myCards"] =>
  // Before the reveal, a participant sees only their own cards; afterwards they are among all cards.
  role === "participant" && keys !== undefined && !retroPhaseRules[state.phase].cardsRevealed
    ? [...state.cards.values()]
      .filter((card) => keys.owns(state.details.retroId, card))
      .map((card) => ({ cardId: card.cardId, prompt: card.prompt, text: card.text }))
      .sort((a, b) => a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0)
    : []

/** A participant's own votes, found by their voter tag. */
const myVotesView = (state: ActiveRetro, role: RetroViewer["role"], keys: ViewerKeys | undefined): RetroView["myVotes"] => {
  if (role !== "participant" || keys === undefined) return undefined
  const tag = keys.voterTag(state.details.retroId)
  const byTheme: Record<string, number> = {}
  let used = 0
  for (const [themeId, perVoter] of Object.entries(state.votes)) {
    const n = perVoter[tag] ?? 0
    if (n > 0) {
      byTheme[themeId] = n
      used += n
    }
  }
  return { budget: state.settings.voteBudget, used, byTheme }
}

/** The ready check while it runs: a count for facilitators and participants, and a participant's own mark. */
const readyCheckView = (state: ActiveRetro, role: RetroViewer["role"]): RetroView["readyCheck"] =>
  role !== "observer" && retroPhaseRules[state.phase].allows.includes("SetReady")
    ? { ready: readyCount(state), joined: state.participants.length }
    : undefined

/** The dot vote's progress while it runs, for the facilitator: per-voter sums, kept as counts only. */
const votingProgressView = (state: ActiveRetro, role: RetroViewer["role"]): RetroView["votingProgress"] => {
  if (role !== "facilitator" || !retroPhaseRules[state.phase].allows.includes("CastVote")) return undefined
  const perVoter = new Map<string, number>()
  let dotsPlaced = 0
  for (const votes of Object.values(state.votes)) {
    for (const [voter, n] of Object.entries(votes)) {
      perVoter.set(voter, (perVoter.get(voter) ?? 0) + n)
      dotsPlaced += n
    }
  }
  const budget = state.settings.voteBudget
  let done = 0
  for (const n of perVoter.values()) if (n >= budget) done++
  const joined = state.participants.length
  return { done, joined, dotsPlaced, dotsTotal: joined * budget }
}

const myReadyView = (state: ActiveRetro, role: RetroViewer["role"], keys: ViewerKeys | undefined): RetroView["myReady"] => {
  if (role !== "participant" || keys === undefined || !retroPhaseRules[state.phase].allows.includes("SetReady")) return undefined
  const check = state.readyCheck ?? emptyReadyCheck
  return readinessOf((kind, n) => keys.readyMark(state.details.retroId, check.round, kind, n), check).ready
}

/** The focused theme's clock, while discussing. */
const focusView = (state: ActiveRetro, now: number): RetroView["focus"] => {
  if (state.focus === undefined || !retroPhaseRules[state.phase].focusesThemes) return undefined
  const elapsed = Math.max(0, now - state.focus.startedAt)
  return {
    themeId: state.focus.themeId,
    timeboxMs: state.focus.timeboxMs,
    remainingMs: Math.max(0, state.focus.timeboxMs - elapsed),
    overrunMs: Math.max(0, elapsed - state.focus.timeboxMs)
  }
}

/** How many cards exist; per side only when every side is large enough. */
const cardCountsView = (state: ActiveRetro, labels: RetroView["sideLabels"]): RetroView["cardCounts"] => {
  const allCards = [...state.cards.values()]
  return {
    total: allCards.length,
    // Per-side counts only when every side is large enough: with one small side,
    // total minus the large side's count would give the small side's away.
    bySide: Sides.every((side) => labels[side].shown)
      ? {
        product: allCards.filter((c) => c.side === "product").length,
        engineering: allCards.filter((c) => c.side === "engineering").length
      }
      : undefined
  }
}

/** The previous retro's agreements, with their review and, when measured, the metric's value now. */
const followUpViews = (state: ActiveRetro): ReadonlyArray<FollowUpView> => {
  const report = state.themes.find((t) => t.accuracyReport !== undefined)?.accuracyReport
  return state.followUps.map((f) => ({
    agreement: f.agreement,
    outcome: f.review?.outcome,
    evidence: f.review?.evidence,
    metricReading: report !== undefined && f.agreement.metric !== undefined ? readEstimateMetric(report, f.agreement.metric) : undefined
  }))
}

/** One viewer's view: each section from its own builder above, nothing the viewer may not see. */
const buildView = (state: ActiveRetro, viewer: RetroViewer, keys: ViewerKeys | undefined, now: number, options: RetroViewOptions): RetroView => {
  const role = viewer.role
  const labels = retroSideLabels(state)
  const cardsInOrder = cardsInRevealOrder(state)
  return {
    viewer: role,
    retroId: state.details.retroId,
    teamId: state.details.teamId,
    title: state.details.title,
    trigger: state.details.trigger,
    date: state.details.date,
    releaseName: state.details.releaseName,
    facilitatorName: state.details.facilitatorName,
    phase: state.phase,
    settings: state.settings,
    clock: clockOf(state, now),
    phases: phaseRecords(state, now),
    parts: partClocks(state, now),
    readyCheck: readyCheckView(state, role),
    myReady: myReadyView(state, role, keys),
    votingProgress: votingProgressView(state, role),
    participants: role === "observer"
      ? undefined
      : state.participants.map((p) => ({ participantId: p.participantId, name: p.name, side: p.side })),
    participantCount: retroParticipantsBySide(state),
    sideLabels: labels,
    anonymity: anonymityViewOf(state),
    warnings: role === "facilitator" ? retroWarnings(state) : [],
    cardCounts: cardCountsView(state, labels),
    myCards: myCardViews(state, role, keys),
    cards: revealedCardViews(state, role, cardsInOrder, labels, options),
    themes: themeViews(state, role, cardsInOrder),
    discussionOrder: retroPhaseRules[state.phase].votesVisible ? retroDiscussionOrder(state) : undefined,
    myVotes: myVotesView(state, role, keys),
    focus: focusView(state, now),
    agreements: state.agreements.map((a) => ({ agreementId: a.agreementId, ...a.agreement })),
    followUps: followUpViews(state),
    // Observers send nothing; invitees join through JoinRetro, which no viewer's buttons offer.
    allowedCommands: role === "observer" ? [] : retroCommandsFor(state.phase, role)
  }
}

/**
 * What else a view may use: `themeEvidence`, the team's grouping in its
 * retros (`Themes.teamEvidence(teamId, retros)`), makes the facilitator's
 * theme proposals learn from how this team groups.
 *
 * @since 0.2.0
 */
export interface RetroViewOptions {
  readonly themeEvidence?: TeamThemeEvidence | undefined
}

/**
 * The view of `viewer` at instant `now` (milliseconds since the epoch).
 * Fails when the viewer's secret does not prove the role they claim.
 *
 * @since 0.1.0
 */
export const viewForRetro = (
  state: RetroState,
  viewer: RetroViewer,
  now: number,
  options: RetroViewOptions = {}
): Result.Result<RetroView, RetroViewError> => makeRetroViewSession(viewer).view(state, now, options)

/**
 * One viewer's views over time, e.g. a live connection re-rendering after
 * every write: the same views as {@link viewForRetro}, but the viewer's
 * secret is hashed once per retro and each card's ownership is checked once
 * (a participant's view otherwise costs an HMAC per card). The session keeps
 * what it learned about the viewer's own cards in memory: keep one per
 * connected viewer and drop it when they leave.
 *
 * @since 0.2.0
 */
export interface RetroViewSession {
  readonly viewer: RetroViewer["role"]
  readonly view: (state: RetroState, now: number, options?: RetroViewOptions) => Result.Result<RetroView, RetroViewError>
}

/**
 * A view session for `viewer` (see {@link RetroViewSession}).
 *
 * @since 0.2.0
 */
export const makeRetroViewSession = (viewer: RetroViewer): RetroViewSession => {
  const keys = viewer.role === "observer" ? undefined : viewerKeys(viewer.secret)
  return {
    viewer: viewer.role,
    view: (state, now, options = {}) => {
      if (state.status === "empty") return Result.fail(new RetroNotStarted({ command: "view" }))
      const retroId = state.details.retroId
      if (viewer.role === "facilitator" && keys!.verifier(retroId) !== state.details.facilitatorTokenHash) {
        return Result.fail(new NotFacilitator({ command: "view" }))
      }
      if (viewer.role === "participant") {
        const hash = keys!.verifier(retroId)
        if (!state.participants.some((p) => p.tokenHash === hash)) return Result.fail(new NotAParticipant({ command: "view" }))
      }
      return Result.succeed(buildView(state, viewer, keys, now, options))
    }
  }
}
