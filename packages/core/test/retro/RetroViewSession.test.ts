import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"
import { testSecret } from "@retrobridge/core/testing"
import { agreeing, C, card, collecting, discussing, drafted, FACILITATOR, grouping, MIN, people, person, run, T0, voting } from "./fixtures.ts"

const viewers: ReadonlyArray<Retro.Viewer> = [
  { role: "facilitator", secret: FACILITATOR },
  { role: "observer" },
  ...people.map((p) => ({ role: "participant" as const, secret: p.secret }))
]

describe("view sessions", () => {
  it("one session per viewer, reused over a whole retro, gives exactly the one-off views", () => {
    const sessions = viewers.map(Retro.makeViewSession)
    // Collection with edits and withdrawals in between, then every later phase.
    const writing = collecting().state
    const edited = run([
      { _tag: "EditCard", secret: person("p1").secret, cardId: C.c1, text: "Requirements changed after planning, three times", at: T0 + 6 * MIN },
      { _tag: "WithdrawCard", secret: person("e2").secret, cardId: C.c3, at: T0 + 7 * MIN },
      card(person("e2"), "k-again", "Estimates are treated as commitments", "wish-understood")
    ], writing).state
    const states = [drafted().state, writing, edited, grouping().state, voting().state, discussing().state, agreeing().state]
    let ownCardsSeen = 0
    for (const [n, state] of states.entries()) {
      for (const [i, viewer] of viewers.entries()) {
        const now = T0 + (n + 10) * MIN
        const fresh = Retro.view(state, viewer, now)
        const session = sessions[i]!.view(state, now)
        expect(session).toEqual(fresh)
        if (Result.isSuccess(session)) ownCardsSeen += session.success.myCards.length
      }
    }
    expect(ownCardsSeen, "participants saw their own cards through sessions").toBeGreaterThan(5)
    // The edit shows through a session that saw the card before it.
    const p1 = sessions[viewers.findIndex((v) => v.role === "participant" && v.secret === person("p1").secret)]!
    const mine = Result.getOrThrow(p1.view(edited, T0 + 8 * MIN)).myCards
    expect(mine.map((c) => c.text)).toContain("Requirements changed after planning, three times")
  })

  it("a session refuses what the one-off view refuses: a wrong secret, an empty retro", () => {
    const failureOf = <A, E>(r: Result.Result<A, E>) => (Result.isFailure(r) ? r.failure : undefined)
    const state = collecting().state
    const stranger = Retro.makeViewSession({ role: "participant", secret: testSecret("stranger") })
    expect(failureOf(stranger.view(state, T0))).toMatchObject({ _tag: "NotAParticipant" })
    const fake = Retro.makeViewSession({ role: "facilitator", secret: people[0]!.secret })
    expect(failureOf(fake.view(state, T0))).toMatchObject({ _tag: "NotFacilitator" })
    expect(failureOf(fake.view(Retro.initialState, T0))).toMatchObject({ _tag: "RetroNotStarted" })
  })
})
