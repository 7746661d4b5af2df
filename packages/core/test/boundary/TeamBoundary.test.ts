import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Cause, Effect, Exit, Result } from "effect"
import { Decider, Store, Team } from "@retrobridge/core"
import { makeReferenceEventStore } from "@retrobridge/core/testing"

const T0 = Date.UTC(2026, 9, 1)
const streamId = Team.streamId("t1")

const setUp = Effect.gen(function*() {
  const { store } = yield* makeReferenceEventStore
  const handler = Store.commandHandler(store, { decider: Team.decider, codec: Team.eventCodec, commandSchema: Team.Command })
  yield* handler.handle({ streamId, kind: "team", teamId: "t1", command: { _tag: "CreateTeam", teamId: "t1", name: "Checkout", at: T0 } })
  return { store, handler }
})

/** Sends anything as a command, the way an HTTP body or a queue message arrives. */
const send = (handler: Store.CommandHandler<Team.State, Team.Command, Team.Event, Team.Error>, command: unknown) =>
  handler.handle({ streamId, kind: "team", teamId: "t1", command: command as Team.Command })

const member = { _tag: "AddTeamMember", memberId: "m1", name: "Priya", side: "product", role: "product-manager", at: T0 + 1 }

describe("team commands at the boundary", () => {
  it.effect("a malformed command is a typed InvalidCommand naming the field and the rule, and appends nothing", () =>
    Effect.gen(function*() {
      const { store, handler } = yield* setUp
      const cases: ReadonlyArray<readonly [unknown, string, Decider.InvalidCommandRule]> = [
        [null, "", "not-an-object"],
        [42, "", "not-an-object"],
        [[member], "", "not-an-object"],
        [{ ...member, _tag: "Promote" }, "_tag", "unknown-command"],
        [{ ...member, name: "   " }, "name", "not-blank"],
        [{ ...member, name: 7 }, "name", "type"],
        [{ ...member, name: "x".repeat(101) }, "name", "max-length"],
        [{ ...member, name: "Pri\u0000ya\u0007" }, "name", "no-control-characters"],
        [{ ...member, role: "boss" }, "role", "one-of"],
        [Object.fromEntries(Object.entries(member).filter(([key]) => key !== "memberId")), "memberId", "required"],
        [{ ...member, at: -5 }, "at", "range"]
      ]
      for (const [command, field, rule] of cases) {
        const error = yield* Effect.flip(send(handler, command))
        expect(error._tag).toBe("InvalidCommand")
        if (error._tag !== "InvalidCommand") continue
        expect({ field: error.field, rule: error.rule }).toEqual({ field, rule })
        expect(error.message).toContain("nothing was changed")
      }
      expect(yield* store.version(streamId)).toBe(1)
    }))

  it("decideTeam itself refuses an undecoded command instead of emitting an invalid event", () => {
    const created = Team.evolve(Team.initialState, { _tag: "TeamCreated", teamId: "t1", name: "Checkout", at: T0 })
    const decided = Team.decide({ ...member, name: "\u001b[31mred" } as Team.Command, created)
    expect(Result.isFailure(decided) && decided.failure._tag).toBe("InvalidCommand")
  })

  it.effect("property: any JSON value as a command is a success or a typed error, never a defect; a rejection appends nothing", () =>
    Effect.gen(function*() {
      const { store, handler } = yield* setUp
      const valid = fc.record({
        _tag: fc.constantFrom("RenameTeam", "AddTeamMember", "ChangeTeamMember", "RemoveTeamMember"),
        memberId: fc.constantFrom("m1", "m2"),
        name: fc.string({ maxLength: 3 }),
        side: fc.constantFrom("product", "engineering"),
        role: fc.constantFrom("product-manager", "engineer", "other"),
        at: fc.integer({ min: T0, max: T0 + 1000 })
      })
      // Near misses (a field replaced by any JSON value) reach the field checks; plain JSON values reach the shape checks.
      const nearMiss = fc.tuple(valid, fc.constantFrom("_tag", "memberId", "name", "side", "role", "at"), fc.jsonValue())
        .map(([command, key, value]) => ({ ...command, [key]: value }))
      const counts = { accepted: 0, invalid: 0, refused: 0 }
      const samples = fc.sample(fc.oneof(fc.jsonValue(), valid, nearMiss), { numRuns: 400, seed: 7 })
      for (const command of samples) {
        const before = yield* store.version(streamId)
        const exit = yield* Effect.exit(send(handler, command))
        if (Exit.isFailure(exit)) {
          expect(Cause.hasDies(exit.cause), `defect for ${JSON.stringify(command)}`).toBe(false)
          const error = Cause.squash(exit.cause) as { readonly _tag: string }
          if (error._tag === "InvalidCommand") counts.invalid++
          else counts.refused++
          expect(yield* store.version(streamId)).toBe(before)
        } else {
          counts.accepted++
        }
      }
      // Each path must really have been taken, or the property proves nothing.
      expect(counts.accepted).toBeGreaterThan(10)
      expect(counts.invalid).toBeGreaterThan(10)
      expect(counts.refused).toBeGreaterThan(10)
    }))
})
