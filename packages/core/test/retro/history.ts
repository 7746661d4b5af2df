/**
 * The fixture retro (see fixtures.ts) as the events it stores, phase by
 * phase: the "given" of the decider specs. Written out event by event (the
 * hashes computed from the fixture secrets), not obtained by running
 * commands; `history.test.ts` checks they are exactly what the commands of
 * fixtures.ts decide, so the two stay one retro.
 */
import { Retro } from "@retrobridge/core"
import { replay } from "../../src/Decider.ts"
import { cardOwnerProof, joinCodeVerifier, secretVerifier, voterTag } from "../../src/retro/Anonymity.ts"
import { active, C, FACILITATOR, JOIN, MIN, people, type Person, person, RETRO_ID, T0, TEAM_ID } from "./fixtures.ts"

export const created = (extra: Partial<Extract<Retro.Event, { _tag: "RetroCreated" }>> = {}): Retro.Event => ({
  _tag: "RetroCreated",
  retroId: RETRO_ID,
  teamId: TEAM_ID,
  title: "Checkout Q4 cross-functional retro",
  trigger: "quarterly",
  date: "2026-10-01",
  facilitatorName: "Nora (neutral)",
  facilitatorTokenHash: secretVerifier(FACILITATOR, RETRO_ID),
  joinCodeHash: joinCodeVerifier(RETRO_ID, JOIN),
  settings: { timeboxes: { collecting: 20, grouping: 10, voting: 5, discussing: 25, agreeing: 30 }, anonymityThreshold: 3, voteBudget: 3 },
  at: T0,
  ...extra
})

export const joined = (p: Person, at = T0 + 1): Retro.Event => ({
  _tag: "ParticipantJoined",
  participantId: p.id,
  name: p.name,
  side: p.side,
  tokenHash: secretVerifier(p.secret, RETRO_ID),
  at
})

export const advanced = (from: Retro.Phase, to: Retro.Phase, at: number): Retro.Event => ({ _tag: "PhaseAdvanced", from, to, at })

/** A card as stored when side labels are shown (3 product, 4 engineering: they are). */
export const cardAdded = (p: Person, cardId: string, text: string, prompt: Retro.CardPrompt = "friction"): Retro.Event => ({
  _tag: "CardAdded",
  cardId,
  prompt,
  side: p.side,
  text,
  ownerProof: cardOwnerProof(p.secret, RETRO_ID, cardId)
})

export const themeCreated = (themeId: string, name: string, builtIn?: string): Retro.Event =>
  builtIn === undefined ? { _tag: "ThemeCreated", themeId, name } : { _tag: "ThemeCreated", themeId, name, builtIn }

export const assigned = (cardId: string, themeId: string): Retro.Event => ({ _tag: "CardAssigned", cardId, themeId })

export const voteCast = (p: Person, themeId: string): Retro.Event => ({ _tag: "VoteCast", themeId, voterTag: voterTag(p.secret, RETRO_ID) })

const drafted: ReadonlyArray<Retro.Event> = [created(), ...people.map((p) => joined(p))]

const collecting: ReadonlyArray<Retro.Event> = [
  ...drafted,
  advanced("draft", "collecting", T0 + 2 * MIN),
  cardAdded(person("p1"), C.c1, "Requirements changed after sprint planning, twice"),
  cardAdded(person("e1"), C.c2, "Tech debt in the payment service slows every change"),
  cardAdded(person("e2"), C.c3, "Estimates are treated as deadlines", "wish-understood"),
  cardAdded(person("p2"), C.c4, "Release went out on time", "worked-well")
]

/** The reveal order is the seeded shuffle of the cards (in reverse id order, as the decider hands them). */
const revealOrder = Retro.revealOrder([...active(replay(Retro.decider, collecting)).cards.values()].reverse(), "seed-abcdefgh")

const grouping: ReadonlyArray<Retro.Event> = [
  ...collecting,
  advanced("collecting", "grouping", T0 + 22 * MIN),
  { _tag: "CardsRevealed", order: revealOrder }
]

const withThemes: ReadonlyArray<Retro.Event> = [
  ...grouping,
  themeCreated("t-req", "Requirements clarity", "requirements-clarity"),
  themeCreated("t-debt", "Technical debt", "technical-debt"),
  themeCreated("t-est", "Estimates and predictability", "estimates-predictability"),
  assigned(C.c1, "t-req"),
  assigned(C.c2, "t-debt"),
  assigned(C.c3, "t-est")
]

const voting: ReadonlyArray<Retro.Event> = [...withThemes, advanced("grouping", "voting", T0 + 32 * MIN)]

const discussing: ReadonlyArray<Retro.Event> = [
  ...voting,
  voteCast(person("p1"), "t-req"),
  voteCast(person("e1"), "t-debt"),
  voteCast(person("e2"), "t-debt"),
  advanced("voting", "discussing", T0 + 37 * MIN)
]

const agreeing: ReadonlyArray<Retro.Event> = [...discussing, advanced("discussing", "agreeing", T0 + 62 * MIN)]

/** The fixture retro's stored events at the end of each fixture of fixtures.ts. */
export const history = { drafted, collecting, grouping, withThemes, voting, discussing, agreeing } as const
