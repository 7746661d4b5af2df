import { Result } from "effect"
import { expect } from "vitest"
import { Primitives, Retro } from "@retrobridge/core"
import { testSecret } from "@retrobridge/core/testing"
import { decideAllAccepted } from "../support/decideAll.ts"

export const T0 = Date.UTC(2026, 9, 1, 9, 0, 0)
export const MIN = 60_000
/** Secrets are 32 random bytes as base64url; tests use deterministic ones. */
export const FACILITATOR = testSecret("facilitator")
export const JOIN = "join-code-secret-0001"
export const RETRO_ID = "retro-q4"
export const TEAM_ID = "team-checkout"

export interface Person {
  readonly id: string
  readonly name: string
  readonly side: Primitives.Side
  readonly secret: string
}

export const people: ReadonlyArray<Person> = [
  { id: "p1", name: "Priya", side: "product", secret: testSecret("priya") },
  { id: "p2", name: "Paul", side: "product", secret: testSecret("paul") },
  { id: "p3", name: "Petra", side: "product", secret: testSecret("petra") },
  { id: "e1", name: "Erin", side: "engineering", secret: testSecret("erin") },
  { id: "e2", name: "Eli", side: "engineering", secret: testSecret("eli") },
  { id: "e3", name: "Ema", side: "engineering", secret: testSecret("ema") },
  { id: "e4", name: "Ezra", side: "engineering", secret: testSecret("ezra") }
]
export const person = (id: string): Person => people.find((p) => p.id === id)!

/** The id the core gives the card `p` wrote under `cardKey` in the fixture retro. */
export const cardId = (p: Person, cardKey: string, retroId = RETRO_ID): string => Retro.cardIdOf(p.secret, retroId, cardKey)

/** Ids of the four cards of {@link collecting}. */
export const C = {
  c1: cardId(people[0]!, "c1"),
  c2: cardId(people[3]!, "c2"),
  c3: cardId(people[4]!, "c3"),
  c4: cardId(people[1]!, "c4")
} as const

/** Folds commands through decide+evolve, failing the test on the first rejection. */
export const run = (commands: ReadonlyArray<Retro.Command>, from: Retro.State = Retro.initialState): { state: Retro.State; events: Array<Retro.Event> } =>
  decideAllAccepted(Retro.decider, commands, from)

export const active = (state: Retro.State): Retro.Active => {
  if (state.status !== "active") throw new Error("retro not created")
  return state
}

export const create = (overrides: Partial<Extract<Retro.Command, { _tag: "CreateRetro" }>> = {}): Retro.Command => ({
  _tag: "CreateRetro",
  retroId: RETRO_ID,
  teamId: TEAM_ID,
  title: "Checkout Q4 cross-functional retro",
  trigger: "quarterly",
  date: "2026-10-01",
  facilitatorName: "Nora (neutral)",
  facilitatorSecret: FACILITATOR,
  joinCode: JOIN,
  at: T0,
  ...overrides
})

export const join = (p: Person, at = T0 + 1): Retro.Command => ({
  _tag: "JoinRetro",
  participantId: p.id,
  name: p.name,
  side: p.side,
  secret: p.secret,
  joinCode: JOIN,
  at
})

export const advance = (from: Extract<Retro.Command, { _tag: "AdvancePhase" }>["from"], at: number, shuffleSeed?: string): Retro.Command => ({
  _tag: "AdvancePhase",
  facilitatorSecret: FACILITATOR,
  from,
  at,
  ...(shuffleSeed === undefined ? {} : { shuffleSeed })
})

/** AddCard under the author's own key; the core derives the id ({@link cardId}). */
export const card = (p: Person, cardKey: string, text: string, prompt: "worked-well" | "friction" | "wish-understood" = "friction"): Retro.Command => ({
  _tag: "AddCard",
  secret: p.secret,
  cardKey,
  prompt,
  text,
  at: T0 + 5 * MIN
})

type FacilitatorCommand = Extract<Retro.Command, { readonly facilitatorSecret: string }>
type WithoutAuth<C> = C extends unknown ? Omit<C, "facilitatorSecret" | "at"> & { readonly at?: number } : never

/** A facilitator command, signed with the facilitator's secret. */
export const f = (command: WithoutAuth<FacilitatorCommand>): Retro.Command =>
  ({ facilitatorSecret: FACILITATOR, at: T0 + 30 * MIN, ...command }) as Retro.Command

/** The standard cast in the draft phase. */
export const drafted = () => run([create(), ...people.map((p) => join(p))])

/** Collecting with a handful of cards. */
export const collecting = () =>
  run([
    advance("draft", T0 + 2 * MIN),
    card(person("p1"), "c1", "Requirements changed after sprint planning, twice"),
    card(person("e1"), "c2", "Tech debt in the payment service slows every change"),
    card(person("e2"), "c3", "Estimates are treated as deadlines", "wish-understood"),
    card(person("p2"), "c4", "Release went out on time", "worked-well")
  ], drafted().state)

export const grouping = () => run([advance("collecting", T0 + 22 * MIN, "seed-abcdefgh")], collecting().state)

export const withThemes = () =>
  run([
    f({ _tag: "CreateTheme", themeId: "t-req", name: "requirements-clarity" }),
    f({ _tag: "CreateTheme", themeId: "t-debt", name: "Technical debt" }),
    f({ _tag: "CreateTheme", themeId: "t-est", name: "estimates-predictability" }),
    f({ _tag: "AssignCard", cardId: C.c1, themeId: "t-req" }),
    f({ _tag: "AssignCard", cardId: C.c2, themeId: "t-debt" }),
    f({ _tag: "AssignCard", cardId: C.c3, themeId: "t-est" })
  ], grouping().state)

export const voting = () => run([advance("grouping", T0 + 32 * MIN)], withThemes().state)

export const discussing = () =>
  run([
    { _tag: "CastVote", secret: person("p1").secret, themeId: "t-req", at: T0 + 33 * MIN },
    { _tag: "CastVote", secret: person("e1").secret, themeId: "t-debt", at: T0 + 33 * MIN },
    { _tag: "CastVote", secret: person("e2").secret, themeId: "t-debt", at: T0 + 33 * MIN },
    advance("voting", T0 + 37 * MIN)
  ], voting().state)

export const agreeing = () => run([advance("discussing", T0 + 62 * MIN)], discussing().state)

export const validDraft = {
  statement: "Engineers give range estimates and PMs communicate the range to stakeholders",
  commitments: [
    { side: "engineering" as const, text: "Give best/likely/worst for every roadmap item at planning" },
    { side: "product" as const, text: "Show the range, not a single date, in the roadmap doc" }
  ],
  signal: "Every roadmap item in the planning doc shows a range; estimate hit rate reviewed each retro",
  reviewBy: "2026-12-15"
}

/** Asserts a rejection with the given tag, and returns the error. */
export const rejects = (command: Retro.Command, state: Retro.State, tag: string) => {
  const decided = Retro.decide(command, state)
  expect(Result.isFailure(decided), `${command._tag} should be rejected with ${tag}`).toBe(true)
  if (Result.isSuccess(decided)) throw new Error("unreachable")
  const error = decided.failure
  expect(error._tag).toBe(tag)
  expect(error.message.length).toBeGreaterThan(10)
  return error
}

export const accepts = (command: Retro.Command, state: Retro.State): ReadonlyArray<Retro.Event> => {
  const decided = Retro.decide(command, state)
  if (Result.isFailure(decided)) throw new Error(`${command._tag} rejected: ${decided.failure.message}`)
  return decided.success
}
