/**
 * The retrospective method as data and small pure functions: which phases
 * exist and what each allows, who may send which command, what must hold to
 * leave a phase, the timebox arithmetic, side labels, warnings and the
 * discussion order. The decider, the views, the export and team history all
 * read these; none of them names a phase by itself.
 *
 * Adding a phase: add it to `RetroPhase` (and to `TimedPhase` and
 * `PhaseTimeboxes` if it runs against a clock), then add its row to
 * {@link retroPhaseRules}; the compiler points at the row until it exists.
 *
 * @since 0.2.0
 */
import { Result } from "effect"
import { type AnonymitySetTooSmall, checkCollectionStart, revealOrderOf, sideLabelsOf } from "./Anonymity.ts"
import { dayNumber, type Side, Sides } from "../Primitives.ts"
import type { RetroCommand, RetroCommandTag } from "./RetroCommand.ts"
import { RetroRuleViolated } from "./RetroError.ts"
import type { RetroEvent } from "./RetroEvent.ts"
import { type RetroPhase, retroPhaseOrder, type RetroSettings, type TimedPhase } from "./RetroPhase.ts"
import type { RetroWarningCode } from "./RetroRules.ts"
import { type ActiveRetro, retroThemeVotes } from "./RetroState.ts"

// ---------------------------------------------------------------------------
// Who may send what
// ---------------------------------------------------------------------------

/**
 * Who may send a command: the facilitator (proved by `facilitatorSecret`), a
 * participant (proved by `secret`), an invitee holding the join code, or
 * anyone (creating a retro).
 *
 * @since 0.2.0
 */
export type RetroRole = "facilitator" | "participant" | "invitee" | "anyone"

// CreateRetro sets the facilitator secret rather than proving it.
type FacilitatorCommandTag = Exclude<Extract<RetroCommand, { readonly facilitatorSecret: string }>["_tag"], "CreateRetro">
type SecretCommandTag = Extract<RetroCommand, { readonly secret: string }>["_tag"]

/**
 * The role behind each command. Typed so that it cannot disagree with the
 * commands' fields: a command carrying `facilitatorSecret` is the
 * facilitator's; one carrying `secret` is a participant's or an invitee's.
 *
 * @since 0.2.0
 */
export const retroCommandRoles: {
  readonly [T in RetroCommandTag]: T extends FacilitatorCommandTag ? "facilitator"
    : T extends SecretCommandTag ? "participant" | "invitee"
    : "anyone"
} = {
  CreateRetro: "anyone",
  ChangeSettings: "facilitator",
  JoinRetro: "invitee",
  RemoveParticipant: "facilitator",
  AdvancePhase: "facilitator",
  AddCard: "participant",
  SetReady: "participant",
  EditCard: "participant",
  WithdrawCard: "participant",
  CreateTheme: "facilitator",
  RenameTheme: "facilitator",
  AssignCard: "facilitator",
  UnassignCard: "facilitator",
  MergeThemes: "facilitator",
  SplitTheme: "facilitator",
  CastVote: "participant",
  RetractVote: "participant",
  FocusTheme: "facilitator",
  RecordOptimizingFor: "facilitator",
  AddHandoffNote: "facilitator",
  AddInformationGap: "facilitator",
  EditDiscussionNote: "facilitator",
  RemoveDiscussionNote: "facilitator",
  AttachAccuracyReport: "facilitator",
  AcceptAgreement: "facilitator",
  WithdrawAgreement: "facilitator",
  ImportPreviousAgreements: "facilitator",
  ReviewAgreement: "facilitator",
  HandOverFacilitation: "facilitator",
  ExtendTimebox: "facilitator"
}

// ---------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------

type AdvanceCommand = Extract<RetroCommand, { _tag: "AdvancePhase" }>

/**
 * What leaving a phase requires, and the events it emits besides
 * `PhaseAdvanced` (for example the reveal when collection ends).
 *
 * @since 0.2.0
 */
export type LeavePhase = (
  state: ActiveRetro,
  command: AdvanceCommand
) => Result.Result<ReadonlyArray<RetroEvent>, RetroRuleViolated | AnonymitySetTooSmall>

/**
 * One row of the phase table.
 *
 * @since 0.2.0
 */
export interface RetroPhaseRule<Timed extends boolean = boolean> {
  /** Commands the phase accepts (`AdvancePhase` included when the phase can be left). */
  readonly allows: ReadonlyArray<RetroCommandTag>
  /** Runs against a clock: its minutes are `settings.timeboxes[phase]`. */
  readonly timed: Timed
  /** Cards have been revealed: views, export and team history may show them. */
  readonly cardsRevealed: boolean
  /** Vote totals may be shown (nobody is voting any more). */
  readonly votesVisible: boolean
  /** The facilitator focuses one theme at a time. */
  readonly focusesThemes: boolean
  /** What must hold to leave the phase; `"final"` for the last phase, which cannot be left. */
  readonly leave: LeavePhase | "final"
}

const ok = (...events: ReadonlyArray<RetroEvent>): Result.Result<ReadonlyArray<RetroEvent>, RetroRuleViolated | AnonymitySetTooSmall> =>
  Result.succeed(events)

const countSide = (state: ActiveRetro, side: Side): number => state.participants.filter((p) => p.side === side).length

const leaveDraft: LeavePhase = (state) => {
  const missing = Sides.filter((side) => countSide(state, side) === 0)
  if (missing.length > 0) {
    return Result.fail(new RetroRuleViolated({
      rule: "both-sides-present",
      detail: `Collection needs both perspectives, and no ${missing.join(" or ")} participant has joined yet. Invite at least one person from each side before starting.`
    }))
  }
  // Every card must be able to hide among at least the threshold; this is the last moment to invite.
  const tooSmall = checkCollectionStart(state)
  return tooSmall === undefined ? ok() : Result.fail(tooSmall)
}

const leaveCollecting: LeavePhase = (state, command) => {
  if (command.shuffleSeed === undefined || command.shuffleSeed.length < 8) {
    return Result.fail(new RetroRuleViolated({
      rule: "shuffle-seed-required",
      detail: "Leaving collection reveals every card in a shuffled order: send a random shuffleSeed of at least 8 characters with AdvancePhase."
    }))
  }
  return ok({ _tag: "CardsRevealed", order: retroRevealOrder([...state.cards.values()], command.shuffleSeed) })
}

const leaveGrouping: LeavePhase = (state) => {
  if (state.themes.length === 0) {
    return Result.fail(new RetroRuleViolated({
      rule: "themes-before-voting",
      detail: "Voting orders the themes, and there are none yet. Create at least one theme and group cards into it first."
    }))
  }
  return ok()
}

const leaveFreely: LeavePhase = () => ok()

/**
 * The phase table: the single source of truth for what each phase allows and
 * how it behaves. The decider enforces `allows` and `leave`; views derive the
 * clock, vote visibility and the facilitator's options from it; the export and
 * team history read `cardsRevealed` and `timed`.
 *
 * @since 0.2.0
 */
export const retroPhaseRules: { readonly [P in RetroPhase]: RetroPhaseRule<P extends TimedPhase ? true : false> } = {
  draft: {
    allows: ["ChangeSettings", "JoinRetro", "RemoveParticipant", "ImportPreviousAgreements", "ReviewAgreement", "HandOverFacilitation", "AdvancePhase"],
    timed: false,
    cardsRevealed: false,
    votesVisible: false,
    focusesThemes: false,
    leave: leaveDraft
  },
  collecting: {
    allows: [
      "JoinRetro",
      "RemoveParticipant",
      "AddCard",
      "EditCard",
      "WithdrawCard",
      "SetReady",
      "ImportPreviousAgreements",
      "ReviewAgreement",
      "HandOverFacilitation",
      "ExtendTimebox",
      "AdvancePhase"
    ],
    timed: true,
    cardsRevealed: false,
    votesVisible: false,
    focusesThemes: false,
    leave: leaveCollecting
  },
  grouping: {
    allows: [
      "CreateTheme",
      "RenameTheme",
      "AssignCard",
      "UnassignCard",
      "MergeThemes",
      "SplitTheme",
      "AttachAccuracyReport",
      "ReviewAgreement",
      "HandOverFacilitation",
      "ExtendTimebox",
      "AdvancePhase"
    ],
    timed: true,
    cardsRevealed: true,
    votesVisible: false,
    focusesThemes: false,
    leave: leaveGrouping
  },
  voting: {
    allows: ["CastVote", "RetractVote", "ReviewAgreement", "HandOverFacilitation", "ExtendTimebox", "AdvancePhase"],
    timed: true,
    cardsRevealed: true,
    votesVisible: false,
    focusesThemes: false,
    leave: leaveFreely
  },
  discussing: {
    allows: [
      "FocusTheme",
      "RenameTheme",
      "RecordOptimizingFor",
      "AddHandoffNote",
      "AddInformationGap",
      "EditDiscussionNote",
      "RemoveDiscussionNote",
      "AttachAccuracyReport",
      "ReviewAgreement",
      "HandOverFacilitation",
      "ExtendTimebox",
      "AdvancePhase"
    ],
    timed: true,
    cardsRevealed: true,
    votesVisible: true,
    focusesThemes: true,
    leave: leaveFreely
  },
  agreeing: {
    allows: ["AcceptAgreement", "WithdrawAgreement", "ReviewAgreement", "HandOverFacilitation", "ExtendTimebox", "AdvancePhase"],
    timed: true,
    cardsRevealed: true,
    votesVisible: true,
    focusesThemes: false,
    leave: leaveFreely
  },
  closed: {
    allows: [],
    timed: false,
    cardsRevealed: true,
    votesVisible: true,
    focusesThemes: false,
    leave: "final"
  }
}

/**
 * What each phase accepts (the `allows` column of {@link retroPhaseRules}).
 *
 * @since 0.1.0
 */
export const retroCommandsByPhase: Readonly<Record<RetroPhase, ReadonlyArray<RetroCommandTag>>> = Object.fromEntries(
  retroPhaseOrder.map((phase) => [phase, retroPhaseRules[phase].allows])
) as Record<RetroPhase, ReadonlyArray<RetroCommandTag>>

/** Whether a phase runs against a clock. @since 0.2.0 */
export const isTimedPhase = (phase: RetroPhase): phase is TimedPhase => retroPhaseRules[phase].timed

/**
 * The commands a viewer in `role` can send now: the phase's commands that
 * belong to that role.
 *
 * @since 0.2.0
 */
export const retroCommandsFor = (phase: RetroPhase, role: RetroRole): ReadonlyArray<RetroCommandTag> =>
  retroPhaseRules[phase].allows.filter((tag) => retroCommandRoles[tag] === role)

// ---------------------------------------------------------------------------
// Reveal
// ---------------------------------------------------------------------------

/**
 * The order cards are revealed in: keyed on the seed and each card's content,
 * never on when, in which order or by whom they were written (ids derive
 * from authors' secrets, so they only break ties between identical cards).
 *
 * @since 0.1.0
 */
export const retroRevealOrder = revealOrderOf

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/** When the current phase started. @since 0.2.0 */
export const phaseStartedAt = (state: ActiveRetro): number => state.phaseHistory[state.phaseHistory.length - 1]?.startedAt ?? 0

/** A phase's planned timebox in milliseconds, or undefined for a phase without a clock. @since 0.2.0 */
export const phaseTimeboxMs = (settings: RetroSettings, phase: RetroPhase): number | undefined =>
  isTimedPhase(phase) ? settings.timeboxes[phase] * 60_000 : undefined

/** The longest a part's timebox may grow to with extensions (the longest a part may be planned for). @since 0.2.0 */
export const maxTimeboxMinutes = 240

/** Minutes `ExtendTimebox` added to a phase so far. @since 0.2.0 */
export const timeboxExtensionMinutes = (state: ActiveRetro, phase: RetroPhase): number =>
  isTimedPhase(phase) ? state.timeboxExtensions?.[phase] ?? 0 : 0

/**
 * A phase's timebox in this retro: planned minutes plus extensions, in
 * milliseconds; undefined for a phase without a clock.
 *
 * @since 0.2.0
 */
export const retroTimeboxMs = (state: ActiveRetro, phase: RetroPhase): number | undefined =>
  isTimedPhase(phase) ? (state.settings.timeboxes[phase] + timeboxExtensionMinutes(state, phase)) * 60_000 : undefined

/**
 * The timebox of one theme's discussion: the discussion time left, shared
 * equally by the themes still to discuss (this one included). Themes nobody
 * voted for do not claim a share — voting exists to leave them out — unless
 * no theme got a vote at all.
 *
 * @since 0.1.0
 */
export const themeTimeboxMs = (state: ActiveRetro, themeId: string, at: number): number => {
  const left = Math.max(0, (retroTimeboxMs(state, "discussing") ?? 0) - Math.max(0, at - phaseStartedAt(state)))
  const voted = (id: string) => retroThemeVotes(state, id) > 0
  const anyVotes = state.themes.some((t) => voted(t.themeId))
  const remainingThemes = state.themes.filter((t) =>
    t.themeId === themeId || (!state.discussedThemeIds.includes(t.themeId) && (!anyVotes || voted(t.themeId)))
  ).length
  return Math.floor(left / Math.max(1, remainingThemes))
}

/**
 * The method's three parts and the phases each spans: 20 minutes to
 * collect, 40 for themes (grouping, voting, discussing), 30 to agree. A
 * part's countdown runs from its first phase's start over the sum of its
 * phases' timeboxes.
 *
 * @since 0.2.0
 */
export const retroParts: ReadonlyArray<{ readonly part: "collect" | "themes" | "agree"; readonly phases: ReadonlyArray<TimedPhase> }> = [
  { part: "collect", phases: ["collecting"] },
  { part: "themes", phases: ["grouping", "voting", "discussing"] },
  { part: "agree", phases: ["agreeing"] }
]

// ---------------------------------------------------------------------------
// Soft rules: side labels, warnings, discussion order
// ---------------------------------------------------------------------------

/** The group the method is made for: 6–10 people. @since 0.2.0 */
export const retroGroupSize = { min: 6, max: 10 } as const

/** Fewer days than this since the previous retro is "too frequent" (six weeks). @since 0.2.0 */
export const retroMinDaysBetween = 42

/** Participants per side. @since 0.2.0 */
export const retroParticipantsBySide = (state: ActiveRetro): Record<Side, number> => ({
  product: countSide(state, "product"),
  engineering: countSide(state, "engineering")
})

/**
 * Whether cards carry their side label: all sides or none, as promised when
 * collection started (a preview before). Hiding only a small side would name
 * it: every "undisclosed" card would be one of its few members.
 *
 * @since 0.1.0
 */
export const retroSideLabels = (state: ActiveRetro): Record<Side, { shown: boolean; reason: string }> => sideLabelsOf(state)

/** @since 0.1.0 */
export interface RetroWarning {
  readonly code: RetroWarningCode
  readonly message: string
}

/**
 * What the method advises against, as warnings for the facilitator (never
 * errors: the team may have reasons).
 *
 * @since 0.1.0
 */
export const retroWarnings = (state: ActiveRetro): ReadonlyArray<RetroWarning> => {
  const warnings: Array<RetroWarning> = []
  const n = state.participants.length
  // Advice to invite or remove people holds while people can join; a neutral facilitator, while facilitation
  // can still be handed over. Afterwards it could only be regretted, and it would crowd the screen's work.
  const allows = retroPhaseRules[state.phase].allows
  const rosterOpen = allows.includes("JoinRetro")
  if (rosterOpen && (n < retroGroupSize.min || n > retroGroupSize.max)) {
    warnings.push({
      code: "group-size",
      message: `${n} participant${n === 1 ? "" : "s"}: the method works best with ${retroGroupSize.min}–${retroGroupSize.max} people (PMs, tech leads, senior engineers). ${
        n < retroGroupSize.min ? "Invite more people from both sides." : "Consider a smaller group of decision makers."
      }`
    })
  }
  for (const side of Sides) {
    if (rosterOpen && !state.participants.some((p) => p.side === side)) {
      warnings.push({ code: "side-missing", message: `No ${side} participant yet: the retro needs both perspectives.` })
    }
  }
  if (state.details.facilitatorSide !== undefined && allows.includes("HandOverFacilitation")) {
    warnings.push({
      code: "facilitator-on-a-side",
      message: `The facilitator belongs to ${state.details.facilitatorSide}. The method asks for a neutral facilitator (from neither side), so that neither side feels the discussion is steered.`
    })
  }
  const previous = state.details.previousRetro
  if (previous !== undefined) {
    const gap = dayNumber(state.details.date) - dayNumber(previous.date)
    if (gap < retroMinDaysBetween) {
      warnings.push({
        code: "too-frequent",
        // Worded by trigger: a retro already held after a major release is not told to hold it after one.
        message: state.details.trigger === "major-release"
          ? `Only ${gap} days since the previous retro (${previous.date}). Agreements need about a quarter to show results, so the previous retro's may not have had time to: for releases this close together, consider one retro covering both.`
          : `Only ${gap} days since the previous retro (${previous.date}). Monthly is too frequent for this format: agreements need about a quarter to show results. Hold it quarterly or after a major release.`
      })
    }
  }
  const labels = retroSideLabels(state)
  if (!labels.product.shown && state.participants.length > 0) {
    warnings.push({ code: "side-undisclosed", message: labels.product.reason })
  }
  if (retroPhaseRules[state.phase].leave === "final" && state.agreements.length === 0) {
    warnings.push({ code: "no-agreements", message: "The retro closed without agreements: the next retro will have nothing to review." })
  }
  return warnings
}

/**
 * Themes in discussion order: most votes first; ties by more friction cards,
 * then creation order.
 *
 * @since 0.1.0
 */
export const retroDiscussionOrder = (state: ActiveRetro): ReadonlyArray<string> => {
  // One pass over the cards, not one per theme.
  const frictionsByTheme = new Map<string, number>()
  for (const card of state.cards.values()) {
    if (card.themeId !== undefined && card.prompt === "friction") frictionsByTheme.set(card.themeId, (frictionsByTheme.get(card.themeId) ?? 0) + 1)
  }
  return state.themes
    .map((theme, index) => ({
      id: theme.themeId,
      votes: retroThemeVotes(state, theme.themeId),
      frictions: frictionsByTheme.get(theme.themeId) ?? 0,
      index
    }))
    .sort((a, b) => b.votes - a.votes || b.frictions - a.frictions || a.index - b.index)
    .map((t) => t.id)
}
