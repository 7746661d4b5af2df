/**
 * Where the retro meets the other areas of the core: the theme catalogue,
 * agreement validation and estimate accuracy. Kept apart so the decider
 * reads as the method's rules and these read as the glue.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { acceptAgreement, type AgreementDraft, type AgreementInvalid } from "../agreements/index.ts"
import { type EstimateAccuracyReport, EstimateMetric } from "../estimates/index.ts"
import { builtInThemes } from "../themes/index.ts"
import { RetroRuleViolated } from "./RetroError.ts"
import type { RetroEvent } from "./RetroEvent.ts"
import type { ActiveRetro, RetroTheme } from "./RetroState.ts"

/** @since 0.1.0 */
export type RetroIntegrationError = AgreementInvalid | RetroRuleViolated

const normalize = (s: string): string => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, " ").trim()

/**
 * A theme name typed by the facilitator resolves to a built-in theme when it
 * is the built-in's key or name ("technical-debt", "Technical debt");
 * anything else is a custom theme.
 *
 * @since 0.1.0
 */
export const resolveThemeName = (name: string): { readonly name: string; readonly builtIn: string | undefined } => {
  const wanted = normalize(name)
  const builtIn = builtInThemes.find((t) => normalize(t.key) === wanted || normalize(t.name) === wanted)
  return builtIn === undefined ? { name: name.trim(), builtIn: undefined } : { name: builtIn.name, builtIn: builtIn.key }
}

const isMetric = Schema.is(EstimateMetric)

/**
 * Accepts an agreement only when it passes `validateAgreement` against the
 * retro's date, its theme exists and its metric (if any) is one the estimate
 * report measures.
 *
 * @since 0.1.0
 */
export const decideAgreementAcceptance = (
  state: ActiveRetro,
  agreementId: string,
  draft: AgreementDraft,
  at: number
): Result.Result<ReadonlyArray<RetroEvent>, RetroIntegrationError> => {
  if (draft.themeId !== undefined && !state.themes.some((t) => t.themeId === draft.themeId)) {
    return Result.fail(new RetroRuleViolated({
      rule: "agreement-theme-exists",
      detail: `The agreement names theme ${draft.themeId}, which this retro does not have. Use a theme id from the current view, or leave it out.`
    }))
  }
  if (draft.metric !== undefined && !isMetric(draft.metric)) {
    return Result.fail(new RetroRuleViolated({
      rule: "agreement-metric-known",
      detail: `"${draft.metric}" is not an estimate-accuracy metric. Use one of: ${EstimateMetric.literals.join(", ")}.`
    }))
  }
  const accepted = acceptAgreement(draft, { decidedOn: state.details.date })
  if (Result.isFailure(accepted)) return Result.fail(accepted.failure)
  return Result.succeed([{ _tag: "AgreementAccepted", agreementId, agreement: { ...accepted.success }, at }])
}

/**
 * Attaches an estimate-accuracy report to the "estimates and predictability"
 * theme, so the discussion starts from data instead of accusations.
 *
 * @since 0.1.0
 */
export const decideAccuracyReport = (
  theme: RetroTheme,
  report: EstimateAccuracyReport
): Result.Result<ReadonlyArray<RetroEvent>, RetroIntegrationError> => {
  if (theme.builtIn !== "estimates-predictability") {
    return Result.fail(new RetroRuleViolated({
      rule: "report-on-estimates-theme",
      detail: `An accuracy report belongs on the "estimates and predictability" theme, and ${theme.themeId} is "${theme.name}". Create or pick that theme.`
    }))
  }
  return Result.succeed([{ _tag: "AccuracyReportAttached", themeId: theme.themeId, report }])
}
