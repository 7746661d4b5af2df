/**
 * Estimate-accuracy reports: how well a team's estimates matched the
 * actuals, for any slice of its log, with a per-quarter trend and the work
 * types it consistently misjudges.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { IsoDate, nextQuarter, quarterBounds, quarterOf, Side } from "../Primitives.ts"
import {
  Count,
  DefaultEstimateMinSample,
  EstimateAccuracySummary,
  summarizeEstimateSamples
} from "./AccuracySummary.ts"
import { type EstimateSample, isEstimateSampleWithinBounds } from "./EstimateSample.ts"
import { estimateDayOf } from "./EstimateTime.ts"
import { estimateEffortBoundsText, EstimateUnit } from "./Range.ts"

const Quarter = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^\d{4}-Q[1-4]$/, { expected: "a quarter such as 2026-Q3" }))
)

/**
 * Which items a report covers. `unit` is required because effort in hours,
 * days and points is never compared. Dates filter on the completion date;
 * `quarter` is a shorthand for its first and last day.
 *
 * @since 0.1.0
 */
export const EstimateReportSlice = Schema.Struct({
  unit: EstimateUnit,
  teamId: Schema.optionalKey(Schema.String),
  workTypes: Schema.optionalKey(Schema.Array(Schema.String)),
  quarter: Schema.optionalKey(Quarter),
  from: Schema.optionalKey(IsoDate),
  to: Schema.optionalKey(IsoDate),
  estimatedBy: Schema.optionalKey(Side)
})
/** @since 0.1.0 */
export type EstimateReportSlice = typeof EstimateReportSlice.Type

/**
 * What the data says about one work type.
 *
 * @since 0.1.0
 */
export const EstimateWorkTypeVerdict = Schema.Literals(["underestimated", "overestimated", "no consistent bias", "not enough data"])
/** @since 0.1.0 */
export type EstimateWorkTypeVerdict = typeof EstimateWorkTypeVerdict.Type

/**
 * Accuracy of one work type within the slice, with its verdict and the
 * evidence in words.
 *
 * @since 0.1.0
 */
export const EstimateWorkTypeAccuracy = Schema.Struct({
  workType: Schema.String,
  summary: EstimateAccuracySummary,
  verdict: EstimateWorkTypeVerdict,
  evidence: Schema.String
})
/** @since 0.1.0 */
export type EstimateWorkTypeAccuracy = typeof EstimateWorkTypeAccuracy.Type

/** @since 0.1.0 */
export const EstimateQuarterAccuracy = Schema.Struct({
  quarter: Quarter,
  summary: EstimateAccuracySummary
})
/** @since 0.1.0 */
export type EstimateQuarterAccuracy = typeof EstimateQuarterAccuracy.Type

/**
 * The accuracy report of a slice: overall figures, per work type (with the
 * consistently misjudged types named), and the per-quarter trend (by
 * completion quarter, gaps filled with empty quarters). JSON-encodable, so a
 * retro can carry it inside an event.
 *
 * @since 0.1.0
 */
export const EstimateAccuracyReport = Schema.Struct({
  slice: EstimateReportSlice,
  minSample: Count,
  summary: EstimateAccuracySummary,
  byWorkType: Schema.Array(EstimateWorkTypeAccuracy),
  misjudgedWorkTypes: Schema.Array(EstimateWorkTypeAccuracy),
  trend: Schema.Array(EstimateQuarterAccuracy),
  notes: Schema.Array(Schema.String)
})
/** @since 0.1.0 */
export type EstimateAccuracyReport = typeof EstimateAccuracyReport.Type

/**
 * Whether a sample falls inside a slice.
 *
 * @since 0.1.0
 */
export const isInEstimateSlice = (slice: EstimateReportSlice, sample: EstimateSample): boolean => {
  if (sample.unit !== slice.unit) return false
  if (slice.teamId !== undefined && sample.teamId !== slice.teamId) return false
  if (slice.workTypes !== undefined && !slice.workTypes.includes(sample.workType)) return false
  if (slice.estimatedBy !== undefined && sample.estimatedBy !== slice.estimatedBy) return false
  // Slices are calendar days: a date-time counts on the day it names.
  const day = estimateDayOf(sample.completedOn)
  if (slice.quarter !== undefined) {
    const { end, start } = quarterBounds(slice.quarter)
    if (day < start || day > end) return false
  }
  if (slice.from !== undefined && day < slice.from) return false
  if (slice.to !== undefined && day > slice.to) return false
  return true
}

const pct = (x: number): string => `${Math.round(x * 100)}%`
const times = (x: number): string => `×${x.toFixed(2)}`

const judgeWorkType = (
  workType: string,
  summary: EstimateAccuracySummary,
  minSample: number
): EstimateWorkTypeAccuracy => {
  if (summary.status === "not-enough-data" || summary.bias === null) {
    return {
      workType,
      summary,
      verdict: "not enough data",
      evidence: `${summary.count} completed item${summary.count === 1 ? "" : "s"}; at least ${minSample} are needed to judge ${workType}.`
    }
  }
  const b = summary.bias
  const o = summary.overrun
  const median = `median actual/likely ${times(b.median)} (${pct(b.level)} interval ${times(b.low)}–${times(b.high)}, n = ${summary.count})`
  if (o === null || o.count < minSample) {
    return {
      workType,
      summary,
      verdict: "not enough data",
      evidence: `${workType}: only ${o?.count ?? 0} items whose actual differs from the estimate (the rest were booked exactly as estimated); at least ${minSample} are needed. ${median}.`
    }
  }
  const signs = `${pct(o.share)} of the ${o.count} items that did not land exactly on the estimate overran (95% interval ${pct(o.low)}–${pct(o.high)})`
  // "Consistently" means the whole interval of the overrun share lies on one side of a half: a
  // sign test, which, unlike the median, is not masked by actuals booked exactly at the estimate.
  if (o.low > 0.5) {
    return { workType, summary, verdict: "underestimated", evidence: `${workType} takes longer than estimated: ${signs}; ${median}.` }
  }
  if (o.high < 0.5) {
    return { workType, summary, verdict: "overestimated", evidence: `${workType} takes less than estimated: ${signs}; ${median}.` }
  }
  return { workType, summary, verdict: "no consistent bias", evidence: `No consistent bias for ${workType}: ${signs}; ${median}.` }
}

/**
 * Builds the accuracy report of a slice of completed samples (see
 * {@link estimateSamplesOf}). Runs in O(n log n): one partition by type and
 * by quarter, one sort per group.
 *
 * @since 0.1.0
 */
export const accuracyReport = (
  samples: ReadonlyArray<EstimateSample>,
  slice: EstimateReportSlice,
  options: { readonly minSample?: number } = {}
): EstimateAccuracyReport => {
  const minSample = options.minSample ?? DefaultEstimateMinSample
  const inSlice: Array<EstimateSample> = []
  const byType = new Map<string, Array<EstimateSample>>()
  const byQuarter = new Map<string, Array<EstimateSample>>()
  const outOfBounds: Array<string> = []
  for (const s of samples) {
    if (!isInEstimateSlice(slice, s)) continue
    // Only events recorded before the effort bounds hold such items; one of them made every figure infinite.
    if (!isEstimateSampleWithinBounds(s)) {
      outOfBounds.push(s.itemId)
      continue
    }
    inSlice.push(s)
    const t = byType.get(s.workType)
    if (t === undefined) byType.set(s.workType, [s])
    else t.push(s)
    const quarter = quarterOf(estimateDayOf(s.completedOn))
    const q = byQuarter.get(quarter)
    if (q === undefined) byQuarter.set(quarter, [s])
    else q.push(s)
  }
  const summary = summarizeEstimateSamples(inSlice, minSample)
  const byWorkType = [...byType.entries()]
    .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    .map(([workType, items]) => judgeWorkType(workType, summarizeEstimateSamples(items, minSample), minSample))
  // Biggest misjudgement first, so a retro reads the worst offender first.
  const misjudgedWorkTypes = byWorkType
    .filter((w) => w.verdict === "underestimated" || w.verdict === "overestimated")
    .sort((a, b) => Math.abs((b.summary.overrun?.share ?? 0.5) - 0.5) - Math.abs((a.summary.overrun?.share ?? 0.5) - 0.5))
  const quarters = [...byQuarter.keys()].sort()
  const trend: Array<EstimateQuarterAccuracy> = []
  const first = quarters[0]
  const last = quarters[quarters.length - 1]
  if (first !== undefined && last !== undefined) {
    for (let q = first; q <= last; q = nextQuarter(q)) {
      trend.push({ quarter: q, summary: summarizeEstimateSamples(byQuarter.get(q) ?? [], minSample) })
    }
  }
  const notes: Array<string> = []
  if (outOfBounds.length > 0) {
    const n = outOfBounds.length
    const listed = n <= 10 ? outOfBounds.join(", ") : `${outOfBounds.slice(0, 10).join(", ")} and ${n - 10} more`
    notes.push(
      `${n} completed item${n === 1 ? " has an effort" : "s have efforts"} outside ${estimateEffortBoundsText} (recorded before efforts were bounded) and ${n === 1 ? "is" : "are"} left out (${listed}).`
    )
  }
  if (summary.status === "not-enough-data") {
    notes.push(
      `Not enough data: ${summary.count} completed item${summary.count === 1 ? "" : "s"} in this slice; at least ${minSample} are needed before accuracy figures mean anything.`
    )
  }
  if (summary.exactShare !== null && summary.exactShare >= 0.2) {
    notes.push(
      `${pct(summary.exactShare)} of actuals equal the likely estimate exactly, which usually means time was booked as estimated. The median bias cannot see past those items; the verdicts per work type use the overrun share of the other items instead.`
    )
  }
  // Two reasons, two notes: a work type with 12 completed items, most booked exactly at the
  // estimate, is short of items that differ, not of completed items, and its own evidence says so.
  const unjudged = byWorkType.filter((w) => w.verdict === "not enough data")
  const fewItems = unjudged.filter((w) => w.summary.count < minSample).map((w) => w.workType)
  const fewDiffering = unjudged.filter((w) => w.summary.count >= minSample).map((w) => w.workType)
  if (fewItems.length > 0 && summary.status === "ok") {
    notes.push(`Not enough data to judge ${fewItems.join(", ")} on its own (fewer than ${minSample} completed items each).`)
  }
  if (fewDiffering.length > 0 && summary.status === "ok") {
    notes.push(
      `Not enough data to judge ${fewDiffering.join(", ")} on its own (at least ${minSample} completed items each, but fewer than ${minSample} whose actual differs from the estimate).`
    )
  }
  for (const w of misjudgedWorkTypes) notes.push(w.evidence)
  return { slice, minSample, summary, byWorkType, misjudgedWorkTypes, trend, notes }
}
