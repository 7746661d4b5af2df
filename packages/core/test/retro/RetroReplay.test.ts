import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Decider, Retro } from "@retrobridge/core"
import { evolveRetro, evolveRetroAll } from "../../src/retro/RetroState.ts"
import { created } from "./history.ts"

// Events straight into the fold (evolve is total), so edits of missing cards, merges and splits mix freely with runs of card events.
const cardId = fc.integer({ min: 0, max: 40 }).map((i) => `card-${i}`)
const themeId = fc.constantFrom("t-0", "t-1", "t-2")
const event: fc.Arbitrary<Retro.Event> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ cardId, text: fc.string({ maxLength: 3 }) }).map(({ cardId, text }): Retro.Event => ({ _tag: "CardAdded", cardId, prompt: "friction", text, ownerProof: `proof-${cardId}` })) },
  { weight: 2, arbitrary: fc.record({ cardId, text: fc.string({ maxLength: 3 }) }).map(({ cardId, text }): Retro.Event => ({ _tag: "CardEdited", cardId, text })) },
  { weight: 3, arbitrary: fc.record({ cardId, themeId }).map(({ cardId, themeId }): Retro.Event => ({ _tag: "CardAssigned", cardId, themeId })) },
  { weight: 1, arbitrary: cardId.map((cardId): Retro.Event => ({ _tag: "CardUnassigned", cardId })) },
  { weight: 1, arbitrary: cardId.map((cardId): Retro.Event => ({ _tag: "CardWithdrawn", cardId })) },
  { weight: 1, arbitrary: themeId.map((themeId): Retro.Event => ({ _tag: "VoteCast", themeId, voterTag: "voter-1" })) },
  { weight: 1, arbitrary: themeId.map((themeId): Retro.Event => ({ _tag: "ThemeCreated", themeId, name: themeId })) },
  { weight: 1, arbitrary: fc.tuple(themeId, themeId).map(([sourceThemeId, targetThemeId]): Retro.Event => ({ _tag: "ThemesMerged", sourceThemeId, targetThemeId })) },
  { weight: 1, arbitrary: fc.uniqueArray(cardId, { maxLength: 5 }).map((cardIds): Retro.Event => ({ _tag: "ThemeSplit", themeId: "t-0", newThemeId: "t-2", name: "split", cardIds })) }
)
const stream = fc.tuple(fc.boolean(), fc.array(event, { maxLength: 120, size: "max" })).map(([create, rest]) => create ? [created(), ...rest] : rest)

const oneByOne = (from: Retro.State, events: ReadonlyArray<Retro.Event>): Retro.State => events.reduce(evolveRetro, from)
const cardsOf = (state: Retro.State) => state.status === "active" ? [...state.cards].map(([k, v]) => [k, { ...v }]) : []

describe("Retro replay in a batch", () => {
  it("Decider.replay on the retro decider uses the batch fold", () => {
    expect(Retro.decider.evolveAll).toBe(evolveRetroAll)
  })

  it("equals folding event by event, and never changes a state it handed out (property)", () => {
    let splitAfterCardRuns = 0
    fc.assert(
      fc.property(stream.chain((events) => fc.tuple(fc.constant(events), fc.nat({ max: events.length }))), fc.array(event, { maxLength: 30 }), ([events, k], other) => {
        expect(Decider.replay(Retro.decider, events)).toEqual(oneByOne(Retro.initialState, events))
        const first = evolveRetroAll(Retro.initialState, events.slice(0, k))
        const firstCards = cardsOf(first)
        const rest = evolveRetroAll(first, events.slice(k))
        const branch = evolveRetroAll(first, other)
        expect(rest).toEqual(oneByOne(Retro.initialState, events))
        expect(branch).toEqual(oneByOne(first, other))
        // Further folds from `first` wrote into their own builders, never into the map `first` holds.
        expect(cardsOf(first)).toEqual(firstCards)
        expect(evolveRetroAll(first, [])).toBe(first)
        if (first.status === "active" && first.cards.size > 5 && k < events.length && ["CardAdded", "CardAssigned", "CardEdited"].includes(events[k]!._tag)) splitAfterCardRuns++
      }),
      { seed: 1402, numRuns: 300 }
    )
    expect(splitAfterCardRuns, "runs continuing a card run from a handed-out state").toBeGreaterThan(20)
  })
})
