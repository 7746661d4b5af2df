/**
 * The phase rules as Emmett-style specs: given the events so far, when the
 * facilitator advances, then these events or this error. Each "given" is the
 * history the rule depends on, written as events.
 */
import { describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"
import { deciderSpec } from "@retrobridge/core/testing"
import { advance, C, collecting, create, drafted, join, MIN, people, run, T0, withThemes } from "./fixtures.ts"

const spec = deciderSpec(Retro.decider)

// The history of a created retro and its joins, as events (the tokens in them are the core's to compute).
const created = run([create()]).events
const joined = drafted().events
const productOnly = run([create(), ...people.filter((p) => p.side === "product").map((p) => join(p))]).events

describe("AdvancePhase, from events", () => {
  it("leaving draft needs both sides", () => {
    spec.given(productOnly).when(advance("draft", T0 + 2 * MIN))
      .thenFails({ _tag: "RetroRuleViolated", rule: "both-sides-present" })
    spec.given(joined).when(advance("draft", T0 + 2 * MIN))
      .then([{ _tag: "PhaseAdvanced", from: "draft", to: "collecting", at: T0 + 2 * MIN }])
  })

  it("a stale click fails instead of skipping a phase", () => {
    spec.given(joined).when(advance("collecting", T0 + 2 * MIN)).thenFails({ _tag: "PhaseMismatch", requestedFrom: "collecting", actual: "draft" })
  })

  it("only the facilitator advances", () => {
    spec.given(joined).when({ ...advance("draft", T0 + 2 * MIN), facilitatorSecret: people[0]!.secret } as Retro.Command)
      .thenFails({ _tag: "NotFacilitator", command: "AdvancePhase" })
  })

  it("time does not go backwards", () => {
    spec.given(joined).when(advance("draft", T0 - 1)).thenFails({ _tag: "RetroRuleViolated", rule: "time-goes-forward" })
  })

  it("leaving collection needs a seed, and reveals every card then, in one event with the move", () => {
    const history = [...joined, ...collecting().events]
    spec.given(history).when(advance("collecting", T0 + 22 * MIN)).thenFails({ _tag: "RetroRuleViolated", rule: "shuffle-seed-required" })
    const { outcome } = spec.given(history).when(advance("collecting", T0 + 22 * MIN, "seed-abcdefgh"))
    expect(outcome._tag === "Success" && outcome.success.map((e) => e._tag)).toEqual(["PhaseAdvanced", "CardsRevealed"])
    const revealed = outcome._tag === "Success" ? outcome.success[1] : undefined
    expect(revealed?._tag === "CardsRevealed" && [...revealed.order].sort()).toEqual([C.c1, C.c2, C.c3, C.c4].sort())
  })

  it("voting needs a theme; with one, grouping can end", () => {
    const grouping = [...joined, ...collecting().events, ...run([advance("collecting", T0 + 22 * MIN, "seed-abcdefgh")], collecting().state).events]
    spec.given(grouping).when(advance("grouping", T0 + 32 * MIN)).thenFails({ _tag: "RetroRuleViolated", rule: "themes-before-voting" })
    const themed = [...grouping, ...withThemes().events]
    spec.given(themed).when(advance("grouping", T0 + 32 * MIN)).then([{ _tag: "PhaseAdvanced", from: "grouping", to: "voting", at: T0 + 32 * MIN }])
  })

  it("after collection a wrong join code is still just a wrong code; the right one learns that joining is over", () => {
    const grouping = [...joined, ...collecting().events, ...run([advance("collecting", T0 + 22 * MIN, "seed-abcdefgh")], collecting().state).events]
    const lateJoin = join(people[6]!, T0 + 23 * MIN)
    spec.given(grouping).when({ ...lateJoin, joinCode: "not-the-join-code-000" } as Retro.Command).thenFails("WrongJoinCode")
    spec.given(grouping).when(lateJoin).thenFails({ _tag: "CommandNotAllowedInPhase", phase: "grouping" })
  })

  it("before CreateRetro, nothing but CreateRetro", () => {
    spec.given([]).when(join(people[0]!)).thenFails({ _tag: "RetroNotStarted", command: "JoinRetro" })
    spec.given(created).when(create()).thenFails("RetroAlreadyCreated")
    expect(spec.given(created).state.status).toBe("active")
  })

  it("a command outside its phase names the phase and what is allowed", () => {
    const error = spec.given(joined).when({ _tag: "CastVote", secret: people[0]!.secret, themeId: "t1", at: T0 + 3 * MIN })
      .thenFails({ _tag: "CommandNotAllowedInPhase", phase: "draft", allowed: Retro.phaseRules.draft.allows })
    expect(error.message).toContain("AdvancePhase")
  })
})
