import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Retro, Themes } from "@retrobridge/core"
import { C, FACILITATOR, grouping, MIN, person, T0, TEAM_ID } from "../retro/fixtures.ts"

const facilitator: Retro.Viewer = { role: "facilitator", secret: FACILITATOR }
const view = (state: Retro.State, viewer: Retro.Viewer, options?: { readonly themeEvidence?: Themes.Evidence }): Retro.View => {
  const result = Retro.view(state, viewer, T0 + 25 * MIN, options)
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}

// An earlier retro of the same team, grouped by its facilitator, with a custom theme.
const earlier = (teamId: string): Themes.GroupedRetro => ({
  details: { retroId: "retro-q3", teamId, date: "2026-07-01" },
  themes: [{ themeId: "q3-rel", name: "Release readiness", builtIn: undefined }],
  cards: {
    a: { text: "The release went out without release notes", themeId: "q3-rel" },
    b: { text: "Release day was calm because the checklist went out on time", themeId: "q3-rel" },
    c: { text: "The release went out late on Friday", themeId: "q3-rel" }
  }
})

describe("the facilitator's view while grouping", () => {
  it("shows up to three ranked proposals per card with scores and explanations; participants see none", () => {
    const v = view(grouping().state, facilitator)
    const withSuggestion = (v.cards ?? []).filter((c) => c.suggestion !== undefined)
    expect(withSuggestion.length).toBe(v.cards?.length)
    for (const card of withSuggestion) {
      const s = card.suggestion!
      expect(s.proposals.length).toBeGreaterThan(0)
      expect(s.proposals.length).toBeLessThanOrEqual(3)
      expect(s.proposals[0]).toMatchObject({ name: s.name, score: s.score, explanation: s.explanation })
      expect(s.explanation.length).toBeGreaterThan(0)
    }
    expect(v.cards?.find((c) => c.cardId === C.c2)?.suggestion).toMatchObject({ builtIn: "technical-debt" })
    expect(view(grouping().state, { role: "participant", secret: person("p1").secret }).cards?.every((c) => c.suggestion === undefined)).toBe(true)
  })

  it("learns from the team's earlier grouping: a custom theme of last quarter is proposed again, with the reason", () => {
    const without = view(grouping().state, facilitator).cards?.find((c) => c.cardId === C.c4)?.suggestion
    expect(without?.proposals.some((p) => p.customName !== undefined)).toBe(false)
    const themeEvidence = Themes.teamEvidence(TEAM_ID, [earlier(TEAM_ID)])
    const s = view(grouping().state, facilitator, { themeEvidence }).cards?.find((c) => c.cardId === C.c4)?.suggestion
    const rel = s?.proposals.find((p) => p.customName === "Release readiness")
    expect(rel).toBeDefined()
    expect(rel?.explanation.join(" ")).toMatch(/earlier cards with "[^"]+" went to Release readiness/)
  })

  it("another team's grouping changes nothing", () => {
    const theirs = Themes.teamEvidence("another-team", [earlier("another-team")])
    expect(view(grouping().state, facilitator, { themeEvidence: theirs })).toEqual(view(grouping().state, facilitator))
  })
})
