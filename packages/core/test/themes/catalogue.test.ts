import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { validateAgreement } from "../../src/agreements/index.ts"
import { fromDayNumber, dayNumber } from "../../src/Primitives.ts"
import { builtInTheme, builtInThemeKeys, builtInThemes, themeDiscussionQuestions } from "../../src/themes/index.ts"

const anyDay = fc.integer({ min: dayNumber("2000-01-01"), max: dayNumber("2100-12-31") }).map(fromDayNumber)

describe("built-in themes", () => {
  it("are the six keys in canonical order, each findable by key", () => {
    expect(builtInThemes.map((t) => t.key)).toEqual(builtInThemeKeys)
    expect(builtInThemeKeys).toEqual([
      "requirements-clarity", "speed-vs-quality", "technical-debt", "estimates-predictability", "prioritization", "communication-gaps"
    ])
    for (const key of builtInThemeKeys) expect(builtInTheme(key).key).toBe(key)
  })

  it("each carries a description, a prompt per side, hard conversations and keywords", () => {
    for (const t of builtInThemes) {
      expect(t.name.trim()).not.toBe("")
      expect(t.description.trim()).not.toBe("")
      expect(t.optimizingFor.product.trim()).not.toBe("")
      expect(t.optimizingFor.engineering.trim()).not.toBe("")
      expect(t.hardConversations.length).toBeGreaterThan(0)
      for (const h of t.hardConversations) expect(h.askFor.length).toBeGreaterThan(0)
      expect(t.keywords.length).toBeGreaterThan(10)
      for (const k of t.keywords) expect(k.weight).toBeGreaterThan(0)
    }
  })

  it("carry the method's hard conversations on the right themes", () => {
    const guidance = (key: Parameters<typeof builtInTheme>[0]) =>
      builtInTheme(key).hardConversations.map((h) => `${h.trigger} ${h.guidance}`).join(" ")
    expect(guidance("technical-debt")).toMatch(/cost: incidents, slowdowns, developer-experience problems/)
    expect(guidance("requirements-clarity")).toMatch(/scope is frozen.*escalation path/)
    expect(guidance("estimates-predictability")).toMatch(/engineering always underestimates.*Track estimate accuracy/)
    expect(guidance("communication-gaps")).toMatch(/PMs don't understand complexity.*services touched, migrations, downtime risk/)
  })

  it("offer the three discussion questions", () => {
    expect(themeDiscussionQuestions).toHaveLength(3)
  })

  it("have example agreements that pass validation for any decision day", () => {
    fc.assert(fc.property(anyDay, (decidedOn) => {
      for (const t of builtInThemes) {
        const examples = t.exampleAgreements(decidedOn)
        expect(examples.length).toBeGreaterThan(0)
        for (const d of examples) expect(validateAgreement(d, { decidedOn })).toEqual([])
      }
    }), { numRuns: 200 })
  })
})
