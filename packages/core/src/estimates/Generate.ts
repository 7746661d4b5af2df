/**
 * A seeded generator of realistic, messy estimate histories whose true error
 * distribution is known: for tests, the docs, the benchmark and for trying
 * RetroBridge before a team has its own data. Never a stand-in for a team's
 * real history.
 *
 * @since 0.1.0
 */
import { dayNumber, fromDayNumber, type IsoDate } from "../Primitives.ts"
import type { ImportedWorkItem } from "./EstimateLogCommand.ts"
import type { EstimateUnit } from "./Range.ts"
import { seededRandom, standardNormal } from "./Stats.ts"

/**
 * How one work type's estimates go wrong: actual / likely is log-normal
 * with median `medianRatio` and log-scale spread `sigma`.
 *
 * @since 0.1.0
 */
export interface GeneratedWorkTypeProfile {
  readonly workType: string
  /** Relative frequency among the generated items. */
  readonly weight: number
  readonly medianRatio: number
  readonly sigma: number
}

/**
 * The default mix: integrations and migrations underestimated, research
 * wildly variable, bug fixes slightly overestimated.
 *
 * @since 0.1.0
 */
export const DefaultEstimateGeneratorProfiles: ReadonlyArray<GeneratedWorkTypeProfile> = [
  { workType: "feature", weight: 0.32, medianRatio: 1.1, sigma: 0.35 },
  { workType: "bug fix", weight: 0.2, medianRatio: 0.9, sigma: 0.55 },
  { workType: "integration", weight: 0.14, medianRatio: 1.45, sigma: 0.45 },
  { workType: "migration", weight: 0.1, medianRatio: 1.35, sigma: 0.5 },
  { workType: "infrastructure", weight: 0.12, medianRatio: 1.15, sigma: 0.4 },
  { workType: "research", weight: 0.12, medianRatio: 1.2, sigma: 0.9 }
]

/** @since 0.1.0 */
export interface GenerateEstimateHistoryOptions {
  readonly seed: number
  readonly count: number
  readonly profiles?: ReadonlyArray<GeneratedWorkTypeProfile>
  /** Share of completed items whose actual was booked as exactly the likely estimate. Default 0.3. */
  readonly bookedShare?: number
  /** Share of items estimated as a single point. Default 0.25. */
  readonly singlePointShare?: number
  /** Share of tiny estimates (0.1–0.5 of a unit). Default 0.04. */
  readonly tinyShare?: number
  /** Share of items cancelled instead of completed. Default 0.03. */
  readonly cancelledShare?: number
  /** Actuals are rounded to this step, never below it (0 = no rounding). Default 0.25. */
  readonly actualStep?: number
  /** A rare custom work type with only this many items (0 = none). Default 6. */
  readonly rareTypeItems?: number
  readonly unit?: EstimateUnit
  readonly startOn?: IsoDate
  /** Estimates are spread evenly over this many days. Default 730 (eight quarters). */
  readonly days?: number
}

const roundTo = (x: number, step: number): number => step <= 0 ? x : Math.max(step, Math.round(x / step) * step)

/**
 * Generates a history, items ordered by estimate date, ids `W-000001`…
 * Non-booked actuals are likely × exp(N(ln medianRatio, sigma²)), rounded
 * to `actualStep`; completion follows the estimate by a delay that grows
 * with the actual effort (bigger overruns finish later, as in real logs).
 *
 * @since 0.1.0
 */
export const generateEstimateHistory = (options: GenerateEstimateHistoryOptions): Array<ImportedWorkItem> => {
  const random = seededRandom(options.seed)
  const profiles = options.profiles ?? DefaultEstimateGeneratorProfiles
  const booked = options.bookedShare ?? 0.3
  const single = options.singlePointShare ?? 0.25
  const tiny = options.tinyShare ?? 0.04
  const cancelled = options.cancelledShare ?? 0.03
  const step = options.actualStep ?? 0.25
  const rare = options.rareTypeItems ?? 6
  const unit = options.unit ?? "hours"
  const start = dayNumber(options.startOn ?? "2024-01-01")
  const days = options.days ?? 730
  const totalWeight = profiles.reduce((sum, p) => sum + p.weight, 0)
  const rareProfile: GeneratedWorkTypeProfile = { workType: "compliance", weight: 0, medianRatio: 1.3, sigma: 0.4 }
  const rareEvery = rare > 0 ? Math.max(1, Math.floor(options.count / rare)) : 0

  const pick = (): GeneratedWorkTypeProfile => {
    let u = random() * totalWeight
    for (const p of profiles) {
      u -= p.weight
      if (u < 0) return p
    }
    return profiles[profiles.length - 1]!
  }

  const items: Array<ImportedWorkItem> = []
  for (let i = 0; i < options.count; i++) {
    const profile = rareEvery > 0 && i % rareEvery === rareEvery - 1 && Math.floor(i / rareEvery) < rare ? rareProfile : pick()
    const estimatedDay = start + Math.floor((i / options.count) * days)
    // Sizes are log-uniform between 1 and 60 units, with a few tiny ones.
    const likely = random() < tiny
      ? [0.1, 0.25, 0.5][Math.floor(random() * 3)]!
      : Math.max(0.5, Math.round(Math.exp(random() * Math.log(60)) * 2) / 2)
    const isSingle = random() < single
    // Stated ranges are narrow, as the literature finds: about −15% / +30%.
    const best = Math.round(likely * Math.exp(-0.05 - random() * 0.25) * 100) / 100
    const worst = Math.round(likely * Math.exp(0.1 + random() * 0.4) * 100) / 100
    const range = isSingle || best <= 0 || best > likely || worst < likely
      ? { likely }
      : { best, likely, worst }
    const z = standardNormal(random)
    const isBooked = random() < booked
    const actual = isBooked ? likely : roundTo(likely * Math.exp(Math.log(profile.medianRatio) + profile.sigma * z), step)
    const leadDays = Math.ceil(actual / (unit === "hours" ? 6 : 1)) + Math.floor(random() * 15)
    const isCancelled = random() < cancelled
    const estimatedBy = random() < 0.85 ? "engineering" : "product"
    items.push({
      itemId: `W-${String(i + 1).padStart(6, "0")}`,
      title: `${profile.workType} work ${i + 1}`,
      workType: profile.workType,
      unit,
      range,
      estimatedBy,
      estimatedOn: fromDayNumber(estimatedDay),
      outcome: isCancelled
        ? { _tag: "Cancelled", cancelledOn: fromDayNumber(estimatedDay + Math.floor(random() * 20)) }
        : { _tag: "Completed", actual, completedOn: fromDayNumber(estimatedDay + leadDays) }
    })
  }
  return items
}

/**
 * A generated log built so that one calibration method is the right one:
 *
 * - `stable-type`: work types with distinct, stable, non-log-normal errors
 *   (a bimodal one, a skewed one, one with a third booked exactly at the
 *   estimate, a wide one) — per-type quantiles are right;
 * - `drift`: the whole team's error drifts over time (one slow wave of
 *   ×0.6 … ×1.6) on top of per-type offsets — only recent history is right;
 * - `size`: small items overrun more and vary more than big ones, whatever
 *   their type — size groups are right;
 * - `person`: each estimator has their own bias and spread, whatever the
 *   type — per-person groups are right.
 *
 * @since 0.2.0
 */
export type EstimateCalibrationScenario = "stable-type" | "drift" | "size" | "person"

/** @since 0.2.0 */
export interface GenerateScenarioOptions {
  readonly scenario: EstimateCalibrationScenario
  readonly seed: number
  readonly count: number
  /** Estimates are spread evenly over this many days from 2024-01-01T09:00Z. Default 730. */
  readonly days?: number
}

const ScenarioTypes = ["Feature", "Bug", "Chore", "Spike"] as const
const ScenarioPeople = ["ana", "ben", "carl", "dee", "eli", "fay"] as const
const PersonError: Record<string, readonly [number, number]> = {
  ana: [-0.2, 0.2],
  ben: [0.1, 0.3],
  carl: [0.4, 0.45],
  dee: [0.7, 0.3],
  eli: [0, 0.6],
  fay: [0.25, 0.2]
}
const HourMs = 3_600_000

/**
 * Generates a scenario log in hours, with minute-resolution date-times and
 * estimators, items ordered by estimate time, ids `S-000001`… Every item
 * completes; completion follows the estimate by three hours per hour of
 * actual effort plus up to a day.
 *
 * @since 0.2.0
 */
export const generateCalibrationScenario = (options: GenerateScenarioOptions): Array<ImportedWorkItem> => {
  const random = seededRandom(options.seed)
  const start = Date.UTC(2024, 0, 1, 9, 0)
  const span = (options.days ?? 730) * 24 * HourMs
  const normal = (mean: number, sd: number): number => mean + sd * standardNormal(random)
  const items: Array<ImportedWorkItem> = []
  for (let i = 0; i < options.count; i++) {
    const workType = ScenarioTypes[Math.floor(random() * ScenarioTypes.length)]!
    const estimator = ScenarioPeople[Math.floor(random() * ScenarioPeople.length)]!
    // Log-uniform sizes from half an hour to 64 hours, in quarter hours.
    const likely = Math.max(0.25, Math.round(Math.exp(Math.log(0.5) + random() * Math.log(128)) * 4) / 4)
    let r: number
    switch (options.scenario) {
      case "stable-type":
        r = workType === "Feature"
          ? -0.25 - 0.5 * Math.log(1 - random())
          : workType === "Bug"
          ? random() < 0.5 ? normal(-0.25, 0.12) : normal(0.55, 0.15)
          : workType === "Chore"
          ? random() < 0.35 ? 0 : normal(0.25, 0.25)
          : normal(0.4, 0.8)
        break
      case "drift": {
        const offset = workType === "Feature" ? 0.1 : workType === "Bug" ? -0.1 : workType === "Chore" ? 0.3 : 0.2
        r = normal(offset + 0.5 * Math.sin((2 * Math.PI * i) / options.count), 0.3)
        break
      }
      case "size": {
        const l = Math.log2(likely)
        r = normal(0.5 - 0.12 * l, 0.55 - 0.05 * l)
        break
      }
      case "person": {
        const [mean, sd] = PersonError[estimator]!
        r = normal(mean, sd)
        break
      }
    }
    const actual = Math.max(0.001, Math.round(likely * Math.exp(r) * 1000) / 1000)
    const estimatedAt = start + Math.floor((i / options.count) * span / 60_000) * 60_000
    const completedAt = estimatedAt + Math.round((actual * 3 * HourMs + random() * 24 * HourMs) / 60_000) * 60_000
    const minute = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16)}Z`
    const single = random() < 0.4
    items.push({
      itemId: `S-${String(i + 1).padStart(6, "0")}`,
      title: `${workType} ${i + 1}`,
      workType,
      unit: "hours",
      range: single ? { likely } : { best: Math.round(likely * 0.8 * 100) / 100, likely, worst: Math.round(likely * 1.5 * 100) / 100 },
      estimatedBy: "engineering",
      estimator,
      estimatedOn: minute(estimatedAt),
      outcome: { _tag: "Completed", actual, completedOn: minute(completedAt) }
    })
  }
  return items
}
