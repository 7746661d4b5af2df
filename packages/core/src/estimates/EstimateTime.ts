/**
 * When an estimate was given and when work ended: a calendar date
 * (`2026-01-05`) or an ISO 8601 date-time with its UTC offset
 * (`2026-01-05T09:30:00+01:00`, `2026-01-05T08:30Z`).
 *
 * A date names a whole day of the team's calendar. Read as an instant, an
 * estimate given on a date counts from the start of that day and work
 * completed on a date counts at the end of it, so "completed strictly before
 * the estimate" never lets work finished later the same day inform an
 * estimate given that day. A date-time is that instant exactly.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"
import { dayNumber, type IsoDate } from "../Primitives.ts"

const Pattern = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:0\d|1[0-4]):[0-5]\d))?$/

const DayMs = 86_400_000

/**
 * Why a text is not an {@link EstimateTime}, or `undefined` when it is one.
 *
 * @since 0.2.0
 */
export const estimateTimeProblem = (s: string): string | undefined => {
  const m = Pattern.exec(s)
  if (m === null) {
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)
      ? `${s} has no UTC offset; add one (Z, +02:00, -05:00) so the instant is unambiguous`
      : `${s} is neither a date YYYY-MM-DD nor a date-time YYYY-MM-DDTHH:MM[:SS] with an offset (Z or ±HH:MM)`
  }
  // Calendar check by arithmetic: an import reads two or three times per row, and a Date per check is slow.
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  if (day > days) return `${s.slice(0, 10)} is not a real calendar day`
  return undefined
}

/**
 * A calendar date `YYYY-MM-DD` or a date-time with offset
 * `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)`.
 *
 * @since 0.2.0
 */
export const EstimateTime = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) => estimateTimeProblem(s) ?? true, {
    expected: "a date YYYY-MM-DD or a date-time with offset, e.g. 2026-01-05T09:30:00+01:00"
  }))
)
/** @since 0.2.0 */
export type EstimateTime = typeof EstimateTime.Type

const digits = (s: string, from: number, count: number): number => {
  let v = 0
  for (let i = from; i < from + count; i++) v = v * 10 + s.charCodeAt(i) - 48
  return v
}

/**
 * The instant of a valid date-time, read by position (a replay reads two
 * per item; Date.parse is several times slower): milliseconds, fraction
 * beyond them ignored.
 */
const instantOf = (time: string): number => {
  let ms = Date.UTC(digits(time, 0, 4), digits(time, 5, 2) - 1, digits(time, 8, 2), digits(time, 11, 2), digits(time, 14, 2))
  let i = 16
  if (time.charCodeAt(i) === 58 /* : */) {
    ms += digits(time, 17, 2) * 1000
    i = 19
    if (time.charCodeAt(i) === 46 /* . */) {
      let j = i + 1
      let scale = 100
      while (j < time.length && time.charCodeAt(j) >= 48 && time.charCodeAt(j) <= 57) {
        ms += (time.charCodeAt(j) - 48) * scale
        scale /= 10
        j++
      }
      i = j
      ms = Math.floor(ms)
    }
  }
  if (time.charCodeAt(i) === 90 /* Z */) return ms
  const sign = time.charCodeAt(i) === 45 /* - */ ? -1 : 1
  return ms - sign * (digits(time, i + 1, 2) * 60 + digits(time, i + 4, 2)) * 60_000
}

/** Whether the time is a whole calendar day (no time of day). @since 0.2.0 */
export const isEstimateDate = (time: string): boolean => time.length === 10

/**
 * The calendar day a time falls on, as written (a date-time's own local
 * day, before any conversion to UTC): what quarters and report slices use.
 *
 * @since 0.2.0
 */
export const estimateDayOf = (time: string): IsoDate => time.slice(0, 10)

/**
 * The instant (ms since the epoch) a time starts: a date's midnight UTC, a
 * date-time's own instant. Estimates are placed here.
 *
 * @since 0.2.0
 */
export const estimateTimeStart = (time: string): number =>
  isEstimateDate(time) ? dayNumber(time) * DayMs : instantOf(time)

/**
 * The instant (ms since the epoch) a time ends: the last millisecond of a
 * date, a date-time's own instant. Completions are placed here.
 *
 * @since 0.2.0
 */
export const estimateTimeEnd = (time: string): number =>
  isEstimateDate(time) ? (dayNumber(time) + 1) * DayMs - 1 : instantOf(time)

/**
 * Orders two times for "not before" checks: by instant when both carry a
 * time of day, by calendar day when either is a date. Negative when `a` is
 * earlier.
 *
 * @since 0.2.0
 */
export const compareEstimateTimes = (a: string, b: string): number => {
  if (isEstimateDate(a) || isEstimateDate(b)) {
    const da = estimateDayOf(a)
    const db = estimateDayOf(b)
    return da < db ? -1 : da > db ? 1 : 0
  }
  return instantOf(a) - instantOf(b)
}

/**
 * Whether an item completed at `completedOn` was known when an estimate was
 * given at `estimatedOn`: completed strictly before the estimate's instant.
 *
 * @since 0.2.0
 */
export const completedBefore = (completedOn: string, estimatedOn: string): boolean =>
  estimateTimeEnd(completedOn) < estimateTimeStart(estimatedOn)
