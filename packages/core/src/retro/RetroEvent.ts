/**
 * Events of the retro aggregate: what happened, in the order it happened.
 *
 * Anonymity is a property of these payloads, not of a UI: no event records
 * who wrote a card or cast a vote. A card carries an id and an ownership
 * proof derived from its author's secret, which nobody without the secret,
 * the database administrator included, can link to a person, and its side
 * only when the retro shows side labels. Card and vote events carry no
 * timestamp of their own, and the store records them at the phase's start.
 * See docs/decisions/0002-anonymity-threat-model.md.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { EpochMillis, Id, IsoDate, Side, Text } from "../Primitives.ts"
import { AcceptedAgreementRecord } from "../agreements/index.ts"
import { EstimateAccuracyReport } from "../estimates/index.ts"
import { AgreementOutcome, CardPrompt, ImportedAgreement, RetroTrigger } from "./RetroCommand.ts"
import { RetroPhase, RetroSettings, TimedPhase } from "./RetroPhase.ts"

/**
 * Every event of the retro aggregate.
 *
 * @since 0.1.0
 */
export const RetroEvent = Schema.TaggedUnion({
  RetroCreated: {
    retroId: Id,
    teamId: Id,
    title: Text,
    trigger: RetroTrigger,
    date: IsoDate,
    releaseName: Schema.optional(Text),
    facilitatorName: Text,
    facilitatorSide: Schema.optional(Side),
    facilitatorTokenHash: Schema.String,
    joinCodeHash: Schema.String,
    previousRetro: Schema.optional(Schema.Struct({ retroId: Id, date: IsoDate })),
    settings: RetroSettings,
    at: EpochMillis
  },
  SettingsChanged: { settings: RetroSettings },
  ParticipantJoined: { participantId: Id, name: Text, side: Side, tokenHash: Schema.String, at: EpochMillis },
  ParticipantRemoved: { participantId: Id },
  PhaseAdvanced: { from: RetroPhase, to: RetroPhase, at: EpochMillis },
  /** Emitted with the move out of collection: the one moment every card becomes visible, in a seeded order. */
  CardsRevealed: { order: Schema.Array(Id) },
  /** `side` only when the retro shows side labels (decided at collection start): otherwise it would name a small side. */
  CardAdded: { cardId: Id, prompt: CardPrompt, side: Schema.optionalKey(Side), text: Text, ownerProof: Schema.String },
  CardEdited: { cardId: Id, text: Text },
  /**
   * Someone said "I'm done writing". `mark` is a keyed hash of their secret
   * that is used once and matches no other stored value, so the row names
   * nobody and links to no other row; no time of its own, like cards.
   */
  ReadyMarked: { mark: Schema.String },
  /** Someone took back their "done": a fresh one-time `mark`, unlinkable to the one it undoes. */
  ReadyUnmarked: { mark: Schema.String },
  /** The ready check starts over (a participant was removed: whose mark was whose is unknowable by design). */
  ReadyCheckReset: {},
  CardWithdrawn: { cardId: Id },
  ThemeCreated: { themeId: Id, name: Text, builtIn: Schema.optional(Schema.String) },
  ThemeRenamed: { themeId: Id, name: Text },
  CardAssigned: { cardId: Id, themeId: Id },
  CardUnassigned: { cardId: Id },
  ThemesMerged: { sourceThemeId: Id, targetThemeId: Id },
  ThemeSplit: { themeId: Id, newThemeId: Id, name: Text, cardIds: Schema.Array(Id) },
  /** `voterTag` is an HMAC of the voter's secret: it enforces the budget without naming the voter. */
  VoteCast: { themeId: Id, voterTag: Schema.String },
  VoteRetracted: { themeId: Id, voterTag: Schema.String },
  ThemeFocused: { themeId: Id, at: EpochMillis, timeboxMs: Schema.Int },
  OptimizingForRecorded: { themeId: Id, side: Side, text: Text },
  HandoffNoteAdded: { themeId: Id, noteId: Id, text: Text },
  InformationGapAdded: { themeId: Id, noteId: Id, side: Side, text: Text },
  /** A handoff note's or an information gap's new text (either kind: the note's id says which it is). */
  DiscussionNoteEdited: { themeId: Id, noteId: Id, text: Text },
  DiscussionNoteRemoved: { themeId: Id, noteId: Id },
  AccuracyReportAttached: { themeId: Id, report: EstimateAccuracyReport },
  AgreementAccepted: { agreementId: Id, agreement: AcceptedAgreementRecord, at: EpochMillis },
  AgreementWithdrawn: { agreementId: Id },
  PreviousAgreementsImported: { fromRetroId: Id, fromRetroDate: IsoDate, agreements: Schema.Array(ImportedAgreement) },
  /** A new facilitator secret replaces the old one, which stops working. */
  FacilitationHandedOver: { facilitatorName: Text, facilitatorSide: Schema.optional(Side), facilitatorTokenHash: Schema.String, at: EpochMillis },
  /** The current part's timebox grew by `minutes`. */
  TimeboxExtended: { phase: TimedPhase, minutes: Schema.Int, at: EpochMillis },
  AgreementReviewed: { agreementId: Id, outcome: AgreementOutcome, evidence: Text, at: EpochMillis }
})
/** @since 0.1.0 */
export type RetroEvent = typeof RetroEvent.Type
