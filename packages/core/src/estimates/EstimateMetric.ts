/**
 * The figures of an accuracy report that a retro agreement can name, how
 * to read them out of a report, and how to judge their change.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { EstimateAccuracyReport } from "./AccuracyReport.ts"
import { Count, type EstimateAccuracySummary, notEnoughEstimateData } from "./AccuracySummary.ts"

const pct = (x: number): string => `${Math.round(x * 100)}%`
const times = (x: number): string => `×${x.toFixed(2)}`

/**
 * A figure of the accuracy report that a retro agreement can name as its
 * measure ("engineers give ranges, PMs communicate the range" →
 * `singlePointShare` should fall, `hitRate` should rise).
 *
 * @since 0.1.0
 */
export const EstimateMetric = Schema.Literals(["hitRate", "bias", "mdmre", "pred25", "medianRangeWidth", "singlePointShare"])
/** @since 0.1.0 */
export type EstimateMetric = typeof EstimateMetric.Type

/** @since 0.1.0 */
export const EstimateMetrics: ReadonlyArray<EstimateMetric> = [
  "hitRate",
  "bias",
  "mdmre",
  "pred25",
  "medianRangeWidth",
  "singlePointShare"
]

/**
 * Which way is better for a metric: up, down, or towards 1 (bias).
 *
 * @since 0.1.0
 */
export type EstimateMetricDirection = "higher" | "lower" | "towards-one"

/** @since 0.1.0 */
export interface EstimateMetricDescription {
  readonly metric: EstimateMetric
  readonly name: string
  readonly definition: string
  readonly better: EstimateMetricDirection
}

const descriptions: Record<EstimateMetric, EstimateMetricDescription> = {
  hitRate: {
    metric: "hitRate",
    name: "Hit rate",
    definition: "Share of completed items whose actual landed inside the stated range [best, worst], both ends included.",
    better: "higher"
  },
  bias: {
    metric: "bias",
    name: "Bias",
    definition:
      "Median of actual ÷ likely, with a 95% distribution-free confidence interval. Above 1: work takes longer than estimated; below 1: less.",
    better: "towards-one"
  },
  mdmre: {
    metric: "mdmre",
    name: "MdMRE",
    definition: "Median magnitude of relative error, median of |actual − likely| ÷ actual.",
    better: "lower"
  },
  pred25: {
    metric: "pred25",
    name: "PRED(25)",
    definition: "Share of completed items whose likely estimate was within 25% of the actual (MRE ≤ 0.25).",
    better: "higher"
  },
  medianRangeWidth: {
    metric: "medianRangeWidth",
    name: "Median relative range width",
    definition:
      "Median of (worst − best) ÷ likely. Shows how much uncertainty estimates state; read it with the hit rate, since narrow ranges that miss are overconfidence.",
    better: "higher"
  },
  singlePointShare: {
    metric: "singlePointShare",
    name: "Single-point share",
    definition: "Share of completed items estimated as a single number instead of a best/likely/worst range.",
    better: "lower"
  }
}

/**
 * Human text for a metric: its name, definition and which way is better.
 *
 * @since 0.1.0
 */
export const describeEstimateMetric = (metric: EstimateMetric): EstimateMetricDescription => descriptions[metric]

/**
 * A metric's value read out of a report, or the reason there is none.
 *
 * @since 0.1.0
 */
export const EstimateMetricReading = Schema.Union([
  Schema.TaggedStruct("Measured", { metric: EstimateMetric, value: Schema.Finite, count: Count, text: Schema.String }),
  Schema.TaggedStruct("NotEnoughData", { metric: EstimateMetric, count: Count, needed: Count, text: Schema.String })
])
/** @since 0.1.0 */
export type EstimateMetricReading = typeof EstimateMetricReading.Type

/**
 * Formats a metric value for people: shares as percentages, bias as a factor.
 *
 * @since 0.1.0
 */
export const formatEstimateMetric = (metric: EstimateMetric, value: number): string => {
  switch (metric) {
    case "hitRate":
    case "pred25":
    case "singlePointShare":
      return pct(value)
    case "bias":
      return times(value)
    case "mdmre":
    case "medianRangeWidth":
      return value.toFixed(2)
  }
}

const metricValue = (summary: EstimateAccuracySummary, metric: EstimateMetric): number | null => {
  switch (metric) {
    case "bias":
      return summary.bias?.median ?? null
    default:
      return summary[metric]
  }
}

/**
 * Reads a metric out of a report: overall, or for one work type of it. This
 * is what a retro shows next to an agreement that named the metric.
 *
 * @since 0.1.0
 */
export const readEstimateMetric = (
  report: EstimateAccuracyReport,
  metric: EstimateMetric,
  workType?: string
): EstimateMetricReading => {
  const summary = workType === undefined
    ? report.summary
    : report.byWorkType.find((w) => w.workType === workType)?.summary ?? notEnoughEstimateData(0)
  const value = metricValue(summary, metric)
  const name = describeEstimateMetric(metric).name
  const scope = workType === undefined ? "" : ` for ${workType}`
  if (value === null) {
    return {
      _tag: "NotEnoughData",
      metric,
      count: summary.count,
      needed: report.minSample,
      text: `${name}${scope}: not enough data (${summary.count} of ${report.minSample} completed items needed).`
    }
  }
  return {
    _tag: "Measured",
    metric,
    value,
    count: summary.count,
    text: `${name}${scope}: ${formatEstimateMetric(metric, value)} over ${summary.count} completed items.`
  }
}

/**
 * How a metric moved between two readings (e.g. last quarter's report and
 * this quarter's), judged by the metric's better direction. Changes smaller
 * than one percentage point (1% for bias) count as unchanged.
 *
 * @since 0.1.0
 */
export const estimateMetricChange = (
  before: EstimateMetricReading,
  after: EstimateMetricReading
): "improved" | "worsened" | "unchanged" | "not enough data" => {
  if (before._tag !== "Measured" || after._tag !== "Measured") return "not enough data"
  const better = describeEstimateMetric(after.metric).better
  const score = (v: number): number => better === "towards-one" ? -Math.abs(Math.log(v)) : better === "higher" ? v : -v
  const delta = score(after.value) - score(before.value)
  if (Math.abs(delta) < 0.01) return "unchanged"
  return delta > 0 ? "improved" : "worsened"
}
