/**
 * Calibrated range estimates learned from a team's own completed work.
 *
 * Method (details and measurements in docs/estimates/README.md):
 * - an item's error is the log ratio r = ln(actual / likely);
 * - the team's past errors are kept per unit, pooled over all work types
 *   and per work type, as histograms of r (bins of 1/256 ≈ 0.4%);
 * - P10 / P50 / P90 of r are finite-sample prediction quantiles (the
 *   order statistic at rank p·(n+1), interpolated), so that a new item from
 *   the same history lands below P10 one time in ten even for small n;
 * - the work type's quantiles are shrunk towards the pooled ones with weight
 *   n / (n + k), and the pooled ones towards a wide prior with weight
 *   n / (n + k₀), so thin types borrow from the team and empty teams from the prior;
 * - the interval is closed: an actual equal to P10 or P90 is inside. The
 *   quantile definition "smallest r with F(r) ≥ p" then keeps each tail at
 *   or below 10% even when a third of the items were booked exactly at the
 *   estimate (r = 0 exactly): the point mass is never split.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { EstimateSample } from "./EstimateSample.ts"
import { completedBefore, type EstimateTime } from "./EstimateTime.ts"
import { EstimateRange, EstimateUnit, estimateUnitFamily, type EstimateUnitFamily, isSinglePointEstimate, pertMean } from "./Range.ts"

/** Histogram resolution of log ratios: 1/256 ≈ 0.39% relative. */
const BinWidth = 1 / 256
/** Log ratios are clamped to ±8 (a factor of ~3000), far beyond any real overrun. */
const MaxLogRatio = 8
const Offset = Math.round(MaxLogRatio / BinWidth)
const BinCount = 2 * Offset + 1

/**
 * Counts of log ratios in fixed bins, in a Fenwick tree: O(log bins) to add
 * an item or find the k-th smallest, whatever the number of items.
 */
class LogRatioHistogram {
  private readonly tree = new Int32Array(BinCount + 1)
  private n = 0
  private static readonly topBit = 1 << Math.floor(Math.log2(BinCount))

  get size(): number {
    return this.n
  }

  add(logRatio: number): void {
    const clamped = logRatio > MaxLogRatio ? MaxLogRatio : logRatio < -MaxLogRatio ? -MaxLogRatio : logRatio
    // Bins are centred on multiples of the width, so r = 0 (booked the estimate) maps back to exactly 0.
    for (let i = Math.round(clamped / BinWidth) + Offset + 1; i <= BinCount; i += i & -i) this.tree[i]!++
    this.n++
  }

  /** The k-th smallest log ratio (1-based), as its bin centre. */
  kth(k: number): number {
    let pos = 0
    let remaining = k
    for (let step = LogRatioHistogram.topBit; step > 0; step >>= 1) {
      const next = pos + step
      if (next <= BinCount && this.tree[next]! < remaining) {
        pos = next
        remaining -= this.tree[next]!
      }
    }
    return (pos - Offset) * BinWidth
  }

  /** Items in bins 0..bin (inclusive). */
  countUpTo(bin: number): number {
    let sum = 0
    for (let i = bin + 1; i > 0; i -= i & -i) sum += this.tree[i]!
    return sum
  }

  /**
   * Moves an interval end off a cluster of tied values sitting at the
   * nominal level. The share of items strictly beyond the end jumps by the
   * whole cluster at a tie, so no end gives exactly 10%: choose the side of
   * the cluster whose tail share is closer to the nominal one, with the
   * finite-sample count (n + 1). Ends more than 5% away from the cluster,
   * and lone values, are left alone.
   */
  snapToTies(end: number, p: number, side: "lower" | "upper"): number {
    const n = this.n
    if (n < 2) return end
    const rank = Math.min(n, Math.max(1, side === "lower" ? Math.ceil(p * (n + 1)) : Math.floor((1 - p) * (n + 1))))
    const value = this.kth(rank)
    if (Math.abs(end - value) > 0.05) return end
    const bin = Math.round(value / BinWidth) + Offset
    const upTo = this.countUpTo(bin)
    const before = bin === 0 ? 0 : this.countUpTo(bin - 1)
    const inBin = upTo - before
    if (inBin < 2) return end
    const beyondIfInside = (side === "lower" ? before : n - upTo) / (n + 1)
    const beyondIfOutside = beyondIfInside + inBin / (n + 1)
    const inside = Math.abs(beyondIfInside - p) <= Math.abs(beyondIfOutside - p)
    const half = BinWidth / 2
    return side === "lower"
      ? inside ? Math.min(end, value - half) : Math.max(end, value + half)
      : inside ? Math.max(end, value + half) : Math.min(end, value - half)
  }

  /** Prediction quantile at level p: rank p·(n + 1), interpolated between neighbours. */
  quantile(p: number): number {
    const n = this.n
    const h = p * (n + 1)
    if (h <= 1) return this.kth(1)
    if (h >= n) return this.kth(n)
    const lo = Math.floor(h)
    const a = this.kth(lo)
    const frac = h - lo
    return frac === 0 ? a : a + frac * (this.kth(lo + 1) - a)
  }
}

/**
 * How sure a calibration is, by how much of the team's own history it rests on:
 * - `none`: no completed items in this unit; the result is the built-in prior;
 * - `low`: fewer than 10 items of this work type or fewer than 30 in all;
 * - `medium`: 10–49 items of this work type;
 * - `high`: 50 or more items of this work type.
 *
 * @since 0.1.0
 */
export const EstimateCalibrationConfidence = Schema.Literals(["none", "low", "medium", "high"])
/** @since 0.1.0 */
export type EstimateCalibrationConfidence = typeof EstimateCalibrationConfidence.Type

/**
 * A calibrated range: P10 / P50 / P90 of the effort the item will take,
 * learned from the team's completed items, next to the PERT mean of the
 * raw range as stated. P10 < P50 < P90 always holds strictly.
 *
 * @since 0.1.0
 */
export const CalibratedEstimate = Schema.Struct({
  workType: Schema.String,
  unit: EstimateUnit,
  range: EstimateRange,
  singlePoint: Schema.Boolean,
  p10: Schema.Finite,
  p50: Schema.Finite,
  p90: Schema.Finite,
  pertMean: Schema.Finite,
  itemsUsed: Schema.Int,
  typeItemsUsed: Schema.Int,
  typeWeight: Schema.Finite,
  confidence: EstimateCalibrationConfidence,
  explanation: Schema.String
})
/** @since 0.1.0 */
export type CalibratedEstimate = typeof CalibratedEstimate.Type

/**
 * A new estimate to calibrate. `estimatedOn` is the day the estimate is
 * given: only items completed strictly before it may inform it.
 *
 * @since 0.1.0
 */
export interface EstimateCalibrationQuery {
  readonly workType: string
  readonly unit: EstimateUnit
  readonly range: EstimateRange
  readonly estimatedOn: EstimateTime
}

/**
 * Tuning of the calibration. The defaults are what docs/estimates/README.md measures.
 *
 * @since 0.1.0
 */
export interface EstimateCalibrationOptions {
  /** k in the work-type weight n / (n + k). Default 20. */
  readonly shrinkage?: number
  /** k₀ in the pooled-history weight n / (n + k₀) against the prior. Default 10. */
  readonly priorStrength?: number
  /** Ignore work types (calibrate from all types pooled) — the baseline the harness compares against. */
  readonly pooledOnly?: boolean
  /** Minimum ln(P90 / P10): no interval is ever narrower than this (default 0.1, about ±5%). */
  readonly minLogWidth?: number
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

const DefaultShrinkage = 20
const DefaultPriorStrength = 10
const DefaultMinLogWidth = 0.1
/** P50 stays at least 1% away from either end. */
const MinStep = 0.01

interface UnitModel {
  readonly pooled: LogRatioHistogram
  readonly byType: Map<string, LogRatioHistogram>
}

/**
 * An incremental calibrator: feed it completed items (in any order) and ask
 * for calibrated ranges. Adding is O(log bins); calibrating is O(log bins)
 * whatever the history size. It holds no dates: the caller decides which
 * items it may know (see {@link calibrateEstimate} and the replay harness).
 *
 * @since 0.1.0
 */
export interface EstimateCalibrator {
  readonly add: (sample: Pick<EstimateSample, "workType" | "unit" | "likely" | "actual">) => void
  readonly calibrate: (query: Omit<EstimateCalibrationQuery, "estimatedOn">) => CalibratedEstimate
  /** Items added so far, all units. */
  readonly size: () => number
}

const confidenceOf = (itemsUsed: number, typeItemsUsed: number): EstimateCalibrationConfidence =>
  itemsUsed === 0 ? "none" : typeItemsUsed < 10 || itemsUsed < 30 ? "low" : typeItemsUsed < 50 ? "medium" : "high"

/** @since 0.1.0 */
export const makeEstimateCalibrator = (options: EstimateCalibrationOptions = {}): EstimateCalibrator => {
  const k = options.shrinkage ?? DefaultShrinkage
  const k0 = options.priorStrength ?? DefaultPriorStrength
  const minWidth = options.minLogWidth ?? DefaultMinLogWidth
  const pooledOnly = options.pooledOnly ?? false
  const units = new Map<EstimateUnitFamily, UnitModel>()
  let total = 0

  const modelOf = (unit: EstimateUnit): UnitModel => {
    let model = units.get(estimateUnitFamily(unit))
    if (model === undefined) {
      model = { pooled: new LogRatioHistogram(), byType: new Map() }
      units.set(estimateUnitFamily(unit), model)
    }
    return model
  }

  return {
    size: () => total,
    add: (sample) => {
      const model = modelOf(sample.unit)
      const r = Math.log(sample.actual / sample.likely)
      model.pooled.add(r)
      if (!pooledOnly) {
        let h = model.byType.get(sample.workType)
        if (h === undefined) {
          h = new LogRatioHistogram()
          model.byType.set(sample.workType, h)
        }
        h.add(r)
      }
      total++
    },
    calibrate: (query) => {
      const model = units.get(estimateUnitFamily(query.unit))
      const pooled = model?.pooled
      const type = pooledOnly ? undefined : model?.byType.get(query.workType)
      const nP = pooled?.size ?? 0
      const nT = type?.size ?? 0
      const wP = nP / (nP + k0)
      const wT = pooledOnly ? 0 : nT / (nT + k)
      const level = (p: number, prior: number): number => {
        const pooledQ = pooled !== undefined && nP > 0 ? wP * pooled.quantile(p) + (1 - wP) * prior : prior
        return type !== undefined && nT > 0 ? wT * type.quantile(p) + (1 - wT) * pooledQ : pooledQ
      }
      let lo = level(0.1, EstimateCalibrationPrior.p10)
      let mid = level(0.5, EstimateCalibrationPrior.p50)
      let hi = level(0.9, EstimateCalibrationPrior.p90)
      // Blending puts an end a hair away from where the history's ties are (booked actuals at
      // ratio 1, rounding clusters at 0.5, 0.75, 1.5 …); decide each tie cluster on purpose,
      // from the history that dominates the blend.
      const dominant = type !== undefined && wT >= 0.5 ? type : pooled
      if (dominant !== undefined && dominant.size >= 20) {
        lo = dominant.snapToTies(lo, 0.1, "lower")
        hi = dominant.snapToTies(hi, 0.1, "upper")
      }
      if (hi - lo < minWidth) {
        // Histories where nearly everything was booked at the estimate would give a zero-width interval.
        const centre = (lo + hi) / 2
        lo = centre - minWidth / 2
        hi = centre + minWidth / 2
      }
      mid = Math.min(Math.max(mid, lo + MinStep), hi - MinStep)
      const likely = query.range.likely
      const confidence = confidenceOf(nP, nT)
      const typeText = pooledOnly
        ? "work types ignored (pooled baseline)"
        : `${nT} ${query.workType} item${nT === 1 ? "" : "s"} (weight ${Math.round(wT * 100)}%)`
      return {
        workType: query.workType,
        unit: query.unit,
        range: query.range,
        singlePoint: isSinglePointEstimate(query.range),
        p10: likely * Math.exp(lo),
        p50: likely * Math.exp(mid),
        p90: likely * Math.exp(hi),
        pertMean: pertMean(query.range),
        itemsUsed: nP,
        typeItemsUsed: nT,
        typeWeight: wT,
        confidence,
        explanation: nP === 0
          ? `No completed items in ${query.unit} yet: the built-in prior (×0.8 … ×2.0 of likely) is used; confidence none.`
          : `Learned from ${nP} completed item${nP === 1 ? "" : "s"} in ${query.unit}, ${typeText}; confidence ${confidence}.`
      }
    }
  }
}

/**
 * Calibrates one new estimate from a team's completed history. Only items in
 * the same unit completed strictly before `query.estimatedOn` are used, so a
 * calibration never sees the future.
 *
 * @since 0.1.0
 */
export const calibrateEstimate = (
  history: ReadonlyArray<EstimateSample>,
  query: EstimateCalibrationQuery,
  options: EstimateCalibrationOptions = {}
): CalibratedEstimate => {
  const calibrator = makeEstimateCalibrator(options)
  const family = estimateUnitFamily(query.unit)
  for (const sample of history) {
    if (estimateUnitFamily(sample.unit) === family && completedBefore(sample.completedOn, query.estimatedOn)) calibrator.add(sample)
  }
  return calibrator.calibrate(query)
}
