/**
 * Range estimates, work types and units: the vocabulary of the estimate log.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The unit an estimate and its actual are counted in. Units are never mixed
 * within a comparison: reports and calibration always work on one unit.
 *
 * @since 0.1.0
 */
export const EstimateUnit = Schema.Literals(["hours", "days", "points"])
/** @since 0.1.0 */
export type EstimateUnit = typeof EstimateUnit.Type

/**
 * The work types every team starts with. Teams may add their own (any
 * non-blank label); these exist so that reports across teams line up.
 *
 * @since 0.1.0
 */
export const BuiltInWorkTypes = ["feature", "integration", "migration", "bug fix", "infrastructure", "research"] as const

/** @since 0.1.0 */
export type BuiltInWorkType = typeof BuiltInWorkTypes[number]

/**
 * A work type: one of {@link BuiltInWorkTypes} or a team's own label
 * (1-64 characters, not blank, no leading/trailing spaces, so that
 * "migration" and "migration " never become two types).
 *
 * @since 0.1.0
 */
export const EstimateWorkType = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) =>
    s.trim().length === 0
      ? "a work type must not be blank"
      : s.trim() !== s
      ? `work type "${s}" has leading or trailing spaces; trim it`
      : s.length > 64
      ? "a work type has at most 64 characters"
      : true
  ))
)
/** @since 0.1.0 */
export type EstimateWorkType = typeof EstimateWorkType.Type

/**
 * Maps the spellings found in spreadsheets ("Bug Fix", "bugfix", "bug_fix",
 * "Integrations") onto the built-in labels so imported history joins the
 * team's own log; unknown labels are only trimmed and lower-cased.
 *
 * @since 0.1.0
 */
export const normalizeWorkType = (raw: string): string => {
  const s = raw.trim().toLowerCase().replace(/[_-]+/g, " ").replace(/\s+/g, " ")
  const aliases: Record<string, BuiltInWorkType> = {
    "bugfix": "bug fix",
    "bug": "bug fix",
    "bugs": "bug fix",
    "bug fixes": "bug fix",
    "features": "feature",
    "integrations": "integration",
    "migrations": "migration",
    "infra": "infrastructure",
    "spike": "research"
  }
  return aliases[s] ?? s
}

/** A strictly positive finite amount of effort. */
const PositiveEffort = Schema.Finite.pipe(Schema.check(Schema.isGreaterThan(0, { expected: "an effort greater than 0" })))

/**
 * A positive, finite amount of effort (an estimate bound or an actual).
 *
 * @since 0.1.0
 */
export const EstimateEffort = PositiveEffort
/** @since 0.1.0 */
export type EstimateEffort = typeof EstimateEffort.Type

/**
 * A range estimate: best case ≤ likely ≤ worst case, all positive and finite.
 * A single-point estimate is `{ likely }` alone (best and worst are then the
 * likely value) — allowed, but flagged by {@link isSinglePointEstimate}
 * because a point carries no statement of uncertainty.
 *
 * @since 0.1.0
 */
export const EstimateRange = Schema.Struct({
  best: Schema.optionalKey(PositiveEffort),
  likely: PositiveEffort,
  worst: Schema.optionalKey(PositiveEffort)
}).pipe(
  Schema.check(Schema.makeFilter((r: { readonly best?: number; readonly likely: number; readonly worst?: number }) => {
    if (r.best === undefined && r.worst === undefined) return undefined
    if (r.best === undefined || r.worst === undefined) {
      return "give both best and worst case, or neither for a single-point estimate"
    }
    if (r.best > r.likely) return { path: ["best"], issue: `best case ${r.best} is above likely ${r.likely}; a range needs best ≤ likely ≤ worst` }
    if (r.likely > r.worst) return { path: ["worst"], issue: `worst case ${r.worst} is below likely ${r.likely}; a range needs best ≤ likely ≤ worst` }
    return undefined
  }))
)
/** @since 0.1.0 */
export type EstimateRange = typeof EstimateRange.Type

/** Best case of a range (the likely value for a single point). @since 0.1.0 */
export const estimateRangeBest = (range: EstimateRange): number => range.best ?? range.likely

/** Worst case of a range (the likely value for a single point). @since 0.1.0 */
export const estimateRangeWorst = (range: EstimateRange): number => range.worst ?? range.likely

/**
 * Whether an estimate is a single point: `{ likely }` alone or best = likely = worst.
 *
 * @since 0.1.0
 */
export const isSinglePointEstimate = (range: EstimateRange): boolean =>
  estimateRangeBest(range) === range.likely && estimateRangeWorst(range) === range.likely

/**
 * The PERT (beta) mean of the stated range, (best + 4·likely + worst) / 6.
 * It is the raw range's own expectation, before any calibration.
 *
 * @since 0.1.0
 */
export const pertMean = (range: EstimateRange): number => (estimateRangeBest(range) + 4 * range.likely + estimateRangeWorst(range)) / 6

/**
 * Relative width of a range, (worst − best) / likely; 0 for a single point.
 *
 * @since 0.1.0
 */
export const relativeRangeWidth = (range: EstimateRange): number => (estimateRangeWorst(range) - estimateRangeBest(range)) / range.likely
