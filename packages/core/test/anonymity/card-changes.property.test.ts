/**
 * The store reader's intersection attack, as a property: every edit or
 * withdrawal proves the card's author is still present, so whoever reads
 * the events intersects who was present when the card was added with who is
 * present at each later change of it. Over random collections (joins,
 * removals, cards, edits, withdrawals in any order), that set never falls
 * below the anonymity threshold (within the card's side when labels are
 * shown) — and the run proves the attack's setting occurred: changes
 * accepted after people left, and changes refused because they would have
 * narrowed it.
 */
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Primitives, Retro } from "@retrobridge/core"
import { addCard, advance, create, engs, join, MIN, pms, remove, runAll, T0, type Person } from "./scenario.ts"

// More people than ever sit in the room at once, so that newcomers can replace those who leave.
const people: ReadonlyArray<Person> = [...pms(7), ...engs(7)]

type Step =
  | { readonly kind: "join" | "remove"; readonly who: number }
  | { readonly kind: "add"; readonly who: number }
  | { readonly kind: "edit" | "withdraw"; readonly who: number; readonly which: number }

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("join" as const, "remove" as const), who: fc.nat(people.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("add" as const), who: fc.nat(people.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("edit" as const, "edit" as const, "withdraw" as const), who: fc.nat(people.length - 1), which: fc.nat(2) }) }
)

const arbRun = fc.record({
  // Who is in the room when collection starts: enough to start, labels shown or not.
  initial: fc.subarray(people.map((_, i) => i), { minLength: 6, maxLength: 8 }),
  steps: fc.array(arbStep, { minLength: 20, maxLength: 80 })
})

interface Stats {
  changesAfterDepartures: number
  refused: number
  runs: number
}

/** The attack: from the events alone, the smallest set any changed card's author was narrowed to. */
const narrowest = (events: ReadonlyArray<Retro.Event>, threshold: number): { readonly smallest: number; readonly changedAfterDeparture: number } => {
  const present = new Map<string, Primitives.Side>()
  const candidates = new Map<string, Set<string>>()
  const departed = new Set<string>()
  let smallest = Number.POSITIVE_INFINITY
  let changedAfterDeparture = 0
  for (const event of events) {
    switch (event._tag) {
      case "ParticipantJoined":
        present.set(event.participantId, event.side)
        break
      case "ParticipantRemoved":
        present.delete(event.participantId)
        departed.add(event.participantId)
        break
      case "CardAdded":
        candidates.set(event.cardId, new Set([...present].filter(([, side]) => event.side === undefined || side === event.side).map(([id]) => id)))
        break
      case "CardEdited":
      case "CardWithdrawn": {
        const set = candidates.get(event.cardId)!
        const before = set.size
        for (const id of [...set]) if (!present.has(id)) set.delete(id)
        if (set.size < before) changedAfterDeparture++
        smallest = Math.min(smallest, set.size)
        break
      }
    }
  }
  expect(threshold).toBeGreaterThan(0)
  return { smallest, changedAfterDeparture }
}

describe("editing and withdrawing cards after people left", () => {
  it("never narrows a card's possible authors below the threshold (property)", () => {
    const threshold = 3
    const stats: Stats = { changesAfterDepartures: 0, refused: 0, runs: 0 }
    fc.assert(fc.property(arbRun, ({ initial, steps }) => {
      let run = runAll([create(threshold), ...initial.map((i) => join(people[i]!)), advance("draft", T0 + 2 * MIN)])
      const joined = new Set(initial)
      // Cards by author (the test knows who wrote which; the core never does).
      const cardsOf = new Map<number, Array<string>>()
      let at = T0 + 3 * MIN
      for (const step of steps) {
        at += 1_000
        const state = run.state as Retro.Active
        const present = state.participants.map((p) => people.findIndex((q) => q.id === p.participantId))
        let command: Retro.Command
        // Steps pick among whoever they can apply to, so that people come and go.
        if (step.kind === "join") {
          const newcomer = people.findIndex((_, i) => !joined.has(i) && i % people.length >= step.who % people.length)
          const who = newcomer === -1 ? people.findIndex((_, i) => !joined.has(i)) : newcomer
          if (who === -1) continue
          joined.add(who)
          command = join(people[who]!, at)
        } else if (step.kind === "remove") {
          command = remove(people[present[step.who % present.length]!]!, at)
        } else {
          const author = present[step.who % present.length]!
          const person = people[author]!
          if (step.kind === "add") {
            command = addCard(person, `k${at}`, `Card written at ${at}`, "friction", at)
          } else {
            const cardId = (cardsOf.get(author) ?? []).filter((id) => state.cards.get(id) !== undefined)["which" in step ? step.which : 0]
            if (cardId === undefined) continue
            command = (step.kind === "edit"
              ? { _tag: "EditCard", secret: person.secret, cardId, text: `Edited at ${at}`, at }
              : { _tag: "WithdrawCard", secret: person.secret, cardId, at }) as unknown as Retro.Command
          }
        }
        const out = runAll([command], run.state)
        const result = out.outcomes[0]!.result
        if (Result.isSuccess(result)) {
          for (const event of result.success) {
            if (event._tag === "CardAdded") {
              const author = people.findIndex((p) => p.secret === (command as unknown as { secret: string }).secret)
              cardsOf.set(author, [...(cardsOf.get(author) ?? []), event.cardId])
            }
          }
        } else if (result.failure._tag === "AnonymitySetTooSmall" && (result.failure.action === "edit-card" || result.failure.action === "withdraw-card")) {
          stats.refused++
        }
        run = { ...out, events: [...run.events, ...out.events] }
      }
      const { smallest, changedAfterDeparture } = narrowest(run.events, threshold)
      stats.changesAfterDepartures += changedAfterDeparture
      stats.runs++
      expect(smallest).toBeGreaterThanOrEqual(threshold)
    }), { numRuns: 300 })
    // The attack's setting occurred: changes accepted after some of a card's possible authors left
    // (narrowing, yet not below the threshold), and changes refused because they would have gone below.
    expect(stats.changesAfterDepartures).toBeGreaterThan(50)
    expect(stats.refused).toBeGreaterThan(30)
  })
})
