import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type GroupedRetro, makeRetroThemeProposer, teamThemeEvidence } from "../../src/themes/index.ts"

const lastQuarter: GroupedRetro = {
  details: { teamId: "team-a", retroId: "q3", date: "2026-07-01" },
  themes: [{ themeId: "q3-rr", name: "Release readiness", builtIn: undefined }, { themeId: "q3-debt", name: "Platform health", builtIn: "technical-debt" }],
  cards: {
    a: { text: "The go-live checklist was missing half the steps", themeId: "q3-rr" },
    b: { text: "Nobody owned the go-live call with support", themeId: "q3-rr" },
    c: { text: "The legacy importer breaks every week", themeId: "q3-debt" }
  }
}

const running = (cards: GroupedRetro["cards"], themes: GroupedRetro["themes"] = []): GroupedRetro => ({
  details: { teamId: "team-a", retroId: "q4", date: "2026-10-01" },
  themes,
  cards
})

describe("proposals for a running retro", () => {
  it("ranks at most three, best first, naming an existing theme, a built-in to create, or a custom theme the team used before", () => {
    const history = teamThemeEvidence("team-a", [lastQuarter])
    const propose = makeRetroThemeProposer(
      running({ x: { text: "Go-live went badly and the tech debt did not help", themeId: undefined } }, [
        { themeId: "q4-debt", name: "Debt", builtIn: "technical-debt" }
      ]),
      history
    )
    const proposals = propose("x", "Go-live went badly and the tech debt did not help")
    expect(proposals.length).toBeGreaterThan(1)
    expect(proposals.length).toBeLessThanOrEqual(3)
    expect(proposals.map((p) => p.score)).toEqual([...proposals.map((p) => p.score)].sort((a, b) => b - a))
    // The retro's own Debt theme (the built-in's instance), and last quarter's Release readiness to create again
    expect(proposals.find((p) => p.themeId === "q4-debt")?.matched).toContain("tech debt")
    const rr = proposals.find((p) => p.customName === "Release readiness")
    expect(rr?.explanation.join(" ")).toMatch(/earlier cards with "go live" went to Release readiness/)
    for (const p of proposals) expect([p.themeId, p.builtIn, p.customName].filter((x) => x !== undefined)).toHaveLength(1)
  })

  it("learns from the grouping done so far in this retro, and a card is not its own evidence", () => {
    const themes = [{ themeId: "vendors", name: "Vendor trouble", builtIn: undefined }]
    const retro = running(new Map([
      ["a", { text: "Acme's sandbox was down all week", themeId: "vendors" }],
      ["b", { text: "Acme changed their sandbox without notice", themeId: "vendors" }],
      ["c", { text: "The Acme sandbox again", themeId: undefined }]
    ]), themes)
    const propose = makeRetroThemeProposer(retro)
    expect(propose("c", "The Acme sandbox again")[0]?.themeId).toBe("vendors")
    // Card a is in the theme, but only card b speaks for it: "sandbox" and "acme" once each
    const forA = propose("a", "Acme's sandbox was down all week")[0]
    expect(forA?.reasons.filter((r) => r.kind === "team-history").every((r) => r.kind === "team-history" && r.cards === 1)).toBe(true)
  })

  it("ignores an older snapshot of the running retro in the history", () => {
    const older = running({ a: { text: "Acme sandbox down", themeId: "old" } }, [{ themeId: "old", name: "Old name", builtIn: undefined }])
    const now = running({ a: { text: "Acme sandbox down", themeId: undefined } }, [])
    const proposals = makeRetroThemeProposer(now, teamThemeEvidence("team-a", [older]))("b", "Acme sandbox down again")
    expect(proposals.map((p) => p.name)).not.toContain("Old name")
  })

  it("ignores another team's evidence", () => {
    const theirs = teamThemeEvidence("team-b", [{ ...lastQuarter, details: { ...lastQuarter.details, teamId: "team-b" } }])
    const retro = running({ x: { text: "Go-live chaos", themeId: undefined } })
    // The interesting case: as team A's own history it would propose Release readiness…
    expect(makeRetroThemeProposer(retro, teamThemeEvidence("team-a", [lastQuarter]))("x", "Go-live chaos")[0]?.customName).toBe("Release readiness")
    // …as team B's, nothing of it shows
    expect(makeRetroThemeProposer(retro, theirs)("x", "Go-live chaos")).toEqual(makeRetroThemeProposer(retro)("x", "Go-live chaos"))
  })
})

describe("properties of a retro's proposals", () => {
  const retroOf = (teamId: string, retroId: string, themeName: string, texts: ReadonlyArray<string>): GroupedRetro => ({
    details: { teamId, retroId, date: "2026-07-01" },
    themes: [{ themeId: `${retroId}-t`, name: themeName, builtIn: undefined }],
    cards: Object.fromEntries(texts.map((text, i) => [`${retroId}-c${i}`, { text, themeId: `${retroId}-t` }]))
  })
  const history: ReadonlyArray<GroupedRetro> = [
    retroOf("team-a", "a1", "Release readiness", ["go-live checklist missing", "go-live call ran long"]),
    retroOf("team-a", "a2", "Vendor trouble", ["Acme sandbox down", "Acme API changed without notice"]),
    retroOf("team-b", "b1", "Sandbox hell", ["sandbox down again", "the go-live sandbox broke"]),
    retroOf("team-b", "b2", "Meetings", ["too many meetings about the checklist"])
  ]
  const cards = ["The go-live checklist again", "Acme sandbox flaky", "Too many meetings", "Sandbox down during go-live"]

  it("the same history in any order gives the same proposals, and other teams' retros change nothing", () => {
    const next: GroupedRetro = { details: { teamId: "team-a", retroId: "a3", date: "2026-10-01" }, themes: [], cards: {} }
    const own = makeRetroThemeProposer(next, teamThemeEvidence("team-a", history.filter((r) => r.details.teamId === "team-a")))
    const expected = cards.map((c, i) => own(`n${i}`, c))
    const without = makeRetroThemeProposer(next)
    // The interesting case: the team's history does change what is proposed.
    expect(cards.map((c, i) => without(`n${i}`, c))).not.toEqual(expected)
    fc.assert(fc.property(fc.shuffledSubarray([...history], { minLength: history.length }), (shuffled) => {
      const propose = makeRetroThemeProposer(next, teamThemeEvidence("team-a", shuffled))
      expect(cards.map((c, i) => propose(`n${i}`, c))).toEqual(expected)
    }), { numRuns: 50 })
  })
})
