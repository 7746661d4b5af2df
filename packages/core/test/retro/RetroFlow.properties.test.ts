/**
 * Properties of the ready check over random collections: the count is of
 * people, and the stored marks name nobody — swapping who did what among
 * people of a side leaves the stored events the same up to the equality
 * pattern of secret-derived values, and no mark ever repeats (a repeated
 * mark would pair a "done" with its undo and bracket the cards between).
 */
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"
import { secretDerivedPattern } from "@retrobridge/core/testing"
import { decideAll } from "../support/decideAll.ts"
import { collecting, f, FACILITATOR, MIN, people, T0 } from "./fixtures.ts"

type Step =
  | { readonly kind: "ready"; readonly who: number; readonly ready: boolean }
  | { readonly kind: "card"; readonly who: number; readonly text: number }
  | { readonly kind: "remove"; readonly who: number }

const texts = ["Specs arrive late", "Deploys are slow", "Great pairing", "On-call is heavy"]

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("ready" as const), who: fc.nat(people.length - 1), ready: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("card" as const), who: fc.nat(people.length - 1), text: fc.nat(texts.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), who: fc.nat(people.length - 1) }) }
)

/** A permutation of people that keeps each on their side (the retro shows side labels). */
const sidePermutation: fc.Arbitrary<ReadonlyArray<number>> = fc.tuple(
  fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
  fc.shuffledSubarray([3, 4, 5, 6], { minLength: 4, maxLength: 4 })
).map(([product, engineering]) => [...product, ...engineering])

const commandsOf = (steps: ReadonlyArray<Step>, who: (i: number) => number): Array<Retro.Command> =>
  steps.map((s, i) => {
    const p = people[who(s.who)]!
    const at = T0 + 5 * MIN + i
    switch (s.kind) {
      case "ready":
        return { _tag: "SetReady", secret: p.secret, ready: s.ready, at }
      case "card":
        return { _tag: "AddCard", secret: p.secret, cardKey: `k${i}`, prompt: "friction", text: texts[s.text]!, at }
      case "remove":
        return f({ _tag: "RemoveParticipant", participantId: p.id, at })
    }
  })

const facilitatorView = (state: Retro.State) => {
  const v = Retro.view(state, { role: "facilitator", secret: FACILITATOR }, T0 + 30 * MIN)
  if (Result.isFailure(v)) throw new Error(v.failure.message)
  return v.success
}

describe("ready check properties", () => {
  it("the count is the number of people present whose last word was 'done', each participant sees their own, and no mark repeats", () => {
    let undos = 0, resets = 0, refusedRemovals = 0
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const start = collecting().state
      const { state, events, outcomes } = decideAll(Retro.decider, commandsOf(steps, (i) => i), start)
      // The model: who is present, who said done last; a removal while anyone is done starts over.
      const present = new Set(people.map((p) => p.id))
      const done = new Set<string>()
      steps.forEach((s, i) => {
        const outcome = outcomes[i]!.result
        if (Result.isFailure(outcome)) {
          if (s.kind === "remove") refusedRemovals++
          return
        }
        const id = people[s.who]!.id
        if (s.kind === "ready" && present.has(id)) {
          if (!s.ready && done.has(id)) undos++
          if (s.ready) done.add(id)
          else done.delete(id)
        }
        if (s.kind === "remove") {
          present.delete(id)
          if (done.size > 0) resets++
          done.clear()
        }
      })
      const view = facilitatorView(state)
      expect(view.readyCheck).toEqual({ ready: done.size, joined: present.size })
      for (const p of people.filter((x) => present.has(x.id))) {
        const mine = Retro.view(state, { role: "participant", secret: p.secret }, T0 + 30 * MIN)
        expect(Result.isSuccess(mine) && mine.success.myReady).toBe(done.has(p.id))
      }
      const marks = events.flatMap((e) => e._tag === "ReadyMarked" || e._tag === "ReadyUnmarked" ? [e.mark] : [])
      expect(new Set(marks).size).toBe(marks.length)
      // …and no mark equals any other secret-derived value of the stream (verifiers, proofs).
      const others = JSON.stringify(events.filter((e) => e._tag !== "ReadyMarked" && e._tag !== "ReadyUnmarked")) + JSON.stringify(start)
      for (const m of marks) expect(others).not.toContain(m)
    }), { numRuns: 150 })
    expect(undos).toBeGreaterThan(10)
    expect(resets).toBeGreaterThan(5)
    expect(refusedRemovals).toBeGreaterThan(5)
  })

  it("who got ready (and who wrote what) among people of a side leaves the stored events the same up to the pattern of secret-derived values", () => {
    let swapped = 0
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), sidePermutation, (steps, permutation) => {
      const start = collecting().state
      const original = decideAll(Retro.decider, commandsOf(steps, (i) => i), start)
      const other = decideAll(Retro.decider, commandsOf(steps, (i) => permutation[i]!), start)
      // Removals name the person removed (as joins do), so only runs without one are compared.
      if (steps.some((s) => s.kind === "remove")) return
      if (permutation.some((p, i) => p !== i) && steps.some((s) => s.kind === "ready")) swapped++
      expect(secretDerivedPattern(JSON.stringify(other.events))).toBe(secretDerivedPattern(JSON.stringify(original.events)))
      const count = (s: Retro.State) => facilitatorView(s).readyCheck
      expect(count(other.state)).toEqual(count(original.state))
    }), { numRuns: 200 })
    expect(swapped).toBeGreaterThan(20)
  })
})
