/**
 * The retro's state, and `evolveRetro`, which folds events into it.
 *
 * The state is plain immutable data. It holds token hashes and ownership
 * proofs (needed to check secrets) but never a link from a card or a vote to
 * a person; views strip even those.
 *
 * @since 0.1.0
 */
import type { AcceptedAgreementRecord } from "../agreements/index.ts"
import type { EstimateAccuracyReport } from "../estimates/index.ts"
import type { EpochMillis, IsoDate, Side } from "../Primitives.ts"
import type { AgreementOutcome, CardPrompt, ImportedAgreement, RetroTrigger } from "./RetroCommand.ts"
import { PersistentMap } from "../internal/PersistentMap.ts"
import type { RetroEvent } from "./RetroEvent.ts"
import { firstRetroPhase, type RetroPhase, type RetroSettings, type TimedPhase } from "./RetroPhase.ts"
import { type AnonymityPromise, anonymityPromiseFor, participantsBySide } from "./Anonymity.ts"
import { retroPhaseRules } from "./RetroPolicy.ts"

/** @since 0.1.0 */
export interface RetroParticipant {
  readonly participantId: string
  readonly name: string
  readonly side: Side
  readonly tokenHash: string
}

/** @since 0.1.0 */
export interface RetroCard {
  readonly cardId: string
  readonly prompt: CardPrompt
  /** Stored only when the retro shows side labels. */
  readonly side: Side | undefined
  readonly text: string
  readonly ownerProof: string
  readonly themeId: string | undefined
  /**
   * Ids of the participants present when the card was added: everyone who
   * could have written it. Its author is still present whenever it is edited
   * or withdrawn, so such an event narrows its possible authors to those of
   * them present then; the decider refuses one that would leave fewer than
   * the anonymity threshold.
   * @since 0.2.0
   */
  readonly presentAtAdd: ReadonlyArray<string>
}

// One array per roster, shared by every card added while it lasts (a roster changes only on a join or a removal).
const rosterIds = new WeakMap<ReadonlyArray<RetroParticipant>, ReadonlyArray<string>>()
const presentIds = (participants: ReadonlyArray<RetroParticipant>): ReadonlyArray<string> => {
  let ids = rosterIds.get(participants)
  if (ids === undefined) rosterIds.set(participants, ids = participants.map((p) => p.participantId))
  return ids
}

/** @since 0.1.0 */
export interface RetroNote {
  readonly noteId: string
  readonly text: string
}

/** @since 0.1.0 */
export interface RetroTheme {
  readonly themeId: string
  readonly name: string
  readonly builtIn: string | undefined
  readonly optimizingFor: Partial<Record<Side, string>>
  readonly handoffNotes: ReadonlyArray<RetroNote>
  readonly informationGaps: ReadonlyArray<RetroNote & { readonly side: Side }>
  readonly accuracyReport: EstimateAccuracyReport | undefined
}

/** @since 0.1.0 */
export interface RetroPhaseSpan {
  readonly phase: RetroPhase
  readonly startedAt: EpochMillis
  readonly endedAt: EpochMillis | undefined
}

/** @since 0.1.0 */
export interface RetroFocus {
  readonly themeId: string
  readonly startedAt: EpochMillis
  readonly timeboxMs: number
}

/** @since 0.1.0 */
export interface RetroAgreementRecord {
  readonly agreementId: string
  readonly agreement: AcceptedAgreementRecord
  readonly acceptedAt: EpochMillis
}

/** @since 0.1.0 */
export interface RetroFollowUp {
  readonly agreement: ImportedAgreement
  readonly review: { readonly outcome: AgreementOutcome; readonly evidence: string; readonly at: EpochMillis } | undefined
}

/**
 * The ready check of the current collection: one-time marks only (see
 * `readinessMark` in `Anonymity.ts`), so the state knows how many are
 * ready and each participant can recognise their own, but nothing says who.
 *
 * @since 0.2.0
 */
export interface RetroReadyCheck {
  /** Starts at 0; a reset (a participant removed while collecting) starts the next round. */
  readonly round: number
  readonly marks: ReadonlySet<string>
  readonly undos: ReadonlySet<string>
}

/** @since 0.2.0 */
export const emptyReadyCheck: RetroReadyCheck = { round: 0, marks: new Set(), undos: new Set() }

/** How many say they are done writing now. @since 0.2.0 */
export const readyCount = (state: ActiveRetro): number => {
  const check = state.readyCheck ?? emptyReadyCheck
  return check.marks.size - check.undos.size
}

/** @since 0.1.0 */
export interface RetroDetails {
  readonly retroId: string
  readonly teamId: string
  readonly title: string
  readonly trigger: RetroTrigger
  readonly date: IsoDate
  readonly releaseName: string | undefined
  readonly facilitatorName: string
  readonly facilitatorSide: Side | undefined
  readonly facilitatorTokenHash: string
  readonly joinCodeHash: string
  readonly previousRetro: { readonly retroId: string; readonly date: IsoDate } | undefined
  readonly createdAt: EpochMillis
}

/**
 * A created retro.
 *
 * @since 0.1.0
 */
export interface ActiveRetro {
  readonly status: "active"
  readonly details: RetroDetails
  readonly settings: RetroSettings
  /** What the retro promises about side labels: made when collection starts, never changed after. */
  readonly anonymity: AnonymityPromise | undefined
  readonly participants: ReadonlyArray<RetroParticipant>
  readonly phase: RetroPhase
  readonly phaseHistory: ReadonlyArray<RetroPhaseSpan>
  /**
   * Cards by id. Iteration order depends on the ids alone, never on when a
   * card was written. A persistent map: folding one card event shares every
   * other card with the previous state instead of copying them all.
   */
  readonly cards: ReadonlyMap<string, RetroCard>
  /**
   * Ids of withdrawn cards: never given to another card, or the store would
   * hold two cards under one id and so tie both texts to one author.
   */
  readonly withdrawnCardIds: ReadonlyArray<string>
  readonly revealOrder: ReadonlyArray<string> | undefined
  /** Themes in creation order. */
  readonly themes: ReadonlyArray<RetroTheme>
  /** themeId → voterTag → votes. */
  readonly votes: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly focus: RetroFocus | undefined
  readonly discussedThemeIds: ReadonlyArray<string>
  readonly agreements: ReadonlyArray<RetroAgreementRecord>
  readonly followUps: ReadonlyArray<RetroFollowUp>
  readonly importedFrom: { readonly retroId: string; readonly date: IsoDate } | undefined
  /** Optional so that states built by hand before the ready check still type-check; evolve always sets it. */
  readonly readyCheck?: RetroReadyCheck | undefined
  /** Minutes added to each timed part by `ExtendTimebox`. */
  readonly timeboxExtensions?: Readonly<Partial<Record<TimedPhase, number>>> | undefined
}

/**
 * Before `RetroCreated`.
 *
 * @since 0.1.0
 */
export interface EmptyRetro {
  readonly status: "empty"
}

/** @since 0.1.0 */
export type RetroState = EmptyRetro | ActiveRetro

/** @since 0.1.0 */
export const initialRetroState: RetroState = { status: "empty" }

/**
 * Votes cast on a theme, all voters together.
 *
 * @since 0.1.0
 */
export const retroThemeVotes = (state: ActiveRetro, themeId: string): number => {
  let total = 0
  for (const n of Object.values(state.votes[themeId] ?? {})) total += n
  return total
}

const newTheme = (themeId: string, name: string, builtIn: string | undefined): RetroTheme => ({
  themeId,
  name,
  builtIn,
  optimizingFor: {},
  handoffNotes: [],
  informationGaps: [],
  accuracyReport: undefined
})

const updateTheme = (state: ActiveRetro, themeId: string, f: (theme: RetroTheme) => RetroTheme): ActiveRetro => ({
  ...state,
  themes: state.themes.map((theme) => theme.themeId === themeId ? f(theme) : theme)
})

/**
 * The cards as the persistent map evolve grows (a state built by hand may hold
 * any `ReadonlyMap`; it is converted once).
 */
const cardsOf = (state: ActiveRetro): PersistentMap<RetroCard> =>
  state.cards instanceof PersistentMap ? state.cards : PersistentMap.from(state.cards)

const updateCard = (state: ActiveRetro, cardId: string, f: (card: RetroCard) => RetroCard): ActiveRetro => {
  const card = state.cards.get(cardId)
  return card === undefined ? state : { ...state, cards: cardsOf(state).with(cardId, f(card)) }
}

const addVotes = (state: ActiveRetro, themeId: string, voterTag: string, delta: number): ActiveRetro => {
  const forTheme = state.votes[themeId] ?? {}
  const next = (forTheme[voterTag] ?? 0) + delta
  const { [voterTag]: _, ...rest } = forTheme
  return {
    ...state,
    votes: { ...state.votes, [themeId]: next > 0 ? { ...rest, [voterTag]: next } : rest }
  }
}

/**
 * Folds one event into the state. Total: an event that does not apply
 * (which `decideRetro` never produces) leaves the state as it is.
 *
 * @since 0.1.0
 */
export const evolveRetro = (state: RetroState, event: RetroEvent): RetroState => {
  if (event._tag === "RetroCreated") {
    if (state.status === "active") return state
    return {
      status: "active",
      details: {
        retroId: event.retroId,
        teamId: event.teamId,
        title: event.title,
        trigger: event.trigger,
        date: event.date,
        releaseName: event.releaseName,
        facilitatorName: event.facilitatorName,
        facilitatorSide: event.facilitatorSide,
        facilitatorTokenHash: event.facilitatorTokenHash,
        joinCodeHash: event.joinCodeHash,
        previousRetro: event.previousRetro,
        createdAt: event.at
      },
      settings: event.settings,
      participants: [],
      phase: firstRetroPhase,
      phaseHistory: [{ phase: firstRetroPhase, startedAt: event.at, endedAt: undefined }],
      cards: PersistentMap.empty(),
      withdrawnCardIds: [],
      anonymity: undefined,
      revealOrder: undefined,
      themes: [],
      votes: {},
      focus: undefined,
      discussedThemeIds: [],
      agreements: [],
      followUps: [],
      importedFrom: undefined,
      readyCheck: emptyReadyCheck,
      timeboxExtensions: {}
    }
  }
  if (state.status === "empty") return state
  switch (event._tag) {
    case "SettingsChanged":
      return { ...state, settings: event.settings }
    case "ParticipantJoined":
      return {
        ...state,
        participants: [...state.participants, {
          participantId: event.participantId,
          name: event.name,
          side: event.side,
          tokenHash: event.tokenHash
        }]
      }
    case "ParticipantRemoved":
      return { ...state, participants: state.participants.filter((p) => p.participantId !== event.participantId) }
    case "PhaseAdvanced":
      return {
        ...state,
        phase: event.to,
        phaseHistory: [
          ...state.phaseHistory.map((span) => span.endedAt === undefined ? { ...span, endedAt: event.at } : span),
          { phase: event.to, startedAt: event.at, endedAt: undefined }
        ],
        focus: retroPhaseRules[event.to].focusesThemes ? state.focus : undefined,
        // The promise is made once, by the roster as cards start being written.
        anonymity: state.anonymity ?? (retroPhaseRules[event.to].allows.includes("AddCard")
          ? anonymityPromiseFor(participantsBySide(state), state.settings.anonymityThreshold)
          : undefined)
      }
    case "CardsRevealed":
      return { ...state, revealOrder: event.order }
    case "CardAdded":
      return {
        ...state,
        cards: cardsOf(state).with(event.cardId, {
          cardId: event.cardId,
          prompt: event.prompt,
          side: event.side,
          text: event.text,
          ownerProof: event.ownerProof,
          themeId: undefined,
          presentAtAdd: presentIds(state.participants)
        })
      }
    case "CardEdited":
      return updateCard(state, event.cardId, (card) => ({ ...card, text: event.text }))
    case "ReadyMarked":
    case "ReadyUnmarked": {
      const check = state.readyCheck ?? emptyReadyCheck
      return {
        ...state,
        readyCheck: event._tag === "ReadyMarked"
          ? { ...check, marks: new Set([...check.marks, event.mark]) }
          : { ...check, undos: new Set([...check.undos, event.mark]) }
      }
    }
    case "ReadyCheckReset":
      return { ...state, readyCheck: { round: (state.readyCheck ?? emptyReadyCheck).round + 1, marks: new Set(), undos: new Set() } }
    case "FacilitationHandedOver":
      return {
        ...state,
        details: {
          ...state.details,
          facilitatorName: event.facilitatorName,
          facilitatorSide: event.facilitatorSide,
          facilitatorTokenHash: event.facilitatorTokenHash
        }
      }
    case "TimeboxExtended": {
      const extensions = state.timeboxExtensions ?? {}
      return { ...state, timeboxExtensions: { ...extensions, [event.phase]: (extensions[event.phase] ?? 0) + event.minutes } }
    }
    case "CardWithdrawn":
      return {
        ...state,
        cards: cardsOf(state).without(event.cardId),
        withdrawnCardIds: [...state.withdrawnCardIds, event.cardId]
      }
    case "ThemeCreated":
      return {
        ...state,
        themes: [...state.themes, newTheme(event.themeId, event.name, event.builtIn)]
      }
    case "ThemeRenamed":
      return updateTheme(state, event.themeId, (theme) => ({ ...theme, name: event.name }))
    case "CardAssigned":
      return updateCard(state, event.cardId, (card) => ({ ...card, themeId: event.themeId }))
    case "CardUnassigned":
      return updateCard(state, event.cardId, (card) => ({ ...card, themeId: undefined }))
    case "ThemesMerged": {
      let cards = cardsOf(state)
      for (const card of state.cards.values()) {
        if (card.themeId === event.sourceThemeId) cards = cards.with(card.cardId, { ...card, themeId: event.targetThemeId })
      }
      return { ...state, cards, themes: state.themes.filter((t) => t.themeId !== event.sourceThemeId) }
    }
    case "ThemeSplit": {
      let cards = cardsOf(state)
      for (const id of event.cardIds) {
        const card = cards.get(id)
        if (card !== undefined) cards = cards.with(id, { ...card, themeId: event.newThemeId })
      }
      return {
        ...state,
        cards,
        themes: [...state.themes, newTheme(event.newThemeId, event.name, undefined)]
      }
    }
    case "VoteCast":
      return addVotes(state, event.themeId, event.voterTag, 1)
    case "VoteRetracted":
      return addVotes(state, event.themeId, event.voterTag, -1)
    case "ThemeFocused":
      return {
        ...state,
        focus: { themeId: event.themeId, startedAt: event.at, timeboxMs: event.timeboxMs },
        discussedThemeIds: state.discussedThemeIds.includes(event.themeId)
          ? state.discussedThemeIds
          : [...state.discussedThemeIds, event.themeId]
      }
    case "OptimizingForRecorded":
      return updateTheme(state, event.themeId, (theme) => ({
        ...theme,
        optimizingFor: { ...theme.optimizingFor, [event.side]: event.text }
      }))
    case "HandoffNoteAdded":
      return updateTheme(state, event.themeId, (theme) => ({
        ...theme,
        handoffNotes: [...theme.handoffNotes, { noteId: event.noteId, text: event.text }]
      }))
    case "InformationGapAdded":
      return updateTheme(state, event.themeId, (theme) => ({
        ...theme,
        informationGaps: [...theme.informationGaps, { noteId: event.noteId, side: event.side, text: event.text }]
      }))
    case "DiscussionNoteEdited": {
      // A note is a handoff note or a gap, never both (the decider keeps ids apart within a theme).
      const retext = <N extends RetroNote>(note: N): N => note.noteId === event.noteId ? { ...note, text: event.text } : note
      return updateTheme(state, event.themeId, (theme) => ({
        ...theme,
        handoffNotes: theme.handoffNotes.map(retext),
        informationGaps: theme.informationGaps.map(retext)
      }))
    }
    case "DiscussionNoteRemoved":
      return updateTheme(state, event.themeId, (theme) => ({
        ...theme,
        handoffNotes: theme.handoffNotes.filter((n) => n.noteId !== event.noteId),
        informationGaps: theme.informationGaps.filter((n) => n.noteId !== event.noteId)
      }))
    case "AccuracyReportAttached":
      return updateTheme(state, event.themeId, (theme) => ({ ...theme, accuracyReport: event.report }))
    case "AgreementAccepted":
      return {
        ...state,
        agreements: [...state.agreements, { agreementId: event.agreementId, agreement: event.agreement, acceptedAt: event.at }]
      }
    case "AgreementWithdrawn":
      return { ...state, agreements: state.agreements.filter((a) => a.agreementId !== event.agreementId) }
    case "PreviousAgreementsImported":
      return {
        ...state,
        importedFrom: { retroId: event.fromRetroId, date: event.fromRetroDate },
        followUps: event.agreements.map((agreement) => ({ agreement, review: undefined }))
      }
    case "AgreementReviewed":
      return {
        ...state,
        followUps: state.followUps.map((f) =>
          f.agreement.agreementId === event.agreementId
            ? { ...f, review: { outcome: event.outcome, evidence: event.evidence, at: event.at } }
            : f
        )
      }
  }
}

/**
 * Folds `events` into `state`: the same state as folding them one by one with
 * {@link evolveRetro}, built faster. Runs of card events write into a private
 * {@link PersistentMap.Builder} instead of copying a trie path and the state
 * per event; the map is handed out (immutable) before any other event is
 * folded and at the end, so every state anyone sees is as `evolveRetro` makes it.
 *
 * @since 0.2.0
 */
export const evolveRetroAll = (state: RetroState, events: Iterable<RetroEvent>): RetroState => {
  let builder: PersistentMap.Builder<RetroCard> | undefined
  // The map `builder` was last seeded from or handed out as; the state's cards while no card event is pending.
  let built: ReadonlyMap<string, RetroCard> | undefined
  let pending = false
  for (const event of events) {
    if (state.status === "active") {
      switch (event._tag) {
        case "CardAdded":
        case "CardEdited":
        case "CardAssigned":
        case "CardUnassigned": {
          if (builder === undefined || built !== state.cards) {
            builder = cardsOf(state).builder()
            built = state.cards
          }
          if (event._tag === "CardAdded") {
            builder.set(event.cardId, {
              cardId: event.cardId,
              prompt: event.prompt,
              side: event.side,
              text: event.text,
              ownerProof: event.ownerProof,
              themeId: undefined,
              presentAtAdd: presentIds((state as ActiveRetro).participants)
            })
          } else {
            const card = builder.get(event.cardId)
            if (card === undefined) continue
            builder.set(
              event.cardId,
              event._tag === "CardEdited"
                ? { ...card, text: event.text }
                : { ...card, themeId: event._tag === "CardAssigned" ? event.themeId : undefined }
            )
          }
          pending = true
          continue
        }
      }
    }
    if (pending) {
      built = builder!.build()
      state = { ...(state as ActiveRetro), cards: built }
      pending = false
    }
    state = evolveRetro(state, event)
  }
  if (pending) state = { ...(state as ActiveRetro), cards: builder!.build() }
  return state
}
