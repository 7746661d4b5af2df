/**
 * Range estimates, work types and units: the vocabulary of the estimate log.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The unit an estimate and its actual are counted in. Time units (minutes,
 * hours, days) share one calibration, since an item's error is the ratio
 * actual / likely in its own unit; points are a different world and never
 * meet time units in one calibration or comparison.
 *
 * @since 0.1.0
 */
export const EstimateUnit = Schema.Literals(["minutes", "hours", "days", "points"])
/** @since 0.1.0 */
export type EstimateUnit = typeof EstimateUnit.Type

/**
 * Which units may be calibrated together: `time` (minutes, hours, days) or `points`.
 *
 * @since 0.2.0
 */
export type EstimateUnitFamily = "time" | "points"

/** @since 0.2.0 */
export const estimateUnitFamily = (unit: EstimateUnit): EstimateUnitFamily => unit === "points" ? "points" : "time"

// Limits in characters count code points, as people do ("👩‍💻" is not four UTF-16 units to them);
// counting them is only ever laxer than the UTF-16 count the stored events were checked with.
const characters = (s: string): number => {
  let n = 0
  for (const _ of s) n++
  return n
}

/**
 * The person who gave an estimate, as the team's tracker names them
 * (1-128 characters, not blank). Optional everywhere: logs without people
 * simply do not get per-person calibration.
 *
 * @since 0.2.0
 */
export const Estimator = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) =>
    s.trim().length === 0 ? "an estimator must not be blank" : characters(s) > 128 ? "an estimator has at most 128 characters" : true
  ))
)
/** @since 0.2.0 */
export type Estimator = typeof Estimator.Type

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
      : characters(s) > 64
      ? "a work type has at most 64 characters"
      : true
  ))
)
/** @since 0.1.0 */
export type EstimateWorkType = typeof EstimateWorkType.Type

/**
 * Texts that exports write where a value is missing (`\N` from SQL dumps,
 * `NULL`, `N/A`, `#N/A`, `None`, `-` …). As a work type they would quietly
 * become a type of their own, so the importer rejects them row by row.
 *
 * @since 0.2.0
 */
export const isNullMarker = (raw: string): boolean =>
  /^(\\n|null|nil|none|n\/a|#n\/a|nan|undefined|-+|\?)$/i.test(raw.trim())

/**
 * A work type as commands take it: an {@link EstimateWorkType} that is not a
 * missing-value marker (`None`, `-`, `N/A` …), which the CSV importer
 * refuses, so that every log exports to a file that imports again. Stored
 * events keep {@link EstimateWorkType}.
 *
 * @since 0.2.0
 */
export const TypedEstimateWorkType = EstimateWorkType.pipe(
  Schema.check(Schema.makeFilter((s: string) =>
    isNullMarker(s) ? `"${s}" is a missing-value marker, not a work type; name the kind of work (a CSV import refuses it too)` : true
  ))
)

/**
 * Why a label cannot be a work type (blank, a null marker, padded, too
 * long), or `undefined` when it can. Labels are otherwise kept verbatim:
 * "Bug" and "bug fix" stay two types unless the team merges them.
 *
 * @since 0.2.0
 */
export const workTypeLabelProblem = (label: string): string | undefined =>
  label.trim().length === 0
    ? "a work type must not be blank"
    : isNullMarker(label)
    ? `"${label}" is a missing-value marker, not a work type; fill in the type or drop the row`
    : label.trim() !== label
    ? `work type "${label}" has leading or trailing spaces; trim it`
    : characters(label) > 64
    ? "a work type has at most 64 characters"
    : undefined

/**
 * The key under which look-alike labels are suggested as one group: case,
 * spacing, `_`/`-` and a plural "s" ignored ("Bug Fix", "bug_fix",
 * "bug-fixes" share a key). Used only to suggest groupings, never to merge.
 *
 * @since 0.2.0
 */
export const workTypeLookAlikeKey = (label: string): string =>
  label.trim().toLowerCase().replace(/[\s_-]+/g, "").replace(/(x|ch|sh|ss)es$/, "$1").replace(/([^s])s$/, "$1")

/**
 * A suggestion that some labels may name one work type. RetroBridge never
 * applies it: the team decides, and re-imports with the labels it chose.
 *
 * @since 0.2.0
 */
export interface WorkTypeGroupSuggestion {
  /** The labels that look alike, most frequent first. */
  readonly labels: ReadonlyArray<string>
  /** Items per label, same order. */
  readonly counts: ReadonlyArray<number>
  readonly reason: string
}

/**
 * Suggests groups of look-alike work-type labels (see
 * {@link workTypeLookAlikeKey}), largest group first. Labels are counted as
 * given; nothing is changed.
 *
 * @since 0.2.0
 */
export const suggestWorkTypeGroups = (labels: Iterable<string>): Array<WorkTypeGroupSuggestion> => {
  const counts = new Map<string, number>()
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1)
  const groups = new Map<string, Array<string>>()
  for (const label of counts.keys()) {
    const key = workTypeLookAlikeKey(label)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [label])
    else group.push(label)
  }
  const out: Array<WorkTypeGroupSuggestion> = []
  for (const group of groups.values()) {
    if (group.length < 2) continue
    group.sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1))
    const n = group.map((l) => counts.get(l)!)
    out.push({
      labels: group,
      counts: n,
      reason: `${group.map((l, i) => `"${l}" (${n[i]})`).join(", ")} differ only in case, spacing, "_"/"-" or a plural; if they are one type, relabel them before importing. Kept apart until then.`
    })
  }
  return out.sort((a, b) => b.counts.reduce((x, y) => x + y, 0) - a.counts.reduce((x, y) => x + y, 0))
}

/** A strictly positive finite amount of effort: what stored events hold. */
const PositiveEffort = Schema.Finite.pipe(Schema.check(Schema.isGreaterThan(0, { expected: "an effort greater than 0" })))

/**
 * The efforts commands accept, in the item's own unit: 0.001 to 1,000,000.
 *
 * No real estimate or actual lies outside — 0.001 hours is under 4 seconds,
 * 1,000,000 minutes two working decades — yet any two efforts inside are at
 * most a factor 10⁹ apart, so every ratio (actual / likely, MRE, range
 * width), logarithm (|ln| ≤ 21) and calibrated product (likely · e^(log
 * interval)) the reports compute stays finite. Without it, one item of
 * `{ likely: 1e-300 }` finished at 1.7e308 made every report of the team
 * non-finite. Events recorded before the bounds keep the laxer
 * {@link StoredEstimateEffort}; reports and calibration leave such items out.
 *
 * @since 0.2.0
 */
export const estimateEffortBounds = { min: 0.001, max: 1_000_000 } as const

/** The bounds as people read them: `0.001–1,000,000`. @since 0.2.0 */
export const estimateEffortBoundsText = "0.001–1,000,000"

/** Whether an effort lies within {@link estimateEffortBounds} (both ends included). @since 0.2.0 */
export const isEffortWithinBounds = (effort: number): boolean =>
  effort >= estimateEffortBounds.min && effort <= estimateEffortBounds.max

/** What to do about an effort outside the bounds, for errors and import problems. */
const outOfBoundsAdvice = "no real estimate lies outside; correct the value, or give the item in a unit that brings it inside (hours instead of minutes, days instead of hours)"

/**
 * Why an effort cannot be recorded, or `undefined` when it can: the rule of
 * {@link EstimateEffort}, in words, for importers that report line by line.
 *
 * @since 0.2.0
 */
export const estimateEffortProblem = (effort: number): string | undefined =>
  !Number.isFinite(effort) || effort <= 0
    ? `${effort} is not a positive number`
    : isEffortWithinBounds(effort)
    ? undefined
    : `${effort} is outside the efforts RetroBridge records: each must be between 0.001 and 1,000,000 in the item's unit; ${outOfBoundsAdvice}`

const BoundedEffort = PositiveEffort.pipe(Schema.check(Schema.isBetween(
  { minimum: estimateEffortBounds.min, maximum: estimateEffortBounds.max },
  { expected: `an effort between 0.001 and 1,000,000 in the item's unit (${outOfBoundsAdvice})` }
)))

/**
 * An amount of effort as commands accept it (an estimate bound or an
 * actual): between 0.001 and 1,000,000 in the item's unit, see
 * {@link estimateEffortBounds}.
 *
 * @since 0.1.0
 */
export const EstimateEffort = BoundedEffort
/** @since 0.1.0 */
export type EstimateEffort = typeof EstimateEffort.Type

/**
 * An amount of effort as stored events hold it: any positive finite number,
 * so that events recorded before {@link estimateEffortBounds} still load.
 *
 * @since 0.2.0
 */
export const StoredEstimateEffort = PositiveEffort

type RangeShape = { readonly best?: number; readonly likely: number; readonly worst?: number }

const rangeOf = (effort: typeof PositiveEffort) =>
  Schema.Struct({
    best: Schema.optionalKey(effort),
    likely: effort,
    worst: Schema.optionalKey(effort)
  }).pipe(
    Schema.check(Schema.makeFilter((r: RangeShape) => {
      if (r.best === undefined && r.worst === undefined) return undefined
      if (r.best === undefined || r.worst === undefined) {
        return "give both best and worst case, or neither for a single-point estimate"
      }
      if (r.best > r.likely) return { path: ["best"], issue: `best case ${r.best} is above likely ${r.likely}; a range needs best ≤ likely ≤ worst` }
      if (r.likely > r.worst) return { path: ["worst"], issue: `worst case ${r.worst} is below likely ${r.likely}; a range needs best ≤ likely ≤ worst` }
      return undefined
    }))
  )

/**
 * A range estimate as commands and queries accept it: best case ≤ likely ≤
 * worst case, each between 0.001 and 1,000,000 (see {@link EstimateEffort}).
 * A single-point estimate is `{ likely }` alone (best and worst are then the
 * likely value) — allowed, but flagged by {@link isSinglePointEstimate}
 * because a point carries no statement of uncertainty.
 *
 * @since 0.1.0
 */
export const EstimateRange = rangeOf(BoundedEffort)
/** @since 0.1.0 */
export type EstimateRange = typeof EstimateRange.Type

/**
 * A range estimate as stored events hold it: {@link EstimateRange} with any
 * positive finite efforts, so that events recorded before
 * {@link estimateEffortBounds} still load.
 *
 * @since 0.2.0
 */
export const StoredEstimateRange = rangeOf(PositiveEffort)

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
