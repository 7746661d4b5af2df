/**
 * Across retros: are the team's agreements kept, and do the frictions shrink?
 *
 * @since 0.1.0
 */
import type { RetroPhase } from "./RetroPhase.ts"
import { retroPhaseRules } from "./RetroPolicy.ts"
import type { ActiveRetro } from "./RetroState.ts"

/** @since 0.1.0 */
export interface TeamHistoryEntry {
  readonly retroId: string
  readonly date: string
  readonly title: string
  readonly phase: RetroPhase
  readonly participants: number
  readonly cards: number
  readonly frictionCards: number
  /** Friction cards per theme name (cards not grouped count under "(ungrouped)"). */
  readonly frictionByTheme: Readonly<Record<string, number>>
  /**
   * Every theme's name in creation order, friction cards or not: a theme the
   * team named again but wrote no friction about is where friction went away.
   *
   * @since 0.2.0
   */
  readonly themeNames: ReadonlyArray<string>
  /** Friction cards per participant: comparable across retros of different sizes. */
  readonly frictionPerParticipant: number | undefined
  readonly agreementsMade: number
  /** Review of the previous retro's agreements held in this retro. */
  readonly followUp: {
    readonly reviewed: number
    readonly kept: number
    readonly partlyKept: number
    readonly notKept: number
    readonly dropped: number
    /**
     * (kept + ½·partly kept) / (kept + partly kept + not kept): dropped
     * agreements were let go on purpose and count neither way. Undefined
     * when nothing counts.
     */
    readonly keptRate: number | undefined
  }
}

/** @since 0.1.0 */
export interface TeamHistory {
  readonly teamId: string
  readonly retros: ReadonlyArray<TeamHistoryEntry>
  readonly trend: {
    readonly verdict: "improving" | "worsening" | "mixed" | "steady" | "not-enough-data"
    readonly explanation: string
  }
}

const keptRateOf = (kept: number, partly: number, notKept: number): number | undefined => {
  const counted = kept + partly + notKept
  return counted === 0 ? undefined : (kept + 0.5 * partly) / counted
}

const entryOf = (retro: ActiveRetro): TeamHistoryEntry => {
  const themeName = new Map(retro.themes.map((t) => [t.themeId, t.name]))
  const counts = new Map<string, number>()
  const cards = [...retro.cards.values()]
  for (const card of cards) {
    if (card.prompt !== "friction") continue
    const name = card.themeId === undefined ? "(ungrouped)" : themeName.get(card.themeId) ?? "(ungrouped)"
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  // Keys in theme creation order, ungrouped last: never in an order that follows the cards. Built as own
  // properties (Object.fromEntries), so a theme called "__proto__" is a key like any other, not a prototype.
  const pairs: Array<[string, number]> = []
  for (const name of new Set([...retro.themes.map((t) => t.name), "(ungrouped)"])) {
    const n = counts.get(name)
    if (n !== undefined) pairs.push([name, n])
  }
  const frictionByTheme: Record<string, number> = Object.fromEntries(pairs)
  const outcomes = retro.followUps.flatMap((f) => f.review === undefined ? [] : [f.review.outcome])
  const count = (o: string) => outcomes.filter((x) => x === o).length
  const kept = count("kept"), partlyKept = count("partly-kept"), notKept = count("not-kept"), dropped = count("dropped")
  return {
    retroId: retro.details.retroId,
    date: retro.details.date,
    title: retro.details.title,
    phase: retro.phase,
    participants: retro.participants.length,
    cards: cards.length,
    frictionCards: cards.filter((c) => c.prompt === "friction").length,
    frictionByTheme,
    themeNames: retro.themes.map((t) => t.name),
    frictionPerParticipant: retro.participants.length === 0
      ? undefined
      : cards.filter((c) => c.prompt === "friction").length / retro.participants.length,
    agreementsMade: retro.agreements.length,
    followUp: { reviewed: outcomes.length, kept, partlyKept, notKept, dropped, keptRate: keptRateOf(kept, partlyKept, notKept) }
  }
}

const pct = (x: number): string => `${Math.round(x * 100)}%`

/**
 * The team's history over its revealed retros (any order in, date order out; a
 * retro whose cards are still hidden is left out entirely), with a
 * plain-words trend from two signals: the agreements kept rate of the last
 * two retros that reviewed agreements, and friction cards per participant on
 * recurring themes of the last two retros whose cards are revealed (so a
 * smaller group or a retro still collecting does not look like progress).
 *
 * A recurring theme is one whose name both retros gave a theme, whatever
 * cards it holds, with at least one friction card in either retro
 * (decision 0007): a theme the later retro held again without friction
 * counts as zero there, so friction that went away reads as the improvement
 * it is.
 *
 * @since 0.1.0
 */
export const teamHistory = (teamId: string, retros: ReadonlyArray<ActiveRetro>): TeamHistory => {
  const entries = retros
    // Only retros whose cards are revealed: a retro still collecting would give away its hidden cards' prompts.
    .filter((r) => r.details.teamId === teamId && retroPhaseRules[r.phase].cardsRevealed)
    .map(entryOf)
    // Retros of one date in id order: the history may not depend on the order they were passed in.
    .sort((a, b) => a.date < b.date ? -1 : a.date > b.date ? 1 : a.retroId < b.retroId ? -1 : a.retroId > b.retroId ? 1 : 0)
  const rated = entries.filter((e) => e.followUp.keptRate !== undefined)
  if (entries.length < 2) {
    return {
      teamId,
      retros: entries,
      trend: { verdict: "not-enough-data", explanation: `${entries.length} retro${entries.length === 1 ? "" : "s"} so far: a trend needs at least two.` }
    }
  }
  const revealed = entries.filter((e) => retroPhaseRules[e.phase].cardsRevealed && e.participants > 0)
  const signals: Array<{ better: boolean; text: string }> = []
  if (rated.length >= 2) {
    const a = rated[rated.length - 2]!.followUp.keptRate!
    const b = rated[rated.length - 1]!.followUp.keptRate!
    if (a !== b) signals.push({ better: b > a, text: `agreements kept rate ${pct(a)} → ${pct(b)}` })
  }
  const last = revealed[revealed.length - 1]
  const before = revealed[revealed.length - 2]
  // Requiring friction in both retros would drop exactly the theme whose friction an agreement
  // removed, so the measure could never show that success. A name held in both but never
  // complained about adds nothing and is left out of the list.
  const recurring = last === undefined || before === undefined
    ? []
    // A set: retros stored before theme names had to differ may hold one name twice, or a theme named
    // "(ungrouped)", whose count also holds the cards nobody grouped: never a theme that came back.
    : [...new Set(last.themeNames)].filter((t) =>
      t !== "(ungrouped)" && before.themeNames.includes(t) && (Object.hasOwn(last.frictionByTheme, t) || Object.hasOwn(before.frictionByTheme, t))
    )
  const frictionOn = (e: TeamHistoryEntry, theme: string) => Object.hasOwn(e.frictionByTheme, theme) ? e.frictionByTheme[theme]! : 0
  if (last !== undefined && before !== undefined && recurring.length > 0) {
    const perPerson = (e: TeamHistoryEntry) => recurring.reduce((s, t) => s + frictionOn(e, t), 0) / e.participants
    const a = perPerson(before)
    const b = perPerson(last)
    if (Math.abs(a - b) >= 0.05) {
      signals.push({
        better: b < a,
        text: `friction cards per participant on recurring themes (${recurring.join(", ")}) ${a.toFixed(2)} → ${b.toFixed(2)}`
      })
    }
  }
  if (signals.length === 0) {
    const explanation = rated.length < 2 && recurring.length === 0
      ? "Not enough comparable data yet: review agreements at each retro and reuse theme names so retros can be compared."
      : "No change in the kept rate or in friction on recurring themes."
    return { teamId, retros: entries, trend: { verdict: rated.length < 2 && recurring.length === 0 ? "not-enough-data" : "steady", explanation } }
  }
  const better = signals.filter((s) => s.better).length
  const verdict = better === signals.length ? "improving" : better === 0 ? "worsening" : "mixed"
  return { teamId, retros: entries, trend: { verdict, explanation: signals.map((s) => s.text).join("; ") } }
}
