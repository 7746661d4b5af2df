/**
 * The agreement time box in a retro, from events: an agreement is reviewed at
 * most one quarter (13 weeks, 91 days) after the retro's date, whatever day of
 * its calendar quarter the retro falls on.
 */
import { describe, expect, it } from "vitest"
import { Agreements, Retro } from "@retrobridge/core"
import { deciderSpec } from "@retrobridge/core/testing"
import { agreeing, collecting, discussing, drafted, f, grouping, MIN, T0, validDraft, voting, withThemes } from "../retro/fixtures.ts"

const spec = deciderSpec(Retro.decider)
// The fixture retro is dated 2026-10-01, the first day of Q4: the old rule let it review on 2027-03-31.
const history = [drafted, collecting, grouping, withThemes, voting, discussing, agreeing].flatMap((stage) => stage().events)
const accept = (reviewBy: string): Retro.Command =>
  f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: { ...validDraft, reviewBy }, at: T0 + 70 * MIN })

describe("AcceptAgreement: the time box, from events", () => {
  it("accepts a review date up to 13 weeks after the retro's date", () => {
    expect(Agreements.reviewWindow("2026-10-01").latest).toBe("2026-12-31")
    const { outcome } = spec.given(history).when(accept("2026-12-31"))
    expect(outcome._tag === "Success" && outcome.success.map((e) => e._tag)).toEqual(["AgreementAccepted"])
  })

  it("refuses one a day later, and the end of the next calendar quarter, which is two quarters away", () => {
    for (const reviewBy of ["2027-01-01", "2027-03-31"]) {
      const error = spec.given(history).when(accept(reviewBy)).thenFails("AgreementInvalid")
      expect(error._tag === "AgreementInvalid" && error.violations.map((v) => v.code)).toEqual(["review-too-late"])
    }
  })
})
