/**
 * Learning from how a team groups: the facilitator's own assignments in the
 * team's retros (card text → theme, custom themes included) become evidence
 * for the next suggestions.
 *
 * The evidence is counts, nothing more: for every feature of a card (a stem
 * or a pair of adjacent stems, see {@link themeFeatures}), how many of the
 * team's grouped cards with that feature went to each theme. Counts add up,
 * so the evidence is the same whatever order the retros come in, can be
 * rebuilt from the team's history at any time, and every point it gives is
 * explainable ("3 of the 4 earlier cards with 'go-live' went to Release
 * readiness"). Built-in themes are recognised across retros by their
 * built-in key (whatever the facilitator renamed them to), custom themes by
 * their name.
 *
 * @since 0.2.0
 */
import { themeFeatures, themeWords } from "./ThemeText.ts"

/**
 * A theme as recognised across a team's retros: a built-in key, or
 * `custom:` and the normalised name of a custom theme.
 *
 * @since 0.2.0
 */
export type ThemeLabel = string

/**
 * The label of a theme: its built-in key, or `custom:<name>` with the name
 * lowercased and stripped of punctuation ("Release readiness!" and "release
 * readiness" are one theme).
 *
 * @since 0.2.0
 */
export const themeLabel = (theme: { readonly name: string; readonly builtIn?: string | undefined }): ThemeLabel =>
  theme.builtIn !== undefined ? theme.builtIn : `custom:${themeWords(theme.name).join(" ")}`

/**
 * What learning needs of a retro: its team, date, cards and themes. A retro's
 * state (`ActiveRetro`) has this shape.
 *
 * @since 0.2.0
 */
export interface GroupedRetro {
  readonly details: { readonly retroId: string; readonly teamId: string; readonly date: string }
  /** By card id, as a record or a map. */
  readonly cards: Readonly<Record<string, GroupedCard>> | ReadonlyMap<string, GroupedCard>
  readonly themes: ReadonlyArray<{ readonly themeId: string; readonly name: string; readonly builtIn: string | undefined }>
}

/** @since 0.2.0 */
export interface GroupedCard {
  readonly text: string
  readonly themeId: string | undefined
}

/**
 * A retro's cards with their ids, whether kept as a record or a map (maps are
 * iterable, records are not, and no card id can make a record iterable).
 *
 * @since 0.2.0
 */
export const groupedCards = (retro: GroupedRetro): ReadonlyArray<readonly [string, GroupedCard]> =>
  Symbol.iterator in retro.cards
    ? [...(retro.cards as ReadonlyMap<string, GroupedCard>)]
    : Object.entries(retro.cards as Readonly<Record<string, GroupedCard>>)

/**
 * One grouped card: the facilitator put `text` into the theme `label`
 * (called `themeName` in that retro).
 *
 * @since 0.2.0
 */
export interface ThemeExample {
  readonly retroId: string
  readonly cardId: string
  readonly date: string
  readonly text: string
  readonly label: ThemeLabel
  readonly themeName: string
}

/**
 * A theme the team has used, as learning knows it.
 *
 * @since 0.2.0
 */
export interface LearnedTheme {
  readonly label: ThemeLabel
  /** The name it had in the team's latest retro that used it. */
  readonly name: string
  readonly builtIn: string | undefined
  /** Cards the team put in it. */
  readonly cards: number
  readonly lastDate: string
}

/**
 * A team's grouping evidence. Build it with {@link teamThemeEvidence} (from
 * the team's retros) or {@link addThemeExamples}; treat it as opaque.
 *
 * @since 0.2.0
 */
export interface TeamThemeEvidence {
  readonly teamId: string
  /** By `retroId/cardId`. */
  readonly examples: ReadonlyMap<string, ThemeExample>
  /** feature → label → cards with the feature in that theme. */
  readonly counts: ReadonlyMap<string, ReadonlyMap<ThemeLabel, number>>
  /** feature → cards with the feature, all themes together. */
  readonly cardsWith: ReadonlyMap<string, number>
  readonly themes: ReadonlyMap<ThemeLabel, LearnedTheme>
}

/**
 * Evidence of a team that has grouped nothing yet.
 *
 * @since 0.2.0
 */
export const emptyThemeEvidence = (teamId: string): TeamThemeEvidence => ({
  teamId,
  examples: new Map(),
  counts: new Map(),
  cardsWith: new Map(),
  themes: new Map()
})

const exampleKey = (retroId: string, cardId: string): string => `${retroId}/${cardId}`

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

// When one card shows up twice with different content (two snapshots of a retro), keep one by a rule that
// does not depend on the order the snapshots came in.
const preferred = (a: ThemeExample, b: ThemeExample): ThemeExample =>
  compareStrings(a.label, b.label) < 0 || (a.label === b.label && compareStrings(`${a.text}\u0000${a.themeName}`, `${b.text}\u0000${b.themeName}`) <= 0) ? a : b

const rebuild = (teamId: string, examples: ReadonlyMap<string, ThemeExample>): TeamThemeEvidence => {
  const counts = new Map<string, Map<ThemeLabel, number>>()
  const cardsWith = new Map<string, number>()
  const themes = new Map<ThemeLabel, LearnedTheme>()
  for (const e of examples.values()) {
    for (const feature of themeFeatures(e.text).keys()) {
      cardsWith.set(feature, (cardsWith.get(feature) ?? 0) + 1)
      let perLabel = counts.get(feature)
      if (perLabel === undefined) counts.set(feature, perLabel = new Map())
      perLabel.set(e.label, (perLabel.get(e.label) ?? 0) + 1)
    }
    const prev = themes.get(e.label)
    const newer = prev === undefined || e.date > prev.lastDate || (e.date === prev.lastDate && compareStrings(e.themeName, prev.name) < 0)
    themes.set(e.label, {
      label: e.label,
      name: newer ? e.themeName : prev.name,
      builtIn: e.label.startsWith("custom:") ? undefined : e.label,
      cards: (prev?.cards ?? 0) + 1,
      lastDate: newer ? e.date : prev.lastDate
    })
  }
  return { teamId, examples, counts, cardsWith, themes }
}

/**
 * Adds grouped cards to a team's evidence. A card already there (same retro
 * and card id) is not counted twice.
 *
 * @since 0.2.0
 */
export const addThemeExamples = (evidence: TeamThemeEvidence, examples: ReadonlyArray<ThemeExample>): TeamThemeEvidence => {
  const merged = new Map(evidence.examples)
  for (const e of examples) {
    const key = exampleKey(e.retroId, e.cardId)
    const prev = merged.get(key)
    merged.set(key, prev === undefined ? e : preferred(prev, e))
  }
  return rebuild(evidence.teamId, merged)
}

/**
 * The evidence without one retro's cards (e.g. the running retro, whose
 * grouping is still changing and is counted from its current state instead).
 *
 * @since 0.2.0
 */
export const withoutRetro = (evidence: TeamThemeEvidence, retroId: string): TeamThemeEvidence => {
  const kept = [...evidence.examples].filter(([, e]) => e.retroId !== retroId)
  return kept.length === evidence.examples.size ? evidence : rebuild(evidence.teamId, new Map(kept))
}

/**
 * The grouped cards of one retro: every card the facilitator assigned to a
 * theme, with that theme's label.
 *
 * @since 0.2.0
 */
export const retroThemeExamples = (retro: GroupedRetro): ReadonlyArray<ThemeExample> => {
  const themes = new Map(retro.themes.map((t) => [t.themeId, t]))
  const examples: Array<ThemeExample> = []
  for (const [cardId, card] of groupedCards(retro)) {
    const theme = card.themeId === undefined ? undefined : themes.get(card.themeId)
    if (theme === undefined) continue
    examples.push({
      retroId: retro.details.retroId,
      cardId,
      date: retro.details.date,
      text: card.text,
      label: themeLabel(theme),
      themeName: theme.name
    })
  }
  return examples
}

/**
 * A team's evidence from its retros: only the retros of `teamId` count, so
 * one team's grouping never shapes another team's suggestions.
 *
 * @since 0.2.0
 */
export const teamThemeEvidence = (teamId: string, retros: ReadonlyArray<GroupedRetro>): TeamThemeEvidence =>
  addThemeExamples(
    emptyThemeEvidence(teamId),
    retros.filter((r) => r.details.teamId === teamId).flatMap(retroThemeExamples)
  )

/**
 * The themes the team has put cards in, most used first (then by label).
 *
 * @since 0.2.0
 */
export const learnedThemes = (evidence: TeamThemeEvidence): ReadonlyArray<LearnedTheme> =>
  [...evidence.themes.values()].sort((a, b) => b.cards - a.cards || compareStrings(a.label, b.label))

/**
 * How strongly one earlier card counts: each feature gives a theme
 * `POINTS_PER_FEATURE × (cards with it in the theme) / (cards with it + SMOOTHING)`,
 * so a word seen once counts half, and a word the team put in many themes
 * counts little for each.
 */
export const LEARNING_POINTS_PER_FEATURE = 2
const SMOOTHING = 1

/**
 * One feature's contribution to a learned theme.
 *
 * @since 0.2.0
 */
export interface LearnedFeature {
  readonly label: ThemeLabel
  /** The card's own words the feature came from. */
  readonly words: string
  readonly points: number
  /** Earlier cards with these words in this theme… */
  readonly cards: number
  /** …out of all earlier cards with these words. */
  readonly cardsWithWords: number
}

/**
 * What the team's evidence says about a card: per feature and theme, how many
 * earlier cards back it. `self` names the card itself when it is part of the
 * evidence (a card assigned in the running retro), so that it does not count
 * as evidence for itself. `pointsPerFeature` scales the points (the built-in
 * example cards have their own weight).
 *
 * @since 0.2.0
 */
export const learnedFeatures = (
  evidence: TeamThemeEvidence,
  cardText: string,
  self?: { readonly retroId: string; readonly cardId: string } | undefined,
  pointsPerFeature: number = LEARNING_POINTS_PER_FEATURE
): ReadonlyArray<LearnedFeature> => learnedFeaturesOf(evidence, themeFeatures(cardText), self, pointsPerFeature)

/**
 * {@link learnedFeatures} of a card's features already computed by `themeFeatures`.
 *
 * @since 0.2.0
 */
export const learnedFeaturesOf = (
  evidence: TeamThemeEvidence,
  cardFeatures: ReadonlyMap<string, string>,
  self: { readonly retroId: string; readonly cardId: string } | undefined,
  pointsPerFeature: number
): ReadonlyArray<LearnedFeature> => {
  if (evidence.examples.size === 0) return []
  const own = self === undefined ? undefined : evidence.examples.get(exampleKey(self.retroId, self.cardId))
  const ownFeatures = own === undefined ? undefined : themeFeatures(own.text)
  const out: Array<LearnedFeature> = []
  for (const [feature, words] of cardFeatures) {
    const perLabel = evidence.counts.get(feature)
    if (perLabel === undefined) continue
    const mine = ownFeatures !== undefined && ownFeatures.has(feature)
    const total = (evidence.cardsWith.get(feature) ?? 0) - (mine ? 1 : 0)
    for (const [label, count] of perLabel) {
      const cards = count - (mine && own!.label === label ? 1 : 0)
      if (cards <= 0) continue
      out.push({ label, words, points: (pointsPerFeature * cards) / (total + SMOOTHING), cards, cardsWithWords: total })
    }
  }
  return out
}
