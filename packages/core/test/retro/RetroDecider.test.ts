/**
 * Given/when/then specs: every retro command, its success and each of its errors.
 */
import { describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"
import { deciderSpec, testSecret } from "@retrobridge/core/testing"
import {
  active,
  C,
  cardId,
  advance,
  card,
  create,
  f,
  FACILITATOR,
  join,
  JOIN,
  MIN,
  people,
  person,
  T0,
  validDraft
} from "./fixtures.ts"
import { advanced, created, history, joined, voteCast } from "./history.ts"

// Every spec's "given" is stored events (history.ts), never commands run first.
const spec = deciderSpec(Retro.decider)

/** The events the command decides given these events; fails the test if it is rejected. */
const accepts = (command: Retro.Command, given: ReadonlyArray<Retro.Event>): ReadonlyArray<Retro.Event> => {
  const outcome = spec.given(given).when(command).outcome
  if (outcome._tag === "Failure") throw new Error(`${command._tag} rejected: ${outcome.failure.message}`)
  return outcome.success
}

/** Asserts a rejection with the given tag and a message that says something, and returns the error. */
const rejects = (command: Retro.Command, given: ReadonlyArray<Retro.Event>, tag: string) => {
  const error = spec.given(given).when(command).thenFails(tag)
  expect(error.message.length).toBeGreaterThan(10)
  return error
}

const a1Accepted: Retro.Event = {
  _tag: "AgreementAccepted",
  agreementId: "a1",
  agreement: { ...validDraft, decidedOn: "2026-10-01" },
  at: T0 + 30 * MIN
}
const closed = [...history.agreeing, a1Accepted, advanced("agreeing", "closed", T0 + 95 * MIN)]

describe("CreateRetro", () => {
  it("given nothing, when created, then RetroCreated with default settings and hashed secrets", () => {
    const [event] = accepts(create(), [])
    expect(event?._tag).toBe("RetroCreated")
    if (event?._tag !== "RetroCreated") return
    expect(event.settings).toEqual({
      timeboxes: { collecting: 20, grouping: 10, voting: 5, discussing: 25, agreeing: 30 },
      anonymityThreshold: 3,
      voteBudget: 3
    })
    expect(JSON.stringify(event)).not.toContain(FACILITATOR)
    expect(JSON.stringify(event)).not.toContain(JOIN)
  })
  it("applies a settings patch", () => {
    const [event] = accepts(create({ settings: { anonymityThreshold: 5, timeboxes: { collecting: 15 } } }), [])
    if (event?._tag !== "RetroCreated") throw new Error()
    expect(event.settings.anonymityThreshold).toBe(5)
    expect(event.settings.timeboxes.collecting).toBe(15)
    expect(event.settings.timeboxes.agreeing).toBe(30)
  })
  it("given a retro, when created again, then RetroAlreadyCreated", () => {
    rejects(create(), history.drafted, "RetroAlreadyCreated")
  })
  it("given nothing, when any other command, then RetroNotStarted", () => {
    rejects(join(person("p1")), [], "RetroNotStarted")
  })
})

describe("ChangeSettings", () => {
  it("given a draft, when the facilitator changes settings, then SettingsChanged merges the patch", () => {
    const [event] = accepts(f({ _tag: "ChangeSettings", settings: { voteBudget: 5 } }), history.drafted)
    expect(event).toMatchObject({ _tag: "SettingsChanged", settings: { voteBudget: 5, anonymityThreshold: 3 } })
  })
  it("rejects a participant", () => {
    rejects({ _tag: "ChangeSettings", facilitatorSecret: person("p1").secret, settings: {}, at: T0 }, history.drafted, "NotFacilitator")
  })
  it("rejects once collection has started", () => {
    const error = rejects(f({ _tag: "ChangeSettings", settings: {} }), history.collecting, "CommandNotAllowedInPhase")
    expect(error.message).toContain("collecting")
    expect(error.message).toContain("AddCard")
  })
})

describe("JoinRetro", () => {
  it("given a retro, when someone joins with the code, then ParticipantJoined without the secret", () => {
    const [event] = accepts(join(person("p1")), [created()])
    expect(event).toMatchObject({ _tag: "ParticipantJoined", participantId: "p1", side: "product" })
    expect(JSON.stringify(event)).not.toContain(person("p1").secret)
  })
  it("rejects a wrong join code", () => {
    rejects({ ...join(person("p1")), joinCode: "not-the-join-code-000" } as Retro.Command, [created()], "WrongJoinCode")
  })
  it("rejects a duplicate participant id", () => {
    rejects({ ...join(person("p2")), participantId: "p1" } as Retro.Command, history.drafted, "DuplicateId")
  })
  it("rejects a secret already in use", () => {
    rejects({ ...join(person("p1")), participantId: "p9" } as Retro.Command, history.drafted, "RetroRuleViolated")
  })
  it("lets late joiners in during collection, not after", () => {
    const late = { id: "p9", name: "Lou", side: "product" as const, secret: testSecret("lou") }
    accepts(join(late), history.collecting)
    rejects(join(late), history.grouping, "CommandNotAllowedInPhase")
  })
})

describe("RemoveParticipant", () => {
  it("removes a participant", () => {
    expect(accepts(f({ _tag: "RemoveParticipant", participantId: "p1" }), history.drafted)).toEqual([
      { _tag: "ParticipantRemoved", participantId: "p1" }
    ])
  })
  it("rejects an unknown participant", () => {
    rejects(f({ _tag: "RemoveParticipant", participantId: "zz" }), history.drafted, "NotFound")
  })
  it("rejects a non-facilitator", () => {
    rejects({ _tag: "RemoveParticipant", facilitatorSecret: person("e1").secret, participantId: "p1", at: T0 }, history.drafted, "NotFacilitator")
  })
  it("refuses a removal that shrinks a side below the threshold with advice the phase table allows", () => {
    // Removal is allowed only in draft and collecting, so "remove them after collection ends" would be advice nobody can follow.
    rejects(f({ _tag: "RemoveParticipant", participantId: "p1" }), history.grouping, "CommandNotAllowedInPhase")
    const error = rejects(f({ _tag: "RemoveParticipant", participantId: "p1" }), history.collecting, "AnonymitySetTooSmall")
    expect(error.message).not.toContain("after collection ends")
    expect(error.message).toContain("Invite someone from product first")
    expect(error.message).toContain("once collection ends, nobody can be removed")
  })
})

describe("AdvancePhase", () => {
  it("moves forward one phase at a time", () => {
    expect(accepts(advance("draft", T0 + MIN), history.drafted)).toEqual([{ _tag: "PhaseAdvanced", from: "draft", to: "collecting", at: T0 + MIN }])
  })
  it("rejects a stale 'from' (double click) instead of skipping a phase", () => {
    const error = rejects(advance("draft", T0 + 3 * MIN), history.collecting, "PhaseMismatch")
    expect(error.message).toContain("collecting")
  })
  it("rejects anyone but the facilitator", () => {
    rejects({ _tag: "AdvancePhase", facilitatorSecret: person("p1").secret, from: "draft", at: T0 + MIN }, history.drafted, "NotFacilitator")
  })
  it("needs both sides before collection", () => {
    const onlyProduct = [created(), joined(person("p1")), joined(person("p2"))]
    const error = rejects(advance("draft", T0 + MIN), onlyProduct, "RetroRuleViolated")
    expect(error.message).toContain("engineering")
  })
  it("needs a shuffle seed to leave collection, and reveals every card then", () => {
    rejects(advance("collecting", T0 + 22 * MIN), history.collecting, "RetroRuleViolated")
    const events = accepts(advance("collecting", T0 + 22 * MIN, "seed-abcdefgh"), history.collecting)
    expect(events.map((e) => e._tag)).toEqual(["PhaseAdvanced", "CardsRevealed"])
    const revealed = events[1]
    if (revealed?._tag !== "CardsRevealed") throw new Error()
    expect([...revealed.order].sort()).toEqual([C.c1, C.c2, C.c3, C.c4].sort())
    const cards = [...active(spec.given(history.collecting).state).cards.values()]
    expect(revealed.order).toEqual(Retro.revealOrder([...cards].reverse(), "seed-abcdefgh"))
  })
  it("needs a theme before voting", () => {
    rejects(advance("grouping", T0 + 30 * MIN), history.grouping, "RetroRuleViolated")
  })
  it("rejects time going backwards", () => {
    rejects(advance("collecting", T0, "seed-abcdefgh"), history.collecting, "RetroRuleViolated")
  })
  it("ends at closed, where nothing is allowed", () => {
    const state = spec.given([...history.agreeing, a1Accepted]).when(advance("agreeing", T0 + 95 * MIN))
      .then([advanced("agreeing", "closed", T0 + 95 * MIN)])
    expect(active(state).phase).toBe("closed")
    const error = rejects(advance("closed", T0 + 100 * MIN), closed, "CommandNotAllowedInPhase")
    expect(error.message).toContain("closed")
  })
})

describe("AddCard / EditCard / WithdrawCard", () => {
  const started = () => [...history.drafted, advanced("draft", "collecting", T0 + 2 * MIN)]
  it("adds a card with its author's side (labels shown: 3 product, 4 engineering) and an ownership proof, not the author", () => {
    const [event] = accepts(card(person("e1"), "x1", "CI is flaky"), started())
    expect(event).toMatchObject({ _tag: "CardAdded", cardId: cardId(person("e1"), "x1"), side: "engineering", text: "CI is flaky" })
    const json = JSON.stringify(event)
    for (const p of people) {
      expect(json).not.toContain(`"${p.id}"`)
      expect(json).not.toContain(p.name)
      expect(json).not.toContain(p.secret)
    }
  })
  it("rejects an unknown secret", () => {
    rejects({ _tag: "AddCard", secret: testSecret("stranger"), cardKey: "x1", prompt: "friction", text: "x", at: T0 }, started(), "NotAParticipant")
  })
  it("rejects the facilitator writing cards (neutral)", () => {
    rejects({ _tag: "AddCard", secret: FACILITATOR, cardKey: "x1", prompt: "friction", text: "x", at: T0 }, started(), "NotAParticipant")
  })
  it("rejects a duplicate card (the same author's key twice: a retried AddCard)", () => {
    rejects(card(person("p1"), "c1", "again"), history.collecting, "DuplicateId")
    // Another author's same key is another card.
    accepts(card(person("e2"), "c1", "mine"), history.collecting)
  })
  it("rejects cards outside collection", () => {
    rejects(card(person("e1"), "x1", "late"), history.drafted, "CommandNotAllowedInPhase")
    rejects(card(person("e1"), "x1", "late"), history.grouping, "CommandNotAllowedInPhase")
  })
  it("lets the author edit and withdraw; nobody else", () => {
    const state = history.collecting
    expect(accepts({ _tag: "EditCard", secret: person("p1").secret, cardId: C.c1, text: "Scope changed twice", at: T0 }, state)).toEqual([
      { _tag: "CardEdited", cardId: C.c1, text: "Scope changed twice" }
    ])
    expect(accepts({ _tag: "EditCard", secret: person("p1").secret, cardId: C.c1, text: "Requirements changed after sprint planning, twice", at: T0 }, state)).toEqual([])
    expect(accepts({ _tag: "WithdrawCard", secret: person("p1").secret, cardId: C.c1, at: T0 }, state)).toEqual([
      { _tag: "CardWithdrawn", cardId: C.c1 }
    ])
    const error = rejects({ _tag: "EditCard", secret: person("p2").secret, cardId: C.c1, text: "hijack", at: T0 }, state, "NotCardOwner")
    expect(error.message).not.toContain("Priya")
    rejects({ _tag: "WithdrawCard", secret: person("e1").secret, cardId: C.c1, at: T0 }, state, "NotCardOwner")
    // A missing card answers like someone else's: no probing for ids.
    rejects({ _tag: "EditCard", secret: person("p1").secret, cardId: "nope", text: "x", at: T0 }, state, "NotCardOwner")
    rejects({ _tag: "EditCard", secret: testSecret("stranger"), cardId: C.c1, text: "x", at: T0 }, state, "NotAParticipant")
  })
})

describe("Grouping: CreateTheme, RenameTheme, AssignCard, UnassignCard, MergeThemes, SplitTheme", () => {
  it("creates built-in themes by key or name, custom themes otherwise", () => {
    const state = history.grouping
    expect(accepts(f({ _tag: "CreateTheme", themeId: "t1", name: "technical-debt" }), state)[0]).toMatchObject({ builtIn: "technical-debt" })
    expect(accepts(f({ _tag: "CreateTheme", themeId: "t1", name: "Technical Debt" }), state)[0]).toMatchObject({ builtIn: "technical-debt" })
    const custom = accepts(f({ _tag: "CreateTheme", themeId: "t1", name: "On-call load" }), state)[0]
    expect(custom).toMatchObject({ _tag: "ThemeCreated", name: "On-call load" })
    if (custom?._tag === "ThemeCreated") expect(custom.builtIn).toBeUndefined()
  })
  it("rejects duplicate theme ids and a second copy of a built-in", () => {
    const state = history.withThemes
    rejects(f({ _tag: "CreateTheme", themeId: "t-req", name: "Other" }), state, "DuplicateId")
    rejects(f({ _tag: "CreateTheme", themeId: "t-x", name: "technical-debt" }), state, "RetroRuleViolated")
  })
  it("keeps theme names apart: no second theme of a name (case and spacing aside), no built-in's name twice, no \"(ungrouped)\"", () => {
    const state: ReadonlyArray<Retro.Event> = [...history.withThemes, { _tag: "ThemeCreated", themeId: "t-ways", name: "Ways of working", builtIn: undefined }]
    const rule = (command: Retro.Command, given: ReadonlyArray<Retro.Event>) => (rejects(command, given, "RetroRuleViolated") as unknown as { rule: string }).rule
    expect(rule(f({ _tag: "CreateTheme", themeId: "t-x", name: "  ways  OF working " }), state)).toBe("theme-names-unique")
    expect(rule(f({ _tag: "CreateTheme", themeId: "t-x", name: "(ungrouped)" }), state)).toBe("theme-names-unique")
    expect(rule(f({ _tag: "RenameTheme", themeId: "t-req", name: "Ways of working" }), state)).toBe("theme-names-unique")
    expect(rule(f({ _tag: "RenameTheme", themeId: "t-ways", name: "Technical debt" }), state)).toBe("one-theme-per-built-in")
    expect(rule(f({ _tag: "SplitTheme", themeId: "t-req", newThemeId: "t-new", name: "Technical debt", cardIds: [C.c1] }), state)).toBe("one-theme-per-built-in")
    expect(rule(f({ _tag: "SplitTheme", themeId: "t-req", newThemeId: "t-new", name: "ways of working", cardIds: [C.c1] }), state)).toBe("theme-names-unique")
    // A theme keeps its own name, in another case too; a name no other theme has is fine.
    expect(accepts(f({ _tag: "RenameTheme", themeId: "t-ways", name: "Ways Of Working" }), state)).toHaveLength(1)
    expect(accepts(f({ _tag: "SplitTheme", themeId: "t-req", newThemeId: "t-new", name: "Acceptance criteria", cardIds: [C.c1] }), state)).toHaveLength(1)
  })
  it("renames", () => {
    expect(accepts(f({ _tag: "RenameTheme", themeId: "t-req", name: "Scope churn" }), history.withThemes)).toEqual([
      { _tag: "ThemeRenamed", themeId: "t-req", name: "Scope churn" }
    ])
    rejects(f({ _tag: "RenameTheme", themeId: "nope", name: "x" }), history.withThemes, "NotFound")
  })
  it("assigns, moves and unassigns cards", () => {
    const state = history.withThemes
    expect(accepts(f({ _tag: "AssignCard", cardId: C.c1, themeId: "t-debt" }), state)).toEqual([{ _tag: "CardAssigned", cardId: C.c1, themeId: "t-debt" }])
    expect(accepts(f({ _tag: "AssignCard", cardId: C.c1, themeId: "t-req" }), state)).toEqual([])
    expect(accepts(f({ _tag: "UnassignCard", cardId: C.c1 }), state)).toEqual([{ _tag: "CardUnassigned", cardId: C.c1 }])
    expect(accepts(f({ _tag: "UnassignCard", cardId: C.c4 }), state)).toEqual([])
    rejects(f({ _tag: "AssignCard", cardId: "nope", themeId: "t-req" }), state, "NotFound")
    rejects(f({ _tag: "AssignCard", cardId: C.c1, themeId: "nope" }), state, "NotFound")
    rejects(f({ _tag: "UnassignCard", cardId: "nope" }), state, "NotFound")
  })
  it("merges two themes: the source's cards move to the target", () => {
    const state = spec.given(history.withThemes).when(f({ _tag: "MergeThemes", sourceThemeId: "t-est", targetThemeId: "t-req" }))
      .then([{ _tag: "ThemesMerged", sourceThemeId: "t-est", targetThemeId: "t-req" }])
    const s = active(state)
    expect(s.themes.map((t) => t.themeId)).toEqual(["t-req", "t-debt"])
    expect(s.cards.get(C.c3)?.themeId).toBe("t-req")
    rejects(f({ _tag: "MergeThemes", sourceThemeId: "t-req", targetThemeId: "t-req" }), history.withThemes, "RetroRuleViolated")
    rejects(f({ _tag: "MergeThemes", sourceThemeId: "nope", targetThemeId: "t-req" }), history.withThemes, "NotFound")
    rejects(f({ _tag: "MergeThemes", sourceThemeId: "t-req", targetThemeId: "nope" }), history.withThemes, "NotFound")
  })
  it("splits cards of a theme into a new theme", () => {
    const base: ReadonlyArray<Retro.Event> = [...history.withThemes, { _tag: "CardAssigned", cardId: C.c4, themeId: "t-req" }]
    const state = spec.given(base).when(f({ _tag: "SplitTheme", themeId: "t-req", newThemeId: "t-ship", name: "Shipping", cardIds: [C.c4] }))
      .then([{ _tag: "ThemeSplit", themeId: "t-req", newThemeId: "t-ship", name: "Shipping", cardIds: [C.c4] }])
    expect(active(state).cards.get(C.c4)?.themeId).toBe("t-ship")
    expect(active(state).cards.get(C.c1)?.themeId).toBe("t-req")
    rejects(f({ _tag: "SplitTheme", themeId: "t-req", newThemeId: "t-x", name: "X", cardIds: [C.c2] }), base, "RetroRuleViolated")
    rejects(f({ _tag: "SplitTheme", themeId: "t-req", newThemeId: "t-debt", name: "X", cardIds: [C.c1] }), base, "DuplicateId")
    rejects(f({ _tag: "SplitTheme", themeId: "nope", newThemeId: "t-x", name: "X", cardIds: [C.c1] }), base, "NotFound")
  })
  it("is for the facilitator only, and only while grouping", () => {
    rejects({ _tag: "CreateTheme", facilitatorSecret: person("p1").secret, themeId: "t1", name: "x", at: T0 }, history.grouping, "NotFacilitator")
    rejects(f({ _tag: "CreateTheme", themeId: "t1", name: "x" }), history.voting, "CommandNotAllowedInPhase")
  })
})

describe("CastVote / RetractVote", () => {
  const vote = (id: string, themeId: string): Retro.Command => ({ _tag: "CastVote", secret: person(id).secret, themeId, at: T0 + 33 * MIN })
  it("records an anonymous vote", () => {
    const [event] = accepts(vote("p1", "t-req"), history.voting)
    expect(event).toMatchObject({ _tag: "VoteCast", themeId: "t-req" })
    expect(JSON.stringify(event)).not.toContain("p1")
  })
  it("enforces the budget per participant, and lets votes stack", () => {
    const state = [...history.voting, voteCast(person("p1"), "t-req"), voteCast(person("p1"), "t-req"), voteCast(person("p1"), "t-debt")]
    const error = rejects(vote("p1", "t-est"), state, "VoteBudgetExhausted")
    expect(error.message).toContain("3")
    accepts(vote("p2", "t-est"), state)
  })
  it("retracts a vote, and rejects retracting a vote never cast", () => {
    const state = [...history.voting, voteCast(person("p1"), "t-req")]
    expect(accepts({ _tag: "RetractVote", secret: person("p1").secret, themeId: "t-req", at: T0 }, state)[0]?._tag).toBe("VoteRetracted")
    rejects({ _tag: "RetractVote", secret: person("p2").secret, themeId: "t-req", at: T0 }, state, "NoVoteToRetract")
  })
  it("rejects non-participants, unknown themes and votes outside voting", () => {
    rejects({ _tag: "CastVote", secret: FACILITATOR, themeId: "t-req", at: T0 }, history.voting, "NotAParticipant")
    rejects(vote("p1", "nope"), history.voting, "NotFound")
    rejects(vote("p1", "t-req"), history.discussing, "CommandNotAllowedInPhase")
  })
})

describe("Discussion: FocusTheme and notes", () => {
  it("focuses a theme with a timebox: discussion time left shared by the voted themes still to discuss", () => {
    // t-debt (2 votes) and t-req (1 vote) share the 25 minutes; t-est got no vote and claims no share.
    spec.given(history.discussing).when(f({ _tag: "FocusTheme", themeId: "t-debt", at: T0 + 37 * MIN }))
      .then([{ _tag: "ThemeFocused", themeId: "t-debt", at: T0 + 37 * MIN, timeboxMs: Math.floor(25 * MIN / 2) }])
    const state = [...history.discussing, { _tag: "ThemeFocused", themeId: "t-debt", at: T0 + 37 * MIN, timeboxMs: Math.floor(25 * MIN / 2) } as const]
    const [next] = accepts(f({ _tag: "FocusTheme", themeId: "t-req", at: T0 + 47 * MIN }), state)
    expect(next).toMatchObject({ timeboxMs: 15 * MIN })
    // An unvoted theme can still be discussed: it shares with the voted ones left.
    const [unvoted] = accepts(f({ _tag: "FocusTheme", themeId: "t-est", at: T0 + 47 * MIN }), state)
    expect(unvoted).toMatchObject({ timeboxMs: Math.floor(15 * MIN / 2) })
  })
  it("records one 'optimizing for' note per side, handoff notes and information gaps", () => {
    const state = history.discussing
    expect(accepts(f({ _tag: "RecordOptimizingFor", themeId: "t-debt", side: "product", text: "Shipping the Q4 promise" }), state)[0]?._tag).toBe("OptimizingForRecorded")
    const first: Retro.Event = { _tag: "OptimizingForRecorded", themeId: "t-debt", side: "product", text: "First" }
    const replaced: Retro.Event = { _tag: "OptimizingForRecorded", themeId: "t-debt", side: "product", text: "Replaced" }
    const handoff: Retro.Event = { _tag: "HandoffNoteAdded", themeId: "t-debt", noteId: "n1", text: "Debt is invisible at planning" }
    const gap: Retro.Event = { _tag: "InformationGapAdded", themeId: "t-debt", noteId: "n2", side: "product", text: "Incident cost of the payment service" }
    spec.given(state).when(f({ _tag: "RecordOptimizingFor", themeId: "t-debt", side: "product", text: "First" })).then([first])
    spec.given([...state, first]).when(f({ _tag: "RecordOptimizingFor", themeId: "t-debt", side: "product", text: "Replaced" })).then([replaced])
    spec.given([...state, first, replaced]).when(f({ _tag: "AddHandoffNote", themeId: "t-debt", noteId: "n1", text: "Debt is invisible at planning" }))
      .then([handoff])
    const after = spec.given([...state, first, replaced, handoff])
      .when(f({ _tag: "AddInformationGap", themeId: "t-debt", noteId: "n2", side: "product", text: "Incident cost of the payment service" }))
      .then([gap])
    const s2 = [...state, first, replaced, handoff, gap]
    const theme = active(after).themes.find((t) => t.themeId === "t-debt")!
    expect(theme.optimizingFor).toEqual({ product: "Replaced" })
    expect(theme.handoffNotes).toHaveLength(1)
    expect(theme.informationGaps).toEqual([{ noteId: "n2", side: "product", text: "Incident cost of the payment service" }])
    rejects(f({ _tag: "AddHandoffNote", themeId: "t-debt", noteId: "n1", text: "again" }), s2, "DuplicateId")
    rejects(f({ _tag: "AddHandoffNote", themeId: "nope", noteId: "n9", text: "x" }), s2, "NotFound")
    rejects(f({ _tag: "AddInformationGap", themeId: "nope", noteId: "n9", side: "product", text: "x" }), s2, "NotFound")
    rejects(f({ _tag: "RecordOptimizingFor", themeId: "nope", side: "product", text: "x" }), s2, "NotFound")
    rejects(f({ _tag: "FocusTheme", themeId: "nope" }), s2, "NotFound")
  })
  it("rejects notes outside discussion", () => {
    rejects(f({ _tag: "AddHandoffNote", themeId: "t-debt", noteId: "n1", text: "x" }), history.voting, "CommandNotAllowedInPhase")
  })
})

describe("AcceptAgreement / WithdrawAgreement", () => {
  it("accepts a valid agreement", () => {
    spec.given(history.agreeing).when(f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: validDraft })).then([a1Accepted])
  })
  it("rejects an invalid agreement with every violation at once", () => {
    const error = rejects(
      f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: { statement: "Try to communicate better", commitments: [{ side: "product", text: "Try to share more" }], reviewBy: "2027-12-01" } }),
      history.agreeing,
      "AgreementInvalid"
    ) as unknown as { violations: ReadonlyArray<{ code: string }> }
    const codes = error.violations.map((v) => v.code)
    expect(codes).toContain("not-bilateral")
    expect(codes.some((c) => c.includes("signal"))).toBe(true)
    expect(codes.some((c) => c.includes("review"))).toBe(true)
  })
  it("rejects an unknown theme or metric, and duplicate ids", () => {
    rejects(f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: { ...validDraft, themeId: "nope" } }), history.agreeing, "RetroRuleViolated")
    rejects(f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: { ...validDraft, metric: "vibes" } }), history.agreeing, "RetroRuleViolated")
    accepts(f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: { ...validDraft, themeId: "t-est", metric: "hitRate" } }), history.agreeing)
    const state = [...history.agreeing, a1Accepted]
    rejects(f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: validDraft }), state, "DuplicateId")
  })
  it("withdraws", () => {
    const state = [...history.agreeing, a1Accepted]
    expect(accepts(f({ _tag: "WithdrawAgreement", agreementId: "a1" }), state)).toEqual([{ _tag: "AgreementWithdrawn", agreementId: "a1" }])
    rejects(f({ _tag: "WithdrawAgreement", agreementId: "a2" }), state, "NotFound")
  })
  it("only while agreeing", () => {
    rejects(f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: validDraft }), history.discussing, "CommandNotAllowedInPhase")
  })
})

describe("Follow-up: ImportPreviousAgreements / ReviewAgreement", () => {
  const previous = {
    agreementId: "old-1",
    statement: "PMs freeze scope at planning",
    commitments: [{ side: "product" as const, text: "Freeze scope" }, { side: "engineering" as const, text: "Raise gaps in 2 days" }],
    signal: "Scope-frozen label on every ticket",
    reviewBy: "2026-09-30"
  }
  const importCmd = f({ _tag: "ImportPreviousAgreements", fromRetroId: "retro-q3", fromRetroDate: "2026-07-01", agreements: [previous] })
  const second = () => [created({ previousRetro: { retroId: "retro-q3", date: "2026-07-01" } }), ...people.map((p) => joined(p))]
  it("imports the previous retro's agreements and reviews them", () => {
    const imported = spec.given(second()).when(importCmd)
      .then([{ _tag: "PreviousAgreementsImported", fromRetroId: "retro-q3", fromRetroDate: "2026-07-01", agreements: [previous] }])
    expect(active(imported).followUps).toHaveLength(1)
    const state = [...second(), { _tag: "PreviousAgreementsImported", fromRetroId: "retro-q3", fromRetroDate: "2026-07-01", agreements: [previous] } as const]
    expect(accepts(f({ _tag: "ReviewAgreement", agreementId: "old-1", outcome: "partly-kept", evidence: "Label on 70% of tickets" }), state)[0]).toMatchObject({
      _tag: "AgreementReviewed",
      outcome: "partly-kept"
    })
    rejects(f({ _tag: "ReviewAgreement", agreementId: "nope", outcome: "kept", evidence: "x" }), state, "NotFound")
    rejects(importCmd, state, "RetroRuleViolated")
  })
  it("rejects importing from another retro than the previous one, or a later one", () => {
    rejects(f({ _tag: "ImportPreviousAgreements", fromRetroId: "retro-q1", fromRetroDate: "2026-04-01", agreements: [] }), second(), "RetroRuleViolated")
    rejects(f({ _tag: "ImportPreviousAgreements", fromRetroId: "retro-q3", fromRetroDate: "2026-12-01", agreements: [] }), second(), "RetroRuleViolated")
    rejects(f({ _tag: "ImportPreviousAgreements", fromRetroId: "retro-q3", fromRetroDate: "2026-07-01", agreements: [previous, previous] }), second(), "DuplicateId")
  })
})

describe("phase table", () => {
  it("every phase but closed allows AdvancePhase; closed allows nothing", () => {
    for (const [phase, commands] of Object.entries(Retro.commandsByPhase)) {
      expect(commands.includes("AdvancePhase")).toBe(phase !== "closed")
    }
  })
  it("a rejected command names the phase and what is allowed", () => {
    const state = history.voting
    const error = rejects(card(person("p1"), "x", "x"), state, "CommandNotAllowedInPhase") as unknown as { allowed: ReadonlyArray<string>; phase: string }
    expect(error.phase).toBe("voting")
    expect(error.allowed).toEqual(Retro.commandsByPhase.voting)
  })
})
