/**
 * The theme suggester: accuracy on the labelled card set and speed.
 *
 *   npm run bench -- suggester
 *
 * Accuracy is measured on the 60 held-out cards of
 * packages/core/test/themes/fixtures/labelledCards.ts (10 per built-in
 * theme), which were never used to tune the lexicon: the lexicon was widened
 * from misses on the first 390 training cards, which ship as the built-in example
 * cards with 150 more (the sixth batch, for cross-validation). Three configurations: the lexicon alone; the lexicon with the
 * built-in example cards (what a team gets before it has grouped anything);
 * and that plus learning from a simulated previous retro of the team (48
 * cards grouped by its facilitator, used for neither tuning). The baseline
 * of each accuracy row is the lexicon alone, measured in the same run.
 *
 * A second measurement of the built-ins alone on the previous retro's 48
 * cards: they were not used to tune the lexicon (they were used once, to check
 * the first weight of the built-in example cards, and leaving one out, to
 * choose how much more a custom theme's own cards count).
 *
 * A custom theme: the same previous retro with the team's own "Release
 * readiness" theme (8 cards); how often its 6 held-out cards get it proposed
 * first and within the top two in the next retro.
 *
 * Cross-validation, over training cards only, to choose the method: the
 * sixth batch of example cards (150, 25 per theme) was written after the
 * lexicon was tuned and never widened it, so 5-fold cross-validation over it
 * (each fold scored with the other 390 + 120 cards as example cards) measures
 * the combination of lexicon and example cards on wording the lexicon has not
 * seen; the weight of the example cards (points per feature) was chosen from
 * these rows. 10-fold over all 540 example cards is reported too, but the
 * lexicon was fitted to 390 of them, so it flatters the lexicon.
 *
 * Speed: suggesting for 60 cards (the held-out set) with the retro's theme
 * list compiled once, with and without the team's evidence; baseline the
 * same with the lexicon alone.
 */
import { Themes } from "@retrobridge/core"
import {
  heldOutCards,
  heldOutCustomCards,
  type LabelledCard,
  previousRetroCards,
  previousRetroCustomTheme
} from "../packages/core/test/themes/fixtures/labelledCards.ts"
import {
  BUILT_IN_EXAMPLE_POINTS,
  exampleEvidence,
  suggestThemeWithExamples
} from "../packages/core/src/themes/Suggester.ts"
import { sixthBatch } from "../packages/core/src/themes/ThemeExamples.ts"
import type { BenchRow } from "./lib/table.ts"

const previousRetro: Themes.GroupedRetro = {
  details: { retroId: "atlas-q3", teamId: "atlas", date: "2026-09-30" },
  themes: Themes.builtIns.map((t) => ({ themeId: `q3-${t.key}`, name: t.name, builtIn: t.key })),
  cards: Object.fromEntries(previousRetroCards.map((c, i) => [`q3-c${i}`, { text: c.text, themeId: `q3-${c.theme}` }]))
}
const evidence = Themes.teamEvidence("atlas", [previousRetro])

// The same retro with the team's custom theme: does a custom theme get proposals once it has examples?
const previousRetroWithCustom: Themes.GroupedRetro = {
  ...previousRetro,
  themes: [...previousRetro.themes, { themeId: "q3-custom", name: previousRetroCustomTheme.name, builtIn: undefined }],
  cards: {
    ...(previousRetro.cards as Readonly<Record<string, Themes.GroupedCard>>),
    ...Object.fromEntries(previousRetroCustomTheme.cards.map((text, i) => [`q3-x${i}`, { text, themeId: "q3-custom" }]))
  }
}
const nextRetro: Themes.GroupedRetro = { details: { retroId: "atlas-q4", teamId: "atlas", date: "2026-12-15" }, themes: [], cards: {} }

const customShare = (history: Themes.Evidence | undefined): { top1: number; top2: number } => {
  const propose = Themes.makeRetroProposer(nextRetro, history)
  let top1 = 0, top2 = 0
  heldOutCustomCards.forEach((text, i) => {
    const names = propose(`c${i}`, text).map((p) => p.customName)
    if (names[0] === previousRetroCustomTheme.name) top1++
    if (names.slice(0, 2).includes(previousRetroCustomTheme.name)) top2++
  })
  const pct = (n: number) => Math.round((1000 * n) / heldOutCustomCards.length) / 10
  return { top1: pct(top1), top2: pct(top2) }
}

interface Accuracy {
  readonly top1: number
  readonly top2: number
  readonly none: number
}

const accuracy = (cards: ReadonlyArray<LabelledCard>, options: Themes.SuggestOptions): Accuracy => {
  let top1 = 0, top2 = 0, none = 0
  for (const card of cards) {
    const ranked = Themes.suggest(card.text, Themes.builtIns, options).ranked.map((r) => r.themeKey)
    if (ranked[0] === card.theme) top1++
    if (ranked.slice(0, 2).includes(card.theme)) top2++
    if (ranked.length === 0) none++
  }
  const pct = (n: number) => Math.round((1000 * n) / cards.length) / 10
  return { top1: pct(top1), top2: pct(top2), none: pct(none) }
}

/** k-fold cross-validation of lexicon + example cards: `folds` cards are scored with `others` and the other folds as examples. */
const crossValidate = (
  cards: ReadonlyArray<LabelledCard>,
  others: ReadonlyArray<LabelledCard>,
  k: number,
  pointsPerFeature: number
): { top1: number; top2: number } => {
  let top1 = 0, top2 = 0
  for (let fold = 0; fold < k; fold++) {
    const test = cards.filter((_, i) => i % k === fold)
    const evidence = exampleEvidence([...others, ...cards.filter((_, i) => i % k !== fold)])
    for (const card of test) {
      const ranked = suggestThemeWithExamples(card.text, Themes.builtIns, {}, { evidence, pointsPerFeature }).ranked.map((r) => r.themeKey)
      if (ranked[0] === card.theme) top1++
      if (ranked.slice(0, 2).includes(card.theme)) top2++
    }
  }
  const pct = (n: number) => Math.round((1000 * n) / cards.length) / 10
  return { top1: pct(top1), top2: pct(top2) }
}

const crossValidationRows = (): ReadonlyArray<BenchRow> => {
  const rows: Array<BenchRow> = []
  const sixth = new Set(sixthBatch)
  const firstFive = Themes.builtInExamples.filter((c) => !sixth.has(c))
  const n = sixthBatch.length
  const lexiconAlone = accuracy(sixthBatch, { builtInExamples: false })
  rows.push({ section: "suggester", what: `cross-validation: top-1 accuracy, the ${n} sixth-batch training cards, lexicon alone`, figure: lexiconAlone.top1, unit: "%" })
  for (const points of [1, 2, 3, 4]) {
    const cv = crossValidate(sixthBatch, firstFive, 5, points)
    const chosen = points === BUILT_IN_EXAMPLE_POINTS ? " (chosen)" : ""
    rows.push(
      { section: "suggester", what: `cross-validation: top-1 accuracy, 5-fold over the ${n} sixth-batch training cards, example cards at ${points} points per feature${chosen}`, figure: cv.top1, unit: "%", baseline: { what: "lexicon alone", figure: lexiconAlone.top1 } },
      { section: "suggester", what: `cross-validation: top-2 accuracy, 5-fold over the ${n} sixth-batch training cards, example cards at ${points} points per feature${chosen}`, figure: cv.top2, unit: "%", baseline: { what: "lexicon alone", figure: lexiconAlone.top2 } }
    )
  }
  const all = Themes.builtInExamples
  const cv = crossValidate(all, [], 10, BUILT_IN_EXAMPLE_POINTS)
  rows.push(
    { section: "suggester", what: `cross-validation: top-1 accuracy, 10-fold over all ${all.length} training cards (the lexicon was fitted to ${firstFive.length} of them)`, figure: cv.top1, unit: "%" },
    { section: "suggester", what: `cross-validation: top-2 accuracy, 10-fold over all ${all.length} training cards (the lexicon was fitted to ${firstFive.length} of them)`, figure: cv.top2, unit: "%" }
  )
  return rows
}

/**
 * Time to suggest for every card, in ms, over 200 runs: the median, and the fastest run (the cost without
 * interference from other processes on a shared machine).
 */
const timeFor = (cards: ReadonlyArray<string>, options: Themes.SuggestOptions): { readonly median: number; readonly fastest: number } => {
  const suggest = Themes.makeSuggester(Themes.builtIns, options)
  for (let i = 0; i < 50; i++) for (const c of cards) suggest(c)
  const runs: Array<number> = []
  for (let i = 0; i < 200; i++) {
    const started = performance.now()
    for (const c of cards) suggest(c)
    runs.push(performance.now() - started)
  }
  runs.sort((a, b) => a - b)
  return { median: runs[Math.floor(runs.length / 2)]!, fastest: runs[0]! }
}

export default async function(): Promise<ReadonlyArray<BenchRow>> {
  const n = heldOutCards.length
  const lexicon = accuracy(heldOutCards, { builtInExamples: false })
  const rows: Array<BenchRow> = [...crossValidationRows()]
  const builtIn = accuracy(heldOutCards, {})
  const learned = accuracy(heldOutCards, { evidence })
  const add = (label: string, a: Accuracy, baseline: boolean) => {
    const base = (what: string, figure: number) => (baseline ? { baseline: { what, figure } } : {})
    rows.push(
      { section: "suggester", what: `top-1 accuracy, ${n} held-out cards, ${label}`, figure: a.top1, unit: "%", ...base("lexicon alone", lexicon.top1) },
      { section: "suggester", what: `top-2 accuracy, ${n} held-out cards, ${label}`, figure: a.top2, unit: "%", ...base("lexicon alone", lexicon.top2) },
      { section: "suggester", what: `no proposal, ${n} held-out cards, ${label}`, figure: a.none, unit: "%", ...base("lexicon alone", lexicon.none) }
    )
  }
  add("lexicon alone", lexicon, false)
  add("lexicon + built-in example cards", builtIn, true)
  add(`+ learning from a previous retro (${previousRetroCards.length} cards)`, learned, true)

  // A second set no tuning saw: the previous retro's cards, before they become the team's evidence.
  const second = accuracy(previousRetroCards, {})
  const m = previousRetroCards.length
  rows.push(
    { section: "suggester", what: `top-1 accuracy, the ${m} previous-retro cards (never used to tune the lexicon), lexicon + built-in example cards`, figure: second.top1, unit: "%" },
    { section: "suggester", what: `top-2 accuracy, the ${m} previous-retro cards (never used to tune the lexicon), lexicon + built-in example cards`, figure: second.top2, unit: "%" },
    { section: "suggester", what: `no proposal, the ${m} previous-retro cards (never used to tune the lexicon), lexicon + built-in example cards`, figure: second.none, unit: "%" }
  )

  const custom = customShare(Themes.teamEvidence("atlas", [previousRetroWithCustom]))
  const k = previousRetroCustomTheme.cards.length
  rows.push(
    { section: "suggester", what: `custom theme "${previousRetroCustomTheme.name}" proposed first, ${heldOutCustomCards.length} held-out cards, after ${k} earlier cards in it`, figure: custom.top1, unit: "%" },
    { section: "suggester", what: `custom theme "${previousRetroCustomTheme.name}" in the top two, ${heldOutCustomCards.length} held-out cards, after ${k} earlier cards in it`, figure: custom.top2, unit: "%" }
  )

  const texts = heldOutCards.map((c) => c.text)
  const lexiconTime = timeFor(texts, { builtInExamples: false })
  const builtInTime = timeFor(texts, {})
  const learnedTime = timeFor(texts, { evidence })
  for (const [stat, label] of [["median", "median of 200"], ["fastest", "fastest of 200"]] as const) {
    rows.push(
      {
        section: "suggester",
        what: `suggest for ${texts.length} cards, lexicon + built-in example cards (${label})`,
        figure: builtInTime[stat],
        unit: "ms",
        baseline: { what: "lexicon alone", figure: lexiconTime[stat] }
      },
      {
        section: "suggester",
        what: `suggest for ${texts.length} cards, + team evidence of ${previousRetroCards.length} cards (${label})`,
        figure: learnedTime[stat],
        unit: "ms",
        baseline: { what: "lexicon alone", figure: lexiconTime[stat] }
      }
    )
  }
  return rows
}
