/**
 * Calibrated range estimates learned from a team's own completed work, by
 * a method the calibrator picks from that same history.
 *
 * Every candidate method (see CalibrationMethod.ts) predicts each item as
 * it is estimated, from the items completed strictly before; when the item
 * completes, each prediction is scored with the interval score. The
 * calibrator uses the default method (`per-type`) until another method is
 * clearly better on the items scored so far — lower mean interval score,
 * with the paired difference at least two standard errors below zero — and
 * then the best such method. Nothing is ever scored with hindsight: a
 * prediction is fixed before its item's actual is known.
 *
 * Details and measurements in docs/estimates/README.md.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import {
  type CalibrationCandidate,
  type CalibrationItem,
  type CandidatePrediction,
  describeEstimateCalibrationMethod,
  EstimateCalibrationMethod,
  EstimateCalibrationMethods,
  type EstimateCalibrationTuning,
  makeCalibrationCandidates
} from "./CalibrationMethod.ts"
import { type EstimateSample, estimateReplayOrder, sampleRange } from "./EstimateSample.ts"
import { completedBefore, type EstimateTime, estimateTimeEnd, estimateTimeStart } from "./EstimateTime.ts"
import { LogRatioHistogram } from "./LogRatioHistogram.ts"
import {
  estimateEffortBoundsText,
  type EstimateRange,
  EstimateUnit,
  estimateUnitFamily,
  type EstimateUnitFamily,
  isEffortWithinBounds,
  isSinglePointEstimate,
  pertMean,
  StoredEstimateRange
} from "./Range.ts"

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
  /** The query's range as given (its bounds are the query's business, not the answer's). */
  range: StoredEstimateRange,
  singlePoint: Schema.Boolean,
  p10: Schema.Finite,
  p50: Schema.Finite,
  p90: Schema.Finite,
  pertMean: Schema.Finite,
  itemsUsed: Schema.Int,
  typeItemsUsed: Schema.Int,
  typeWeight: Schema.Finite,
  confidence: EstimateCalibrationConfidence,
  /** The method the calibrator chose from the team's history, and the group of history it used. */
  method: EstimateCalibrationMethod,
  group: Schema.String,
  groupItemsUsed: Schema.Int,
  explanation: Schema.String,
  /** Why this method: how the candidates scored on the team's own history. */
  methodReason: Schema.String
})
/** @since 0.1.0 */
export type CalibratedEstimate = typeof CalibratedEstimate.Type

/**
 * A new estimate to calibrate. `estimatedOn` is when the estimate is given:
 * only items completed strictly before that instant may inform it.
 *
 * @since 0.1.0
 */
export interface EstimateCalibrationQuery {
  readonly workType: string
  readonly unit: EstimateUnit
  readonly range: EstimateRange
  readonly estimatedOn: EstimateTime
  readonly estimator?: string | undefined
}

/**
 * Tuning of the calibration. The defaults are what docs/estimates/README.md measures.
 *
 * @since 0.1.0
 */
export interface EstimateCalibrationOptions extends EstimateCalibrationTuning {
  /** `"auto"` (default) picks the method from the history; or name one to force it. */
  readonly method?: EstimateCalibrationMethod | "auto"
  /** Items scored before the calibrator may leave the default method. Default 50. */
  readonly minScoredItems?: number
  /** Items estimated while the unit family had fewer completed items than this are not scored (warm-up). Default 0. */
  readonly minHistory?: number
  /** Hours in a working day, to put days, hours and minutes on one size scale. Default 8. */
  readonly hoursPerDay?: number
}

/**
 * How one method scored on the items of a history, each predicted before it completed.
 *
 * @since 0.2.0
 */
export interface EstimateMethodScore {
  readonly method: EstimateCalibrationMethod
  readonly items: number
  /** Mean interval score (α = 0.2) of ln P10, ln P90 against ln actual: lower is better. */
  readonly meanIntervalScore: number
  /** The same on the linear scale, relative to the likely estimate. */
  readonly meanRelativeIntervalScore: number
  readonly coverage: number
  readonly below: number
  readonly above: number
  /** Mean interval score relative to the default method's (−0.05 = 5% better). */
  readonly versusDefault: number
  /** Paired difference against the default in standard errors (negative = better). */
  readonly z: number
}

/**
 * Which method a unit family's calibration uses and why.
 *
 * @since 0.2.0
 */
export interface EstimateMethodSelection {
  readonly family: EstimateUnitFamily
  readonly method: EstimateCalibrationMethod
  readonly scoredItems: number
  /** Every candidate, best first. */
  readonly scores: ReadonlyArray<EstimateMethodScore>
  readonly reason: string
}

/** What the calibrator needs of a completed item. @since 0.2.0 */
export type EstimateCalibrationSample = Pick<EstimateSample, "workType" | "unit" | "likely" | "actual" | "estimator">

/** What the calibrator needs of an item being estimated. @since 0.2.0 */
export type EstimateCalibrationItem = Pick<EstimateCalibrationQuery, "workType" | "unit" | "range" | "estimator">

/**
 * An incremental calibrator that picks its method. Feed it the log as it
 * happens — `estimated` when an item is estimated (its candidates'
 * intervals are fixed then), `completed` when it completes (they are scored,
 * and the item joins the history) — or `add` completed items whose
 * estimate-time predictions are not to be scored. All O(log bins) per call.
 * It holds no dates: the caller decides which items it may know (see
 * {@link calibrateEstimate} and the replay harness).
 *
 * @since 0.1.0
 */
export interface EstimateCalibrator {
  readonly add: (sample: EstimateCalibrationSample) => void
  readonly estimated: (key: string | number, item: EstimateCalibrationItem) => CalibratedEstimate
  /** `estimated` without the explanation texts: the interval and what it rests on, for replays of large logs. */
  readonly estimatedInterval: (key: string | number, item: EstimateCalibrationItem) => EstimateInterval
  readonly completed: (key: string | number, sample: EstimateCalibrationSample) => void
  readonly calibrate: (query: EstimateCalibrationItem) => CalibratedEstimate
  readonly selection: (unit: EstimateUnit) => EstimateMethodSelection
  /** Items added or completed so far, all units. */
  readonly size: () => number
}

/**
 * A calibrated interval without its explanation texts.
 *
 * @since 0.2.0
 */
export interface EstimateInterval {
  readonly method: EstimateCalibrationMethod
  readonly p10: number
  readonly p50: number
  readonly p90: number
  readonly itemsUsed: number
  readonly typeItemsUsed: number
  readonly confidence: EstimateCalibrationConfidence
}

const confidenceOf = (itemsUsed: number, typeItemsUsed: number): EstimateCalibrationConfidence =>
  itemsUsed === 0 ? "none" : typeItemsUsed < 10 || itemsUsed < 30 ? "low" : typeItemsUsed < 50 ? "medium" : "high"

/** α of the interval score: the P10–P90 interval is the central 80% one. */
const Alpha = 0.2

/**
 * The interval score (Gneiting & Raftery 2007) of [l, u] at α = 0.2 for
 * the value x: (u − l) + (2/α)(l − x)⁺ + (2/α)(x − u)⁺. Lower is better.
 *
 * @since 0.2.0
 */
export const intervalScore = (l: number, u: number, x: number): number =>
  u - l + (l > x ? (2 / Alpha) * (l - x) : 0) + (x > u ? (2 / Alpha) * (x - u) : 0)

const M = EstimateCalibrationMethods.length
const PredictionWidth = 3
const Slot = M * PredictionWidth + 1

class MethodTally {
  n = 0
  score = 0
  relative = 0
  below = 0
  above = 0
  diff = 0
  diffSq = 0
}

/** One unit family's history, candidates and their running scores. */
class FamilyModel {
  readonly pooled = new LogRatioHistogram()
  readonly candidates: ReadonlyArray<CalibrationCandidate>
  readonly types = new Map<string, number>()
  readonly tallies: ReadonlyArray<MethodTally> = EstimateCalibrationMethods.map(() => new MethodTally())
  /** Intervals fixed at estimate time: a slot in `slab` per pending key (lo/mid/hi per method, then likely). */
  readonly pending = new Map<string | number, number>()
  slab = new Float64Array(64 * Slot)
  readonly free: Array<number> = []
  slots = 0
  scored = 0
  chosen = 0
  chosenVersion = -1
  /** Completed items left out because their likely or actual lies outside the effort bounds. */
  outOfBounds = 0
  readonly family: EstimateUnitFamily
  constructor(family: EstimateUnitFamily, tuning: EstimateCalibrationTuning) {
    this.family = family
    this.candidates = makeCalibrationCandidates(this.pooled, tuning, family === "points" ? "points" : "minutes")
  }
}

/** @since 0.1.0 */
export const makeEstimateCalibrator = (options: EstimateCalibrationOptions = {}): EstimateCalibrator => {
  // The pooled baseline is the per-type method with types ignored, never another method.
  const forced = options.pooledOnly === true
    ? 0
    : options.method === undefined || options.method === "auto"
    ? undefined
    : EstimateCalibrationMethods.indexOf(options.method)
  const minScored = options.minScoredItems ?? 50
  const minHistory = options.minHistory ?? 0
  const minutesPer: Record<EstimateUnit, number> = { minutes: 1, hours: 60, days: 60 * (options.hoursPerDay ?? 8), points: 1 }
  const families = new Map<EstimateUnitFamily, FamilyModel>()
  let total = 0
  const prediction: CandidatePrediction = { lo: 0, mid: 0, hi: 0, groupItems: 0, groupWeight: 0, group: "" }

  const familyOf = (unit: EstimateUnit): FamilyModel => {
    const family = estimateUnitFamily(unit)
    let model = families.get(family)
    if (model === undefined) {
      model = new FamilyModel(family, options)
      families.set(family, model)
    }
    return model
  }

  // One scratch item: the candidates read it and never keep it.
  const scratch: { workType: string; size: number; estimator: string | undefined } = { workType: "", size: 0, estimator: undefined }
  const itemOf = (workType: string, unit: EstimateUnit, likely: number, estimator: string | undefined): CalibrationItem => {
    scratch.workType = workType
    scratch.size = likely * minutesPer[unit]
    scratch.estimator = estimator
    return scratch
  }

  const addTo = (model: FamilyModel, sample: EstimateCalibrationSample): void => {
    const r = Math.log(sample.actual / sample.likely)
    const item = itemOf(sample.workType, sample.unit, sample.likely, sample.estimator)
    model.pooled.add(r)
    for (const c of model.candidates) c.add(item, r)
    model.types.set(sample.workType, (model.types.get(sample.workType) ?? 0) + 1)
    total++
  }

  // Stored events may hold efforts from before the bounds (1e-300, 1.7e308): their log ratios and the
  // products built on them overflow, so such items inform nothing, and every answer says how many there were.
  const usable = (sample: EstimateCalibrationSample): boolean => isEffortWithinBounds(sample.likely) && isEffortWithinBounds(sample.actual)

  const scoresOf = (model: FamilyModel): Array<EstimateMethodScore> => {
    const base = model.tallies[0]!
    return EstimateCalibrationMethods.map((method, i) => {
      const t = model.tallies[i]!
      const n = t.n
      const meanDiff = n === 0 ? 0 : t.diff / n
      const variance = n > 1 ? (t.diffSq - n * meanDiff * meanDiff) / (n - 1) : 0
      const se = Math.sqrt(Math.max(variance, 0) / Math.max(n, 1))
      return {
        method,
        items: n,
        meanIntervalScore: n === 0 ? Number.NaN : t.score / n,
        meanRelativeIntervalScore: n === 0 ? Number.NaN : t.relative / n,
        coverage: n === 0 ? Number.NaN : (n - t.below - t.above) / n,
        below: n === 0 ? Number.NaN : t.below / n,
        above: n === 0 ? Number.NaN : t.above / n,
        versusDefault: n === 0 || base.score === 0 ? 0 : t.score / base.score - 1,
        z: i === 0 || se === 0 ? 0 : meanDiff / se
      }
    })
  }

  /**
   * The method a family uses now: the default until another is better by
   * two standard errors. Recomputed only when an item was scored, without
   * allocating (it runs once per completion in a replay).
   */
  const choose = (model: FamilyModel): number => {
    if (forced !== undefined) return forced
    if (model.chosenVersion === model.scored) return model.chosen
    let best = 0
    if (model.scored >= minScored) {
      let bestScore = model.tallies[0]!.score
      for (let i = 1; i < M; i++) {
        const t = model.tallies[i]!
        const n = t.n
        if (n < 2) continue
        const meanDiff = t.diff / n
        const variance = (t.diffSq - n * meanDiff * meanDiff) / (n - 1)
        const se = Math.sqrt(Math.max(variance, 0) / n)
        if (se > 0 && meanDiff / se <= -2 && t.score < bestScore) {
          best = i
          bestScore = t.score
        }
      }
    }
    model.chosen = best
    model.chosenVersion = model.scored
    return best
  }

  const reasonOf = (model: FamilyModel, chosen: number): string => {
    const method = EstimateCalibrationMethods[chosen]!
    if (options.pooledOnly === true) return "per-type with work types ignored was asked for (the pooled baseline)."
    if (forced !== undefined) return `${method} was asked for (${describeEstimateCalibrationMethod(method)}).`
    if (model.scored < minScored) {
      return `per-type (the default): only ${model.scored} item${model.scored === 1 ? "" : "s"} scored so far; another method is considered from ${minScored}.`
    }
    const scores = scoresOf(model)
    const others = scores
      .filter((_, i) => i !== chosen)
      .map((s) => `${s.method} ${s.meanIntervalScore.toFixed(3)}`)
      .join(", ")
    const c = scores[chosen]!
    if (chosen === 0) {
      return `per-type (the default, ${describeEstimateCalibrationMethod("per-type")}): mean interval score ${c.meanIntervalScore.toFixed(3)} over ${model.scored} items scored as they happened; no other method is better by two standard errors (${others}).`
    }
    return `${method} (${describeEstimateCalibrationMethod(method)}): mean interval score ${c.meanIntervalScore.toFixed(3)} against ${
      scores[0]!.meanIntervalScore.toFixed(3)
    } for per-type (${(c.versusDefault * 100).toFixed(1)}%, ${Math.abs(c.z).toFixed(1)} standard errors better) over ${model.scored} items scored as they happened; others: ${others}.`
  }

  const answer = (model: FamilyModel | undefined, query: EstimateCalibrationItem, chosen: number, lo: number, mid: number, hi: number, used: CandidatePrediction = chosenPrediction): CalibratedEstimate => {
    const method = EstimateCalibrationMethods[chosen]!
    const nP = model?.pooled.size ?? 0
    const nT = model?.types.get(query.workType) ?? 0
    const confidence = confidenceOf(nP, nT)
    const k = options.shrinkage ?? 20
    const typeWeight = options.pooledOnly === true ? 0 : nT / (nT + k)
    const likely = query.range.likely
    const typeText = options.pooledOnly === true
      ? "work types ignored (pooled baseline)"
      : `${nT} ${query.workType} item${nT === 1 ? "" : "s"} (weight ${Math.round(typeWeight * 100)}%)`
    const answered: CalibratedEstimate = {
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
      typeWeight,
      confidence,
      method,
      group: used.group,
      groupItemsUsed: used.groupItems,
      explanation: nP === 0
        ? `No completed items in ${query.unit} yet: the built-in prior (×0.8 … ×2.0 of likely) is used; confidence none.`
        : `Learned from ${nP} completed item${nP === 1 ? "" : "s"} in ${estimateUnitFamily(query.unit) === "points" ? "points" : "time units"}, ${typeText}; method ${method} (${used.group}, ${used.groupItems} items); confidence ${confidence}.`,
      methodReason: model === undefined ? "per-type (the default): no history yet." : reasonOf(model, chosen)
    }
    const left = model?.outOfBounds ?? 0
    return left === 0 ? answered : {
      ...answered,
      explanation: `${answered.explanation} ${left} completed item${left === 1 ? "" : "s"} with an effort outside ${estimateEffortBoundsText} left out (recorded before efforts were bounded).`
    }
  }

  const chosenPrediction: CandidatePrediction = { lo: 0, mid: 0, hi: 0, groupItems: 0, groupWeight: 0, group: "" }

  /** Fixes every candidate's interval for a scored item; leaves the chosen one in `chosenPrediction`. */
  const estimate = (key: string | number, query: EstimateCalibrationItem): FamilyModel => {
    const model = familyOf(query.unit)
    const item = itemOf(query.workType, query.unit, query.range.likely, query.estimator)
    const chosen = choose(model)
    // A forced method is never compared, so the other candidates need not predict.
    if (forced === undefined && model.pooled.size >= minHistory) {
      let slot = model.free.pop()
      if (slot === undefined) {
        slot = model.slots++
        if (model.slots * Slot > model.slab.length) {
          const bigger = new Float64Array(model.slab.length * 2)
          bigger.set(model.slab)
          model.slab = bigger
        }
      }
      const fixed = model.slab
      const at = slot * Slot
      for (let i = 0; i < M; i++) {
        const target = i === chosen ? chosenPrediction : prediction
        model.candidates[i]!.predict(item, target)
        fixed[at + i * PredictionWidth] = target.lo
        fixed[at + i * PredictionWidth + 1] = target.mid
        fixed[at + i * PredictionWidth + 2] = target.hi
      }
      fixed[at + M * PredictionWidth] = query.range.likely
      model.pending.set(key, slot)
    } else {
      model.candidates[chosen]!.predict(item, chosenPrediction)
    }
    return model
  }

  const calibrate = (query: EstimateCalibrationItem): CalibratedEstimate => {
    const model = familyOf(query.unit)
    const chosen = choose(model)
    model.candidates[chosen]!.predict(itemOf(query.workType, query.unit, query.range.likely, query.estimator), prediction)
    return answer(model, query, chosen, prediction.lo, prediction.mid, prediction.hi, prediction)
  }

  return {
    size: () => total,
    add: (sample) => {
      const model = familyOf(sample.unit)
      if (usable(sample)) addTo(model, sample)
      else model.outOfBounds++
    },
    calibrate,
    estimated: (key, query) => {
      const model = estimate(key, query)
      return answer(model, query, model.chosen, chosenPrediction.lo, chosenPrediction.mid, chosenPrediction.hi)
    },
    estimatedInterval: (key, query) => {
      const model = estimate(key, query)
      const nP = model.pooled.size
      const nT = model.types.get(query.workType) ?? 0
      const likely = query.range.likely
      return {
        method: EstimateCalibrationMethods[model.chosen]!,
        p10: likely * Math.exp(chosenPrediction.lo),
        p50: likely * Math.exp(chosenPrediction.mid),
        p90: likely * Math.exp(chosenPrediction.hi),
        itemsUsed: nP,
        typeItemsUsed: nT,
        confidence: confidenceOf(nP, nT)
      }
    },
    completed: (key, sample) => {
      const model = familyOf(sample.unit)
      const slot = model.pending.get(key)
      if (!usable(sample)) {
        if (slot !== undefined) {
          model.pending.delete(key)
          model.free.push(slot)
        }
        model.outOfBounds++
        return
      }
      if (slot !== undefined) {
        model.pending.delete(key)
        model.free.push(slot)
        const fixed = model.slab
        const at = slot * Slot
        const x = Math.log(sample.actual / sample.likely)
        const likely = fixed[at + M * PredictionWidth]!
        const actual = sample.actual * likely / sample.likely
        const baseScore = intervalScore(fixed[at]!, fixed[at + 2]!, x)
        for (let i = 0; i < M; i++) {
          const lo = fixed[at + i * PredictionWidth]!
          const hi = fixed[at + i * PredictionWidth + 2]!
          const t = model.tallies[i]!
          const score = intervalScore(lo, hi, x)
          t.n++
          t.score += score
          t.relative += intervalScore(likely * Math.exp(lo), likely * Math.exp(hi), actual) / likely
          if (x < lo) t.below++
          else if (x > hi) t.above++
          const d = score - baseScore
          t.diff += d
          t.diffSq += d * d
        }
        model.scored++
      }
      addTo(model, sample)
    },
    selection: (unit) => {
      const model = familyOf(unit)
      const chosen = choose(model)
      const scores = scoresOf(model).sort((a, b) => (a.meanIntervalScore || 0) - (b.meanIntervalScore || 0))
      return {
        family: model.family,
        method: EstimateCalibrationMethods[chosen]!,
        scoredItems: model.scored,
        scores,
        reason: reasonOf(model, chosen)
      }
    }
  }
}

/**
 * Calibrates one new estimate from a team's completed history: replays the
 * history in time order so each candidate method is scored on items it
 * predicted before they completed, picks the method, then calibrates the
 * query from the items of the same unit family (time units together,
 * points apart) completed strictly before `query.estimatedOn`. A
 * calibration never sees the future. O(n log n) in the history.
 *
 * @since 0.1.0
 */
export const calibrateEstimate = (
  history: ReadonlyArray<EstimateSample>,
  query: EstimateCalibrationQuery,
  options: EstimateCalibrationOptions = {}
): CalibratedEstimate => {
  const family = estimateUnitFamily(query.unit)
  const known: Array<EstimateSample> = []
  for (const sample of history) {
    if (estimateUnitFamily(sample.unit) === family && completedBefore(sample.completedOn, query.estimatedOn)) known.push(sample)
  }
  return replayedCalibrator(known, options).calibrate(query)
}

/** A calibrator fed `samples` in time order: each estimated, then scored when it completes. */
const replayedCalibrator = (samples: ReadonlyArray<EstimateSample>, options: EstimateCalibrationOptions): EstimateCalibrator => {
  const calibrator = makeEstimateCalibrator(options)
  for (const event of estimateReplayOrder(samples)) {
    const s = samples[event >> 1]!
    if ((event & 1) === 1) calibrator.completed(event >> 1, s)
    // An item whose likely is outside the effort bounds is left out when it completes: nothing to predict.
    else if (isEffortWithinBounds(s.likely)) calibrator.estimated(event >> 1, { workType: s.workType, unit: s.unit, range: sampleRange(s), estimator: s.estimator })
  }
  return calibrator
}

/**
 * Calibrations of many queries against one history: what {@link calibrateEstimate} answers for
 * each, without replaying the history for every query. A unit family's history is replayed once,
 * the first time a query of that family comes after every item of it completed (the usual query:
 * a new estimate, today); a query dated before some completion replays the items completed before
 * it, as `calibrateEstimate` does. Build one per version of the history (a team's estimate log).
 *
 * @since 0.2.0
 */
export interface EstimateHistoryCalibrator {
  readonly calibrate: (query: EstimateCalibrationQuery) => CalibratedEstimate
}

/** @since 0.2.0 */
export const makeEstimateHistoryCalibrator = (
  history: ReadonlyArray<EstimateSample>,
  options: EstimateCalibrationOptions = {}
): EstimateHistoryCalibrator => {
  const families = new Map<string, { readonly calibrator: EstimateCalibrator; readonly latestEnd: number }>()
  const replayed = (family: string) => {
    let known = families.get(family)
    if (known === undefined) {
      // The family's items in history order, as calibrateEstimate keeps them when all of them qualify.
      const samples = history.filter((sample) => estimateUnitFamily(sample.unit) === family)
      let latestEnd = Number.NEGATIVE_INFINITY
      for (const sample of samples) latestEnd = Math.max(latestEnd, estimateTimeEnd(sample.completedOn))
      known = { calibrator: replayedCalibrator(samples, options), latestEnd }
      families.set(family, known)
    }
    return known
  }
  return {
    calibrate: (query) => {
      const family = replayed(estimateUnitFamily(query.unit))
      // Every item of the family completed before the query: the replay calibrateEstimate would make.
      return family.latestEnd < estimateTimeStart(query.estimatedOn)
        ? family.calibrator.calibrate(query)
        : calibrateEstimate(history, query, options)
    }
  }
}

