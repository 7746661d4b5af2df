import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Retro, Team } from "@retrobridge/core"
import { testSecret } from "@retrobridge/core/testing"
import {
  active,
  advance,
  agreeing,
  C,
  card,
  collecting,
  create,
  discussing,
  drafted,
  f,
  FACILITATOR,
  grouping,
  join,
  MIN,
  people,
  person,
  run,
  T0,
  validDraft,
  voting,
  withThemes
} from "./fixtures.ts"

const view = (state: Retro.State, viewer: Retro.Viewer, now = T0 + 10 * MIN): Retro.View => {
  const result = Retro.view(state, viewer, now)
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}
const facilitator: Retro.Viewer = { role: "facilitator", secret: FACILITATOR }
const as = (id: string): Retro.Viewer => ({ role: "participant", secret: person(id).secret })

describe("views during collection", () => {
  it("nobody sees others' cards, the facilitator included; authors see their own", () => {
    const state = collecting().state
    expect(view(state, facilitator).cards).toBeUndefined()
    expect(view(state, facilitator).myCards).toEqual([])
    expect(view(state, as("p1")).myCards.map((c) => c.cardId)).toEqual([C.c1])
    expect(view(state, as("e2")).myCards.map((c) => c.cardId)).toEqual([C.c3])
    expect(view(state, as("e3")).myCards).toEqual([])
    expect(JSON.stringify(view(state, as("e3")))).not.toContain("Requirements changed")
  })
  it("shows per-side counts only when every side is large enough", () => {
    const state = collecting().state // 3 product, 4 engineering, threshold 3
    expect(view(state, as("p1")).cardCounts).toEqual({ total: 4, bySide: { product: 2, engineering: 2 } })
    const small = run([
      create(),
      join(person("p1")),
      join(person("p2")),
      ...people.filter((p) => p.side === "engineering").map((p) => join(p)),
      advance("draft", T0 + MIN),
      card(person("p1"), "c1", "x"),
      card(person("e1"), "c2", "y")
    ]).state
    expect(view(small, facilitator).cardCounts).toEqual({ total: 2, bySide: undefined })
  })
  it("rejects a viewer whose secret does not prove the role", () => {
    expect(Result.isFailure(Retro.view(drafted().state, { role: "facilitator", secret: person("p1").secret }, T0))).toBe(true)
    expect(Result.isFailure(Retro.view(drafted().state, { role: "participant", secret: FACILITATOR }, T0))).toBe(true)
  })
  it("reports time left and overrun of the phase", () => {
    const state = collecting().state // collecting started at T0 + 2 min, 20 min timebox
    expect(view(state, facilitator, T0 + 12 * MIN).clock).toMatchObject({ phase: "collecting", remainingMs: 10 * MIN, overrunMs: 0 })
    expect(view(state, facilitator, T0 + 25 * MIN).clock).toMatchObject({ remainingMs: 0, overrunMs: 3 * MIN })
  })
})

describe("facilitator warnings at setup", () => {
  it("warns about group size, a facilitator on a side, a retro too soon, and an unlabelled side", () => {
    const state = run([
      create({ facilitatorSide: "engineering", previousRetro: { retroId: "r-prev", date: "2026-09-01" } }),
      join(person("p1")),
      join(person("p2")),
      join(person("e1"))
    ]).state
    const codes = view(state, facilitator).warnings.map((w) => w.code)
    expect(codes).toEqual(expect.arrayContaining(["group-size", "facilitator-on-a-side", "too-frequent", "side-undisclosed"]))
    const undisclosed = view(state, facilitator).warnings.filter((w) => w.code === "side-undisclosed").map((w) => w.message).join(" ")
    expect(undisclosed).toContain("product")
    expect(undisclosed).toContain("engineering")
  })
  it("words the too-frequent warning by trigger: a release retro is not told to hold it after a major release", () => {
    const soon = (trigger: "quarterly" | "major-release") =>
      view(run([create({ trigger, previousRetro: { retroId: "r-prev", date: "2026-08-27" } })]).state, facilitator)
        .warnings.find((w) => w.code === "too-frequent")?.message ?? ""
    expect(soon("quarterly")).toContain("Only 35 days since the previous retro (2026-08-27)")
    expect(soon("quarterly")).toContain("Hold it quarterly or after a major release.")
    expect(soon("major-release")).toContain("Only 35 days since the previous retro (2026-08-27)")
    expect(soon("major-release")).not.toContain("after a major release.")
    expect(soon("major-release")).not.toContain("Monthly")
  })
  it("has no warnings for the method's setup", () => {
    const state = run([join({ id: "p4", name: "Pia", side: "product", secret: testSecret("pia") })], drafted().state).state
    expect(view(state, facilitator).warnings).toEqual([])
  })
})

describe("facilitator warnings in the phases they apply to", () => {
  const codes = (state: Retro.State, now = T0 + 40 * MIN) => view(state, facilitator, now).warnings.map((w) => w.code)
  const small = () => run([
    create({ facilitatorSide: "engineering", previousRetro: { retroId: "r-prev", date: "2026-09-01" } }),
    join(person("p1")),
    join(person("p2")),
    ...people.filter((p) => p.side === "engineering").map((p) => join(p)),
    advance("draft", T0 + MIN),
    card(person("p1"), "c1", "Specs changed after planning")
  ])
  it("advises on the group's size while people can still join, on the facilitator's side until the close", () => {
    const writing = small().state // 2 product, 4 engineering: six, so no group-size; labels hidden
    expect(codes(writing)).toEqual(expect.arrayContaining(["facilitator-on-a-side", "too-frequent", "side-undisclosed"]))
    const tiny = run([create(), join(person("p1")), join(person("e1")), join(person("e2"))]).state
    expect(codes(tiny)).toContain("group-size")
    const grouping = run([advance("collecting", T0 + 22 * MIN, "seed-abcdefgh")], small().state).state
    // Nobody can join any more: no advice to invite anyone; the rest still holds.
    expect(codes(grouping)).toEqual(["facilitator-on-a-side", "too-frequent", "side-undisclosed"])
    const tinyGrouping = run([
      advance("draft", T0 + MIN),
      card(person("p1"), "c1", "x"),
      advance("collecting", T0 + 22 * MIN, "seed-abcdefgh")
    ], tiny).state
    expect(codes(tinyGrouping)).not.toContain("group-size")
  })
})

describe("facilitator warnings at the close", () => {
  const codes = (state: Retro.State) => view(state, facilitator, T0 + 95 * MIN).warnings.map((w) => w.code)
  it("warns once a retro closed without agreements, not while they can still be made", () => {
    expect(codes(agreeing().state)).not.toContain("no-agreements")
    const closed = run([advance("agreeing", T0 + 90 * MIN)], agreeing().state).state
    expect(codes(closed)).toContain("no-agreements")
    // Facilitation can no longer be handed over: the neutral-facilitator advice is over too.
    const sided = run([
      { _tag: "HandOverFacilitation", facilitatorSecret: FACILITATOR, newFacilitatorSecret: testSecret("next"), facilitatorName: "Kim", facilitatorSide: "product", at: T0 + 80 * MIN },
      { ...advance("agreeing", T0 + 90 * MIN), facilitatorSecret: testSecret("next") } as Retro.Command
    ], agreeing().state).state
    expect(view(sided, { role: "facilitator", secret: testSecret("next") }, T0 + 95 * MIN).warnings.map((w) => w.code)).toEqual(["no-agreements"])
    expect(view(closed, facilitator, T0 + 95 * MIN).warnings.find((w) => w.code === "no-agreements")?.message).toContain("nothing to review")
    // Warnings are the facilitator's: a participant of the same closed retro is told nothing.
    expect(view(closed, as("p1"), T0 + 95 * MIN).warnings).toEqual([])
  })
  it("does not warn when the retro closed with an agreement", () => {
    const closed = run([f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: validDraft, at: T0 + 80 * MIN }), advance("agreeing", T0 + 90 * MIN)], agreeing().state).state
    expect(codes(closed)).not.toContain("no-agreements")
  })
})

describe("views after the reveal", () => {
  it("shows every card in the seeded order; with one side below the threshold, no card shows a side", () => {
    const small = run([
      create(),
      join(person("p1")),
      join(person("p2")),
      ...people.filter((p) => p.side === "engineering").map((p) => join(p)),
      advance("draft", T0 + MIN),
      card(person("p1"), "c1", "product thought"),
      card(person("e1"), "c2", "engineering thought"),
      advance("collecting", T0 + 5 * MIN, "seed-12345678")
    ]).state
    const v = view(small, facilitator)
    expect(v.cards?.map((c) => c.cardId)).toEqual(active(small).revealOrder)
    expect(v.cards?.find((c) => c.cardId === C.c1)?.side).toBe("undisclosed")
    // Hiding only the small side would name it: every "undisclosed" card would be a PM's.
    expect(v.cards?.find((c) => c.cardId === C.c2)?.side).toBe("undisclosed")
    const large = view(grouping().state, facilitator)
    expect(large.cards?.find((c) => c.cardId === C.c2)?.side).toBe("engineering")
    expect(large.cards?.find((c) => c.cardId === C.c1)?.side).toBe("product")
  })
  it("suggests themes to the facilitator while grouping, explaining the matched words", () => {
    const v = view(grouping().state, facilitator)
    const debt = v.cards?.find((c) => c.cardId === C.c2)
    expect(debt?.suggestion).toMatchObject({ builtIn: "technical-debt" })
    expect(debt?.suggestion?.matched.length).toBeGreaterThan(0)
    expect(view(grouping().state, as("p1")).cards?.every((c) => c.suggestion === undefined)).toBe(true)
  })
  it("hides vote counts while voting, shows them and the discussion order after", () => {
    const during = run([{ _tag: "CastVote", secret: person("p1").secret, themeId: "t-req", at: T0 + 33 * MIN }], voting().state).state
    expect(view(during, facilitator).themes.every((t) => t.votes === undefined)).toBe(true)
    expect(view(during, as("p1")).myVotes).toEqual({ budget: 3, used: 1, byTheme: { "t-req": 1 } })
    expect(view(during, as("p2")).myVotes).toEqual({ budget: 3, used: 0, byTheme: {} })
    const after = view(discussing().state, facilitator)
    expect(after.themes.find((t) => t.themeId === "t-debt")?.votes).toBe(2)
    expect(after.discussionOrder).toEqual(["t-debt", "t-req", "t-est"])
  })
  it("tells the facilitator how far the dot vote is: counts only, never per theme, per side or who", () => {
    const vote = (id: string, themeId: string): Retro.Command => ({ _tag: "CastVote", secret: person(id).secret, themeId, at: T0 + 33 * MIN })
    expect(view(voting().state, facilitator).votingProgress).toEqual({ done: 0, joined: 7, dotsPlaced: 0, dotsTotal: 21 })
    const during = run([vote("p1", "t-req"), vote("p1", "t-req"), vote("p1", "t-debt"), vote("e1", "t-est")], voting().state).state
    expect(view(during, facilitator).votingProgress).toEqual({ done: 1, joined: 7, dotsPlaced: 4, dotsTotal: 21 })
    // The same dots on other themes give the same progress: it says nothing about where they went.
    const elsewhere = run([vote("p1", "t-est"), vote("p1", "t-est"), vote("p1", "t-est"), vote("e1", "t-req")], voting().state).state
    expect(view(elsewhere, facilitator).votingProgress).toEqual(view(during, facilitator).votingProgress)
    // A retracted dot is no longer placed, and its voter no longer done.
    const retracted = run([{ _tag: "RetractVote", secret: person("p1").secret, themeId: "t-req", at: T0 + 34 * MIN }], during).state
    expect(view(retracted, facilitator).votingProgress).toEqual({ done: 0, joined: 7, dotsPlaced: 3, dotsTotal: 21 })
    // The facilitator's alone, and only while voting.
    expect(view(during, as("p2")).votingProgress).toBeUndefined()
    expect(view(during, { role: "observer" }).votingProgress).toBeUndefined()
    expect(view(withThemes().state, facilitator).votingProgress).toBeUndefined()
    expect(view(discussing().state, facilitator).votingProgress).toBeUndefined()
  })
  it("gives the facilitator the method's guidance on built-in themes", () => {
    const v = view(discussing().state, facilitator)
    const debt = v.themes.find((t) => t.themeId === "t-debt")
    expect(debt?.guidance?.hardConversations.length).toBeGreaterThan(0)
    expect(view(discussing().state, as("p1")).themes.every((t) => t.guidance === undefined)).toBe(true)
  })
  it("the observer summary has no card texts and no roster", () => {
    const v = view(discussing().state, { role: "observer" })
    expect(v.cards).toBeUndefined()
    expect(v.participants).toBeUndefined()
    expect(JSON.stringify(v)).not.toContain("Tech debt in the payment service")
  })
  it("lists what the viewer may do now", () => {
    expect(view(voting().state, facilitator).allowedCommands).toEqual(["ReviewAgreement", "HandOverFacilitation", "ExtendTimebox", "AdvancePhase"])
    expect(view(voting().state, as("p1")).allowedCommands).toEqual(["CastVote", "RetractVote"])
  })
})

describe("Markdown export", () => {
  it("summarises a closed retro: themes by votes, notes, cards, agreements", () => {
    const { state } = run([
      f({ _tag: "FocusTheme", themeId: "t-debt", at: T0 + 40 * MIN }),
      f({ _tag: "RecordOptimizingFor", themeId: "t-debt", side: "product", text: "Hitting the Q4 date" }),
      f({ _tag: "AddHandoffNote", themeId: "t-debt", noteId: "n1", text: "Debt never reaches the roadmap" }),
      advance("discussing", T0 + 62 * MIN),
      f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: validDraft }),
      advance("agreeing", T0 + 92 * MIN)
    ], discussing().state)
    const md = Retro.markdown(state)
    if (Result.isFailure(md)) throw new Error(md.failure.message)
    const text = md.success
    expect(text).toContain("# Checkout Q4 cross-functional retro")
    expect(text.indexOf("### Technical debt")).toBeLessThan(text.indexOf("### Requirements clarity"))
    expect(text).toContain("Product optimizes for:** Hitting the Q4 date")
    expect(text).toContain("Handoff breaks down:** Debt never reaches the roadmap")
    expect(text).toContain("Engineers give range estimates")
    expect(text).toContain("Review by: 2026-12-15")
    for (const p of people) expect(text).not.toContain(p.name)
  })
  it("escapes Markdown in user text", () => {
    const { state } = run([
      advance("draft", T0 + 2 * MIN),
      card(person("p1"), "c1", "# heading\n* list [link](x)"),
      advance("collecting", T0 + 22 * MIN, "seed-abcdefgh")
    ], drafted().state)
    const md = Retro.markdown(state)
    expect(Result.isSuccess(md) && md.success).toContain("\\# heading \\* list \\[link\\](x)")
  })
  it("refuses before the reveal", () => {
    expect(Result.isFailure(Retro.markdown(collecting().state))).toBe(true)
  })
})

describe("team history", () => {
  it("counts themes of any name, Object's own included, and does not depend on the order retros come in", () => {
    // Two friction cards (c1 in t-req, c2 in t-debt); the retros differ only in theme names, ids and dates.
    const base = active(withThemes().state)
    const retroAs = (retroId: string, date: string, names: Record<string, string>, participants = base.participants) => ({
      ...base,
      participants,
      details: { ...base.details, retroId, date },
      themes: base.themes.map((t) => ({ ...t, name: names[t.themeId] ?? t.name }))
    })
    const proto = Team.history("team-checkout", [retroAs("a", "2026-07-01", { "t-debt": "__proto__" }), retroAs("b", "2026-10-01", { "t-debt": "__proto__" })])
    for (const entry of proto.retros) {
      expect(Object.hasOwn(entry.frictionByTheme, "__proto__")).toBe(true)
      expect(entry.frictionByTheme["__proto__"]).toBe(1)
      expect(Object.values(entry.frictionByTheme).reduce((a, b) => a + b, 0)).toBe(entry.frictionCards)
    }
    // "constructor" in the last retro only is not a recurring theme (Object.prototype has one).
    const ctor = Team.history("team-checkout", [retroAs("a", "2026-07-01", {}), retroAs("b", "2026-10-01", { "t-req": "constructor" })])
    expect(ctor.trend.explanation).not.toContain("constructor")
    expect(ctor.trend.explanation).not.toContain("NaN")
    // Two retros on one date: the same history whichever comes first.
    const fewer = base.participants.slice(0, 3)
    const x = retroAs("x", "2026-10-01", {}), y = retroAs("y", "2026-10-01", {}, fewer)
    expect(Team.history("team-checkout", [x, y])).toEqual(Team.history("team-checkout", [y, x]))
  })

  it("computes kept rate and friction per theme, and names the trend", () => {
    const q3 = active(agreeing().state)
    const q4 = active(run([
      f({ _tag: "ImportPreviousAgreements", fromRetroId: "retro-q3", fromRetroDate: "2026-07-01", agreements: [
        { agreementId: "o1", statement: "S1", commitments: [], reviewBy: "2026-09-30" },
        { agreementId: "o2", statement: "S2", commitments: [], reviewBy: "2026-09-30" }
      ] }),
      f({ _tag: "ReviewAgreement", agreementId: "o1", outcome: "kept", evidence: "done" }),
      f({ _tag: "ReviewAgreement", agreementId: "o2", outcome: "partly-kept", evidence: "half" }),
      // Team history counts only retros whose cards are revealed.
      advance("draft", T0 + 31 * MIN),
      advance("collecting", T0 + 32 * MIN, "seed-12345678")
    ], run([create({ retroId: "retro-q4b", date: "2027-01-10", previousRetro: { retroId: "retro-q3", date: "2026-07-01" } }), ...people.map((p) => join(p))]).state).state)
    const history = Team.history("team-checkout", [q4, q3])
    expect(history.retros.map((r) => r.date)).toEqual(["2026-10-01", "2027-01-10"])
    expect(history.retros[0]?.frictionByTheme).toEqual({ "Requirements clarity": 1, "Technical debt": 1 })
    expect(history.retros[1]?.followUp).toMatchObject({ reviewed: 2, kept: 1, partlyKept: 1, keptRate: 0.75 })
    expect(history.trend.verdict).toBe("not-enough-data")
    expect(Team.history("team-checkout", [q3]).trend.verdict).toBe("not-enough-data")
  })
})
