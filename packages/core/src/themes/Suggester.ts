/**
 * The theme suggester: proposes a friction theme for a card from weighted
 * keywords, and says which words made it choose. It only suggests; the
 * facilitator groups cards.
 *
 * Deliberately simple so that every suggestion can be explained in the
 * room: lowercase, strip punctuation, crude English stemming, then exact
 * matching of single stems and (optionally gapped) stem sequences. A theme's
 * score is the sum of the weights of its distinct matched keywords; ties go to
 * the fixed theme order, so the answer never depends on the order themes are
 * listed in.
 *
 * @since 0.1.0
 */
import type { BuiltInThemeKey } from "./ThemeKey.ts"
import { builtInThemeKeys } from "./ThemeKey.ts"
import type { ThemeDefinition, ThemeKeyword } from "./Themes.ts"
import { builtInTheme, builtInThemes } from "./Themes.ts"

/**
 * A team-defined theme (or a retro's instance of a built-in one) that the
 * suggester should consider.
 *
 * - `id`: what the suggestion returns as `themeKey`.
 * - `name`: its words of four letters or more (stopwords aside) count as keywords of weight 1.
 * - `keywords`: extra terms; a bare string has weight 2.
 * - `builtInKey`: the built-in theme this one instantiates, if any: its
 *   keywords apply and it takes that built-in's place in the tie-break order.
 *
 * @since 0.1.0
 */
export interface CustomThemeInput {
  readonly id: string
  readonly name: string
  readonly keywords?: ReadonlyArray<string | ThemeKeyword> | undefined
  readonly builtInKey?: BuiltInThemeKey | undefined
}

/**
 * Anything the suggester can rank: a built-in definition (identified by its
 * key) or a {@link CustomThemeInput} (identified by its id).
 *
 * @since 0.1.0
 */
export type SuggestableTheme = ThemeDefinition | CustomThemeInput

/**
 * A keyword that matched, as written in the theme's keyword list.
 *
 * @since 0.1.0
 */
export interface ThemeKeywordMatch {
  readonly term: string
  readonly weight: number
}

/**
 * One theme's score for a card, with the keywords behind it (heaviest first).
 *
 * @since 0.1.0
 */
export interface ThemeScore {
  readonly themeKey: string
  readonly themeName: string
  readonly score: number
  readonly matched: ReadonlyArray<ThemeKeywordMatch>
}

/**
 * The suggestion for a card: the winning theme (or `undefined` when no
 * keyword matched), its score and matched keywords, and every other theme
 * that scored above zero, best first.
 *
 * @since 0.1.0
 */
export interface ThemeSuggestion {
  readonly themeKey: string | undefined
  readonly score: number
  readonly matched: ReadonlyArray<ThemeKeywordMatch>
  readonly alternatives: ReadonlyArray<ThemeScore>
}

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

const hasVowel = (s: string): boolean => /[aeiouy]/.test(s)

// Porter's rule: "shipp" -> "ship", but "call", "miss", "buzz" keep their double letter.
const undouble = (s: string): string => (/([^aeioulsz])\1$/.test(s) ? s.slice(0, -1) : s)

/**
 * Crude, predictable English stemming so that "estimates", "estimated",
 * "estimating", "estimation" and "estimate" all meet at `estimat`: British
 * `-ise` becomes `-ize`; plurals (`-ies`, `-es` after sibilants, `-s`), `-ied`,
 * `-ization`, `-ation`, `-ing` and `-ed` are stripped (doubled consonants
 * undone); a final `-e` is dropped from words longer than four letters.
 *
 * @since 0.1.0
 */
export const stemThemeWord = (word: string): string => {
  if (word.length <= 3) return word
  let s = word.replace(/is(ation|ations|e|ed|es|ing)$/, "iz$1")
  if (s.length > 4 && s.endsWith("ies")) s = `${s.slice(0, -3)}y`
  else if (s.length > 4 && s.endsWith("ied")) s = `${s.slice(0, -3)}y`
  else if (s.length > 8 && s.endsWith("izations")) s = s.slice(0, -6)
  else if (s.length > 7 && s.endsWith("ization")) s = s.slice(0, -5)
  else if (s.length > 7 && s.endsWith("ations")) s = s.slice(0, -4)
  else if (s.length > 7 && s.endsWith("ation")) s = s.slice(0, -3)
  else if (s.endsWith("ing") && s.length >= 6 && hasVowel(s.slice(0, -3))) s = undouble(s.slice(0, -3))
  else if (s.endsWith("ed") && !s.endsWith("eed") && s.length >= 5 && hasVowel(s.slice(0, -2))) s = undouble(s.slice(0, -2))
  else if (s.endsWith("sses")) s = s.slice(0, -2)
  else if (/(?:x|ch|sh|zz)es$/.test(s)) s = s.slice(0, -2)
  else if (s.endsWith("s") && !/(?:ss|us|is)$/.test(s)) s = s.slice(0, -1)
  if (s.length > 4 && s.endsWith("e")) s = s.slice(0, -1)
  return s
}

/**
 * A text as the suggester sees it: lowercased, accents and apostrophes
 * removed, punctuation turned into word breaks, each word stemmed.
 *
 * @since 0.1.0
 */
export const themeTokens = (text: string): ReadonlyArray<string> => {
  const cleaned = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’]s\b/g, "")
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
  return cleaned.length === 0 ? [] : cleaned.split(" ").map(stemThemeWord)
}

// ---------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------

const NAME_STOPWORDS = new Set([
  "the", "and", "for", "with", "our", "their", "from", "into", "about", "not", "too", "of", "vs", "versus", "to", "a", "an",
  "in", "on", "at", "is", "are", "be", "we", "they", "it", "or"
])

interface CompiledKeyword {
  readonly theme: number
  readonly term: string
  readonly weight: number
  readonly stems: ReadonlyArray<string>
  readonly within: number
}

interface CompiledTheme {
  readonly id: string
  readonly name: string
  readonly keywords: ReadonlyArray<CompiledKeyword>
}

interface CompiledThemes {
  readonly themes: ReadonlyArray<CompiledTheme>
  /** Keywords by their first stem, so a card is scanned once whatever the number of keywords. */
  readonly byFirstStem: ReadonlyMap<string, ReadonlyArray<CompiledKeyword>>
}

const isDefinition = (t: SuggestableTheme): t is ThemeDefinition => "key" in t

const rankOf = (key: BuiltInThemeKey | undefined): number =>
  key === undefined ? builtInThemeKeys.length : builtInThemeKeys.indexOf(key)

interface RawTheme {
  readonly id: string
  readonly name: string
  readonly rank: number
  readonly keywords: ReadonlyArray<ThemeKeyword>
}

const rawTheme = (t: SuggestableTheme): RawTheme => {
  if (isDefinition(t)) return { id: t.key, name: t.name, rank: rankOf(t.key), keywords: t.keywords }
  const fromBuiltIn = t.builtInKey === undefined ? [] : builtInTheme(t.builtInKey).keywords
  const fromName = t.builtInKey !== undefined
    ? []
    : themeTokens(t.name)
      .filter((w) => w.length >= 4 && !NAME_STOPWORDS.has(w))
      .map((w): ThemeKeyword => ({ term: w, weight: 1 }))
  const explicit = (t.keywords ?? []).map((k): ThemeKeyword => (typeof k === "string" ? { term: k, weight: 2 } : k))
  return { id: t.id, name: t.name, rank: rankOf(t.builtInKey), keywords: [...fromBuiltIn, ...fromName, ...explicit] }
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const compile = (themes: ReadonlyArray<SuggestableTheme>): CompiledThemes => {
  // Merge duplicates and sort by the fixed order first: from here on, input order is irrelevant.
  const merged = new Map<string, RawTheme>()
  for (const t of themes.map(rawTheme)) {
    const prev = merged.get(t.id)
    merged.set(
      t.id,
      prev === undefined
        ? t
        : {
          id: t.id,
          name: compareStrings(prev.name, t.name) <= 0 ? prev.name : t.name,
          rank: Math.min(prev.rank, t.rank),
          keywords: [...prev.keywords, ...t.keywords]
        }
    )
  }
  const ordered = [...merged.values()].sort((a, b) => a.rank - b.rank || compareStrings(a.id, b.id))

  const compiled: Array<CompiledTheme> = ordered.map((t, theme) => {
    // Same stems twice (e.g. "estimate" and "estimates") count once, at the higher weight.
    const byStems = new Map<string, CompiledKeyword>()
    for (const k of t.keywords) {
      const stems = themeTokens(k.term)
      if (stems.length === 0 || !(k.weight > 0)) continue
      const id = stems.join(" ")
      const prev = byStems.get(id)
      const candidate: CompiledKeyword = { theme, term: k.term, weight: k.weight, stems, within: Math.max(0, Math.floor(k.within ?? 0)) }
      if (prev === undefined || candidate.weight > prev.weight || (candidate.weight === prev.weight && compareStrings(candidate.term, prev.term) < 0)) {
        byStems.set(id, candidate)
      }
    }
    return { id: t.id, name: t.name, keywords: [...byStems.values()] }
  })

  const byFirstStem = new Map<string, Array<CompiledKeyword>>()
  for (const t of compiled) {
    for (const k of t.keywords) {
      const first = k.stems[0] as string
      const list = byFirstStem.get(first)
      if (list === undefined) byFirstStem.set(first, [k])
      else list.push(k)
    }
  }
  return { themes: compiled, byFirstStem }
}

// Memoised per theme list: suggesting for 300 cards compiles the list once.
const cache = new WeakMap<ReadonlyArray<SuggestableTheme>, CompiledThemes>()

const compiledFor = (themes: ReadonlyArray<SuggestableTheme>): CompiledThemes => {
  let c = cache.get(themes)
  if (c === undefined) {
    c = compile(themes)
    cache.set(themes, c)
  }
  return c
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

/** End index of a match of `stems` starting at `start`, allowing up to `within` other words between stems; -1 if none. */
const matchAt = (tokens: ReadonlyArray<string>, stems: ReadonlyArray<string>, within: number, start: number): number => {
  const go = (pos: number, j: number): number => {
    if (j === stems.length) return pos
    const limit = Math.min(tokens.length - 1, pos + 1 + within)
    for (let p = pos + 1; p <= limit; p++) {
      if (tokens[p] === stems[j]) {
        const end = go(p, j + 1)
        if (end >= 0) return end
      }
    }
    return -1
  }
  return go(start, 1)
}

interface Hit {
  readonly keyword: CompiledKeyword
  readonly spans: Array<readonly [number, number]>
}

const byWeightThenTerm = (a: ThemeKeywordMatch, b: ThemeKeywordMatch): number =>
  b.weight - a.weight || compareStrings(a.term, b.term)

const score = (compiled: CompiledThemes, cardText: string): ThemeSuggestion => {
  const tokens = themeTokens(cardText)
  const hits = new Map<CompiledKeyword, Hit>()
  for (let i = 0; i < tokens.length; i++) {
    const candidates = compiled.byFirstStem.get(tokens[i] as string)
    if (candidates === undefined) continue
    for (const k of candidates) {
      const end = k.stems.length === 1 ? i : matchAt(tokens, k.stems, k.within, i)
      if (end < 0) continue
      const hit = hits.get(k)
      if (hit === undefined) hits.set(k, { keyword: k, spans: [[i, end]] })
      else hit.spans.push([i, end])
    }
  }

  // Words that only occur inside a longer matched phrase are that phrase's evidence, not their own:
  // "tech debt" is not also "debt", and "context switch" is not also "context" (communication).
  const all = [...hits.values()]
  const perTheme: Array<Array<Hit>> = compiled.themes.map(() => [])
  for (const h of all) {
    const covered = h.spans.every(([s, e]) =>
      all.some((o) => o.keyword.stems.length > h.keyword.stems.length && o.spans.some(([os, oe]) => os <= s && e <= oe))
    )
    if (!covered) perTheme[h.keyword.theme]?.push(h)
  }

  const scores: Array<ThemeScore & { readonly order: number }> = []
  perTheme.forEach((kept, order) => {
    if (kept.length === 0) return
    const matched = kept.map((h) => ({ term: h.keyword.term, weight: h.keyword.weight })).sort(byWeightThenTerm)
    const theme = compiled.themes[order] as CompiledTheme
    scores.push({ themeKey: theme.id, themeName: theme.name, score: matched.reduce((n, m) => n + m.weight, 0), matched, order })
  })
  scores.sort((a, b) => b.score - a.score || a.order - b.order)

  const [best, ...rest] = scores.map(({ order: _order, ...s }) => s)
  return best === undefined
    ? { themeKey: undefined, score: 0, matched: [], alternatives: [] }
    : { themeKey: best.themeKey, score: best.score, matched: best.matched, alternatives: rest }
}

/**
 * Suggests a theme for one card.
 *
 * `themes` defaults to the built-ins; pass the retro's theme list (built-in
 * definitions and/or {@link CustomThemeInput}s) to rank those instead. The
 * result names the matched keywords; no match gives `themeKey: undefined`,
 * score 0 and an empty `matched`. Ties go to the fixed order: built-ins in
 * `BuiltInThemeKey` order (customs with a `builtInKey` take its place), then
 * other custom themes by id. Reusing the same `themes` array across calls
 * reuses its compiled keyword index.
 *
 * @since 0.1.0
 */
export const suggestTheme = (cardText: string, themes: ReadonlyArray<SuggestableTheme> = builtInThemes): ThemeSuggestion =>
  score(compiledFor(themes), cardText)

/**
 * Compiles a theme list once and returns a suggester for many cards.
 *
 * @since 0.1.0
 */
export const makeThemeSuggester = (
  themes: ReadonlyArray<SuggestableTheme> = builtInThemes
): ((cardText: string) => ThemeSuggestion) => {
  const compiled = compile(themes)
  return (cardText) => score(compiled, cardText)
}
