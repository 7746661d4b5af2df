/**
 * `@retrobridge/core/fp-ts`: the core's pure functions for code written with fp-ts —
 * deciders, agreement validation, the accuracy report and calibration returning fp-ts
 * `Either` and `Option` instead of Effect's `Result` and nullable figures.
 *
 * ```ts
 * import { decideRetro, validateAgreement } from "@retrobridge/core/fp-ts"
 * ```
 *
 * `fp-ts` (2.x) is an optional peer dependency of the core, needed only by this entry.
 *
 * @since 0.2.0
 */
import { either as E, option as O, readonlyArray as RA } from "fp-ts"
import type { readonlyNonEmptyArray as RNEA } from "fp-ts"
import { Result } from "effect"
import type * as Agreements from "../Agreements.ts"
import { acceptAgreement as acceptAgreementResult, validateAgreement as validateAgreementList } from "../agreements/Agreement.ts"
import type { Decider } from "../Decider.ts"
import type * as Estimates from "../Estimates.ts"
import { accuracyReport as accuracyReportOf } from "../estimates/AccuracyReport.ts"
import { calibrateEstimate } from "../estimates/Calibration.ts"
import { estimateLogDecider } from "../estimates/EstimateLogDecider.ts"
import type * as Retro from "../Retro.ts"
import { decideRetro as decideRetroResult } from "../retro/RetroDecider.ts"
import type * as Team from "../Team.ts"
import { decideTeam as decideTeamResult } from "../retro/Team.ts"

/**
 * An Effect `Result` as an fp-ts `Either`: failure on the left, success on the right.
 *
 * @since 0.2.0
 */
export const fromResult = <A, Err>(result: Result.Result<A, Err>): E.Either<Err, A> =>
  Result.isSuccess(result) ? E.right(result.success) : E.left(result.failure)

/**
 * Any decider's `decide`, returning `Either<Err, events>`.
 *
 * @since 0.2.0
 */
export const decideWith = <State, Command, Event, Err>(decider: Decider<State, Command, Event, Err>) =>
(command: Command, state: State): E.Either<Err, ReadonlyArray<Event>> => fromResult(decider.decide(command, state))

/**
 * `Retro.decide` as an `Either`: the new events on the right, a typed `Retro.Error` on the left.
 *
 * @since 0.2.0
 */
export const decideRetro = (command: Retro.Command, state: Retro.State): E.Either<Retro.Error, ReadonlyArray<Retro.Event>> =>
  fromResult(decideRetroResult(command, state))

/**
 * `Team.decide` as an `Either`.
 *
 * @since 0.2.0
 */
export const decideTeam = (command: Team.Command, state: Team.State): E.Either<Team.Error, ReadonlyArray<Team.Event>> =>
  fromResult(decideTeamResult(command, state))

/**
 * The estimate log's `decide` (`Estimates.logDecider`) as an `Either`.
 *
 * @since 0.2.0
 */
export const decideEstimateLog = (
  command: Estimates.LogCommand,
  state: Estimates.LogState
): E.Either<Estimates.LogError, ReadonlyArray<Estimates.LogEvent>> => fromResult(estimateLogDecider.decide(command, state))

/**
 * `Agreements.validate` as a validation: the draft on the right when it is bilateral,
 * observable and time-boxed; every violation (at least one) on the left otherwise.
 *
 * @since 0.2.0
 */
export const validateAgreement = (
  draft: Agreements.Draft,
  context: Agreements.Context
): E.Either<RNEA.ReadonlyNonEmptyArray<Agreements.Violation>, Agreements.Draft> => {
  const violations = validateAgreementList(draft, context)
  return RA.isNonEmpty(violations) ? E.left(violations) : E.right(draft)
}

/**
 * `Agreements.accept` as an `Either`: the valid agreement, or `Agreements.Invalid` listing why not.
 *
 * @since 0.2.0
 */
export const acceptAgreement = (
  draft: Agreements.Draft,
  context: Agreements.Context
): E.Either<Agreements.Invalid, Agreements.Valid> => fromResult(acceptAgreementResult(draft, context))

/**
 * `Estimates.accuracyReport`, or `none` when the slice has too few completed items to
 * say anything (the report's status "not-enough-data", where every figure is null).
 *
 * @since 0.2.0
 */
export const accuracyReport = (
  samples: ReadonlyArray<Estimates.Sample>,
  slice: Estimates.ReportSlice,
  options: { readonly minSample?: number } = {}
): O.Option<Estimates.AccuracyReport> => {
  const report = accuracyReportOf(samples, slice, options)
  return report.summary.status === "ok" ? O.some(report) : O.none
}

/**
 * `Estimates.calibrate`, or `none` when the team's history taught nothing about this
 * estimate (confidence "none": the calibrated range would only restate the raw one).
 *
 * @since 0.2.0
 */
export const calibrate = (
  history: ReadonlyArray<Estimates.Sample>,
  query: Estimates.CalibrationQuery,
  options: Estimates.CalibrationOptions = {}
): O.Option<Estimates.Calibrated> => {
  const calibrated = calibrateEstimate(history, query, options)
  return calibrated.confidence === "none" ? O.none : O.some(calibrated)
}
