import { describe, expect, it } from "vitest"
import { Team } from "@retrobridge/core"
import { deciderSpec } from "@retrobridge/core/testing"

const T0 = Date.UTC(2026, 9, 1)
const spec = deciderSpec(Team.decider)

const created: Team.Event = { _tag: "TeamCreated", teamId: "checkout", name: "Checkout", at: T0 }
const amaraAdded: Team.Event = { _tag: "TeamMemberAdded", memberId: "amara", name: "Amara", side: "product", role: "product-manager" }
const addAmara: Team.Command = { _tag: "AddTeamMember", memberId: "amara", name: "Amara", side: "product", role: "product-manager", at: T0 }

describe("team decider", () => {
  it("CreateTeam creates a team once", () => {
    spec.given([]).when({ _tag: "CreateTeam", teamId: "checkout", name: "Checkout", at: T0 }).then([created])
    spec.given([created]).when({ _tag: "CreateTeam", teamId: "checkout", name: "Checkout", at: T0 })
      .thenFails({ _tag: "DuplicateId", kind: "team", id: "checkout" })
  })

  it("every other command needs a created team", () => {
    const error = spec.given([]).when(addAmara).thenFails({ _tag: "RetroRuleViolated", rule: "team-exists" })
    expect(error.message).toContain("CreateTeam")
  })

  it("RenameTeam renames, and changes nothing for the same name", () => {
    spec.given([created]).when({ _tag: "RenameTeam", name: "Payments", at: T0 }).then([{ _tag: "TeamRenamed", name: "Payments" }])
    spec.given([created]).when({ _tag: "RenameTeam", name: "Checkout", at: T0 }).thenNothing()
  })

  it("AddTeamMember adds a member on a side; an id twice or a role on the wrong side is refused", () => {
    const state = spec.given([created]).when(addAmara).then([amaraAdded])
    expect(state.status === "active" && state.members).toEqual([{ memberId: "amara", name: "Amara", side: "product", role: "product-manager" }])
    spec.given([created, amaraAdded]).when(addAmara).thenFails({ _tag: "DuplicateId", kind: "team member", id: "amara" })
    spec.given([created]).when({ ...addAmara, side: "engineering" }).thenFails({ _tag: "RetroRuleViolated", rule: "role-on-its-side" })
    // "other" fits either side.
    spec.given([created]).when({ ...addAmara, side: "engineering", role: "other" })
      .then([{ ...amaraAdded, side: "engineering", role: "other" }])
  })

  it("ChangeTeamMember changes a known member, keeping roles on their side", () => {
    spec.given([created, amaraAdded]).when({ _tag: "ChangeTeamMember", memberId: "amara", side: "product", role: "other", at: T0 })
      .then([{ _tag: "TeamMemberChanged", memberId: "amara", side: "product", role: "other" }])
    spec.given([created, amaraAdded]).when({ _tag: "ChangeTeamMember", memberId: "nobody", side: "product", role: "other", at: T0 })
      .thenFails({ _tag: "NotFound", kind: "team member", id: "nobody" })
    spec.given([created, amaraAdded]).when({ _tag: "ChangeTeamMember", memberId: "amara", side: "engineering", role: "product-manager", at: T0 })
      .thenFails({ _tag: "RetroRuleViolated", rule: "role-on-its-side" })
  })

  it("RemoveTeamMember removes a known member", () => {
    const state = spec.given([created, amaraAdded]).when({ _tag: "RemoveTeamMember", memberId: "amara", at: T0 })
      .then([{ _tag: "TeamMemberRemoved", memberId: "amara" }])
    expect(state.status === "active" && state.members).toEqual([])
    spec.given([created]).when({ _tag: "RemoveTeamMember", memberId: "nobody", at: T0 }).thenFails({ _tag: "NotFound", kind: "team member" })
  })

  it("a command that is not one (JSON from outside) is an InvalidCommand, not an event", () => {
    spec.given([created]).when({ ...addAmara, name: "\u0000" }).thenFails({ _tag: "InvalidCommand", field: "name", rule: "no-control-characters" })
    spec.given([created]).when(null as unknown as Team.Command).thenFails({ _tag: "InvalidCommand", rule: "not-an-object" })
  })
})

describe("deciderSpec itself", () => {
  it("fails loudly when the outcome differs, showing both sides", () => {
    expect(() => spec.given([created]).when(addAmara).then([])).toThrow(/expected[\s\S]*TeamMemberAdded/)
    expect(() => spec.given([created]).when(addAmara).thenFails("DuplicateId")).toThrow(/expected to be rejected/)
    expect(() => spec.given([created]).when(addAmara).thenNothing()).toThrow(/change nothing/)
    expect(() => spec.given([created, amaraAdded]).when(addAmara).then([amaraAdded])).toThrow(/DuplicateId/)
  })
})
