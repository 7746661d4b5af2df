/**
 * Primitive value schemas shared by every part of the core.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Which side of the product–engineering line a person sits on.
 *
 * @since 0.1.0
 */
export const Side = Schema.Literals(["product", "engineering"])
/** @since 0.1.0 */
export type Side = typeof Side.Type

/** @since 0.1.0 */
export const Sides: ReadonlyArray<Side> = ["product", "engineering"]

/**
 * A calendar date, `YYYY-MM-DD` (no time zone: the team's local calendar day).
 *
 * @since 0.1.0
 */
export const IsoDate = Schema.String.pipe(
  Schema.check(
    Schema.isPattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
      expected: "a calendar date YYYY-MM-DD"
    }),
    Schema.makeFilter((s: string) => {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
        ? true
        : `${s} is not a real calendar day`
    })
  )
)
/** @since 0.1.0 */
export type IsoDate = typeof IsoDate.Type

/**
 * An instant as milliseconds since the Unix epoch. The core never reads a
 * clock: every command that needs "now" carries it.
 *
 * @since 0.1.0
 */
export const EpochMillis = Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(0)))
/** @since 0.1.0 */
export type EpochMillis = typeof EpochMillis.Type

/**
 * An identifier chosen by the caller (the core never generates ids).
 *
 * @since 0.1.0
 */
export const Id = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
    expected: "an id of 1-128 letters, digits, '.', '_', ':' or '-'"
  }))
)
/** @since 0.1.0 */
export type Id = typeof Id.Type

/**
 * Non-blank text, trimmed of nothing: blank or whitespace-only text is rejected.
 *
 * @since 0.1.0
 */
export const Text = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) => s.trim().length > 0 ? true : "text must not be blank", {
    title: "not-blank",
    expected: "text that is not blank"
  }))
)
/** @since 0.1.0 */
export type Text = typeof Text.Type

// Control characters other than tab (U+0009) and newline (U+000A), including DEL.
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000B-\u001F\u007F]/

/**
 * Text a person typed, as commands accept it: not blank, at most `maxLength`
 * characters, and no control characters other than newline and tab (a NUL or
 * a terminal escape in a card helps nobody and breaks exports). Stored events
 * keep the laxer {@link Text}, so events written before these limits still
 * decode.
 *
 * @since 0.2.0
 */
export const TypedText = (maxLength: number) => Text.pipe(Schema.check(Schema.isMaxLength(maxLength), noControlCharacters))

/**
 * The check behind {@link TypedText}: no control characters other than
 * newline and tab.
 *
 * @since 0.2.0
 */
export const noControlCharacters = Schema.makeFilter(
  (s: string) => controlCharacter.test(s) ? "text must not contain control characters other than newline and tab" : true,
  { title: "no-control-characters", expected: "text without control characters other than newline and tab" }
)

/**
 * The limits of typed texts, in characters: names of people, themes and
 * teams; titles; agreement statements and commitments; cards and notes.
 *
 * @since 0.2.0
 */
export const textLimits = { name: 100, title: 200, agreement: 500, note: 2000, card: 2000 } as const

/** A person's, theme's or team's name as typed: 1–100 characters. @since 0.2.0 */
export const NameText = TypedText(textLimits.name)
/** A title as typed: 1–200 characters. @since 0.2.0 */
export const TitleText = TypedText(textLimits.title)
/** An agreement's statement, commitment or signal as typed: 1–500 characters. @since 0.2.0 */
export const AgreementText = TypedText(textLimits.agreement)
/** A note, evidence or "optimizing for" entry as typed: 1–2,000 characters. @since 0.2.0 */
export const NoteText = TypedText(textLimits.note)

/** Days since the epoch of an {@link IsoDate}: calendar arithmetic without time zones. @since 0.1.0 */
export const dayNumber = (date: IsoDate): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000)

/** The {@link IsoDate} of a day number. @since 0.1.0 */
export const fromDayNumber = (day: number): IsoDate => new Date(day * 86_400_000).toISOString().slice(0, 10)

/** Calendar quarter of a date, e.g. `2026-Q3`. @since 0.1.0 */
export const quarterOf = (date: IsoDate): string => {
  const month = Number(date.slice(5, 7))
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`
}

/** First and last day of a quarter label such as `2026-Q3`. @since 0.1.0 */
export const quarterBounds = (quarter: string): { readonly start: IsoDate; readonly end: IsoDate } => {
  const year = Number(quarter.slice(0, 4))
  const q = Number(quarter.slice(6))
  const startMonth = (q - 1) * 3
  const start = new Date(Date.UTC(year, startMonth, 1)).toISOString().slice(0, 10)
  const end = new Date(Date.UTC(year, startMonth + 3, 0)).toISOString().slice(0, 10)
  return { start, end }
}

/** The quarter after a quarter label. @since 0.1.0 */
export const nextQuarter = (quarter: string): string => {
  const year = Number(quarter.slice(0, 4))
  const q = Number(quarter.slice(6))
  return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`
}
