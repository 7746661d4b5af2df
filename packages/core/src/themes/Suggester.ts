/**
 * The theme suggester: ranks the themes a card could go to, best three
 * first, and says why: which words and phrases of the theme's lexicon
 * matched, and, once the team has grouped cards before, which of its earlier
 * cards back the proposal. It only suggests; the facilitator groups cards.
 *
 * Deliberately simple so that every suggestion can be explained in the
 * room: lowercase, strip punctuation, crude English stemming, negations and
 * numbers folded into one token each, then exact matching of single stems and
 * (optionally gapped) stem sequences. A theme's score is the sum of the
 * weights of its distinct matched keywords plus the points the team's
 * evidence gives it (see {@link learnedFeatures}); ties go to the fixed
 * theme order, so the answer never depends on the order themes are listed
 * in. No model is downloaded or trained outside the team's own history.
 *
 * @since 0.1.0
 */
import type { BuiltInThemeKey } from "./ThemeKey.ts"
import { builtInThemeKeys } from "./ThemeKey.ts"
import { builtInThemeExamples, type LabelledThemeCard } from "./ThemeExamples.ts"
import {
  addThemeExamples,
  emptyThemeEvidence,
  LEARNING_POINTS_PER_FEATURE,
  learnedFeaturesOf,
  type TeamThemeEvidence,
  themeLabel,
  type ThemeLabel
} from "./ThemeLearning.ts"
import { builtInThemeLexicon } from "./ThemeLexicon.ts"
import { featuresOfWords, themeTokens, themeWords, tokensOfWords } from "./ThemeText.ts"
import type { ThemeDefinition, ThemeKeyword } from "./Themes.ts"
import { builtInTheme, builtInThemes } from "./Themes.ts"

export { stemThemeWord, themeTokens } from "./ThemeText.ts"

/**
 * A team-defined theme (or a retro's instance of a built-in one) that the
 * suggester should consider.
 *
 * - `id`: what the suggestion returns as `themeKey`.
 * - `name`: its words of four letters or more (stopwords aside) count as keywords of weight 2 (the
 *   facilitator chose them; as strong as a typical lexicon word).
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
 * Why a theme scored: a keyword or phrase of the theme matched, earlier
 * cards of this team with the same words went to this theme, or built-in
 * example cards with the same words are labelled with it.
 *
 * @since 0.2.0
 */
export type ThemeReason =
  | { readonly kind: "keyword"; readonly term: string; readonly points: number }
  | {
    readonly kind: "team-history"
    /** The card's own words. */
    readonly words: string
    readonly points: number
    /** Earlier cards of the team with these words that went to this theme… */
    readonly cards: number
    /** …out of all earlier cards of the team with these words. */
    readonly cardsWithWords: number
    /** The theme's name when the team last used it. */
    readonly themeName: string
  }
  | {
    readonly kind: "built-in-examples"
    /** The card's own words. */
    readonly words: string
    readonly points: number
    /** Built-in example cards with these words labelled with this theme… */
    readonly cards: number
    /** …out of all built-in example cards with these words. */
    readonly cardsWithWords: number
    readonly themeName: string
  }

/**
 * One theme's score for a card, with the keywords behind it (heaviest first)
 * and every reason for the score (heaviest first).
 *
 * @since 0.1.0
 */
export interface ThemeScore {
  readonly themeKey: string
  readonly themeName: string
  /** The sum of the reasons' points, to two decimals. */
  readonly score: number
  readonly matched: ReadonlyArray<ThemeKeywordMatch>
  readonly reasons: ReadonlyArray<ThemeReason>
}

/**
 * The suggestion for a card: the winning theme (or `undefined` when nothing
 * spoke for any theme), its score, matched keywords and reasons; the best
 * three themes (`ranked`, the winner first); and every other theme that
 * scored above zero (`alternatives`), best first.
 *
 * @since 0.1.0
 */
export interface ThemeSuggestion {
  readonly themeKey: string | undefined
  readonly score: number
  readonly matched: ReadonlyArray<ThemeKeywordMatch>
  readonly reasons: ReadonlyArray<ThemeReason>
  readonly ranked: ReadonlyArray<ThemeScore>
  readonly alternatives: ReadonlyArray<ThemeScore>
}

/**
 * What else the suggester may use besides the themes' keywords.
 *
 * - `evidence`: the team's grouping evidence ({@link teamThemeEvidence}).
 * - `self`: the card's own retro and card id, when the card may itself be in
 *   the evidence (assigned in the running retro): it never counts for itself.
 * - `builtInExamples`: whether the built-in example cards count (default
 *   true; false leaves the lexicon alone, e.g. to measure it).
 *
 * @since 0.2.0
 */
export interface SuggestOptions {
  readonly evidence?: TeamThemeEvidence | undefined
  readonly self?: { readonly retroId: string; readonly cardId: string } | undefined
  readonly builtInExamples?: boolean | undefined
}

/**
 * One sentence per reason, for people: `"tech debt" (+3)`,
 * `3 of your 4 earlier cards with "go live" went to Release readiness (+1.2)` or
 * `2 of the 3 built-in example cards with "sprint plan" are about Prioritization (+0.5)`.
 *
 * @since 0.2.0
 */
export const explainThemeReason = (reason: ThemeReason): string => {
  const points = `+${Math.round(reason.points * 10) / 10}`
  if (reason.kind === "keyword") return `"${reason.term}" (${points})`
  if (reason.kind === "built-in-examples") {
    return reason.cards === reason.cardsWithWords
      ? `${reason.cards === 1 ? "1 built-in example card" : `${reason.cards} built-in example cards`} with "${reason.words}" ${reason.cards === 1 ? "is" : "are"} about ${reason.themeName} (${points})`
      : `${reason.cards} of the ${reason.cardsWithWords} built-in example cards with "${reason.words}" ${reason.cards === 1 ? "is" : "are"} about ${reason.themeName} (${points})`
  }
  const cards = reason.cards === 1 ? "1 earlier card" : `${reason.cards} earlier cards`
  return reason.cards === reason.cardsWithWords
    ? `${cards} with "${reason.words}" went to ${reason.themeName} (${points})`
    : `${reason.cards} of your ${reason.cardsWithWords} earlier cards with "${reason.words}" went to ${reason.themeName} (${points})`
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
  /** Which learned theme feeds this one. */
  readonly label: ThemeLabel
  readonly keywords: ReadonlyArray<CompiledKeyword>
}

interface CompiledThemes {
  readonly themes: ReadonlyArray<CompiledTheme>
  /** Keywords by their first stem, so a card is scanned once whatever the number of keywords. */
  readonly byFirstStem: ReadonlyMap<string, ReadonlyArray<CompiledKeyword>>
  readonly byLabel: ReadonlyMap<ThemeLabel, ReadonlyArray<number>>
}

const isDefinition = (t: SuggestableTheme): t is ThemeDefinition => "key" in t

const rankOf = (key: BuiltInThemeKey | undefined): number =>
  key === undefined ? builtInThemeKeys.length : builtInThemeKeys.indexOf(key)

interface RawTheme {
  readonly id: string
  readonly name: string
  readonly rank: number
  readonly label: ThemeLabel
  readonly keywords: ReadonlyArray<ThemeKeyword>
}

const builtInKeywords = (key: BuiltInThemeKey): ReadonlyArray<ThemeKeyword> => [
  ...builtInTheme(key).keywords,
  ...builtInThemeLexicon[key]
]

const rawTheme = (t: SuggestableTheme): RawTheme => {
  if (isDefinition(t)) return { id: t.key, name: t.name, rank: rankOf(t.key), label: t.key, keywords: builtInKeywords(t.key) }
  const fromBuiltIn = t.builtInKey === undefined ? [] : builtInKeywords(t.builtInKey)
  const fromName = t.builtInKey !== undefined
    ? []
    : themeTokens(t.name)
      .filter((w) => w.length >= 4 && !NAME_STOPWORDS.has(w))
      .map((w): ThemeKeyword => ({ term: w, weight: 2 }))
  const explicit = (t.keywords ?? []).map((k): ThemeKeyword => (typeof k === "string" ? { term: k, weight: 2 } : k))
  return {
    id: t.id,
    name: t.name,
    rank: rankOf(t.builtInKey),
    label: themeLabel({ name: t.name, builtIn: t.builtInKey }),
    keywords: [...fromBuiltIn, ...fromName, ...explicit]
  }
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

// The lexicon's terms are tokenized once per process, not once per compiled theme list (a view compiles one).
const termStemsCache = new Map<string, ReadonlyArray<string>>()
const termStems = (term: string): ReadonlyArray<string> => {
  let stems = termStemsCache.get(term)
  if (stems === undefined) {
    if (termStemsCache.size >= 20_000) termStemsCache.clear()
    stems = themeTokens(term)
    termStemsCache.set(term, stems)
  }
  return stems
}

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
          label: compareStrings(prev.name, t.name) <= 0 ? prev.label : t.label,
          keywords: [...prev.keywords, ...t.keywords]
        }
    )
  }
  const ordered = [...merged.values()].sort((a, b) => a.rank - b.rank || compareStrings(a.id, b.id))

  const compiled: Array<CompiledTheme> = ordered.map((t, theme) => {
    // Same stems twice (e.g. "estimate" and "estimates") count once, at the higher weight.
    const byStems = new Map<string, CompiledKeyword>()
    for (const k of t.keywords) {
      const stems = termStems(k.term)
      if (stems.length === 0 || !(k.weight > 0)) continue
      const id = stems.join(" ")
      const prev = byStems.get(id)
      const candidate: CompiledKeyword = { theme, term: k.term, weight: k.weight, stems, within: Math.max(0, Math.floor(k.within ?? 0)) }
      if (prev === undefined || candidate.weight > prev.weight || (candidate.weight === prev.weight && compareStrings(candidate.term, prev.term) < 0)) {
        byStems.set(id, candidate)
      }
    }
    return { id: t.id, name: t.name, label: t.label, keywords: [...byStems.values()] }
  })

  const byFirstStem = new Map<string, Array<CompiledKeyword>>()
  const byLabel = new Map<ThemeLabel, Array<number>>()
  compiled.forEach((t, i) => {
    for (const k of t.keywords) {
      const first = k.stems[0] as string
      const list = byFirstStem.get(first)
      if (list === undefined) byFirstStem.set(first, [k])
      else list.push(k)
    }
    const same = byLabel.get(t.label)
    if (same === undefined) byLabel.set(t.label, [i])
    else same.push(i)
  })
  return { themes: compiled, byFirstStem, byLabel }
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

/**
 * Positions of a match of `stems` starting at `start`, allowing up to `within` other words between stems;
 * undefined if none.
 */
const matchAt = (
  tokens: ReadonlyArray<string>,
  stems: ReadonlyArray<string>,
  within: number,
  start: number
): ReadonlyArray<number> | undefined => {
  const go = (pos: number, j: number): Array<number> | undefined => {
    if (j === stems.length) return [pos]
    const limit = Math.min(tokens.length - 1, pos + 1 + within)
    for (let p = pos + 1; p <= limit; p++) {
      if (tokens[p] === stems[j]) {
        const rest = go(p, j + 1)
        if (rest !== undefined) return [pos, ...rest]
      }
    }
    return undefined
  }
  return go(start, 1)
}

interface Hit {
  readonly keyword: CompiledKeyword
  /** The token positions of each match. */
  readonly matches: Array<ReadonlyArray<number>>
}

const byWeightThenTerm = (a: ThemeKeywordMatch, b: ThemeKeywordMatch): number =>
  b.weight - a.weight || compareStrings(a.term, b.term)

const reasonText = (r: ThemeReason): string => (r.kind === "keyword" ? r.term : r.words)

/**
 * Points per feature of the built-in example cards. Chosen by 5-fold cross-validation over the sixth batch of
 * example cards, which the lexicon was never tuned on (bench/suggester.bench.ts, rows "cross-validation"):
 * top-1 77% at 1 point, 81% at 2, 82% at 3 and no better at 4. They count more than one of the team's own
 * cards (2 points): 540 labelled cards say more about a word than a team's last retro, and with the simulated
 * team's previous retro as history, its cards counting 3 points or more made proposals for the sixth batch
 * (cards of other products) worse.
 *
 * @internal
 */
export const BUILT_IN_EXAMPLE_POINTS = 3

/**
 * A custom theme has no lexicon and no built-in examples: the team's own cards are its only voice, so they
 * count more. Chosen leaving one out over the simulated team's previous retro (48 built-in and 8 custom-theme
 * cards, bench fixtures; never the held-out cards), with the built-in example cards at 3 points: 5 of the 8
 * custom-theme cards first at 4× (2 of 8 at 2×, 4 of 8 at 3×), its other cards first 38 of 48 (39 at 2×);
 * 6× took built-in cards (33 of 48).
 */
const CUSTOM_THEME_LEARNING_FACTOR = 4

/**
 * Example cards as evidence for their built-in themes.
 *
 * @internal Exported for measuring the method (cross-validation in bench/suggester.bench.ts).
 */
export const exampleEvidence = (cards: ReadonlyArray<LabelledThemeCard>): TeamThemeEvidence =>
  addThemeExamples(
    emptyThemeEvidence("built-in"),
    cards.map((c, i) => ({
      retroId: "built-in",
      cardId: String(i),
      date: "",
      text: c.text,
      label: c.theme,
      themeName: builtInTheme(c.theme).name
    }))
  )

let builtInEvidence: TeamThemeEvidence | undefined
const builtInExamples = (): ExampleCards => ({
  evidence: builtInEvidence ??= exampleEvidence(builtInThemeExamples),
  pointsPerFeature: BUILT_IN_EXAMPLE_POINTS
})

/**
 * The example cards a suggestion counts and how much each feature of theirs weighs.
 *
 * @internal
 */
export interface ExampleCards {
  readonly evidence: TeamThemeEvidence
  readonly pointsPerFeature: number
}

const byPointsThenText = (a: ThemeReason, b: ThemeReason): number =>
  b.points - a.points || compareStrings(a.kind, b.kind) || compareStrings(reasonText(a), reasonText(b))

type HistoryReason = Extract<ThemeReason, { readonly kind: "team-history" | "built-in-examples" }>

/**
 * "go", "live" and "go live" seen on the same earlier cards are one piece of evidence for people: the pair
 * takes the points of its words and the words are not listed again.
 */
const mergeWordPairs = (reasons: ReadonlyArray<ThemeReason>): ReadonlyArray<ThemeReason> => {
  const history = reasons.filter((r): r is HistoryReason => r.kind !== "keyword")
  const pairs = history.filter((r) => r.words.includes(" "))
  if (pairs.length === 0) return reasons
  const absorbed = new Map<HistoryReason, HistoryReason>()
  for (const r of history) {
    if (r.words.includes(" ")) continue
    const pair = pairs.find((p) => p.kind === r.kind && p.cards === r.cards && p.cardsWithWords === r.cardsWithWords && p.words.split(" ").includes(r.words))
    if (pair !== undefined) absorbed.set(r, pair)
  }
  if (absorbed.size === 0) return reasons
  const extra = new Map<HistoryReason, number>()
  for (const [r, pair] of absorbed) extra.set(pair, (extra.get(pair) ?? 0) + r.points)
  return reasons.flatMap((r): ReadonlyArray<ThemeReason> => {
    if (r.kind === "keyword") return [r]
    if (absorbed.has(r)) return []
    const more = extra.get(r)
    return [more === undefined ? r : { ...r, points: r.points + more }]
  })
}

const round2 = (x: number): number => Math.round(x * 100) / 100

const NO_SUGGESTION: ThemeSuggestion = { themeKey: undefined, score: 0, matched: [], reasons: [], ranked: [], alternatives: [] }

const score = (
  compiled: CompiledThemes,
  cardText: string,
  options: SuggestOptions,
  examples: ExampleCards | undefined = options.builtInExamples === false ? undefined : builtInExamples()
): ThemeSuggestion => {
  const words = themeWords(cardText)
  const tokens = tokensOfWords(words)
  const hits = new Map<CompiledKeyword, Hit>()
  for (let i = 0; i < tokens.length; i++) {
    const candidates = compiled.byFirstStem.get(tokens[i] as string)
    if (candidates === undefined) continue
    for (const k of candidates) {
      const positions = k.stems.length === 1 ? [i] : matchAt(tokens, k.stems, k.within, i)
      if (positions === undefined) continue
      const hit = hits.get(k)
      if (hit === undefined) hits.set(k, { keyword: k, matches: [positions] })
      else hit.matches.push(positions)
    }
  }

  // Words that only occur inside a longer matched phrase are that phrase's evidence, not their own:
  // "tech debt" is not also "debt", and "context switch" is not also "context" (communication). Only the
  // phrase's own words count as inside it: "slow ... test" does not swallow the "flaky" between them.
  const all = [...hits.values()]
  const matchedPerTheme: Array<Array<ThemeKeywordMatch>> = compiled.themes.map(() => [])
  for (const h of all) {
    const covered = h.matches.every((m) =>
      all.some((o) => o.keyword.stems.length > h.keyword.stems.length && o.matches.some((om) => m.every((p) => om.includes(p))))
    )
    if (!covered) matchedPerTheme[h.keyword.theme]?.push({ term: h.keyword.term, weight: h.keyword.weight })
  }

  const learnedPerTheme: Array<Array<ThemeReason>> = compiled.themes.map(() => [])
  const features = examples !== undefined || options.evidence !== undefined ? featuresOfWords(words) : undefined
  if (examples !== undefined) {
    for (const f of learnedFeaturesOf(examples.evidence, features!, undefined, examples.pointsPerFeature)) {
      const targets = compiled.byLabel.get(f.label)
      if (targets === undefined) continue
      const themeName = builtInTheme(f.label as BuiltInThemeKey).name
      for (const t of targets) {
        learnedPerTheme[t]?.push({
          kind: "built-in-examples",
          words: f.words,
          points: f.points,
          cards: f.cards,
          cardsWithWords: f.cardsWithWords,
          themeName
        })
      }
    }
  }
  if (options.evidence !== undefined) {
    for (const f of learnedFeaturesOf(options.evidence, features!, options.self, LEARNING_POINTS_PER_FEATURE)) {
      const targets = compiled.byLabel.get(f.label)
      if (targets === undefined) continue
      const themeName = options.evidence.themes.get(f.label)?.name ?? f.label
      for (const t of targets) {
        learnedPerTheme[t]?.push({
          kind: "team-history",
          words: f.words,
          points: f.label.startsWith("custom:") ? f.points * CUSTOM_THEME_LEARNING_FACTOR : f.points,
          cards: f.cards,
          cardsWithWords: f.cardsWithWords,
          themeName
        })
      }
    }
  }

  const scores: Array<ThemeScore & { readonly order: number }> = []
  compiled.themes.forEach((theme, order) => {
    const matched = (matchedPerTheme[order] ?? []).sort(byWeightThenTerm)
    const learned = mergeWordPairs(learnedPerTheme[order] ?? [])
    if (matched.length === 0 && learned.length === 0) return
    const reasons: Array<ThemeReason> = [
      ...matched.map((m): ThemeReason => ({ kind: "keyword", term: m.term, points: m.weight })),
      ...learned
    ].sort(byPointsThenText)
    // Summed in the sorted order, so the same reasons always give the same float.
    const total = round2(reasons.reduce((n, r) => n + r.points, 0))
    if (!(total > 0)) return
    scores.push({ themeKey: theme.id, themeName: theme.name, score: total, matched, reasons, order })
  })
  scores.sort((a, b) => b.score - a.score || a.order - b.order)

  const ranked = scores.map(({ order: _order, ...s }) => s)
  const [best, ...rest] = ranked
  return best === undefined
    ? NO_SUGGESTION
    : {
      themeKey: best.themeKey,
      score: best.score,
      matched: best.matched,
      reasons: best.reasons,
      ranked: ranked.slice(0, 3),
      alternatives: rest
    }
}

/**
 * Suggests a theme for one card.
 *
 * `themes` defaults to the built-ins; pass the retro's theme list (built-in
 * definitions and/or {@link CustomThemeInput}s) to rank those instead, and
 * `options.evidence` to let the team's earlier grouping count. The result
 * names the matched keywords and every reason; nothing matched gives
 * `themeKey: undefined`, score 0 and empty lists. Ties go to the fixed order:
 * built-ins in `BuiltInThemeKey` order (customs with a `builtInKey` take its
 * place), then other custom themes by id. Reusing the same `themes` array
 * across calls reuses its compiled keyword index.
 *
 * @since 0.1.0
 */
export const suggestTheme = (
  cardText: string,
  themes: ReadonlyArray<SuggestableTheme> = builtInThemes,
  options: SuggestOptions = {}
): ThemeSuggestion => score(compiledFor(themes), cardText, options)

/**
 * {@link suggestTheme} with other example cards than the built-in ones (or none).
 *
 * @internal For measuring the method: cross-validation swaps the examples fold by fold.
 */
export const suggestThemeWithExamples = (
  cardText: string,
  themes: ReadonlyArray<SuggestableTheme>,
  options: SuggestOptions,
  examples: ExampleCards | undefined
): ThemeSuggestion => score(compiledFor(themes), cardText, options, examples)

/**
 * Compiles a theme list once and returns a suggester for many cards.
 *
 * @since 0.1.0
 */
export const makeThemeSuggester = (
  themes: ReadonlyArray<SuggestableTheme> = builtInThemes,
  options: Omit<SuggestOptions, "self"> = {}
): ((cardText: string, self?: SuggestOptions["self"]) => ThemeSuggestion) => {
  const compiled = compile(themes)
  return (cardText, self) => score(compiled, cardText, { ...options, self })
}
