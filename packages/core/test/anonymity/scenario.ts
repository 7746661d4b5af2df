/**
 * Building blocks for the anonymity tests: people with well-formed secrets,
 * commands in the shape the core takes them, and a runner that keeps every
 * outcome (events or error) instead of stopping at the first rejection.
 */
import { Result } from "effect"
import { Primitives, Retro } from "@retrobridge/core"
import { sha256Hex } from "../../src/internal/Crypto.ts"
import { secretFromBytes } from "../../src/retro/Anonymity.ts"
import { decideAll, type Outcome as DecideOutcome } from "../support/decideAll.ts"

export const T0 = Date.UTC(2026, 9, 1, 9, 0, 0)
export const MIN = 60_000
export const JOIN = "join-code-anonymity-0001"
export const RETRO_ID = "retro-anon"
export const TEAM_ID = "team-anon"

/** A deterministic, well-formed secret (32 bytes, base64url) per label. */
export const secretOf = (label: string): string => {
  const hex = sha256Hex(`test-secret:${label}`)
  const bytes = new Uint8Array(32)
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return secretFromBytes(bytes)
}

export const FACILITATOR = secretOf("facilitator")

export interface Person {
  readonly id: string
  readonly name: string
  readonly side: Primitives.Side
  readonly secret: string
}

export const personOf = (id: string, side: Primitives.Side): Person => ({ id, name: `Name ${id}`, side, secret: secretOf(id) })

export const pms = (n: number, prefix = "pm"): Array<Person> => Array.from({ length: n }, (_, i) => personOf(`${prefix}${i + 1}`, "product"))
export const engs = (n: number, prefix = "eng"): Array<Person> =>
  Array.from({ length: n }, (_, i) => personOf(`${prefix}${i + 1}`, "engineering"))

export const create = (threshold = 3, retroId = RETRO_ID, at = T0): Retro.Command => ({
  _tag: "CreateRetro",
  retroId,
  teamId: TEAM_ID,
  title: "Anonymity retro",
  trigger: "quarterly",
  date: "2026-10-01",
  facilitatorName: "Nora",
  facilitatorSecret: FACILITATOR,
  joinCode: JOIN,
  settings: { anonymityThreshold: threshold },
  at
})

export const join = (p: Person, at = T0 + MIN): Retro.Command => ({
  _tag: "JoinRetro",
  participantId: p.id,
  name: p.name,
  side: p.side,
  secret: p.secret,
  joinCode: JOIN,
  at
})

export const remove = (p: Person, at = T0 + MIN): Retro.Command => ({
  _tag: "RemoveParticipant",
  facilitatorSecret: FACILITATOR,
  participantId: p.id,
  at
})

export const advance = (from: Retro.Phase, at: number): Retro.Command => ({
  _tag: "AdvancePhase",
  facilitatorSecret: FACILITATOR,
  from,
  at,
  ...(from === "collecting" ? { shuffleSeed: "shuffle-seed-0001" } : {})
})

export const addCard = (
  p: Person,
  cardKey: string,
  text: string,
  prompt: Retro.CardPrompt = "friction",
  at = T0 + 5 * MIN
): Retro.Command => ({ _tag: "AddCard", secret: p.secret, cardKey, prompt, text, at }) as unknown as Retro.Command

export const f = (command: Record<string, unknown>, at = T0 + 30 * MIN): Retro.Command =>
  ({ facilitatorSecret: FACILITATOR, at, ...command }) as unknown as Retro.Command

export type Outcome = DecideOutcome<Retro.Command, Retro.Event, Retro.Error>

/** Decides and folds every command; rejected commands change nothing and are kept as outcomes. */
export const runAll = (commands: ReadonlyArray<Retro.Command>, from: Retro.State = Retro.initialState) =>
  decideAll(Retro.decider, commands, from)

/** Like {@link runAll}, but every command must be accepted. */
export const run = (commands: ReadonlyArray<Retro.Command>, from: Retro.State = Retro.initialState) => {
  const out = runAll(commands, from)
  for (const o of out.outcomes) {
    if (Result.isFailure(o.result)) throw new Error(`${o.command._tag} rejected: ${o.result.failure.message}`)
  }
  return out
}

export const active = (state: Retro.State): Retro.Active => {
  if (state.status !== "active") throw new Error("retro not created")
  return state
}

export const viewOf = (state: Retro.State, viewer: Retro.Viewer, now = T0 + 40 * MIN): Retro.View => {
  const v = Retro.view(state, viewer, now)
  if (Result.isFailure(v)) throw new Error(`view rejected: ${v.failure.message}`)
  return v.success
}

export const cardsAdded = (events: ReadonlyArray<Retro.Event>) =>
  events.filter((e): e is Extract<Retro.Event, { _tag: "CardAdded" }> => e._tag === "CardAdded")
