import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  acceptAgreement,
  type AgreementDraft,
  AgreementInvalid,
  agreementReviewWindow,
  agreementTimeboxDays,
  type AgreementViolationCode,
  defaultAgreementReviewDate,
  findAgreementAnchors,
  findVagueWording,
  ValidAgreement,
  validateAgreement
} from "../../src/agreements/index.ts"
import { dayNumber, fromDayNumber, type Side } from "../../src/Primitives.ts"

const decidedOn = "2026-05-14" // reviews allowed 2026-05-15 .. 2026-08-13 (13 weeks later)

const good: AgreementDraft = {
  statement: "Engineers give range estimates; PMs share the range with stakeholders.",
  commitments: [
    { side: "engineering", text: "Give a best/likely/worst range for every roadmap item." },
    { side: "product", text: "Show the range, not a single number, in every roadmap update." }
  ],
  signal: "Every roadmap item in the planning doc shows a range.",
  reviewBy: "2026-08-13"
}

const codes = (d: AgreementDraft, on = decidedOn): ReadonlyArray<AgreementViolationCode> =>
  validateAgreement(d, { decidedOn: on }).map((v) => v.code)

describe("validateAgreement: one rule at a time", () => {
  it("accepts a bilateral, observable, time-boxed agreement", () => {
    expect(validateAgreement(good, { decidedOn })).toEqual([])
  })

  it("blank-statement: given a blank statement, then it asks for one", () => {
    const [v] = validateAgreement({ ...good, statement: "  " }, { decidedOn })
    expect(v).toMatchObject({ code: "blank-statement", field: "statement" })
  })

  it("blank-commitment: given a blank commitment, then it names it (1-based) and its side", () => {
    const d = { ...good, commitments: [...good.commitments, { side: "product" as const, text: " " }] }
    expect(validateAgreement(d, { decidedOn })).toEqual([
      { code: "blank-commitment", field: "commitments[2].text", message: expect.stringContaining("Commitment 3 (product) is blank") }
    ])
  })

  it("blank: text of only invisible characters is blank, as a reader sees it (a zero-width space, a Hangul filler)", () => {
    for (const invisible of ["\u200b", "\u3164", "\u200b \ufeff"]) {
      expect(codes({ ...good, statement: invisible }), JSON.stringify(invisible)).toEqual(["blank-statement"])
      expect(codes({ ...good, commitments: [good.commitments[0]!, { side: "product", text: invisible }] }), JSON.stringify(invisible)).toEqual(["blank-commitment", "not-bilateral"])
      expect(codes({ ...good, signal: invisible }), JSON.stringify(invisible)).toEqual(["no-signal"])
    }
  })

  it("not-bilateral: given only product commitments, then it asks for an engineering one", () => {
    const d = { ...good, commitments: [{ side: "product" as const, text: "Share the range in every roadmap update." }] }
    const vs = validateAgreement(d, { decidedOn })
    expect(vs).toEqual([{
      code: "not-bilateral",
      field: "commitments",
      message: "Only product commits to something. Add at least one engineering commitment: a bilateral agreement changes both sides."
    }])
  })

  it("not-bilateral: given only engineering commitments, or none, or a blank one for the missing side", () => {
    expect(validateAgreement({ ...good, commitments: [good.commitments[0]!] }, { decidedOn })[0]?.message).toMatch(/^Only engineering commits/)
    expect(validateAgreement({ ...good, commitments: [] }, { decidedOn })[0]?.message).toMatch(/^Nobody commits/)
    const blankProduct = [good.commitments[0]!, { side: "product" as const, text: "" }]
    expect(codes({ ...good, commitments: blankProduct })).toEqual(["blank-commitment", "not-bilateral"])
  })

  it("no-signal: given no signal or a blank one, then it asks how anyone can tell", () => {
    const { signal: _signal, ...noSignal } = good
    expect(codes(noSignal)).toEqual(["no-signal"])
    expect(codes({ ...good, signal: "   " })).toEqual(["no-signal"])
  })

  it("signal-not-concrete: given a signal with no number, frequency or artefact", () => {
    const vs = validateAgreement({ ...good, signal: "People feel heard" }, { decidedOn })
    expect(vs).toEqual([{ code: "signal-not-concrete", field: "signal", message: expect.stringContaining("no number, frequency or artefact") }])
  })

  it("vague-wording: names each vague phrase and its field", () => {
    const d: AgreementDraft = {
      ...good,
      statement: "We will try to have better communication",
      commitments: [
        { side: "engineering", text: "Share progress more often" },
        { side: "product", text: "Be more aware of complexity when possible" }
      ]
    }
    const vs = validateAgreement(d, { decidedOn })
    expect(vs.map((v) => [v.field, v.code])).toEqual([
      ["statement", "vague-wording"],
      ["statement", "vague-wording"],
      ["commitments[0].text", "vague-wording"],
      ["commitments[1].text", "vague-wording"],
      ["commitments[1].text", "vague-wording"]
    ])
    expect(vs.map((v) => v.message.match(/says "([^"]+)"/)?.[1])).toEqual([
      "try to", "better communication", "more often", "be more aware", "when possible"
    ])
  })

  it("vague-wording: a vague phrase with a number, frequency or artefact alongside is fine", () => {
    const d: AgreementDraft = {
      ...good,
      commitments: [
        { side: "engineering", text: "Try to raise ambiguities within 2 days of refinement" },
        { side: "product", text: "Improve the PRD template with an edge-case section" }
      ],
      signal: "Share updates more often: every Friday in the team channel"
    }
    expect(validateAgreement(d, { decidedOn })).toEqual([])
  })

  it("vague-wording in the signal comes with signal-not-concrete", () => {
    expect(codes({ ...good, signal: "We communicate better" })).toEqual(["signal-not-concrete", "vague-wording"])
    // "Each of us", "per our chat" count nothing: they are not a frequency that makes the signal concrete.
    expect(codes({ ...good, signal: "Each of us feels heard and we communicate better" })).toContain("signal-not-concrete")
    expect(codes({ ...good, signal: "We feel more aligned per our chat" })).toContain("signal-not-concrete")
    expect(codes({ ...good, signal: "Each of them says the handoff is clearer" })).toContain("signal-not-concrete")
  })

  it("review-in-past: the decision day itself or earlier", () => {
    expect(codes({ ...good, reviewBy: decidedOn })).toEqual(["review-in-past"])
    expect(codes({ ...good, reviewBy: "2026-01-01" })).toEqual(["review-in-past"])
    expect(codes({ ...good, reviewBy: "2026-05-15" })).toEqual([])
  })

  it("review-too-late: more than one quarter, 13 weeks (91 days), after the decision day", () => {
    expect(agreementTimeboxDays).toBe(91)
    expect(codes({ ...good, reviewBy: "2026-08-13" })).toEqual([])
    const [v] = validateAgreement({ ...good, reviewBy: "2026-08-14" }, { decidedOn })
    expect(v).toMatchObject({ code: "review-too-late", field: "reviewBy" })
    expect(v?.message).toContain("2026-08-13")
    expect(v?.message).toContain("13 weeks")
    // The same length from any day of a quarter: the first day no longer gets two quarters, the last day more than one.
    expect(codes({ ...good, reviewBy: "2026-12-31" }, "2026-10-01")).toEqual([])
    expect(codes({ ...good, reviewBy: "2027-01-01" }, "2026-10-01")).toEqual(["review-too-late"])
    expect(codes({ ...good, reviewBy: "2027-03-31" }, "2026-10-01")).toEqual(["review-too-late"])
    expect(codes({ ...good, reviewBy: "2027-04-01" }, "2026-12-31")).toEqual([])
    expect(codes({ ...good, reviewBy: "2027-04-02" }, "2026-12-31")).toEqual(["review-too-late"])
  })

  it("invalid-review-date and invalid-decision-date: malformed days are violations, not exceptions", () => {
    expect(codes({ ...good, reviewBy: "2026-02-30" })).toEqual(["invalid-review-date"])
    expect(codes({ ...good, reviewBy: "" })).toEqual(["invalid-review-date"])
    expect(codes(good, "someday")).toEqual(["invalid-decision-date"])
  })

  it("returns every violation at once", () => {
    const d: AgreementDraft = {
      statement: " ",
      commitments: [{ side: "engineering", text: "Try to refactor when possible" }, { side: "engineering", text: "" }],
      signal: "things get better",
      reviewBy: "2027-01-01"
    }
    expect(validateAgreement(d, { decidedOn }).map((v) => `${v.code} @ ${v.field}`)).toEqual([
      "blank-statement @ statement",
      "vague-wording @ commitments[0].text", // "try to"
      "vague-wording @ commitments[0].text", // "when possible"
      "blank-commitment @ commitments[1].text",
      "not-bilateral @ commitments",
      "signal-not-concrete @ signal",
      "vague-wording @ signal", // "get better"
      "review-too-late @ reviewBy"
    ])
  })
})

describe("acceptAgreement", () => {
  it("mints a ValidAgreement carrying the decision day", () => {
    const r = acceptAgreement(good, { decidedOn })
    expect(Result.isSuccess(r) && r.success).toEqual({ ...good, decidedOn })
  })

  it("fails with AgreementInvalid listing every violation in its message", () => {
    const r = acceptAgreement({ ...good, commitments: [], signal: "", reviewBy: "2030-01-01" }, { decidedOn })
    expect(Result.isFailure(r)).toBe(true)
    if (Result.isFailure(r)) {
      expect(r.failure).toBeInstanceOf(AgreementInvalid)
      expect(r.failure._tag).toBe("AgreementInvalid")
      expect(r.failure.violations.map((v) => v.code)).toEqual(["not-bilateral", "no-signal", "review-too-late"])
      expect(r.failure.message).toMatch(/3 problems.*1\. \[not-bilateral @ commitments\].*2\. \[no-signal @ signal\].*3\. \[review-too-late @ reviewBy\]/)
    }
  })

  it("decoding a ValidAgreement re-runs validation", () => {
    const decode = Schema.decodeUnknownResult(ValidAgreement)
    expect(Result.isSuccess(decode({ ...good, decidedOn }))).toBe(true)
    expect(Result.isFailure(decode({ ...good, decidedOn: "2025-01-01" }))).toBe(true)
    expect(Result.isFailure(decode({ ...good, signal: "vibes", decidedOn }))).toBe(true)
  })
})

describe("wording helpers", () => {
  it("find anchors of each kind, but not in 'each other' or 'one another'", () => {
    expect(findAgreementAnchors("within 2 days").map((a) => a.kind)).toEqual(["number"])
    expect(findAgreementAnchors("at sprint planning").map((a) => a.kind)).toEqual(["frequency"])
    expect(findAgreementAnchors("in the PRD").map((a) => a.kind)).toEqual(["artefact"])
    expect(findAgreementAnchors("we understand each other and one another")).toEqual([])
    expect(findAgreementAnchors("get everyone on the same page")).toEqual([])
  })

  it("finds vague phrases without overlaps, longest first", () => {
    expect(findVagueWording("Be more aware, try to improve")).toEqual(["be more aware", "try to", "improve"])
    expect(findVagueWording("improvements")).toEqual(["improvements"])
    expect(findVagueWording("disapprove")).toEqual([])
  })
})

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

// Fragments labelled by hand: the oracle below never calls the validator's own helpers.
const concrete = [
  "within 2 days of refinement", "in the PRD", "every sprint", "weekly", "a field in Jira", "the monthly report",
  "20% of capacity", "at sprint planning", "on the estimate-accuracy dashboard", "per release"
]
const neutral = ["share estimates with stakeholders", "people feel heard", "things go smoothly", "raise risks", "the team is happy"]
const vague = [
  "try to", "better communication", "more often", "as much as possible", "improve", "when possible", "be more aware",
  "keep in mind", "more closely", "in a timely manner"
]
type Kind = "concrete" | "neutral" | "vague"
interface Labelled { readonly text: string; readonly concrete: boolean; readonly vague: boolean }

const labelledText: fc.Arbitrary<Labelled> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...concrete).map((t) => [t, "concrete" as Kind] as const),
      fc.constantFrom(...neutral).map((t) => [t, "neutral" as Kind] as const),
      fc.constantFrom(...vague).map((t) => [t, "vague" as Kind] as const)
    ),
    { minLength: 0, maxLength: 3 }
  )
  .map((parts) => ({
    text: parts.map(([t]) => t).join(", "),
    concrete: parts.some(([, k]) => k === "concrete"),
    vague: parts.some(([, k]) => k === "vague")
  }))

const blank = (t: Labelled) => t.text.trim() === ""
const unanchoredVague = (t: Labelled) => t.vague && !t.concrete

const dayIn = (min: string, max: string) => fc.integer({ min: dayNumber(min), max: dayNumber(max) }).map(fromDayNumber)

// Independent statement of the time box: one quarter, 13 weeks, after decidedOn.
const endOfTimebox = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 13 * 7 * 86_400_000).toISOString().slice(0, 10)

const scenario = fc
  .record({
    decidedOn: dayIn("2000-01-01", "2100-12-31"),
    offset: fc.integer({ min: -40, max: 220 }),
    statement: labelledText,
    commitments: fc.array(fc.record({ side: fc.constantFrom<Side>("product", "engineering"), text: labelledText }), { maxLength: 4 }),
    signal: fc.option(labelledText, { nil: undefined })
  })
  .map((s) => {
    const draft: AgreementDraft = {
      statement: s.statement.text,
      commitments: s.commitments.map((c) => ({ side: c.side, text: c.text.text })),
      reviewBy: fromDayNumber(dayNumber(s.decidedOn) + s.offset),
      ...(s.signal === undefined ? {} : { signal: s.signal.text })
    }
    return { ...s, draft }
  })

describe("properties", () => {
  it("an accepted agreement is bilateral, observable and time-boxed; and every such draft is accepted", () => {
    fc.assert(fc.property(scenario, (s) => {
      const r = acceptAgreement(s.draft, { decidedOn: s.decidedOn })
      const fields = [s.statement, ...s.commitments.map((c) => c.text), ...(s.signal === undefined ? [] : [s.signal])]
      const expectedValid =
        !blank(s.statement) &&
        s.commitments.every((c) => !blank(c.text)) &&
        (["product", "engineering"] as const).every((side) => s.commitments.some((c) => c.side === side && !blank(c.text))) &&
        s.signal !== undefined && s.signal.concrete &&
        !fields.some(unanchoredVague) &&
        s.draft.reviewBy > s.decidedOn && s.draft.reviewBy <= endOfTimebox(s.decidedOn)
      expect(Result.isSuccess(r)).toBe(expectedValid)
      if (Result.isSuccess(r)) {
        for (const side of ["product", "engineering"] as const) {
          expect(r.success.commitments.some((c) => c.side === side && c.text.trim() !== "")).toBe(true)
        }
        expect(findAgreementAnchors(r.success.signal ?? "").length).toBeGreaterThan(0)
        expect(r.success.reviewBy > s.decidedOn && r.success.reviewBy <= endOfTimebox(s.decidedOn)).toBe(true)
      } else {
        expect(r.failure.violations.length).toBeGreaterThan(0)
        expect(r.failure.violations).toEqual(validateAgreement(s.draft, { decidedOn: s.decidedOn }))
      }
    }), { numRuns: 500 })
  })

  it("the review window is the day after the decision to 13 weeks after it, and the default date is its end", () => {
    fc.assert(fc.property(dayIn("2000-01-01", "2100-12-31"), (day) => {
      const { earliest, latest } = agreementReviewWindow(day)
      expect(dayNumber(earliest)).toBe(dayNumber(day) + 1)
      expect(latest).toBe(endOfTimebox(day))
      expect(defaultAgreementReviewDate(day)).toBe(latest)
    }))
  })
})
