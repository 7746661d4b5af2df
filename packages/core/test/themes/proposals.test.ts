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
