/**
 * Agreements: the retro's output. An agreement is only worth reviewing next
 * quarter if it is bilateral (both sides change something), observable (anyone
 * can tell whether it is happening) and time-boxed (reviewed at most one
 * quarter, 13 weeks, after the retro). This module states those rules once, reports
 * every breach at once with a message that says what to do, and mints
 * {@link ValidAgreement} only for drafts that pass.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { dayNumber, fromDayNumber, isBlankToAReader, IsoDate, Side, Sides, Text, textLimits, TypedDraftText } from "../Primitives.ts"
import { findAgreementAnchors, findUnanchoredVagueWording } from "./Wording.ts"

/**
 * One side's promise inside an agreement.
 *
 * @since 0.1.0
 */
export const AgreementCommitment = Schema.Struct({
  side: Side,
  text: Text
})

// What a draft's texts may hold as typed: blank is left to validateAgreement, which explains it
// together with every other violation; length, control characters and broken Unicode are refused up front.
const DraftText = TypedDraftText(textLimits.agreement)
/** @since 0.1.0 */
export type AgreementCommitment = typeof AgreementCommitment.Type

/**
 * An agreement as proposed in the room, not yet validated.
 *
 * - `signal`: how anyone can tell the agreement is being kept.
 * - `reviewBy`: the date it will be reviewed (normally the next retro).
 * - `themeId`: the retro theme it came out of, if any.
 * - `metric`: name of an estimate-accuracy metric (e.g. `hitRate`) that will
 *   show whether it is kept; the estimates area owns the metric names.
 *
 * @since 0.1.0
 */
export const AgreementDraft = Schema.Struct({
  statement: DraftText,
  commitments: Schema.Array(Schema.Struct({ side: Side, text: DraftText })).pipe(Schema.check(Schema.isMaxLength(20))),
  signal: Schema.optional(DraftText),
  reviewBy: IsoDate,
  themeId: Schema.optional(Schema.String.pipe(Schema.check(Schema.isMaxLength(128)))),
  metric: Schema.optional(Schema.String.pipe(Schema.check(Schema.isMaxLength(64))))
})

// The fields as events store them: as lax as they were when the first agreements were
// stored, so that tightening what commands accept never makes a stored retro unreadable.
const storedAgreementFields = {
  statement: Text,
  commitments: Schema.Array(AgreementCommitment),
  signal: Schema.optional(Schema.String),
  reviewBy: IsoDate,
  themeId: Schema.optional(Schema.String),
  metric: Schema.optional(Schema.String)
}
/** @since 0.1.0 */
export type AgreementDraft = typeof AgreementDraft.Type

/**
 * Why a draft is not (yet) an acceptable agreement.
 *
 * | code | field | rule |
 * | --- | --- | --- |
 * | `blank-statement` | `statement` | the statement must not be blank |
 * | `blank-commitment` | `commitments[i].text` | every listed commitment must say something |
 * | `not-bilateral` | `commitments` | at least one non-blank commitment from product AND from engineering |
 * | `no-signal` | `signal` | a non-blank signal must say how anyone can tell it is happening |
 * | `signal-not-concrete` | `signal` | the signal must contain a number, a frequency or an artefact |
 * | `vague-wording` | `statement`, `signal` or `commitments[i].text` | a vague phrase ("try to", "more often"…) in a field with no number, frequency or artefact; one violation per phrase |
 * | `invalid-review-date` | `reviewBy` | reviewBy must be a real `YYYY-MM-DD` day |
 * | `review-in-past` | `reviewBy` | reviewBy must be strictly after the decision day |
 * | `review-too-late` | `reviewBy` | reviewBy must be at most {@link agreementTimeboxDays} days (13 weeks) after the decision day |
 * | `invalid-decision-date` | `decidedOn` | the context's decision day is not a real day (a caller bug; fails closed) |
 *
 * @since 0.1.0
 */
export const AgreementViolationCode = Schema.Literals([
  "blank-statement",
  "blank-commitment",
  "not-bilateral",
  "no-signal",
  "signal-not-concrete",
  "vague-wording",
  "invalid-review-date",
  "review-in-past",
  "review-too-late",
  "invalid-decision-date"
])
/** @since 0.1.0 */
export type AgreementViolationCode = typeof AgreementViolationCode.Type

/**
 * One broken rule: a stable code for programs, the offending field path
 * (`statement`, `signal`, `reviewBy`, `commitments`, `commitments[2].text`,
 * `decidedOn`) and a sentence for people saying what is wrong and what to do.
 *
 * @since 0.1.0
 */
export const AgreementViolation = Schema.Struct({
  code: AgreementViolationCode,
  field: Schema.String,
  message: Schema.String
})
/** @since 0.1.0 */
export type AgreementViolation = typeof AgreementViolation.Type

/**
 * What validation needs to know besides the draft: the day the agreement is
 * decided (the retro's day), which anchors the time box.
 *
 * @since 0.1.0
 */
export interface AgreementContext {
  readonly decidedOn: IsoDate
}

const isRealDay = Schema.is(IsoDate)

/**
 * The method's time box: one quarter, counted as 13 weeks from the day the
 * agreement is made.
 *
 * @since 0.2.0
 */
export const agreementTimeboxDays = 91

/**
 * The dates an agreement decided on `decidedOn` may be reviewed by: from the
 * day after the decision to {@link agreementTimeboxDays} days (13 weeks)
 * after it.
 *
 * @since 0.1.0
 */
export const agreementReviewWindow = (decidedOn: IsoDate): { readonly earliest: IsoDate; readonly latest: IsoDate } => ({
  earliest: fromDayNumber(dayNumber(decidedOn) + 1),
  // Not the end of the next calendar quarter, as once: that gave a retro on a quarter's first day
  // two quarters and one on its last day one. The method's time box is one quarter from the retro.
  latest: fromDayNumber(dayNumber(decidedOn) + agreementTimeboxDays)
})

/**
 * The default review date: the end of the time box, one quarter (13 weeks)
 * after the decision, where the next quarterly retro falls.
 *
 * @since 0.1.0
 */
export const defaultAgreementReviewDate = (decidedOn: IsoDate): IsoDate => agreementReviewWindow(decidedOn).latest

// Blank as a reader sees it: a commitment of a zero-width space commits nobody to anything.
const isBlank = (s: string | undefined): boolean => s === undefined || isBlankToAReader(s)

const sideLabel = (side: Side): string => (side === "product" ? "product" : "engineering")

const vagueViolations = (field: string, label: string, text: string): ReadonlyArray<AgreementViolation> =>
  findUnanchoredVagueWording(text).map((phrase) => ({
    code: "vague-wording" as const,
    field,
    message: `${label} says "${phrase}" with no number, frequency or artefact to check it against. Replace it with something observable: how many, how often, or where it will be written down.`
  }))

/**
 * Every rule an agreement draft breaks, all at once; empty means valid.
 *
 * Rules (see {@link AgreementViolationCode} for the code of each):
 * - **Not blank**: the statement and every listed commitment say something.
 * - **Bilateral**: at least one non-blank commitment from product and one
 *   from engineering — an agreement changes both sides.
 * - **Observable**: a non-blank signal that itself contains a number, a
 *   frequency or an artefact (see `findAgreementAnchors`); and no field
 *   (statement, signal, any commitment) leans on vague wording ("try to",
 *   "better communication", "more often", "improve", "when possible"…, see
 *   `vagueAgreementPhrases`) unless that same field also carries a number, a
 *   frequency or an artefact. Each vague phrase is reported with its field.
 * - **Time-boxed**: `reviewBy` is strictly after `decidedOn` and at most
 *   13 weeks after it: one quarter, the next quarterly retro
 *   (see {@link agreementReviewWindow}).
 *
 * The draft need not have been decoded: blank texts and malformed dates are
 * reported as violations rather than thrown.
 *
 * @since 0.1.0
 */
export const validateAgreement = (draft: AgreementDraft, context: AgreementContext): ReadonlyArray<AgreementViolation> => {
  const out: Array<AgreementViolation> = []

  if (isBlank(draft.statement)) {
    out.push({
      code: "blank-statement",
      field: "statement",
      message: "The agreement has no statement. Write one sentence saying what will change, so the next retro knows what to review."
    })
  } else {
    out.push(...vagueViolations("statement", "The statement", draft.statement))
  }

  const present = new Set<Side>()
  draft.commitments.forEach((c, i) => {
    const field = `commitments[${i}].text`
    if (isBlank(c.text)) {
      out.push({
        code: "blank-commitment",
        field,
        message: `Commitment ${i + 1} (${sideLabel(c.side)}) is blank. Say what ${sideLabel(c.side)} will do, or remove it.`
      })
    } else {
      present.add(c.side)
      out.push(...vagueViolations(field, `Commitment ${i + 1} (${sideLabel(c.side)})`, c.text))
    }
  })
  const missing = Sides.filter((s) => !present.has(s))
  if (missing.length === 2) {
    out.push({
      code: "not-bilateral",
      field: "commitments",
      message: "Nobody commits to anything yet. Add at least one product commitment and one engineering commitment: a bilateral agreement changes both sides."
    })
  } else if (missing.length === 1) {
    const has = missing[0] === "product" ? "engineering" : "product"
    const lacks = missing[0] === "product" ? "product" : "engineering"
    out.push({
      code: "not-bilateral",
      field: "commitments",
      message: `Only ${has} commits to something. Add at least one ${lacks} commitment: a bilateral agreement changes both sides.`
    })
  }

  if (isBlank(draft.signal)) {
    out.push({
      code: "no-signal",
      field: "signal",
      message: "There is no signal. Say how anyone can tell the agreement is being kept, e.g. \"every epic in Jira has a complexity note\" or \"hit rate in the estimate-accuracy report, reviewed each retro\"."
    })
  } else {
    const signal = draft.signal as string
    if (findAgreementAnchors(signal).length === 0) {
      out.push({
        code: "signal-not-concrete",
        field: "signal",
        message: "The signal names no number, frequency or artefact, so nobody could check it. Point at something countable or visible: a ticket field, a report, a checklist, \"every sprint\", \"within 2 days\"."
      })
    }
    out.push(...vagueViolations("signal", "The signal", signal))
  }

  if (!isRealDay(context.decidedOn)) {
    out.push({
      code: "invalid-decision-date",
      field: "decidedOn",
      message: `The decision day "${context.decidedOn}" is not a real YYYY-MM-DD day, so the review window cannot be checked. Pass the retro's date.`
    })
  } else if (!isRealDay(draft.reviewBy)) {
    out.push({
      code: "invalid-review-date",
      field: "reviewBy",
      message: `The review date "${draft.reviewBy}" is not a real YYYY-MM-DD day. Pick the date of the next retro.`
    })
  } else {
    const { earliest, latest } = agreementReviewWindow(context.decidedOn)
    if (draft.reviewBy < earliest) {
      out.push({
        code: "review-in-past",
        field: "reviewBy",
        message: `The review date ${draft.reviewBy} is not after the decision day ${context.decidedOn}. Pick a date between ${earliest} and ${latest}, normally the next retro.`
      })
    } else if (draft.reviewBy > latest) {
      out.push({
        code: "review-too-late",
        field: "reviewBy",
        message: `The review date ${draft.reviewBy} is after ${latest}, one quarter (13 weeks) after ${context.decidedOn}. Time-box it to one quarter: review it by ${latest} at the latest, normally at the next retro.`
      })
    }
  }

  return out
}

/**
 * An agreement that passed {@link validateAgreement} on the day it was
 * decided, with that day recorded. Decoding it re-runs the same rules, so
 * there is no way to obtain one without validation.
 *
 * Note for event replay: decoding re-validates against the current rules; if
 * the vague-phrase list grows, an agreement accepted earlier may no longer
 * decode as `ValidAgreement`. Record accepted agreements in events as
 * {@link AcceptedAgreementRecord} (same fields, no re-validation) and treat
 * the event as the fact that validation once passed.
 *
 * @since 0.1.0
 */
export const ValidAgreement = Schema.Struct({
  ...storedAgreementFields,
  decidedOn: IsoDate
}).pipe(
  Schema.check(
    Schema.makeFilter((a) => {
      const violations = validateAgreement(a, { decidedOn: a.decidedOn })
      return violations.length === 0 ? true : violations.map((v) => v.message).join(" ")
    })
  ),
  Schema.brand("ValidAgreement")
)
/** @since 0.1.0 */
export type ValidAgreement = typeof ValidAgreement.Type

/**
 * The plain (unbranded) shape of an accepted agreement, for event payloads:
 * the draft's fields plus the day it was decided.
 *
 * @since 0.1.0
 */
export const AcceptedAgreementRecord = Schema.Struct({
  ...storedAgreementFields,
  decidedOn: IsoDate
})
/** @since 0.1.0 */
export type AcceptedAgreementRecord = typeof AcceptedAgreementRecord.Type

/**
 * A draft was refused: carries every violation; the message lists them all.
 *
 * @since 0.1.0
 */
export class AgreementInvalid extends Schema.TaggedError<AgreementInvalid>()("AgreementInvalid", {
  violations: Schema.Array(AgreementViolation)
}) {
  override get message(): string {
    const n = this.violations.length
    return `The agreement cannot be accepted (${n} problem${n === 1 ? "" : "s"}): ` +
      this.violations.map((v, i) => `${i + 1}. [${v.code} @ ${v.field}] ${v.message}`).join(" ")
  }
}

/**
 * The only way to a {@link ValidAgreement} besides decoding: validates the
 * draft against the decision day and returns every violation on failure.
 *
 * @since 0.1.0
 */
export const acceptAgreement = (
  draft: AgreementDraft,
  context: AgreementContext
): Result.Result<ValidAgreement, AgreementInvalid> => {
  const violations = validateAgreement(draft, context)
  return violations.length === 0
    ? Result.succeed({ ...draft, decidedOn: context.decidedOn } as ValidAgreement)
    : Result.fail(new AgreementInvalid({ violations }))
}
