/**
 * Commands a retro accepts. Every command carries what the core cannot know
 * by itself: the time (`at`), the ids of things it creates, the caller's
 * secret (which proves who is acting without the state ever storing who
 * wrote what) and, where order must be random, a seed.
 *
 * @since 0.1.0
 */
import { Schema, Struct } from "effect"
import { AgreementText, EpochMillis, Id, IsoDate, NameText, NoteText, Side, Text, textLimits, TitleText, TypedDraftText, TypedText } from "../Primitives.ts"
import { AgreementDraft } from "../agreements/index.ts"
import { EstimateAccuracyReport, EstimateMetric } from "../estimates/index.ts"
import { JoinCode, Secret } from "./Anonymity.ts"
import { RetroPhase, PhaseTimeboxes, RetroSettings, TimedPhase } from "./RetroPhase.ts"

/**
 * The three collection prompts.
 *
 * @since 0.1.0
 */
export const CardPrompt = Schema.Literals(["worked-well", "friction", "wish-understood"])
/** @since 0.1.0 */
export type CardPrompt = typeof CardPrompt.Type

/** Human wording of each prompt. @since 0.1.0 */
export const cardPromptQuestion: Record<CardPrompt, string> = {
  "worked-well": "What worked well?",
  friction: "Where did friction slow us down?",
  "wish-understood": "What do you wish the other side understood better?"
}

/**
 * Why this retro happens.
 *
 * @since 0.1.0
 */
export const RetroTrigger = Schema.Literals(["quarterly", "major-release"])
/** @since 0.1.0 */
export type RetroTrigger = typeof RetroTrigger.Type

// A secret is 32 CSPRNG bytes as base64url; a join code is shared, so it only has to be long.
export { JoinCode, Secret }

/** @since 0.1.0 */
export const AgreementOutcome = Schema.Literals(["kept", "partly-kept", "not-kept", "dropped"])
/** @since 0.1.0 */
export type AgreementOutcome = typeof AgreementOutcome.Type

/**
 * An agreement as a previous retro recorded it, imported for review.
 *
 * @since 0.1.0
 */
export const ImportedAgreement = Schema.Struct({
  agreementId: Id,
  statement: Text,
  commitments: Schema.Array(Schema.Struct({ side: Side, text: Text })),
  signal: Schema.optional(Schema.String),
  reviewBy: IsoDate,
  themeName: Schema.optional(Schema.String),
  metric: Schema.optional(EstimateMetric)
})
/** @since 0.1.0 */
export type ImportedAgreement = typeof ImportedAgreement.Type

/**
 * {@link ImportedAgreement} as `ImportPreviousAgreements` accepts it: the same
 * fields with the limits of typed text. The event keeps the laxer schema, so
 * imports stored before these limits still decode.
 *
 * @since 0.2.0
 */
export const ImportedAgreementInput = Schema.Struct({
  ...ImportedAgreement.fields,
  statement: AgreementText,
  commitments: Schema.Array(Schema.Struct({ side: Side, text: AgreementText })).pipe(Schema.check(Schema.isMaxLength(20))),
  signal: Schema.optional(TypedDraftText(textLimits.agreement)),
  themeName: Schema.optional(TypedDraftText(textLimits.name))
})

/** Settings a facilitator may change before collection starts; omitted fields keep their value. @since 0.1.0 */
export const RetroSettingsPatch = Schema.Struct({
  // Every timed phase's minutes, each optional: a new timed phase needs no change here.
  timeboxes: Schema.optional(PhaseTimeboxes.mapFields(Struct.map(Schema.optional))),
  /** 3–10: fewer than 3 would let a card be narrowed to two people. */
  anonymityThreshold: Schema.optional(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 3, maximum: 10 })))),
  voteBudget: Schema.optional(RetroSettings.fields.voteBudget)
})
/** @since 0.1.0 */
export type RetroSettingsPatch = typeof RetroSettingsPatch.Type

const facilitator = { facilitatorSecret: Secret }

/**
 * Minutes one `ExtendTimebox` adds: 1–60. A part that needs more than an
 * extra hour needs a decision, not a longer clock.
 *
 * @since 0.2.0
 */
export const TimeboxExtensionMinutes = Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 60 })))

/**
 * A card's text: not blank, at most 2,000 characters (a card is a thought, not an essay).
 *
 * @since 0.1.0
 */
export const CardText = TypedText(textLimits.card)

/**
 * Every command of the retro aggregate.
 *
 * @since 0.1.0
 */
export const RetroCommand = Schema.TaggedUnion({
  CreateRetro: {
    retroId: Id,
    teamId: Id,
    title: TitleText,
    trigger: RetroTrigger,
    date: IsoDate,
    releaseName: Schema.optional(TitleText),
    facilitatorName: NameText,
    /** Set when the facilitator belongs to one side: the method advises against it, so it is a warning. */
    facilitatorSide: Schema.optional(Side),
    facilitatorSecret: Secret,
    /** Shared with the invitees; needed to join. */
    joinCode: JoinCode,
    /** The team's previous retro, for the "too frequent" warning and follow-up. */
    previousRetro: Schema.optional(Schema.Struct({ retroId: Id, date: IsoDate })),
    settings: Schema.optional(RetroSettingsPatch),
    at: EpochMillis
  },
  ChangeSettings: { ...facilitator, settings: RetroSettingsPatch, at: EpochMillis },
  JoinRetro: { participantId: Id, name: NameText, side: Side, secret: Secret, joinCode: JoinCode, at: EpochMillis },
  RemoveParticipant: { ...facilitator, participantId: Id, at: EpochMillis },
  AdvancePhase: {
    ...facilitator,
    /** The phase the facilitator sees: a stale click (double click, two tabs) fails instead of skipping a phase. */
    from: RetroPhase,
    /** Required when leaving collection: seeds the reveal order. */
    shuffleSeed: Schema.optional(Schema.String.pipe(Schema.check(Schema.isMaxLength(256)))),
    at: EpochMillis
  },
  /**
   * `cardKey` is the author's own name for the card (unique among their
   * cards, e.g. a counter; never stored). The core derives the card's id
   * from it and the secret ({@link cardIdOf}): ids carry no time, order or author.
   */
  AddCard: { secret: Secret, cardKey: Id, prompt: CardPrompt, text: CardText, at: EpochMillis },
  /**
   * The ready check: "I'm done writing" (`ready: true`) or its undo, while
   * collecting. Nobody learns who is ready, only how many (see `Anonymity.ts`).
   */
  SetReady: { secret: Secret, ready: Schema.Boolean, at: EpochMillis },
  EditCard: { secret: Secret, cardId: Id, text: CardText, at: EpochMillis },
  WithdrawCard: { secret: Secret, cardId: Id, at: EpochMillis },
  CreateTheme: {
    ...facilitator,
    themeId: Id,
    /** A built-in theme key, or a custom theme's name. */
    name: NameText,
    at: EpochMillis
  },
  RenameTheme: { ...facilitator, themeId: Id, name: NameText, at: EpochMillis },
  AssignCard: { ...facilitator, cardId: Id, themeId: Id, at: EpochMillis },
  UnassignCard: { ...facilitator, cardId: Id, at: EpochMillis },
  MergeThemes: { ...facilitator, sourceThemeId: Id, targetThemeId: Id, at: EpochMillis },
  SplitTheme: { ...facilitator, themeId: Id, newThemeId: Id, name: NameText, cardIds: Schema.NonEmptyArray(Id).pipe(Schema.check(Schema.isMaxLength(1000))), at: EpochMillis },
  CastVote: { secret: Secret, themeId: Id, at: EpochMillis },
  RetractVote: { secret: Secret, themeId: Id, at: EpochMillis },
  FocusTheme: { ...facilitator, themeId: Id, at: EpochMillis },
  RecordOptimizingFor: { ...facilitator, themeId: Id, side: Side, text: NoteText, at: EpochMillis },
  AddHandoffNote: { ...facilitator, themeId: Id, noteId: Id, text: NoteText, at: EpochMillis },
  AddInformationGap: { ...facilitator, themeId: Id, noteId: Id, side: Side, text: NoteText, at: EpochMillis },
  /**
   * Corrects the text of a handoff note or an information gap of the theme (a gap keeps its side).
   * Named by theme and note: note ids are unique within a theme, not across a retro.
   */
  EditDiscussionNote: { ...facilitator, themeId: Id, noteId: Id, text: NoteText, at: EpochMillis },
  /** Takes a handoff note or an information gap of the theme back. */
  RemoveDiscussionNote: { ...facilitator, themeId: Id, noteId: Id, at: EpochMillis },
  AttachAccuracyReport: { ...facilitator, themeId: Id, report: EstimateAccuracyReport, at: EpochMillis },
  AcceptAgreement: { ...facilitator, agreementId: Id, agreement: AgreementDraft, at: EpochMillis },
  WithdrawAgreement: { ...facilitator, agreementId: Id, at: EpochMillis },
  ImportPreviousAgreements: {
    ...facilitator,
    fromRetroId: Id,
    fromRetroDate: IsoDate,
    agreements: Schema.Array(ImportedAgreementInput).pipe(Schema.check(Schema.isMaxLength(100))),
    at: EpochMillis
  },
  /**
   * Hands facilitation to someone else mid-retro: `newFacilitatorSecret`
   * (32 fresh CSPRNG bytes, minted by the server) becomes the only
   * facilitator secret; the old one stops working at once.
   */
  HandOverFacilitation: {
    ...facilitator,
    newFacilitatorSecret: Secret,
    facilitatorName: NameText,
    /** Set when the new facilitator belongs to one side (a warning, as at creation). */
    facilitatorSide: Schema.optional(Side),
    at: EpochMillis
  },
  /**
   * Gives the current part more time when its timebox runs out (or before).
   * `phase` is the phase the facilitator sees: a stale click fails instead of
   * extending the next part.
   */
  ExtendTimebox: { ...facilitator, phase: TimedPhase, minutes: TimeboxExtensionMinutes, at: EpochMillis },
  ReviewAgreement: {
    ...facilitator,
    agreementId: Id,
    outcome: AgreementOutcome,
    evidence: NoteText,
    at: EpochMillis
  }
})
/** @since 0.1.0 */
export type RetroCommand = typeof RetroCommand.Type
/** @since 0.1.0 */
export type RetroCommandTag = RetroCommand["_tag"]
