import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Cause, Effect, Exit, Result } from "effect"
import { Decider, Retro, Store } from "@retrobridge/core"
import { makeReferenceEventStore } from "@retrobridge/core/testing"
import { advance, create, drafted, FACILITATOR, join, people, RETRO_ID, T0, TEAM_ID } from "../retro/fixtures.ts"

const streamId = Retro.streamId(RETRO_ID)
const priya = people[0]!

/** A retro in collection, on a fresh reference store, behind the retro command handler. */
const collecting = Effect.gen(function*() {
  const { store } = yield* makeReferenceEventStore
  const handler = Store.commandHandler(store, { decider: Retro.decider, codec: Retro.eventCodec, commandSchema: Retro.Command })
  const send = (command: unknown) => handler.handle({ streamId, kind: "retro", teamId: TEAM_ID, command: command as Retro.Command })
  for (const command of [create(), ...people.map((p) => join(p)), advance("draft", T0 + 2 * 60_000)]) yield* send(command)
  return { store, send }
})

const addCard = { _tag: "AddCard", secret: priya.secret, cardKey: "k1", prompt: "friction", text: "Scope changed after planning", at: T0 + 5 * 60_000 }

describe("retro commands at the boundary (the issue's nine malformed commands, through the handler)", () => {
  it.effect("each is a typed InvalidCommand naming the field and the rule, and appends nothing", () =>
    Effect.gen(function*() {
      const { store, send } = yield* collecting
      const version = yield* store.version(streamId)
      const cases: ReadonlyArray<readonly [string, unknown, string, Decider.InvalidCommandRule]> = [
        ["blank text", { ...addCard, text: "   " }, "text", "not-blank"],
        ["text that is a number", { ...addCard, text: 42 }, "text", "type"],
        ["unknown prompt", { ...addCard, prompt: "rant" }, "prompt", "one-of"],
        ["null as the command", null, "", "not-an-object"],
        ["a 5-character secret", { ...join(priya), participantId: "x1", secret: "short" }, "secret", "pattern"],
        ["a 1,000,000-character card", { ...addCard, text: "x".repeat(1_000_000) }, "text", "max-length"],
        ["text with NUL and BEL", { ...addCard, text: "fine\u0000\u0007" }, "text", "no-control-characters"],
        ["an unknown command", { ...addCard, _tag: "DeleteEverything" }, "_tag", "unknown-command"],
        ["a missing field", { _tag: "AddCard", secret: priya.secret, cardKey: "k1", prompt: "friction", at: T0 }, "text", "required"]
      ]
      for (const [what, command, field, rule] of cases) {
        const exit = yield* Effect.exit(send(command))
        expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause), `${what}: a defect`).toBe(false)
        const error = yield* Effect.flip(send(command))
        expect({ what, tag: error._tag }).toEqual({ what, tag: "InvalidCommand" })
        if (error._tag === "InvalidCommand") expect({ what, field: error.field, rule: error.rule }).toEqual({ what, field, rule })
      }
      expect(yield* store.version(streamId)).toBe(version)
      // Newline and tab are text, not control: a card may have lines.
      const multiline = yield* send({ ...addCard, text: "Two things:\n\t- scope\n\t- dates" })
      expect(multiline.events).toHaveLength(1)
      // So are Windows line endings, stored as the LF lines the rest of the product writes.
      const windows = yield* send({ ...addCard, cardKey: "k2", text: "Two things:\r\n\t- scope\r\n\t- dates" })
      expect(windows.events.map((e) => "text" in e ? e.text : undefined)).toEqual(["Two things:\n\t- scope\n\t- dates"])
    }))

  it("Retro.decide decodes too: an undecoded command never becomes an event", () => {
    const { state } = drafted()
    const decided = Retro.decide({ _tag: "ChangeSettings", facilitatorSecret: FACILITATOR, settings: { voteBudget: 0 }, at: T0 } as Retro.Command, state)
    expect(Result.isFailure(decided) && decided.failure._tag === "InvalidCommand" && decided.failure.field).toBe("settings.voteBudget")
  })

  it.effect("property: any JSON value or near miss as a command is a success or a typed error, never a defect; a rejection appends nothing", () =>
    Effect.gen(function*() {
      const { store, send } = yield* collecting
      const secrets = people.map((p) => p.secret)
      const valid = fc.record({
        _tag: fc.constantFrom("AddCard", "EditCard", "WithdrawCard", "JoinRetro", "RemoveParticipant"),
        secret: fc.constantFrom(...secrets),
        facilitatorSecret: fc.constant(FACILITATOR),
        cardKey: fc.constantFrom("a", "b", "c"),
        cardId: fc.constantFrom("card-x", "card-y"),
        participantId: fc.constantFrom("n1", "n2", people[6]!.id),
        name: fc.constantFrom("Nia", "Noor"),
        side: fc.constantFrom("product", "engineering"),
        joinCode: fc.constant("join-code-secret-0001"),
        prompt: fc.constantFrom("worked-well", "friction", "wish-understood"),
        text: fc.constantFrom("Scope changed", "Great demo", "Estimates became deadlines"),
        at: fc.integer({ min: T0 + 3 * 60_000, max: T0 + 10 * 60_000 })
      })
      const nearMiss = fc.tuple(valid, fc.constantFrom("_tag", "secret", "cardKey", "prompt", "text", "at", "side"), fc.jsonValue())
        .map(([command, key, value]) => ({ ...command, [key]: value }))
      const counts = { accepted: 0, invalid: 0, refused: 0 }
      for (const command of fc.sample(fc.oneof(fc.jsonValue(), valid, nearMiss), { numRuns: 300, seed: 11 })) {
        const before = yield* store.version(streamId)
        const exit = yield* Effect.exit(send(command))
        if (Exit.isSuccess(exit)) {
          counts.accepted++
          continue
        }
        expect(Cause.hasDies(exit.cause), `defect for ${JSON.stringify(command).slice(0, 200)}`).toBe(false)
        const error = Cause.squash(exit.cause) as { readonly _tag: string }
        if (error._tag === "InvalidCommand") counts.invalid++
        else counts.refused++
        expect(yield* store.version(streamId)).toBe(before)
      }
      // Each path must really have been taken, or the property proves nothing.
      expect(counts.accepted).toBeGreaterThan(10)
      expect(counts.invalid).toBeGreaterThan(10)
      expect(counts.refused).toBeGreaterThan(10)
    }))
})
