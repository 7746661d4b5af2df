/**
 * The live-retro flow as given(events).when(command).then(events | error):
 * the ready check, handing facilitation over, and extending a timebox that
 * ran out.
 */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"
import { deciderSpec, testSecret } from "@retrobridge/core/testing"
import { cardOwnerProof, readinessMark, retroRecordedAt, secretVerifier } from "../../src/retro/Anonymity.ts"
import {
  advance,
  agreeing,
  collecting,
  create,
  discussing,
  drafted,
  f,
  FACILITATOR,
  grouping,
  MIN,
  person,
  RETRO_ID,
  run,
  T0,
  validDraft,
  voting
} from "./fixtures.ts"

const spec = deciderSpec(Retro.decider)

const viewOf = (state: Retro.State, viewer: Retro.Viewer, now = T0 + 10 * MIN): Retro.View => {
  const v = Retro.view(state, viewer, now)
  if (Result.isFailure(v)) throw new Error(v.failure.message)
  return v.success
}
const asFacilitator = (secret = FACILITATOR): Retro.Viewer => ({ role: "facilitator", secret })
const asParticipant = (id: string): Retro.Viewer => ({ role: "participant", secret: person(id).secret })

const ready = (id: string, value = true, at = T0 + 6 * MIN): Retro.Command => ({ _tag: "SetReady", secret: person(id).secret, ready: value, at })
const mark = (id: string, kind: "ready" | "undo", n: number, round = 0) => readinessMark(person(id).secret, RETRO_ID, round, kind, n)

// Histories as stored events.
const draftEvents = drafted().events
const collectingEvents = [...draftEvents, ...collecting().events]
const eventsAfter = (commands: ReadonlyArray<Retro.Command>, from = collecting()) => [...collectingEvents, ...run(commands, from.state).events]

describe("SetReady (the ready check)", () => {
  it("a participant says they are done: one one-time mark, no name, no time", () => {
    const state = spec.given(collectingEvents).when(ready("p1")).then([{ _tag: "ReadyMarked", mark: mark("p1", "ready", 0) }])
    expect(viewOf(state, asFacilitator()).readyCheck).toEqual({ ready: 1, joined: 7 })
    expect(viewOf(state, asParticipant("p1")).myReady).toBe(true)
    expect(viewOf(state, asParticipant("e1")).myReady).toBe(false)
    // Recorded at the phase's start, like a card: no row carries the moment someone got ready.
    expect(retroRecordedAt(collecting().state, [{ _tag: "ReadyMarked" }])).toBe(T0 + 2 * MIN)
  })

  it("saying it again changes nothing; the undo is a fresh mark, and so is the next 'done'", () => {
    const once = eventsAfter([ready("p1")])
    spec.given(once).when(ready("p1")).thenNothing()
    const undone = spec.given(once).when(ready("p1", false)).then([{ _tag: "ReadyUnmarked", mark: mark("p1", "undo", 0) }])
    expect(viewOf(undone, asFacilitator()).readyCheck).toEqual({ ready: 0, joined: 7 })
    expect(viewOf(undone, asParticipant("p1")).myReady).toBe(false)
    const again = eventsAfter([ready("p1"), ready("p1", false)])
    spec.given(again).when(ready("p1")).then([{ _tag: "ReadyMarked", mark: mark("p1", "ready", 1) }])
    expect(new Set([mark("p1", "ready", 0), mark("p1", "undo", 0), mark("p1", "ready", 1)]).size).toBe(3)
  })

  it("taking back a 'done' never given changes nothing", () => {
    spec.given(collectingEvents).when(ready("p1", false)).thenNothing()
  })

  it("only participants, only while collecting", () => {
    spec.given(collectingEvents).when({ _tag: "SetReady", secret: FACILITATOR, ready: true, at: T0 + 6 * MIN })
      .thenFails({ _tag: "NotAParticipant", command: "SetReady" })
    spec.given(collectingEvents).when({ _tag: "SetReady", secret: testSecret("stranger"), ready: true, at: T0 + 6 * MIN })
      .thenFails({ _tag: "NotAParticipant", command: "SetReady" })
    spec.given(draftEvents).when(ready("p1")).thenFails({ _tag: "CommandNotAllowedInPhase", phase: "draft" })
    spec.given([...collectingEvents, ...grouping().events]).when(ready("p1")).thenFails({ _tag: "CommandNotAllowedInPhase", phase: "grouping" })
    expect(viewOf(grouping().state, asFacilitator()).readyCheck).toBeUndefined()
    expect(viewOf(drafted().state, asFacilitator()).readyCheck).toBeUndefined()
  })

  it("is bounded per participant and round", () => {
    const toggles = Array.from({ length: Retro.readyMarksPerParticipant }, () => [ready("p1"), ready("p1", false)]).flat()
    spec.given(eventsAfter(toggles)).when(ready("p1")).thenFails({ _tag: "RetroRuleViolated", rule: "ready-mark-limit" })
    spec.given(eventsAfter(toggles)).when(ready("p2")).then([{ _tag: "ReadyMarked", mark: mark("p2", "ready", 0) }])
  })

  it("the count is of people: each participant counts once, whoever else is ready", () => {
    const state = run([ready("p1"), ready("e1"), ready("e2"), ready("e1", false), ready("p1")], collecting().state).state
    expect(viewOf(state, asFacilitator()).readyCheck).toEqual({ ready: 2, joined: 7 })
    expect(viewOf(state, asParticipant("p2")).readyCheck).toEqual({ ready: 2, joined: 7 })
    expect(viewOf(state, { role: "observer" }).readyCheck).toBeUndefined()
    expect(viewOf(state, asFacilitator()).myReady).toBeUndefined()
  })

  it("removing a participant while someone is ready starts the check over (whose mark was whose is unknowable)", () => {
    const remove = f({ _tag: "RemoveParticipant", participantId: "e4", at: T0 + 7 * MIN })
    spec.given(collectingEvents).when(remove).then([{ _tag: "ParticipantRemoved", participantId: "e4" }])
    const history = eventsAfter([ready("p1"), ready("e4")])
    const after = spec.given(history).when(remove).then([{ _tag: "ParticipantRemoved", participantId: "e4" }, { _tag: "ReadyCheckReset" }])
    expect(viewOf(after, asFacilitator()).readyCheck).toEqual({ ready: 0, joined: 6 })
    expect(viewOf(after, asParticipant("p1")).myReady).toBe(false)
    // The next round has marks of its own.
    spec.given([...history, { _tag: "ParticipantRemoved", participantId: "e4" }, { _tag: "ReadyCheckReset" }]).when(ready("p1"))
      .then([{ _tag: "ReadyMarked", mark: mark("p1", "ready", 0, 1) }])
  })

  it("writing a card never touches readiness (an undo stored next to a card would tie the two)", () => {
    const history = eventsAfter([ready("p1")])
    const cardId = Retro.cardIdOf(person("p1").secret, RETRO_ID, "late")
    spec.given(history).when({ _tag: "AddCard", secret: person("p1").secret, cardKey: "late", prompt: "friction", text: "One more thing", at: T0 + 8 * MIN })
      .then([{ _tag: "CardAdded", cardId, prompt: "friction", side: "product", text: "One more thing", ownerProof: cardOwnerProof(person("p1").secret, RETRO_ID, cardId) }])
  })

  it("client events say only that something changed", () => {
    expect(Retro.toClientEvent({ _tag: "ReadyMarked", mark: mark("p1", "ready", 0) })).toEqual({ _tag: "ReadyMarked" })
    expect(Retro.toClientEvent({ _tag: "ReadyUnmarked", mark: mark("p1", "undo", 0) })).toEqual({ _tag: "ReadyUnmarked" })
  })
})

describe("HandOverFacilitation", () => {
  const NEXT = testSecret("next-facilitator")
  const handOver = (overrides: Partial<Extract<Retro.Command, { _tag: "HandOverFacilitation" }>> = {}): Retro.Command =>
    ({ _tag: "HandOverFacilitation", facilitatorSecret: FACILITATOR, newFacilitatorSecret: NEXT, facilitatorName: "Sam (neutral)", at: T0 + 8 * MIN, ...overrides }) as Retro.Command

  it("the new secret replaces the old one, which stops working at once", () => {
    const state = spec.given(collectingEvents).when(handOver()).then([{
      _tag: "FacilitationHandedOver",
      facilitatorName: "Sam (neutral)",
      facilitatorSide: undefined,
      facilitatorTokenHash: secretVerifier(NEXT, RETRO_ID),
      at: T0 + 8 * MIN
    }])
    const handed = [...collectingEvents, { _tag: "FacilitationHandedOver" as const, facilitatorName: "Sam (neutral)", facilitatorTokenHash: secretVerifier(NEXT, RETRO_ID), at: T0 + 8 * MIN }]
    spec.given(handed).when(advance("collecting", T0 + 22 * MIN, "seed-abcdefgh")).thenFails({ _tag: "NotFacilitator", command: "AdvancePhase" })
    const { outcome } = spec.given(handed).when({ ...advance("collecting", T0 + 22 * MIN, "seed-abcdefgh"), facilitatorSecret: NEXT } as Retro.Command)
    expect(Result.isSuccess(outcome)).toBe(true)
    expect(Result.isFailure(Retro.view(state, asFacilitator(), T0 + 9 * MIN))).toBe(true)
    expect(viewOf(state, asFacilitator(NEXT)).facilitatorName).toBe("Sam (neutral)")
    // The old facilitator cannot hand it back either.
    spec.given(handed).when(handOver({ newFacilitatorSecret: testSecret("third") })).thenFails({ _tag: "NotFacilitator", command: "HandOverFacilitation" })
  })

  it("a secret in use in the retro is refused, the current facilitator's included", () => {
    spec.given(collectingEvents).when(handOver({ newFacilitatorSecret: FACILITATOR })).thenFails({ _tag: "RetroRuleViolated", rule: "unique-secret" })
    spec.given(collectingEvents).when(handOver({ newFacilitatorSecret: person("e2").secret })).thenFails({ _tag: "RetroRuleViolated", rule: "unique-secret" })
    spec.given(collectingEvents).when(handOver({ newFacilitatorSecret: "password-password-password" })).thenFails("InvalidCommand")
  })

  it("only the facilitator, in every phase but closed", () => {
    spec.given(collectingEvents).when(handOver({ facilitatorSecret: person("p1").secret })).thenFails({ _tag: "NotFacilitator", command: "HandOverFacilitation" })
    expect(Retro.phaseOrder.filter((phase) => Retro.phaseRules[phase].allows.includes("HandOverFacilitation")))
      .toEqual(["draft", "collecting", "grouping", "voting", "discussing", "agreeing"])
    const closed = run([advance("agreeing", T0 + 95 * MIN)], agreeing().state)
    expect(Result.isFailure(Retro.decide(handOver({ at: T0 + 96 * MIN }), closed.state))).toBe(true)
  })

  it("a new facilitator from one side gets the neutral-facilitator warning; the warning goes with a neutral one", () => {
    const sided = run([handOver({ facilitatorSide: "product" })], collecting().state).state
    expect(viewOf(sided, asFacilitator(NEXT)).warnings.map((w) => w.code)).toContain("facilitator-on-a-side")
    const back = run([handOver({ facilitatorSecret: NEXT, newFacilitatorSecret: testSecret("fourth"), facilitatorName: "Kim" })], sided).state
    expect(viewOf(back, asFacilitator(testSecret("fourth"))).warnings.map((w) => w.code)).not.toContain("facilitator-on-a-side")
  })

  it("the idempotency fingerprint and the client event keep no secret or hash", () => {
    const fingerprint = JSON.stringify(Retro.fingerprintInput(handOver()))
    expect(fingerprint).not.toContain(NEXT)
    expect(fingerprint).not.toContain(FACILITATOR)
    const event: Retro.Event = { _tag: "FacilitationHandedOver", facilitatorName: "Sam", facilitatorTokenHash: secretVerifier(NEXT, RETRO_ID), at: 1 }
    expect(JSON.stringify(Retro.toClientEvent(event))).not.toContain(secretVerifier(NEXT, RETRO_ID))
  })
})

describe("ExtendTimebox", () => {
  const extend = (phase: Retro.TimedPhase, minutes: number, at = T0 + 23 * MIN): Retro.Command => f({ _tag: "ExtendTimebox", phase, minutes, at })

  it("when the timebox ran out, the clock shows the overrun; extending gives the part more time and a new deadline", () => {
    const before = viewOf(collecting().state, asFacilitator(), T0 + 23 * MIN)
    expect(before.clock).toMatchObject({ phase: "collecting", startedAt: T0 + 2 * MIN, timeboxMs: 20 * MIN, extendedMs: 0, deadlineAt: T0 + 22 * MIN, overrunMs: 1 * MIN })
    expect(before.allowedCommands).toEqual(expect.arrayContaining(["ExtendTimebox", "AdvancePhase"]))
    const state = spec.given(collectingEvents).when(extend("collecting", 5)).then([{ _tag: "TimeboxExtended", phase: "collecting", minutes: 5, at: T0 + 23 * MIN }])
    const after = viewOf(state, asFacilitator(), T0 + 23 * MIN)
    expect(after.clock).toMatchObject({ timeboxMs: 25 * MIN, extendedMs: 5 * MIN, deadlineAt: T0 + 27 * MIN, remainingMs: 4 * MIN, overrunMs: 0 })
    expect(after.phases.at(-1)).toMatchObject({ phase: "collecting", timeboxMs: 25 * MIN, extendedMs: 5 * MIN, deadlineAt: T0 + 27 * MIN, overrunMs: 0 })
    expect(after.parts[0]).toMatchObject({ part: "collect", timeboxMs: 25 * MIN, startedAt: T0 + 2 * MIN, deadlineAt: T0 + 27 * MIN, remainingMs: 4 * MIN, overrunMs: 0 })
  })

  it("a stale click fails instead of extending the next part", () => {
    const error = spec.given([...collectingEvents, ...grouping().events]).when(extend("collecting", 5))
      .thenFails({ _tag: "PhaseMismatch", requestedFrom: "collecting", actual: "grouping", command: "ExtendTimebox" })
    expect(error.message).toContain("Cannot extend the timebox of collecting")
  })

  it("minutes are 1-60 whole minutes, and a part never passes 240 minutes", () => {
    for (const minutes of [0, 61, 2.5, -5]) spec.given(collectingEvents).when(extend("collecting", minutes)).thenFails("InvalidCommand")
    const long = eventsAfter([extend("collecting", 60), extend("collecting", 60), extend("collecting", 60)])
    const error = spec.given(long).when(extend("collecting", 41)).thenFails({ _tag: "RetroRuleViolated", rule: "timebox-extension-bounded" })
    expect(error.message).toContain("at most 40 minutes")
    spec.given(long).when(extend("collecting", 40)).then([{ _tag: "TimeboxExtended", phase: "collecting", minutes: 40, at: T0 + 23 * MIN }])
  })

  it("only the facilitator, only in timed phases, never back in time", () => {
    spec.given(collectingEvents).when({ _tag: "ExtendTimebox", facilitatorSecret: person("p1").secret, phase: "collecting", minutes: 5, at: T0 + 23 * MIN })
      .thenFails({ _tag: "NotFacilitator", command: "ExtendTimebox" })
    spec.given(draftEvents).when(f({ _tag: "ExtendTimebox", phase: "collecting", minutes: 5, at: T0 + 2 * MIN }))
      .thenFails({ _tag: "CommandNotAllowedInPhase", phase: "draft" })
    spec.given(collectingEvents).when(extend("collecting", 5, T0 + 1 * MIN)).thenFails({ _tag: "RetroRuleViolated", rule: "time-goes-forward" })
  })

  it("extra discussion time is shared by the themes still to discuss", () => {
    const plain = run([f({ _tag: "FocusTheme", themeId: "t-debt", at: T0 + 38 * MIN })], discussing().state).events
    const extended = run([extend("discussing", 10, T0 + 38 * MIN), f({ _tag: "FocusTheme", themeId: "t-debt", at: T0 + 38 * MIN })], discussing().state).events
    const box = (events: ReadonlyArray<Retro.Event>) => events.flatMap((e) => e._tag === "ThemeFocused" ? [e.timeboxMs] : [])[0]!
    expect(box(extended) - box(plain)).toBe((10 * MIN) / 2)
  })

  it("the themes part counts from grouping over its three phases' timeboxes, and the export shows the extension", () => {
    const state = run([extend("voting", 3, T0 + 36 * MIN)], voting().state).state
    const themes = viewOf(state, asFacilitator(), T0 + 36 * MIN).parts.find((p) => p.part === "themes")!
    expect(themes).toMatchObject({ phases: ["grouping", "voting", "discussing"], timeboxMs: 43 * MIN, startedAt: T0 + 22 * MIN, deadlineAt: T0 + 65 * MIN, endedAt: undefined })
    const agreed = run([advance("voting", T0 + 40 * MIN), advance("discussing", T0 + 60 * MIN), advance("agreeing", T0 + 90 * MIN)], state).state
    const parts = viewOf(agreed, asFacilitator(), T0 + 91 * MIN).parts
    expect(parts.find((p) => p.part === "themes")).toMatchObject({ endedAt: T0 + 60 * MIN, remainingMs: undefined, overrunMs: 0 })
    expect(parts.find((p) => p.part === "agree")).toMatchObject({ startedAt: T0 + 60 * MIN, endedAt: T0 + 90 * MIN, overrunMs: 0 })
    const markdown = Retro.markdown(agreed)
    expect(Result.isSuccess(markdown) && markdown.success).toContain("| voting | 5 min + 3 min extended |")
  })
})

describe("followUpFromPreviousRetro (last quarter's agreements, reviewed inside the flow)", () => {
  const previous = () => {
    const { state } = run([
      f({ _tag: "AcceptAgreement", agreementId: "a1", agreement: { ...validDraft, themeId: "t-est", metric: "hitRate" }, at: T0 + 70 * MIN }),
      advance("agreeing", T0 + 95 * MIN)
    ], agreeing().state)
    return state as Retro.Active
  }
  const next = (overrides: Partial<Extract<Retro.Command, { _tag: "CreateRetro" }>> = {}) =>
    run([create({ retroId: "retro-q1", date: "2027-01-10", ...overrides })]).state as Retro.Active

  it("imports the previous retro's agreements, with their theme and metric, as ImportPreviousAgreements takes them", () => {
    const found = Retro.followUpFromPreviousRetro(next(), [previous()])
    expect(Result.isSuccess(found) && found.success).toEqual({
      fromRetroId: RETRO_ID,
      fromRetroDate: "2026-10-01",
      agreements: [{
        agreementId: "a1",
        statement: validDraft.statement,
        commitments: validDraft.commitments,
        signal: validDraft.signal,
        reviewBy: validDraft.reviewBy,
        themeName: "Estimates and predictability",
        metric: "hitRate"
      }]
    })
    // …which the decider accepts, and the facilitator then reviews with evidence.
    if (Result.isFailure(found)) throw new Error("unreachable")
    const imported = run([f({ _tag: "ImportPreviousAgreements", ...found.success, at: T0 + 1 })], next()).state
    const reviewed = run([f({ _tag: "ReviewAgreement", agreementId: "a1", outcome: "kept", evidence: "Every roadmap item showed a range", at: T0 + 2 })], imported).state
    expect(viewOf(reviewed, asFacilitator(), T0 + 3).followUps).toMatchObject([{ outcome: "kept", evidence: "Every roadmap item showed a range" }])
  })

  it("reviews a retro's agreements once: a later retro naming it after another retro reviewed them is refused", () => {
    // Q4's agreements were imported (and reviewed) by the Q1 retro; a Q2 retro that names Q4 again would review them twice.
    const found = Retro.followUpFromPreviousRetro(next(), [previous()])
    if (Result.isFailure(found)) throw new Error(found.failure.message)
    const q1 = run([f({ _tag: "ImportPreviousAgreements", ...found.success, at: T0 + 1 })], next()).state as Retro.Active
    const q2 = run([create({ retroId: "retro-q2-2027", date: "2027-04-10", previousRetro: { retroId: RETRO_ID, date: "2026-10-01" }, at: Date.UTC(2027, 3, 10, 9) })]).state as Retro.Active
    const again = Retro.followUpFromPreviousRetro(q2, [previous(), q1])
    expect(again).toMatchObject({ failure: { rule: "previous-agreements-reviewed-once" } })
    expect(Result.isFailure(again) && again.failure.message).toContain("retro-q1")
    // Without the Q1 retro in the team's list, Q4's agreements are still there to review.
    expect(Result.isSuccess(Retro.followUpFromPreviousRetro(q2, [previous()]))).toBe(true)
  })

  it("takes the retro this one names, or the team's latest earlier one; never another team's or a later one", () => {
    const older = run([create({ retroId: "retro-q2", date: "2026-07-01" })]).state as Retro.Active
    expect(Result.isSuccess(Retro.followUpFromPreviousRetro(next(), [older, previous()]))).toBe(true)
    const namingOlder = next({ previousRetro: { retroId: "retro-q2", date: "2026-07-01" } })
    expect(Retro.followUpFromPreviousRetro(namingOlder, [older, previous()])).toMatchObject({ failure: { rule: "previous-retro-has-agreements" } })
    const otherTeam = { ...previous(), details: { ...previous().details, teamId: "team-other" } }
    expect(Retro.followUpFromPreviousRetro(next(), [otherTeam])).toMatchObject({ failure: { rule: "previous-retro-exists" } })
    expect(Retro.followUpFromPreviousRetro(next({ date: "2026-09-01" }), [previous()])).toMatchObject({ failure: { rule: "previous-retro-exists" } })
    expect(Retro.followUpFromPreviousRetro(next({ previousRetro: { retroId: "retro-gone", date: "2026-10-01" } }), [previous()]))
      .toMatchObject({ failure: { rule: "previous-retro-exists" } })
  })
})
