/**
 * What keeps a live retro moving: the ready check ("I'm done writing"),
 * handing facilitation to someone else, and extending a part whose timebox
 * ran out; and finding last quarter's agreements to review. Decided here, folded by `evolveRetro`, shown by the views.
 *
 * @since 0.2.0
 */
import { Result, Schema } from "effect"
import { EstimateMetric } from "../estimates/index.ts"
import { dayNumber, fromDayNumber } from "../Primitives.ts"
import { InvalidSecret, isSecret, readinessMark, readinessOf, readyMarksPerParticipant, secretVerifier } from "./Anonymity.ts"
import type { ImportedAgreement, RetroCommand } from "./RetroCommand.ts"
import { PhaseMismatch, RetroRuleViolated } from "./RetroError.ts"
import type { RetroEvent } from "./RetroEvent.ts"
import { maxTimeboxMinutes, phaseStartedAt, retroPhaseRules, timeboxExtensionMinutes } from "./RetroPolicy.ts"
import { type ActiveRetro, emptyReadyCheck } from "./RetroState.ts"

const isMetric = Schema.is(EstimateMetric)

/**
 * How far ahead of the clock a retro may be dated: 26 weeks, two quarters,
 * so the next quarterly retro can be set up at the end of this one even when
 * it falls a few weeks late, but a date a year out (the usual slip of the
 * year) cannot; plus one day, because the date is the team's local day and
 * the clock's is UTC's.
 *
 * @since 0.2.0
 */
export const retroDateMaxDaysAhead = 26 * 7 + 1

/**
 * `CreateRetro`'s date against its clock (decision 0008). A retro dated
 * further ahead is a typo or a plan, not a retro: once created it would sort
 * last in the team's history, anchor its agreements' time box in the wrong
 * quarter and keep the retros held before its date from importing its
 * agreements, and a retro's date never changes. An earlier date is taken as
 * given.
 *
 * @since 0.2.0
 */
export const checkRetroDate = (date: string, at: number): RetroRuleViolated | undefined => {
  const latest = Math.floor(at / 86_400_000) + retroDateMaxDaysAhead
  if (dayNumber(date) <= latest) return undefined
  const latestDate = fromDayNumber(latest)
  return new RetroRuleViolated({
    rule: "retro-date-not-far-ahead",
    detail: `The retro is dated ${date}, more than 26 weeks ahead: a retro created now can be dated ${latestDate} at the latest. Check the year, or create the retro nearer the day it is held.`
  })
}

type Flow<E> = Result.Result<ReadonlyArray<RetroEvent>, E>

/**
 * A participant's readiness in the retro's current ready-check round, found
 * from their secret (nobody else can find it).
 *
 * @since 0.2.0
 */
export const participantReadiness = (state: ActiveRetro, secret: string) => {
  const check = state.readyCheck ?? emptyReadyCheck
  const retroId = state.details.retroId
  return readinessOf((kind, n) => readinessMark(secret, retroId, check.round, kind, n), check)
}

/**
 * `SetReady`: says "done" or takes it back with a fresh one-time mark. The
 * caller is a participant (checked by the decider). Saying what is already
 * so changes nothing, so a retried click is harmless. Writing a card never
 * changes readiness: an undo emitted with a card would tie the two.
 *
 * @since 0.2.0
 */
export const decideSetReady = (state: ActiveRetro, command: Extract<RetroCommand, { _tag: "SetReady" }>): Flow<RetroRuleViolated> => {
  const { ready, marked, undone } = participantReadiness(state, command.secret)
  if (ready === command.ready) return Result.succeed([])
  const check = state.readyCheck ?? emptyReadyCheck
  const retroId = state.details.retroId
  if (command.ready) {
    if (marked >= readyMarksPerParticipant) {
      return Result.fail(new RetroRuleViolated({
        rule: "ready-mark-limit",
        detail: `You said you were done ${readyMarksPerParticipant} times in this ready check already. Say so once you have finished writing; the facilitator sees only how many are done.`
      }))
    }
    return Result.succeed([{ _tag: "ReadyMarked", mark: readinessMark(command.secret, retroId, check.round, "ready", marked) }])
  }
  return Result.succeed([{ _tag: "ReadyUnmarked", mark: readinessMark(command.secret, retroId, check.round, "undo", undone) }])
}

/**
 * What removing a participant does to the ready check: while it runs and
 * someone said they were done, it starts over, since nobody can tell whether the leaver's
 * mark was among them (by design).
 *
 * @since 0.2.0
 */
export const readyCheckAfterRemoval = (state: ActiveRetro): ReadonlyArray<RetroEvent> => {
  const check = state.readyCheck ?? emptyReadyCheck
  return check.marks.size > 0 && retroPhaseRules[state.phase].allows.includes("SetReady") ? [{ _tag: "ReadyCheckReset" }] : []
}

/**
 * `HandOverFacilitation`: the new secret replaces the facilitator's (the
 * caller is the current facilitator, checked by the decider). A secret in
 * use in this retro, the current facilitator's included, is refused.
 *
 * @since 0.2.0
 */
export const decideHandOver = (
  state: ActiveRetro,
  command: Extract<RetroCommand, { _tag: "HandOverFacilitation" }>
): Flow<InvalidSecret | RetroRuleViolated> => {
  if (!isSecret(command.newFacilitatorSecret)) return Result.fail(new InvalidSecret({ field: "newFacilitatorSecret" }))
  const hash = secretVerifier(command.newFacilitatorSecret, state.details.retroId)
  if (hash === state.details.facilitatorTokenHash || state.participants.some((p) => p.tokenHash === hash)) {
    return Result.fail(new RetroRuleViolated({
      rule: "unique-secret",
      detail: "The new facilitator's secret is already in use in this retro. Generate a fresh random secret for the new facilitator."
    }))
  }
  return Result.succeed([{
    _tag: "FacilitationHandedOver",
    facilitatorName: command.facilitatorName,
    facilitatorSide: command.facilitatorSide,
    facilitatorTokenHash: hash,
    at: command.at
  }])
}

/**
 * `ExtendTimebox`: more minutes for the current part, when the facilitator
 * and the room decide to take them instead of moving on.
 *
 * @since 0.2.0
 */
export const decideExtendTimebox = (
  state: ActiveRetro,
  command: Extract<RetroCommand, { _tag: "ExtendTimebox" }>
): Flow<PhaseMismatch | RetroRuleViolated> => {
  if (command.phase !== state.phase) return Result.fail(new PhaseMismatch({ requestedFrom: command.phase, actual: state.phase, command: command._tag }))
  if (command.at < phaseStartedAt(state)) {
    return Result.fail(new RetroRuleViolated({
      rule: "time-goes-forward",
      detail: `ExtendTimebox carries a time earlier than the start of ${state.phase}. Send the current time.`
    }))
  }
  const planned = state.settings.timeboxes[command.phase]
  const current = planned + timeboxExtensionMinutes(state, command.phase)
  if (current + command.minutes > maxTimeboxMinutes) {
    return Result.fail(new RetroRuleViolated({
      rule: "timebox-extension-bounded",
      detail: `${command.phase} already has ${current} minutes (${planned} planned); ${command.minutes} more would pass the ${maxTimeboxMinutes}-minute limit of a part. Extend by at most ${
        Math.max(0, maxTimeboxMinutes - current)
      } minutes, or move on.`
    }))
  }
  return Result.succeed([{ _tag: "TimeboxExtended", phase: command.phase, minutes: command.minutes, at: command.at }])
}

/**
 * What reviewing last quarter's agreements inside this retro imports: the
 * agreements accepted in the team's previous retro, as
 * `ImportPreviousAgreements` takes them. The previous retro is the one this
 * retro names (`previousRetro`), or else the team's latest retro dated
 * before this one; `teamRetros` are the team's retros (others are ignored).
 *
 * @since 0.2.0
 */
export const followUpFromPreviousRetro = (
  current: ActiveRetro,
  teamRetros: ReadonlyArray<ActiveRetro>
): Result.Result<{ readonly fromRetroId: string; readonly fromRetroDate: string; readonly agreements: ReadonlyArray<ImportedAgreement> }, RetroRuleViolated> => {
  const named = current.details.previousRetro
  const candidates = teamRetros.filter((r) =>
    r.details.teamId === current.details.teamId && r.details.retroId !== current.details.retroId && r.details.date < current.details.date
  )
  const previous = named !== undefined
    ? candidates.find((r) => r.details.retroId === named.retroId && r.details.date === named.date)
    : candidates.reduce<ActiveRetro | undefined>(
      (latest, r) =>
        latest === undefined || r.details.date > latest.details.date ||
          (r.details.date === latest.details.date && r.details.createdAt > latest.details.createdAt)
          ? r
          : latest,
      undefined
    )
  if (previous === undefined) {
    return Result.fail(new RetroRuleViolated({
      rule: "previous-retro-exists",
      detail: named !== undefined
        ? `This retro follows retro ${named.retroId} of ${named.date}, which this team does not have (or not at that date). Import its agreements by hand with ImportPreviousAgreements.`
        : `The team has no retro dated before ${current.details.date}: there are no earlier agreements to review.`
    }))
  }
  // Each agreement is reviewed once, at the next retro: another retro already imported these.
  const reviewedIn = candidates.find((r) => r.importedFrom?.retroId === previous.details.retroId && r.importedFrom.date === previous.details.date)
  if (reviewedIn !== undefined) {
    return Result.fail(new RetroRuleViolated({
      rule: "previous-agreements-reviewed-once",
      detail: `The agreements of retro ${previous.details.retroId} (${previous.details.date}) were already taken up for review in retro ${reviewedIn.details.retroId} (${reviewedIn.details.date}); each agreement is reviewed once, at the next retro. Review the agreements of ${reviewedIn.details.retroId} instead: name it as this retro's previous retro, or name none.`
    }))
  }
  if (previous.agreements.length === 0) {
    return Result.fail(new RetroRuleViolated({
      rule: "previous-retro-has-agreements",
      detail: `The previous retro (${previous.details.retroId}, ${previous.details.date}) has no agreements (it ended without any, or has not reached them yet): there is nothing to review. Note that in this retro's discussion instead.`
    }))
  }
  const themeName = new Map(previous.themes.map((t) => [t.themeId, t.name]))
  return Result.succeed({
    fromRetroId: previous.details.retroId,
    fromRetroDate: previous.details.date,
    agreements: previous.agreements.map(({ agreementId, agreement }): ImportedAgreement => {
      const theme = agreement.themeId === undefined ? undefined : themeName.get(agreement.themeId)
      return {
        agreementId,
        statement: agreement.statement,
        commitments: agreement.commitments.map((c) => ({ side: c.side, text: c.text })),
        ...(agreement.signal === undefined ? {} : { signal: agreement.signal }),
        reviewBy: agreement.reviewBy,
        ...(theme === undefined ? {} : { themeName: theme }),
        ...(agreement.metric !== undefined && isMetric(agreement.metric) ? { metric: agreement.metric } : {})
      }
    })
  })
}
