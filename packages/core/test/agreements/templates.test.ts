import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { acceptAgreement, agreementReviewWindow, agreementTemplates, allAgreementTemplates, validateAgreement } from "../../src/agreements/index.ts"
import { dayNumber, fromDayNumber } from "../../src/Primitives.ts"
import { builtInThemeKeys } from "../../src/themes/index.ts"

const anyDay = fc.integer({ min: dayNumber("2000-01-01"), max: dayNumber("2100-12-31") }).map(fromDayNumber)

describe("agreementTemplates", () => {
  it("are the method's four examples, on their themes", () => {
    const ts = agreementTemplates("2026-05-14")
    expect(ts.map((t) => [t.id, t.themeKey])).toEqual([
      ["range-estimates", "estimates-predictability"],
      ["scope-freeze", "requirements-clarity"],
      ["tech-debt-cost", "technical-debt"],
      ["complexity-note", "communication-gaps"]
    ])
    expect(ts[0]?.draft.metric).toBe("hitRate")
    expect(ts[0]?.draft.statement).toMatch(/range estimates \(best\/likely\/worst\)/)
    expect(ts[1]?.draft.statement).toMatch(/scope frozen at sprint planning.*escalation path.*within 2 days/)
    expect(ts[2]?.draft.statement).toMatch(/monthly one-page report.*20% of each sprint/)
    expect(ts[3]?.draft.statement).toMatch(/complexity note \(services touched, migrations, downtime risk\)/)
  })

  it("pass validation and acceptance for any decision day in 2000-2100", () => {
    fc.assert(fc.property(anyDay, (decidedOn) => {
      for (const t of allAgreementTemplates(decidedOn)) {
        expect(validateAgreement(t.draft, { decidedOn })).toEqual([])
        expect(Result.isSuccess(acceptAgreement(t.draft, { decidedOn }))).toBe(true)
        const { earliest, latest } = agreementReviewWindow(decidedOn)
        expect(t.draft.reviewBy >= earliest && t.draft.reviewBy <= latest).toBe(true)
      }
    }), { numRuns: 300 })
  })

  it("give every built-in theme at least one example", () => {
    const covered = new Set(allAgreementTemplates("2026-05-14").map((t) => t.themeKey))
    for (const key of builtInThemeKeys) expect(covered.has(key)).toBe(true)
  })
})
