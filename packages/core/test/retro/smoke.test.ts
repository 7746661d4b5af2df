import { describe, it, expect } from "vitest"
import { agreeing, f, run, validDraft, active } from "./fixtures.ts"

describe("smoke", () => {
  it("reaches agreeing and accepts an agreement", () => {
    const { state } = run([f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: validDraft })], agreeing().state)
    expect(active(state).agreements).toHaveLength(1)
  })
})
