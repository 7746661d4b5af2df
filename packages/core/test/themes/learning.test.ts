import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addThemeExamples,
  builtInThemes,
  type CustomThemeInput,
  emptyThemeEvidence,
  explainThemeReason,
  type GroupedRetro,
  learnedThemes,
  retroThemeExamples,
  type SuggestableTheme,
  suggestTheme,
  type TeamThemeEvidence,
  teamThemeEvidence,
  themeLabel
} from "../../src/themes/index.ts"

// A retro as learning sees it: each card is [text, index of the theme it went to or undefined].
const retro = (
  teamId: string,
  retroId: string,
  date: string,
  themes: ReadonlyArray<{ readonly name: string; readonly builtIn?: string }>,
  cards: ReadonlyArray<readonly [string, number | undefined]>
): GroupedRetro => ({
  details: { teamId, retroId, date },
  themes: themes.map((t, i) => ({ themeId: `${retroId}-t${i}`, name: t.name, builtIn: t.builtIn })),
  cards: Object.fromEntries(cards.map(([text, theme], i) => [`${retroId}-c${i}`, { text, themeId: theme === undefined ? undefined : `${retroId}-t${theme}` }]))
})

const releaseReadiness: CustomThemeInput = { id: "rr", name: "Release readiness" }
const retroThemes: ReadonlyArray<SuggestableTheme> = [...builtInThemes, releaseReadiness]

const lastQuarter = retro("team-a", "r-q3", "2026-07-01", [{ name: "Release readiness" }, { name: "Platform health", builtIn: "technical-debt" }], [
  ["The go-live checklist was missing half the steps", 0],
  ["Nobody owned the go-live call with support", 0],
  ["Go-live slipped a day because the runbook was out of date", 0],
  ["The legacy importer breaks every other week", 1],
  ["Lunch was great", undefined]
])

describe("learning from the team's grouping", () => {
  it("a custom theme gets suggestions once it has examples, explained by the earlier cards", () => {
    const card = "Go-live for the mobile app felt chaotic"
    // Given no history, nothing about the card points at Release readiness
    expect(suggestTheme(card, retroThemes).ranked.map((r) => r.themeKey)).not.toContain("rr")
    // When last quarter's grouping is evidence
    const evidence = teamThemeEvidence("team-a", [lastQuarter])
    const s = suggestTheme(card, retroThemes, { evidence })
    // Then Release readiness comes first, because of the three go-live cards
    expect(s.themeKey).toBe("rr")
    const history = s.reasons.filter((r) => r.kind === "team-history")
    expect(history.map(explainThemeReason)).toContain('3 earlier cards with "go live" went to Release readiness (+18)')
  })

  it("recognises a built-in theme across retros by its key, whatever it was called", () => {
    const evidence = teamThemeEvidence("team-a", [lastQuarter])
    expect(learnedThemes(evidence).map((t) => [t.label, t.name, t.cards])).toEqual([
      ["custom:release readiness", "Release readiness", 3],
      ["technical-debt", "Platform health", 1]
    ])
    const s = suggestTheme("The importer broke again", builtInThemes, { evidence })
    expect(s.themeKey).toBe("technical-debt")
    expect(s.reasons.some((r) => r.kind === "team-history" && r.themeName === "Platform health")).toBe(true)
  })

  it("names a custom theme by its normalised name", () => {
    expect(themeLabel({ name: "Release Readiness!" })).toBe("custom:release readiness")
    expect(themeLabel({ name: "Anything", builtIn: "prioritization" })).toBe("prioritization")
  })

  it("ungrouped cards teach nothing; a card never counts as evidence for itself", () => {
    expect(retroThemeExamples(lastQuarter)).toHaveLength(4)
    const running = retro("team-a", "r-q4", "2026-10-01", [{ name: "Release readiness" }], [["Go-live chaos again", 0]])
    const evidence = teamThemeEvidence("team-a", [running])
    // Its own assignment is the only go-live evidence: as itself it gets no team-history reason…
    const self = { retroId: "r-q4", cardId: "r-q4-c0" }
    expect(suggestTheme("Go-live chaos again", retroThemes, { evidence, self }).reasons.filter((r) => r.kind === "team-history")).toEqual([])
    // …while another card with the same words does
    expect(suggestTheme("Go-live chaos again", retroThemes, { evidence }).themeKey).toBe("rr")
  })

  it("adding retros one by one gives the same evidence as all at once (updated as retros are grouped)", () => {
    const next = retro("team-a", "r-q4", "2026-10-01", [{ name: "Release readiness" }], [["The go-live call ran long", 0]])
    const stepwise = addThemeExamples(addThemeExamples(emptyThemeEvidence("team-a"), retroThemeExamples(lastQuarter)), retroThemeExamples(next))
    expect(stepwise).toEqual(teamThemeEvidence("team-a", [next, lastQuarter]))
  })
})

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const phrases = [
  "go-live", "runbook", "the release train", "tech debt", "flaky tests", "story points", "nobody told us", "p1", "scope creep",
  "the vendor api", "on-call", "the dashboard", "launch", "customer escalation", "pairing", "docs", "the design review", "sales"
]
const text = fc.array(fc.constantFrom(...phrases), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(" and "))
const themeNames = [{ name: "Release readiness" }, { name: "Vendors" }, { name: "Debt", builtIn: "technical-debt" }, { name: "Comms", builtIn: "communication-gaps" }]
const arbRetro = (teamId: string) =>
  fc.record({
    n: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    cards: fc.array(fc.tuple(text, fc.option(fc.integer({ min: 0, max: themeNames.length - 1 }), { nil: undefined })), { maxLength: 8 })
  }).map(({ n, month, cards }) => retro(teamId, `${teamId}-r${n}`, `2026-${String(month).padStart(2, "0")}-01`, themeNames, cards))
const candidates: ReadonlyArray<SuggestableTheme> = [
  ...builtInThemes,
  { id: "rr", name: "Release readiness" },
  { id: "vendors", name: "Vendors" }
]
const ranking = (card: string, evidence?: TeamThemeEvidence) =>
  suggestTheme(card, candidates, { evidence })

describe("properties of learning", () => {
  it("same history, same suggestions: whatever the order of the retros, and with a retro given twice", () => {
    let changedByHistory = 0
    fc.assert(fc.property(fc.array(arbRetro("team-a"), { maxLength: 4 }), fc.array(text, { minLength: 1, maxLength: 5 }), fc.integer(), (history, cards, seed) => {
      const shuffled = [...history].sort((a, b) => ((a.details.retroId.length * 31 + seed) % 7) - ((b.details.retroId.length * 31 + seed) % 7)).reverse()
      const withDuplicate = history.length === 0 ? shuffled : [...shuffled, history[0]!]
      const a = teamThemeEvidence("team-a", history)
      const b = teamThemeEvidence("team-a", withDuplicate)
      for (const card of cards) {
        const sa = ranking(card, a)
        expect(ranking(card, b)).toEqual(sa)
        expect(ranking(card, teamThemeEvidence("team-a", history))).toEqual(sa)
        if (sa.themeKey !== ranking(card).themeKey) changedByHistory++
      }
    }), { numRuns: 150 })
    // The interesting case happened: history actually changed what was proposed.
    expect(changedByHistory).toBeGreaterThan(0)
  })

  it("a team's evidence never leaks into another team's suggestions", () => {
    let otherTeamWouldMatter = 0
    fc.assert(fc.property(fc.array(arbRetro("team-a"), { maxLength: 3 }), fc.array(arbRetro("team-b"), { minLength: 1, maxLength: 3 }), text, (mine, theirs, card) => {
      const alone = teamThemeEvidence("team-a", mine)
      const mixed = teamThemeEvidence("team-a", [...theirs, ...mine])
      expect(ranking(card, mixed)).toEqual(ranking(card, alone))
      // Had team B's retros been team A's, would it have mattered?
      const adopted = theirs.map((r) => ({ ...r, details: { ...r.details, teamId: "team-a" } }))
      if (ranking(card, teamThemeEvidence("team-a", [...adopted, ...mine])).themeKey !== ranking(card, alone).themeKey) otherTeamWouldMatter++
    }), { numRuns: 150 })
    expect(otherTeamWouldMatter).toBeGreaterThan(0)
  })
})
