import fc from "fast-check"
import { fromDayNumber } from "../../src/Primitives.ts"
import type { EstimateLogCommand, EstimateLogEvent, EstimateRange, EstimateSample, EstimateUnit, ImportedWorkItem } from "../../src/estimates/index.ts"
import { BuiltInWorkTypes } from "../../src/estimates/index.ts"

export const arbId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,15}$/)
export const arbText = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,"]{0,20}[A-Za-z0-9]$/)
export const arbWorkType = fc.oneof(fc.constantFrom(...BuiltInWorkTypes), fc.stringMatching(/^[a-z][a-z]{0,10}[a-z]$/))
export const arbUnit: fc.Arbitrary<EstimateUnit> = fc.constantFrom("minutes", "hours", "days", "points")
export const arbSide = fc.constantFrom("product" as const, "engineering" as const)
/** Days from 2020-01-01 to about 2030. */
export const arbDay = fc.integer({ min: 18262, max: 21900 })
export const arbDate = arbDay.map(fromDayNumber)
/** A time of day with an offset, appended to a date, or nothing (a plain date). */
export const arbTimeOfDay = fc.option(
  fc.record({
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    seconds: fc.option(fc.integer({ min: 0, max: 59 })),
    offset: fc.constantFrom("Z", "+01:00", "-05:00", "+05:30")
  }).map(({ minute, offset, seconds }) =>
    `T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}${seconds === null ? "" : `:${String(seconds).padStart(2, "0")}`}${offset}`
  ),
  { nil: "" }
)
export const arbEstimator = fc.option(fc.constantFrom("Ana Lima", "ben", "carl.ota@example.com"), { nil: undefined })
export const arbEffort = fc.double({ min: 0.01, max: 10_000, noNaN: true, noDefaultInfinity: true })

export const arbRange: fc.Arbitrary<EstimateRange> = fc.oneof(
  arbEffort.map((likely) => ({ likely })),
  fc.tuple(arbEffort, arbEffort, arbEffort).map(([a, b, c]) => {
    const [best, likely, worst] = [a, b, c].sort((x, y) => x - y) as [number, number, number]
    return { best, likely, worst }
  })
)

export const arbImportedItem: fc.Arbitrary<ImportedWorkItem> = fc.record({
  itemId: arbId,
  title: arbText,
  workType: arbWorkType,
  unit: arbUnit,
  range: arbRange,
  estimatedBy: arbSide,
  day: arbDay,
  // Two days or more between estimate and end, so any times of day and offsets keep them in order.
  lead: fc.integer({ min: 2, max: 200 }),
  outcome: fc.constantFrom("Open", "Completed", "Cancelled"),
  actual: fc.option(arbEffort, { nil: undefined }),
  startTime: arbTimeOfDay,
  endTime: arbTimeOfDay,
  estimator: arbEstimator
}).map(({ actual, day, endTime, estimator, lead, outcome, startTime, ...rest }) => ({
  ...rest,
  ...(estimator === undefined ? {} : { estimator }),
  estimatedOn: fromDayNumber(day) + startTime,
  outcome: outcome === "Open"
    ? { _tag: "Open" as const }
    : outcome === "Completed"
    ? actual === undefined
      ? { _tag: "Completed" as const, completedOn: fromDayNumber(day + lead) + endTime }
      : { _tag: "Completed" as const, actual, completedOn: fromDayNumber(day + lead) + endTime }
    : { _tag: "Cancelled" as const, cancelledOn: fromDayNumber(day + lead) + endTime }
}))

const withReason = <A extends object>(base: A, reason: string | null): A | (A & { reason: string }) =>
  reason === null ? base : { ...base, reason }

export const arbCommand: fc.Arbitrary<EstimateLogCommand> = fc.oneof(
  fc.record({ teamId: arbId, itemId: arbId, title: arbText, workType: arbWorkType, unit: arbUnit, range: arbRange, estimatedBy: arbSide, estimatedOn: arbDate })
    .map((c) => ({ _tag: "RecordEstimate" as const, ...c })),
  fc.record({ teamId: arbId, itemId: arbId, range: arbRange, estimatedBy: arbSide, estimatedOn: arbDate, reason: fc.option(arbText) })
    .map(({ reason, ...c }) => withReason({ _tag: "ReEstimate" as const, ...c }, reason)),
  fc.record({ teamId: arbId, itemId: arbId, actual: arbEffort, completedOn: arbDate }).map((c) => ({ _tag: "RecordActual" as const, ...c })),
  fc.record({ teamId: arbId, itemId: arbId, cancelledOn: arbDate, reason: fc.option(arbText) })
    .map(({ reason, ...c }) => withReason({ _tag: "CancelWorkItem" as const, ...c }, reason)),
  fc.record({ teamId: arbId, items: fc.array(arbImportedItem, { maxLength: 4 }), source: fc.option(arbText) })
    .map(({ source, ...c }) => source === null ? { _tag: "ImportEstimateHistory" as const, ...c } : { _tag: "ImportEstimateHistory" as const, ...c, source })
)

export const arbEvent: fc.Arbitrary<EstimateLogEvent> = arbCommand.map((c): EstimateLogEvent => {
  switch (c._tag) {
    case "RecordEstimate": {
      const { _tag, ...rest } = c
      return { _tag: "WorkItemEstimated", ...rest }
    }
    case "ReEstimate": {
      const { _tag, ...rest } = c
      return { _tag: "WorkItemReEstimated", ...rest }
    }
    case "RecordActual": {
      const { _tag, ...rest } = c
      return { _tag: "WorkItemCompleted", ...rest }
    }
    case "CancelWorkItem": {
      const { _tag, ...rest } = c
      return { _tag: "WorkItemCancelled", ...rest }
    }
    case "ImportEstimateHistory": {
      const { _tag, ...rest } = c
      return { _tag: "EstimateHistoryImported", ...rest }
    }
  }
})

/** A completed sample with a consistent range and dates. */
export const arbSample = (options: { readonly workTypes?: ReadonlyArray<string>; readonly units?: ReadonlyArray<EstimateUnit> } = {}): fc.Arbitrary<EstimateSample> =>
  fc.record({
    itemId: arbId,
    workType: options.workTypes === undefined ? arbWorkType : fc.constantFrom(...options.workTypes),
    unit: options.units === undefined ? fc.constant<EstimateUnit>("hours") : fc.constantFrom(...options.units),
    range: arbRange,
    // Ratios spread from ×0.1 to ×10, with a heavy share booked exactly at the estimate.
    ratio: fc.oneof(fc.constant(1), fc.double({ min: 0.1, max: 10, noNaN: true })),
    day: fc.integer({ min: 19000, max: 19400 }),
    lead: fc.integer({ min: 0, max: 60 }),
    estimatedBy: arbSide
  }).map(({ day, lead, range, ratio, ...rest }) => {
    const best = range.best ?? range.likely
    const worst = range.worst ?? range.likely
    return {
      ...rest,
      best,
      likely: range.likely,
      worst,
      actual: range.likely * ratio,
      estimatedOn: fromDayNumber(day),
      completedOn: fromDayNumber(day + lead),
      singlePoint: best === range.likely && worst === range.likely
    }
  })
