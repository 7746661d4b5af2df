/**
 * A team: its members and which side each is on. Retros belong to a team;
 * the team's roster is what a facilitator invites from.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { type Decider, type InvalidCommand, makeCommandDecoder } from "../Decider.ts"
import { EpochMillis, Id, NameText, Side, Text } from "../Primitives.ts"
import { DuplicateId, NotFound, RetroRuleViolated } from "./RetroError.ts"

/**
 * The roles the method expects around the table. A facilitator is neutral:
 * a team member can facilitate another team's retro, not their own.
 *
 * @since 0.1.0
 */
export const TeamRole = Schema.Literals(["product-manager", "tech-lead", "senior-engineer", "engineer", "designer", "other"])
/** @since 0.1.0 */
export type TeamRole = typeof TeamRole.Type

/** @since 0.1.0 */
export const TeamCommand = Schema.TaggedUnion({
  CreateTeam: { teamId: Id, name: NameText, at: EpochMillis },
  RenameTeam: { name: NameText, at: EpochMillis },
  AddTeamMember: { memberId: Id, name: NameText, side: Side, role: TeamRole, at: EpochMillis },
  ChangeTeamMember: { memberId: Id, side: Side, role: TeamRole, at: EpochMillis },
  RemoveTeamMember: { memberId: Id, at: EpochMillis }
})
/** @since 0.1.0 */
export type TeamCommand = typeof TeamCommand.Type

/** @since 0.1.0 */
export const TeamEvent = Schema.TaggedUnion({
  TeamCreated: { teamId: Id, name: Text, at: EpochMillis },
  TeamRenamed: { name: Text },
  TeamMemberAdded: { memberId: Id, name: Text, side: Side, role: TeamRole },
  TeamMemberChanged: { memberId: Id, side: Side, role: TeamRole },
  TeamMemberRemoved: { memberId: Id }
})
/** @since 0.1.0 */
export type TeamEvent = typeof TeamEvent.Type

/** @since 0.1.0 */
export interface TeamMember {
  readonly memberId: string
  readonly name: string
  readonly side: Side
  readonly role: TeamRole
}

/** @since 0.1.0 */
export type TeamState =
  | { readonly status: "empty" }
  | { readonly status: "active"; readonly teamId: string; readonly name: string; readonly members: ReadonlyArray<TeamMember> }

/** @since 0.1.0 */
export type TeamError = InvalidCommand | DuplicateId | NotFound | RetroRuleViolated

const roleSide: Partial<Record<TeamRole, Side>> = {
  "product-manager": "product",
  "tech-lead": "engineering",
  "senior-engineer": "engineering",
  engineer: "engineering"
}

/**
 * Decides a team command.
 *
 * @since 0.1.0
 */
export const decideTeam = (command: TeamCommand, state: TeamState): Result.Result<ReadonlyArray<TeamEvent>, TeamError> => {
  // Typed callers can still be handed JSON: decide only what has the command's shape.
  const decoded = teamCommands.decode(command)
  return Result.isFailure(decoded) ? Result.fail(decoded.failure) : decideValidTeam(decoded.success, state)
}

const teamCommands = makeCommandDecoder(TeamCommand)

const decideValidTeam = (command: TeamCommand, state: TeamState): Result.Result<ReadonlyArray<TeamEvent>, TeamError> => {
  if (state.status === "empty") {
    return command._tag === "CreateTeam"
      ? Result.succeed([{ _tag: "TeamCreated", teamId: command.teamId, name: command.name, at: command.at }])
      : Result.fail(new RetroRuleViolated({ rule: "team-exists", detail: `${command._tag} needs an existing team. Send CreateTeam first.` }))
  }
  const roleMatchesSide = (role: TeamRole, side: Side) => {
    const expected = roleSide[role]
    return expected === undefined || expected === side
      ? Result.succeed(undefined)
      : Result.fail(new RetroRuleViolated({
        rule: "role-on-its-side",
        detail: `A ${role.replace("-", " ")} sits on the ${expected} side, not ${side}. Pick role "other" for an unusual seat.`
      }))
  }
  switch (command._tag) {
    case "CreateTeam":
      return Result.fail(new DuplicateId({ kind: "team", id: command.teamId }))
    case "RenameTeam":
      return Result.succeed(command.name === state.name ? [] : [{ _tag: "TeamRenamed", name: command.name }])
    case "AddTeamMember": {
      if (state.members.some((m) => m.memberId === command.memberId)) {
        return Result.fail(new DuplicateId({ kind: "team member", id: command.memberId }))
      }
      const check = roleMatchesSide(command.role, command.side)
      if (Result.isFailure(check)) return Result.fail(check.failure)
      return Result.succeed([{ _tag: "TeamMemberAdded", memberId: command.memberId, name: command.name, side: command.side, role: command.role }])
    }
    case "ChangeTeamMember": {
      if (!state.members.some((m) => m.memberId === command.memberId)) {
        return Result.fail(new NotFound({ kind: "team member", id: command.memberId }))
      }
      const check = roleMatchesSide(command.role, command.side)
      if (Result.isFailure(check)) return Result.fail(check.failure)
      return Result.succeed([{ _tag: "TeamMemberChanged", memberId: command.memberId, side: command.side, role: command.role }])
    }
    case "RemoveTeamMember":
      return state.members.some((m) => m.memberId === command.memberId)
        ? Result.succeed([{ _tag: "TeamMemberRemoved", memberId: command.memberId }])
        : Result.fail(new NotFound({ kind: "team member", id: command.memberId }))
  }
}

/**
 * Folds a team event into the state.
 *
 * @since 0.1.0
 */
export const evolveTeam = (state: TeamState, event: TeamEvent): TeamState => {
  if (event._tag === "TeamCreated") {
    return state.status === "empty" ? { status: "active", teamId: event.teamId, name: event.name, members: [] } : state
  }
  if (state.status === "empty") return state
  switch (event._tag) {
    case "TeamRenamed":
      return { ...state, name: event.name }
    case "TeamMemberAdded":
      return { ...state, members: [...state.members, { memberId: event.memberId, name: event.name, side: event.side, role: event.role }] }
    case "TeamMemberChanged":
      return {
        ...state,
        members: state.members.map((m) => m.memberId === event.memberId ? { ...m, side: event.side, role: event.role } : m)
      }
    case "TeamMemberRemoved":
      return { ...state, members: state.members.filter((m) => m.memberId !== event.memberId) }
  }
}

/** A team before `TeamCreated`. @since 0.2.0 */
export const initialTeamState: TeamState = { status: "empty" }

/** @since 0.1.0 */
export const teamDecider: Decider<TeamState, TeamCommand, TeamEvent, TeamError> = {
  initialState: initialTeamState,
  decide: decideTeam,
  evolve: evolveTeam
}
