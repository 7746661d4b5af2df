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
