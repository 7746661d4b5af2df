/**
 * The cross-functional retrospective: one aggregate (commands, events,
 * state, decider), what each viewer may see of it, its export, and how it is
 * stored.
 *
 * ```ts
 * import { Retro } from "@retrobridge/core"
 * const decided = Retro.decide(command, state)
 * const view = Retro.view(state, { role: "observer" }, Date.now())
 * ```
 *
 * @since 0.2.0
 */
export {
  /** @since 0.2.0 */
  RetroPhase as Phase,
  /** @since 0.2.0 */
  retroPhaseOrder as phaseOrder,
  /** @since 0.2.0 */
  retroPhaseIndex as phaseIndex,
  /** @since 0.2.0 */
  nextRetroPhase as nextPhase,
  /** @since 0.2.0 */
  firstRetroPhase as firstPhase,
  /** @since 0.2.0 */
  TimedPhase,
  /** @since 0.2.0 */
  PhaseTimeboxes,
  /** @since 0.2.0 */
  defaultPhaseTimeboxes,
  /** @since 0.2.0 */
  RetroSettings as Settings,
  /** @since 0.2.0 */
  defaultRetroSettings as defaultSettings
} from "./retro/RetroPhase.ts"

export {
  /** @since 0.2.0 */
  RetroCommand as Command,
  /** @since 0.2.0 */
  type RetroCommandTag as CommandTag,
  /** @since 0.2.0 */
  CardPrompt,
  /** @since 0.2.0 */
  cardPromptQuestion,
  /** @since 0.2.0 */
  CardText,
  /** @since 0.2.0 */
  RetroTrigger as Trigger,
  /** @since 0.2.0 */
  AgreementOutcome,
  /** @since 0.2.0 */
  ImportedAgreement,
  /** @since 0.2.0 */
  RetroSettingsPatch as SettingsPatch,
  /** @since 0.2.0 */
  TimeboxExtensionMinutes
} from "./retro/RetroCommand.ts"

export {
  /** @since 0.2.0 */
  Secret,
  /** @since 0.2.0 */
  isSecret,
  /** @since 0.2.0 */
  secretFromBytes,
  /** @since 0.2.0 */
  JoinCode,
  /** @since 0.2.0 */
  cardIdOf,
  /** @since 0.2.0 */
  fingerprintInput,
  /** @since 0.2.0 */
  minimumAnonymityThreshold,
  /** @since 0.2.0 */
  readyMarksPerParticipant,
  /** @since 0.2.0 */
  type AnonymityPromise,
  /** @since 0.2.0 */
  type AnonymityView,
  /** @since 0.2.0 */
  InvalidSecret,
  /** @since 0.2.0 */
  AnonymitySetTooSmall
} from "./retro/Anonymity.ts"

export {
  /** @since 0.2.0 */
  RetroEvent as Event
} from "./retro/RetroEvent.ts"

export {
  /** @since 0.2.0 */
  RetroNotStarted as NotStarted,
  /** @since 0.2.0 */
  RetroAlreadyCreated as AlreadyCreated,
  /** @since 0.2.0 */
  CommandNotAllowedInPhase,
  /** @since 0.2.0 */
  PhaseMismatch,
  /** @since 0.2.0 */
  NotFacilitator,
  /** @since 0.2.0 */
  NotAParticipant,
  /** @since 0.2.0 */
  WrongJoinCode,
  /** @since 0.2.0 */
  DuplicateId,
  /** @since 0.2.0 */
  NotFound,
  /** @since 0.2.0 */
  NotCardOwner,
  /** @since 0.2.0 */
  VoteBudgetExhausted,
  /** @since 0.2.0 */
  NoVoteToRetract,
  /** @since 0.2.0 */
  RetroRuleViolated as RuleViolated
} from "./retro/RetroError.ts"

export {
  /** @since 0.2.0 */
  type ActiveRetro as Active,
  /** @since 0.2.0 */
  type EmptyRetro as Empty,
  /** @since 0.2.0 */
  type RetroState as State,
  /** @since 0.2.0 */
  type RetroParticipant as Participant,
  /** @since 0.2.0 */
  type RetroCard as Card,
  /** @since 0.2.0 */
  type RetroNote as Note,
  /** @since 0.2.0 */
  type RetroTheme as Theme,
  /** @since 0.2.0 */
  type RetroPhaseSpan as PhaseSpan,
  /** @since 0.2.0 */
  type RetroFocus as Focus,
  /** @since 0.2.0 */
  type RetroAgreementRecord as AgreementRecord,
  /** @since 0.2.0 */
  type RetroFollowUp as FollowUp,
  /** @since 0.2.0 */
  type RetroDetails as Details,
  /** @since 0.2.0 */
  type RetroReadyCheck as ReadyCheck,
  /** @since 0.2.0 */
  readyCount,
  /** @since 0.2.0 */
  initialRetroState as initialState,
  /** @since 0.2.0 */
  evolveRetro as evolve,
  /** @since 0.2.0 */
  retroThemeVotes as themeVotes
} from "./retro/RetroState.ts"

export {
  /** @since 0.2.0 */
  type RetroError as Error,
  /** @since 0.2.0 */
  decideRetro as decide,
  /** @since 0.2.0 */
  retroDecider as decider,
} from "./retro/RetroDecider.ts"

export {
  /** @since 0.2.0 */
  type RetroRole as Role,
  /** @since 0.2.0 */
  retroCommandRoles as commandRoles,
  /** @since 0.2.0 */
  type RetroPhaseRule as PhaseRule,
  /** @since 0.2.0 */
  retroPhaseRules as phaseRules,
  /** @since 0.2.0 */
  retroCommandsByPhase as commandsByPhase,
  /** @since 0.2.0 */
  retroCommandsFor as commandsFor,
  /** @since 0.2.0 */
  isTimedPhase,
  /** @since 0.2.0 */
  phaseTimeboxMs,
  /** @since 0.2.0 */
  retroTimeboxMs as timeboxMs,
  /** @since 0.2.0 */
  timeboxExtensionMinutes,
  /** @since 0.2.0 */
  maxTimeboxMinutes,
  /** @since 0.2.0 */
  retroParts as parts,
  /** @since 0.2.0 */
  themeTimeboxMs,
  /** @since 0.2.0 */
  retroRevealOrder as revealOrder,
  /** @since 0.2.0 */
  retroGroupSize as groupSize,
  /** @since 0.2.0 */
  retroMinDaysBetween as minDaysBetween,
  /** @since 0.2.0 */
  type RetroWarning as Warning,
  /** @since 0.2.0 */
  retroWarnings as warnings,
  /** @since 0.2.0 */
  retroSideLabels as sideLabels,
  /** @since 0.2.0 */
  retroDiscussionOrder as discussionOrder
} from "./retro/RetroPolicy.ts"

export {
  /** @since 0.2.0 */
  retroRules as rules,
  /** @since 0.2.0 */
  type RetroRule as Rule,
  /** @since 0.2.0 */
  retroRuleNames as ruleNames,
  /** @since 0.2.0 */
  retroEntityKinds as entityKinds,
  /** @since 0.2.0 */
  type RetroEntityKind as EntityKind,
  /** @since 0.2.0 */
  retroWarningCodes as warningCodes,
  /** @since 0.2.0 */
  type RetroWarningCode as WarningCode
} from "./retro/RetroRules.ts"

export {
  /** @since 0.2.0 */
  resolveThemeName
} from "./retro/RetroIntegration.ts"

export {
  /** @since 0.2.0 */
  participantReadiness,
  /** @since 0.2.0 */
  followUpFromPreviousRetro,
  /** @since 0.2.0 */
  retroDateMaxDaysAhead as dateMaxDaysAhead
} from "./retro/RetroFlow.ts"

export {
  /** @since 0.2.0 */
  type RetroView as View,
  /** @since 0.2.0 */
  type RetroViewer as Viewer,
  /** @since 0.2.0 */
  type RetroViewError as ViewError,
  /** @since 0.2.0 */
  type CardSideLabel,
  /** @since 0.2.0 */
  type RetroClock as Clock,
  /** @since 0.2.0 */
  type RetroPhaseRecord as PhaseRecord,
  /** @since 0.2.0 */
  type RetroPartClock as PartClock,
  /** @since 0.2.0 */
  type RevealedCardView,
  /** @since 0.2.0 */
  type ThemeView,
  /** @since 0.2.0 */
  type FollowUpView,
  /** @since 0.2.0 */
  viewForRetro as view,
  /** @since 0.2.0 */
  type RetroViewSession as ViewSession,
  /** @since 0.2.0 */
  type RetroViewOptions as ViewOptions,
  /** @since 0.2.0 */
  makeRetroViewSession as makeViewSession
} from "./retro/RetroView.ts"

export {
  /** @since 0.2.0 */
  type RetroClientEvent as ClientEvent,
  /** @since 0.2.0 */
  toRetroClientEvent as toClientEvent
} from "./retro/RetroClientEvent.ts"

export {
  /** @since 0.2.0 */
  retroMarkdown as markdown
} from "./retro/RetroMarkdown.ts"

export {
  /** @since 0.2.0 */
  retroStreamId as streamId,
  /** @since 0.2.0 */
  retroEventCodec as eventCodec
} from "./retro/RetroStreams.ts"
