/**
 * Primitive value schemas shared by every part of the core.
 *
 * @since 0.1.0
 */
import { Schema, SchemaTransformation } from "effect"

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

// Control characters other than tab (U+0009) and newline (U+000A): C0, DEL, and the C1 controls
// U+0080–U+009F, which are as invisible and as harmful (U+009B is CSI, a terminal escape on its own).
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/

// A UTF-16 surrogate without its partner: no character at all, and UTF-8 cannot encode it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

// The engine's own check where it has one (ES2024's String.prototype.isWellFormed), the pattern elsewhere.
const isWellFormed: (s: string) => boolean = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
  ? (s) => (s as unknown as { isWellFormed: () => boolean }).isWellFormed()
  : (s) => !loneSurrogate.test(s)

// What a reader cannot see: whitespace, format characters (Cf: zero-width spaces and joiners, U+FEFF,
// the soft hyphen, bidi controls) and the other default-ignorable code points (Hangul fillers, the
// combining grapheme joiner, variation selectors). A text made only of these is blank.
// Tested for one visible character rather than by removing the invisible ones: a typed text's first
// character is nearly always visible, so the check stops there.
const visible = /[^\s\p{Cf}\p{Default_Ignorable_Code_Point}]/u

/**
 * The check behind {@link TypedText}: no control characters (C0, DEL, C1)
 * other than newline and tab.
 *
 * @since 0.2.0
 */
export const noControlCharacters = Schema.makeFilter(
  (s: string) => controlCharacter.test(s) ? "text must not contain control characters other than newline and tab" : true,
  { title: "no-control-characters", expected: "text without control characters other than newline and tab" }
)

/**
 * Whether a text is blank to a reader: empty, or only whitespace and
 * invisible characters (format and other default-ignorable code points).
 *
 * @since 0.2.0
 */
export const isBlankToAReader = (s: string): boolean => !visible.test(s)

/**
 * The check of {@link TypedText} against text blank to a reader: made only
 * of whitespace and invisible format characters.
 *
 * @since 0.2.0
 */
export const notBlankToAReader = Schema.makeFilter(
  (s: string) => !isBlankToAReader(s) ? true : "text must not be blank (spaces and invisible characters such as zero-width spaces do not count)",
  { title: "not-blank", expected: "text with at least one visible character" }
)

/**
 * The check of {@link TypedText} for well-formed Unicode: no lone UTF-16
 * surrogate.
 *
 * @since 0.2.0
 */
export const wellFormedUnicode = Schema.makeFilter(
  (s: string) => !isWellFormed(s) ? "the text is not valid Unicode (it holds half of a character, a lone UTF-16 surrogate); send it as UTF-8 text" : true,
  { expected: "valid Unicode text (no lone UTF-16 surrogates)" }
)

/**
 * The length check of typed text, in characters (Unicode code points, so an
 * emoji counts once, not as its two UTF-16 units), naming the limit.
 *
 * @since 0.2.0
 */
export const isMaxCharacters = (maxLength: number) =>
  Schema.isMaxCodePoints(maxLength, { expected: `text of at most ${maxLength} characters` })

// Windows clients, and a browser's form submission, end lines with CR LF; old Mac text with CR alone.
// Both are line endings, not control characters: typed text keeps one form of them, LF.
const lineEnding = /\r\n?/g
const unixLineEndings = SchemaTransformation.transform<string, string>({
  decode: (s) => s.includes("\r") ? s.replace(lineEnding, "\n") : s,
  encode: (s) => s
})

// The text as it arrives, before its line endings are made LF. Its limit is the same number of
// characters, counted as sent (a CR LF counts two), so that the OpenAPI document's `maxLength`,
// which describes this side, is one a client can check before sending.
const asSent = (maxLength: number) => Schema.String.pipe(Schema.check(isMaxCharacters(maxLength)))

/**
 * Text a person typed, as commands accept it: not blank to a reader (only
 * whitespace and invisible format characters is blank), at most `maxLength`
 * characters (code points), well-formed Unicode, and no control characters
 * other than newline and tab (a NUL or a terminal escape in a card helps
 * nobody and breaks exports). Line endings are made LF when decoded: CR LF
 * (Windows, form submissions) and a lone CR become `\n`. Stored events keep
 * the laxer {@link Text}, so events written before these limits still decode.
 *
 * Bidi controls (U+202A–U+202E, U+2066–U+2069) stay allowed inside text:
 * people writing Arabic or Hebrew among Latin names and numbers need them to
 * get the order right.
 *
 * @since 0.2.0
 */
export const TypedText = (maxLength: number) =>
  asSent(maxLength).pipe(Schema.decodeTo(
    // Not `Text`: its own blank check would report a blank text a second time, in other words.
    Schema.String.pipe(Schema.check(notBlankToAReader, isMaxCharacters(maxLength), wellFormedUnicode, noControlCharacters)),
    unixLineEndings
  ))

/**
 * {@link TypedText} that may be blank: for optional texts and drafts whose
 * blankness is judged elsewhere.
 *
 * @since 0.2.0
 */
export const TypedDraftText = (maxLength: number) =>
  asSent(maxLength).pipe(Schema.decodeTo(
    Schema.String.pipe(Schema.check(isMaxCharacters(maxLength), wellFormedUnicode, noControlCharacters)),
    unixLineEndings
  ))

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
