/**
 * How the core's typed errors become HTTP answers. One table, so every
 * endpoint answers the same failure the same way.
 *
 * Two rules from the anonymity promise shape it: a token that does not
 * belong to a retro gets exactly the answer for a retro that does not exist,
 * and to a participant a card that is not theirs is a card that does not
 * exist.
 *
 * @since 0.1.0
 */
import type { Estimates, Retro, Team } from "@retrobridge/core"
import { RetroBridgeApi } from "./Api.ts"
import { BadRequest, Conflict, NotFound, Unavailable, Unprocessable } from "./ApiError.ts"

/** The answers a failure of the core or the store becomes (never 401 or 403: those are the boundary's). @since 0.2.0 */
export type DomainApiError = BadRequest | Conflict | NotFound | Unavailable | Unprocessable

/** The one answer for a retro that does not exist (or is not the token's). @since 0.1.0 */
export const retroNotFound = (retroId: string): NotFound =>
  new NotFound({
    code: "retro-not-found",
    message: `No retro ${retroId} for this token. Check the link, or ask the facilitator for a new invitation.`,
    details: { path: "retroId" }
  })

/**
 * A team admin token on a retro's endpoint: the retro's not-found, saying which tokens open a retro.
 * It depends on the token's kind alone, which its holder knows: a retro that exists and one that does
 * not get the same answer.
 *
 * @since 0.2.0
 */
export const retroNotFoundForTeamToken = (retroId: string): NotFound =>
  new NotFound({
    code: "retro-not-found",
    message: `No retro ${retroId} for this token: a team admin token (rbt_…) does not open a retro. Use the facilitator's token (answered when the retro was created) or a participant's (answered when joining it).`,
    details: { path: "retroId" }
  })

/** The one answer for a team that does not exist (or is not the token's). @since 0.1.0 */
export const teamNotFound = (teamId: string): NotFound =>
  new NotFound({
    code: "team-not-found",
    message: `No team ${teamId} for this token. Check the team id and use that team's admin token.`,
    details: { path: "teamId" }
  })

/**
 * A retro's token (facilitator or participant) on a team's endpoint: the team's not-found, saying
 * which token opens a team; like {@link retroNotFoundForTeamToken}, by the token's kind alone.
 *
 * @since 0.2.0
 */
export const teamNotFoundForRetroToken = (teamId: string): NotFound =>
  new NotFound({
    code: "team-not-found",
    message: `No team ${teamId} for this token: a retro's token (facilitator or participant) does not open a team. Use that team's admin token (answered when the team was created).`,
    details: { path: "teamId" }
  })

const thingNotFound = (kind: string, id: string, path: string): NotFound =>
  new NotFound({
    code: "not-found",
    message: `No ${kind} with id ${id} in this retro. Check the id against the current view.`,
    details: { path }
  })

const pathOfKind: Record<string, string> = {
  card: "cardId",
  theme: "themeId",
  agreement: "agreementId",
  participant: "participantId",
  note: "noteId",
  "team member": "memberId",
  "work item": "itemId"
}

/**
 * The endpoints (`group.endpoint`) that send each command of the core. The core's messages name
 * commands, which is what a library user sends; an HTTP caller sent a request to an endpoint, so the
 * answers name those instead.
 */
const endpointsOfCommand: Record<Retro.CommandTag | Team.Command["_tag"] | Estimates.LogCommand["_tag"], ReadonlyArray<string>> = {
  CreateTeam: ["teams.create"],
  RenameTeam: ["teams.rename"],
  AddTeamMember: ["teams.addMember"],
  ChangeTeamMember: ["teams.changeMember"],
  RemoveTeamMember: ["teams.removeMember"],
  CreateRetro: ["teams.createRetro"],
  ChangeSettings: ["retros.changeSettings"],
  JoinRetro: ["retros.join"],
  RemoveParticipant: ["retros.removeParticipant"],
  AdvancePhase: ["retros.advancePhase"],
  AddCard: ["retros.addCard"],
  SetReady: ["retros.setReady"],
  EditCard: ["retros.editCard"],
  WithdrawCard: ["retros.withdrawCard"],
  CreateTheme: ["retros.createTheme"],
  RenameTheme: ["retros.renameTheme"],
  AssignCard: ["retros.assignCard"],
  UnassignCard: ["retros.unassignCard"],
  MergeThemes: ["retros.mergeThemes"],
  SplitTheme: ["retros.splitTheme"],
  CastVote: ["retros.castVote"],
  RetractVote: ["retros.retractVote"],
  FocusTheme: ["retros.focusTheme"],
  RecordOptimizingFor: ["retros.recordOptimizingFor"],
  AddHandoffNote: ["retros.addHandoffNote"],
  AddInformationGap: ["retros.addInformationGap"],
  EditDiscussionNote: ["retros.editDiscussionNote"],
  RemoveDiscussionNote: ["retros.removeDiscussionNote"],
  AttachAccuracyReport: ["retros.attachAccuracyReport", "retros.attachAccuracyReportFromTeamLog"],
  AcceptAgreement: ["retros.acceptAgreement"],
  WithdrawAgreement: ["retros.withdrawAgreement"],
  ImportPreviousAgreements: ["retros.importPreviousAgreements", "retros.importFromPreviousRetro"],
  HandOverFacilitation: ["retros.handOverFacilitation"],
  ExtendTimebox: ["retros.extendTimebox"],
  ReviewAgreement: ["retros.reviewAgreement"],
  RecordEstimate: ["estimates.record"],
  ReEstimate: ["estimates.reEstimate"],
  RecordActual: ["estimates.recordActual"],
  CancelWorkItem: ["estimates.cancel"],
  ImportEstimateHistory: ["estimates.importCsv"]
}

/** `group.endpoint` → `POST /retros/{retroId}/cards`, as the OpenAPI document writes it. */
const requestLines: ReadonlyMap<string, string> = new Map(Object.values(RetroBridgeApi.groups).flatMap((group) =>
  Object.entries(group.endpoints).map(([name, endpoint]) =>
    [`${group.identifier}.${name}`, `${endpoint.method} ${endpoint.path.replace(/:(\w+)/g, "{$1}")}`] as const)
))

/** The requests that send a command; the command's own name for one no endpoint sends. */
export const requestsFor = (command: string): ReadonlyArray<string> =>
  (endpointsOfCommand as Record<string, ReadonlyArray<string> | undefined>)[command]?.map((key) => requestLines.get(key) ?? key) ?? [command]

const kebab = (tag: string): string => tag.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()

interface Tagged {
  readonly _tag: string
  readonly message: string
  readonly [key: string]: unknown
}

const isTagged = (u: unknown): u is Tagged =>
  typeof u === "object" && u !== null && typeof (u as { _tag?: unknown })._tag === "string"

/**
 * Maps an error of the core or the store to its answer. `scope` says which
 * retro or team the request was about, so identity failures answer with
 * that scope's not-found.
 *
 * @since 0.1.0
 */
export const toApiError = (error: unknown, scope: { readonly retroId?: string; readonly teamId?: string }): DomainApiError => {
  if (!isTagged(error)) {
    return new Unavailable({ code: "internal", message: "The server could not complete the request. Try again later.", details: {} })
  }
  const scoped = (): NotFound =>
    scope.retroId !== undefined ? retroNotFound(scope.retroId) : teamNotFound(scope.teamId ?? "")
  switch (error._tag) {
    case "RetroNotStarted":
    case "NotFacilitator":
    case "NotAParticipant":
    case "WrongJoinCode":
      return scoped()
    case "NotFound": {
      const kind = String(error["kind"])
      return thingNotFound(kind, String(error["id"]), pathOfKind[kind] ?? "id")
    }
    case "NotCardOwner":
      // Same answer as a card that does not exist: a participant cannot probe other people's card ids.
      return thingNotFound("card", String(error["cardId"]), "cardId")
    case "RetroAlreadyCreated":
    case "DuplicateId":
      return new Conflict({ code: "duplicate-id", message: error.message, details: {} })
    case "CommandNotAllowedInPhase": {
      const phase = String(error["phase"])
      const allowed = (error["allowed"] as ReadonlyArray<string>).flatMap(requestsFor)
      return new Conflict({
        code: "not-allowed-in-phase",
        message: `${requestsFor(String(error["command"])).join(" or ")} is not allowed while the retro is ${phase}. ${
          allowed.length === 0 ? "The retro is closed: nothing changes it any more." : `Allowed in ${phase}: ${allowed.join(", ")}.`
        }`,
        details: { phase, allowed: (error["allowed"] as ReadonlyArray<string>).map(String) }
      })
    }
    case "PhaseMismatch":
      // AdvancePhase names the phase in `from`, ExtendTimebox in `phase`.
      return new Conflict({
        code: "phase-mismatch",
        message: error.message,
        details: { path: error["command"] === "ExtendTimebox" ? "phase" : "from", phase: String(error["actual"]) }
      })
    case "VoteBudgetExhausted":
      return new Conflict({ code: "vote-budget-exhausted", message: error.message, details: {} })
    case "NoVoteToRetract":
      return new Conflict({ code: "no-vote-to-retract", message: error.message, details: { path: "themeId" } })
    case "IdempotencyConflict":
      return new Conflict({
        code: "idempotency-key-reused",
        message: "This Idempotency-Key was already used for another request (or its first outcome is no longer cached). Nothing was written; use a new key for a new request.",
        details: { path: "Idempotency-Key" }
      })
    case "ConcurrencyRetriesExhausted":
      return new Unavailable({
        code: "busy",
        message: `Other writes to this ${scope.retroId !== undefined ? "retro" : "team"} kept arriving through all ${String(error["attempts"])} attempts of this one. Nothing was written; send it again after Retry-After.`,
        details: { retryAfterSeconds: 1 }
      })
    case "StoreError":
    case "EventDecodeError":
      return new Unavailable({ code: "store-unavailable", message: "The store could not be reached. Nothing was written; try again later.", details: { retryAfterSeconds: 5 } })
    case "AgreementInvalid": {
      const violations = error["violations"] as ReadonlyArray<{ readonly code: string; readonly field: string; readonly message: string }>
      return new Unprocessable({
        code: "agreement-invalid",
        message: error.message,
        details: { path: `agreement.${violations[0]?.field ?? ""}`, issues: violations.map((v) => ({ path: `agreement.${v.field}`, message: v.message })) }
      })
    }
    case "InvalidCommand": {
      // The core's own boundary caught what the contract let through.
      const field = String(error["field"])
      return new BadRequest({
        code: "invalid-request",
        message: `The request is not valid: ${field === "" ? "" : `${field}: `}${String(error["detail"])}. Nothing was changed.`,
        details: { path: field, issues: [{ path: field, message: String(error["detail"] ?? error.message) }] }
      })
    }
    case "RetroRuleViolated":
      return new Unprocessable({ code: "rule-violated", message: error.message, details: { rule: String(error["rule"]) } })
    case "EstimateItemAlreadyRecorded":
      return new Unprocessable({
        code: "estimate-item-already-recorded",
        message: `Work item ${String(error["itemId"])} already has an estimate. Revise it with ${requestsFor("ReEstimate").join("")}, or record a different item under a new itemId.`,
        details: {}
      })
    case "EstimateItemNotFound":
      return new Unprocessable({
        code: "estimate-item-not-found",
        message: `Work item ${String(error["itemId"])} is not in this estimate log. Record its estimate first with ${requestsFor("RecordEstimate").join("")}.`,
        details: {}
      })
    default:
      // Any other domain error (the estimate log's, new ones): a rule the request broke.
      return new Unprocessable({ code: kebab(error._tag), message: error.message, details: {} })
  }
}
