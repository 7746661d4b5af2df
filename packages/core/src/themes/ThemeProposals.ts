/**
 * Theme proposals for the cards of a running retro: what the facilitator's
 * view shows next to each card while grouping.
 *
 * The candidates are the retro's own themes (so a proposal names a theme the
 * card can be assigned to), the built-in themes nobody created yet, and the
 * custom themes the team used in earlier retros but not yet in this one. The
 * evidence is the team's earlier grouping plus the grouping done so far in
 * this retro: a custom theme created a minute ago gets proposals as soon as
 * a few cards are in it. A card is never evidence for itself.
 *
 * @since 0.2.0
 */
import { type SuggestableTheme, explainThemeReason, makeThemeSuggester, type ThemeReason } from "./Suggester.ts"
import type { BuiltInThemeKey } from "./ThemeKey.ts"
import {
  addThemeExamples,
  emptyThemeEvidence,
  type GroupedRetro,
  learnedThemes,
  retroThemeExamples,
  type TeamThemeEvidence,
  themeLabel,
  withoutRetro
} from "./ThemeLearning.ts"
import { builtInThemes } from "./Themes.ts"

/**
 * One ranked proposal for a card. Exactly one of `themeId`, `builtIn` and
 * `customName` is set: an existing theme of the retro to assign the card to;
 * a built-in theme nobody created yet; a custom theme the team used before,
 * to create again under that name.
 *
 * @since 0.2.0
 */
export interface RetroThemeProposal {
  readonly themeId?: string | undefined
  readonly builtIn?: BuiltInThemeKey | undefined
  readonly customName?: string | undefined
  readonly name: string
  readonly score: number
  /** The lexicon's words and phrases that matched. */
  readonly matched: ReadonlyArray<string>
  readonly reasons: ReadonlyArray<ThemeReason>
  /** The reasons in words, heaviest first. */
  readonly explanation: ReadonlyArray<string>
}

type Target =
  | { readonly kind: "theme"; readonly themeId: string }
  | { readonly kind: "built-in"; readonly key: BuiltInThemeKey }
  | { readonly kind: "learned"; readonly name: string }

/**
 * Prepares proposals for the cards of `retro` (its themes and assignments so
 * far), with `history` the team's evidence from its earlier retros
 * (`teamThemeEvidence(teamId, retros)`; this retro's own cards in it are
 * ignored, they count from `retro` as it is now; evidence of another team is
 * ignored altogether). Returns a function from a card to its top three proposals, best
 * first (empty when nothing speaks for any theme).
 *
 * @since 0.2.0
 */
export const makeRetroThemeProposer = (
  retro: GroupedRetro,
  history?: TeamThemeEvidence | undefined
): ((cardId: string, text: string) => ReadonlyArray<RetroThemeProposal>) => {
  // The running retro counts from its current state, never from an older snapshot in the history.
  // Another team's evidence is ignored: one team's grouping never shapes another team's proposals.
  const base = history === undefined || history.teamId !== retro.details.teamId
    ? emptyThemeEvidence(retro.details.teamId)
    : withoutRetro(history, retro.details.retroId)
  const evidence = addThemeExamples(base, retroThemeExamples(retro))

  const targets = new Map<string, Target>()
  const candidates: Array<SuggestableTheme> = []
  const present = new Set<string>()
  for (const t of retro.themes) {
    const id = `r:${t.themeId}`
    const builtInKey = builtInThemes.some((d) => d.key === t.builtIn) ? (t.builtIn as BuiltInThemeKey) : undefined
    candidates.push({ id, name: t.name, builtInKey })
    targets.set(id, { kind: "theme", themeId: t.themeId })
    present.add(themeLabel(t))
  }
  for (const d of builtInThemes) {
    if (present.has(d.key)) continue
    candidates.push(d)
    targets.set(d.key, { kind: "built-in", key: d.key })
  }
  for (const learned of learnedThemes(base)) {
    if (learned.builtIn !== undefined || present.has(learned.label)) continue
    const id = `x:${learned.label}`
    candidates.push({ id, name: learned.name })
    targets.set(id, { kind: "learned", name: learned.name })
  }

  const suggest = makeThemeSuggester(candidates, { evidence })
  return (cardId, text) =>
    suggest(text, { retroId: retro.details.retroId, cardId }).ranked.flatMap((r): ReadonlyArray<RetroThemeProposal> => {
      const target = targets.get(r.themeKey)
      if (target === undefined) return []
      const common = {
        name: r.themeName,
        score: r.score,
        matched: r.matched.map((m) => m.term),
        reasons: r.reasons,
        explanation: r.reasons.map(explainThemeReason)
      }
      return [
        target.kind === "theme"
          ? { themeId: target.themeId, ...common }
          : target.kind === "built-in"
          ? { builtIn: target.key, ...common }
          : { customName: target.name, ...common }
      ]
    })
}
