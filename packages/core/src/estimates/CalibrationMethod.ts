/**
 * The candidate calibration methods. Each learns, from a team's completed
 * items, the P10 / P50 / P90 of the log ratio r = ln(actual / likely) for a
 * new item, and is incremental: adding an item and predicting cost
 * O(log bins) (O(1) for the log-normal fit), whatever the history size.
 *
 * - `per-type`: each work type's own empirical quantiles, shrunk towards
 *   the team's (all types pooled) with weight n / (n + k), the pooled ones
 *   towards a wide prior with weight n / (n + k₀);
 * - `recent`: the same on a sliding window of the latest completions, for
 *   teams whose errors drift (new people, new codebase, new habits);
 * - `size`: groups by estimate size (one group per doubling) instead of
 *   work type, for teams whose small and large items err differently;
 * - `person`: groups by the person who estimated, where the log records people;
 * - `lognormal`: a log-normal fit per work type (mean and spread of r,
 *   shrunk the same way), which needs fewer items than quantiles when the
 *   errors really are log-normal.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"
import { LogRatioHistogram } from "./LogRatioHistogram.ts"

/**
 * A calibration method the calibrator can choose.
 *
 * @since 0.2.0
 */
export const EstimateCalibrationMethod = Schema.Literals(["per-type", "recent", "size", "person", "lognormal"])
/** @since 0.2.0 */
export type EstimateCalibrationMethod = typeof EstimateCalibrationMethod.Type

/**
 * Every method, the default first: selection keeps the default unless
 * another method is clearly better on the team's own history.
 *
 * @since 0.2.0
 */
export const EstimateCalibrationMethods: ReadonlyArray<EstimateCalibrationMethod> = ["per-type", "recent", "size", "person", "lognormal"]

/** @since 0.2.0 */
export const describeEstimateCalibrationMethod = (method: EstimateCalibrationMethod): string => {
  switch (method) {
    case "per-type":
      return "each work type's own errors, shrunk towards the whole team's"
    case "recent":
      return "each work type's errors over the latest completions only (the team's errors drift)"
    case "size":
      return "errors of items of similar size (each doubling of the estimate is a group)"
    case "person":
      return "the errors of the person who gave the estimate"
    case "lognormal":
      return "a log-normal fit of each work type's errors"
  }
}

/**
 * What the methods know of an item: its work type, its size in the unit
 * family's base unit (minutes for time, points), and who estimated it.
 *
 * @internal
 */
export interface CalibrationItem {
  readonly workType: string
  readonly size: number
  readonly estimator?: string | undefined
}

/** Tuning shared by the methods. @since 0.2.0 */
export interface EstimateCalibrationTuning {
  /** k in the work-type weight n / (n + k) (per-type, recent, lognormal). Default 20. */
  readonly shrinkage?: number
  /** k in the group weight of the size and person methods. Default 10. */
  readonly groupShrinkage?: number
  /** k₀ in the pooled-history weight n / (n + k₀) against the prior. Default 10. */
  readonly priorStrength?: number
  /** Minimum ln(P90 / P10) (default 0.1, about ±5%). */
  readonly minLogWidth?: number
  /** Completions the `recent` method remembers (default 160; per work type, half of it). */
  readonly recentWindow?: number
  /** Ignore work types in `per-type` (all types pooled): the baseline of the harness. */
  readonly pooledOnly?: boolean
}

/**
 * Log-ratio quantiles used when a team has no history at all: a wide
 * interval around a modest overrun (×0.8 … ×1.1 … ×2.0), in line with the
 * estimation literature's typical overruns; it only matters for a team's
 * first items and fades out with weight k₀ / (n + k₀).
 *
 * @since 0.1.0
 */
export const EstimateCalibrationPrior = { p10: Math.log(0.8), p50: Math.log(1.1), p90: Math.log(2.0) } as const

/** z of the 90th percentile of the standard normal. */
const Z90 = 1.2815515655446004
/** P50 stays at least 1% away from either end. */
const MinStep = 0.01

/**
 * A method's answer for one item: the log-ratio interval, and the group of
 * history it rested on.
 *
 * @internal
 */
export interface CandidatePrediction {
  lo: number
  mid: number
  hi: number
  groupItems: number
  groupWeight: number
  group: string
}

/** @internal */
export interface CalibrationCandidate {
  readonly method: EstimateCalibrationMethod
  readonly add: (item: CalibrationItem, r: number) => void
  readonly predict: (item: CalibrationItem, out: CandidatePrediction) => void
}

interface Settings {
  readonly k: number
  readonly k0: number
  readonly minWidth: number
}

const settingsOf = (tuning: EstimateCalibrationTuning): Settings => ({
  k: tuning.shrinkage ?? 20,
  k0: tuning.priorStrength ?? 10,
  minWidth: tuning.minLogWidth ?? 0.1
})

/**
 * Blends a group's quantiles with the pooled ones and the pooled ones with
 * the prior, places interval ends deliberately at clusters of tied ratios,
 * and keeps the interval proper (width ≥ minWidth, P50 strictly inside).
 */
const shrunkInterval = (
  pooled: LogRatioHistogram,
  group: LogRatioHistogram | undefined,
  s: Settings,
  out: CandidatePrediction,
  groupLabel: string
): void => {
  const nP = pooled.size
  const nG = group?.size ?? 0
  const wP = nP / (nP + s.k0)
  const wG = nG / (nG + s.k)
  const level = (p: 0.1 | 0.5 | 0.9, prior: number): number => {
    const pooledQ = nP > 0 ? wP * pooled.decile(p) + (1 - wP) * prior : prior
    return group !== undefined && nG > 0 ? wG * group.decile(p) + (1 - wG) * pooledQ : pooledQ
  }
  let lo = level(0.1, EstimateCalibrationPrior.p10)
  const mid = level(0.5, EstimateCalibrationPrior.p50)
  let hi = level(0.9, EstimateCalibrationPrior.p90)
  // Blending puts an end a hair away from where the history's ties are (booked actuals at
  // ratio 1, rounding clusters at 0.5, 0.75, 1.5 …); decide each tie cluster on purpose,
  // from the history that dominates the blend.
  const dominant = group !== undefined && wG >= 0.5 ? group : pooled
  if (dominant.size >= 20) {
    lo = dominant.snapToTies(lo, 0.1, "lower")
    hi = dominant.snapToTies(hi, 0.1, "upper")
  }
  finish(lo, mid, hi, s, out)
  out.groupItems = nG
  out.groupWeight = group === undefined ? 0 : wG
  out.group = groupLabel
}

const finish = (lo: number, mid: number, hi: number, s: Settings, out: CandidatePrediction): void => {
  if (hi - lo < s.minWidth) {
    // Histories where nearly everything was booked at the estimate would give a zero-width interval.
    const centre = (lo + hi) / 2
    lo = centre - s.minWidth / 2
    hi = centre + s.minWidth / 2
  }
  out.lo = lo
  out.hi = hi
  out.mid = Math.min(Math.max(mid, lo + MinStep), hi - MinStep)
}

/** Histograms by a grouping key, all sharing the unit family's pooled history. */
const grouped = (
  method: EstimateCalibrationMethod,
  pooled: LogRatioHistogram,
  keyOf: (item: CalibrationItem) => string | undefined,
  labelOf: (key: string | undefined) => string,
  s: Settings
): CalibrationCandidate => {
  const groups = new Map<string, LogRatioHistogram>()
  return {
    method,
    add: (item, r) => {
      const key = keyOf(item)
      if (key === undefined) return
      let h = groups.get(key)
      if (h === undefined) {
        h = new LogRatioHistogram()
        groups.set(key, h)
      }
      h.add(r)
    },
    predict: (item, out) => {
      const key = keyOf(item)
      shrunkInterval(pooled, key === undefined ? undefined : groups.get(key), s, out, labelOf(key))
    }
  }
}

/** The size group of an estimate: one per doubling (…, [1, 2), [2, 4), …). */
export const sizeGroupOf = (size: number): number => Math.floor(Math.log2(size))

/**
 * The candidates of one unit family, sharing its pooled history. `pooled`
 * must be fed by the caller (every completed item, before the candidates).
 *
 * @internal
 */
export const makeCalibrationCandidates = (
  pooled: LogRatioHistogram,
  tuning: EstimateCalibrationTuning,
  baseUnit: string
): ReadonlyArray<CalibrationCandidate> => {
  const s = settingsOf(tuning)
  const pooledOnly = tuning.pooledOnly === true
  // Sizes and people are few, large groups that differ more from each other than work types
  // do: measured on the generated logs, k = 20 over-covered (82%) while the groups were young.
  const few: Settings = { ...s, k: tuning.groupShrinkage ?? 10 }
  const sizeLabel = (key: string | undefined): string => {
    if (key === undefined) return "all sizes"
    const g = Number(key)
    const lo = 2 ** g
    return `estimates of ${lo < 1 ? lo.toFixed(2) : lo}–${2 * lo < 1 ? (2 * lo).toFixed(2) : 2 * lo} ${baseUnit}`
  }
  return [
    grouped("per-type", pooled, (i) => pooledOnly ? undefined : i.workType, (k) => k === undefined ? "all work types" : `work type ${k}`, s),
    recentCandidate(tuning, s),
    grouped("size", pooled, (i) => String(sizeGroupOf(i.size)), sizeLabel, few),
    grouped("person", pooled, (i) => i.estimator, (k) => k === undefined ? "no estimator recorded" : `estimator ${k}`, few),
    lognormalCandidate(s)
  ]
}

/** A FIFO of log ratios feeding a histogram: the latest `capacity` items only. */
class Window {
  readonly histogram = new LogRatioHistogram()
  private readonly ring: Float64Array
  private next = 0
  private count = 0
  constructor(capacity: number) {
    this.ring = new Float64Array(capacity)
  }
  push(r: number): void {
    if (this.count === this.ring.length) this.histogram.remove(this.ring[this.next]!)
    else this.count++
    this.ring[this.next] = r
    this.histogram.add(r)
    this.next = (this.next + 1) % this.ring.length
  }
}

const recentCandidate = (tuning: EstimateCalibrationTuning, s: Settings): CalibrationCandidate => {
  const size = Math.max(20, Math.round(tuning.recentWindow ?? 160))
  const typeSize = Math.max(10, Math.round(size / 2))
  const pooled = new Window(size)
  const types = new Map<string, Window>()
  return {
    method: "recent",
    add: (item, r) => {
      pooled.push(r)
      let w = types.get(item.workType)
      if (w === undefined) {
        w = new Window(typeSize)
        types.set(item.workType, w)
      }
      w.push(r)
    },
    predict: (item, out) =>
      shrunkInterval(pooled.histogram, types.get(item.workType)?.histogram, s, out, `latest ${size} completions (${typeSize} per work type)`)
  }
}

/** Running mean and variance (Welford). */
class Moments {
  n = 0
  mean = 0
  m2 = 0
  add(x: number): void {
    this.n++
    const d = x - this.mean
    this.mean += d / this.n
    this.m2 += d * (x - this.mean)
  }
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : 0
  }
}

const PriorMean = EstimateCalibrationPrior.p50
const PriorSd = (EstimateCalibrationPrior.p90 - EstimateCalibrationPrior.p10) / (2 * Z90)

const lognormalCandidate = (s: Settings): CalibrationCandidate => {
  const pooled = new Moments()
  const types = new Map<string, Moments>()
  return {
    method: "lognormal",
    add: (item, r) => {
      pooled.add(r)
      let m = types.get(item.workType)
      if (m === undefined) {
        m = new Moments()
        types.set(item.workType, m)
      }
      m.add(r)
    },
    predict: (item, out) => {
      const t = types.get(item.workType)
      const nP = pooled.n
      const nT = t?.n ?? 0
      const wP = nP / (nP + s.k0)
      const wT = nT / (nT + s.k)
      const pMean = wP * pooled.mean + (1 - wP) * PriorMean
      const pVar = wP * pooled.variance + (1 - wP) * PriorSd * PriorSd
      const mean = t === undefined ? pMean : wT * t.mean + (1 - wT) * pMean
      const variance = t === undefined ? pVar : wT * t.variance + (1 - wT) * pVar
      // Prediction interval: the spread of a new item plus the uncertainty of the mean.
      const half = Z90 * Math.sqrt(variance * (1 + 1 / Math.max(1, nT + nP / 10)))
      finish(mean - half, mean, mean + half, s, out)
      out.groupItems = nT
      out.groupWeight = wT
      out.group = `work type ${item.workType} (log-normal fit)`
    }
  }
}
