/**
 * `decideRetro`: every rule of the retrospective method, as a pure function
 * from a command and the current state to events or a typed error.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import {
  AnonymitySetTooSmall,
  cardIdOf,
  cardOwnerProof as ownerProofOf,
  checkCardChange,
  checkRemoval,
  InvalidSecret,
  isSecret,
  joinCodeVerifier,
  secretVerifier,
  voterTag
} from "./Anonymity.ts"
import { type Decider, type InvalidCommand, makeCommandDecoder } from "../Decider.ts"
import { RetroCommand, type RetroSettingsPatch } from "./RetroCommand.ts"
import {
  CommandNotAllowedInPhase,
  DuplicateId,
  NotAParticipant,
  NotCardOwner,
  NotFacilitator,
  NotFound,
  NoVoteToRetract,
  PhaseMismatch,
  RetroAlreadyCreated,
  RetroNotStarted,
  RetroRuleViolated,
  VoteBudgetExhausted,
  WrongJoinCode
} from "./RetroError.ts"
import type { RetroEvent } from "./RetroEvent.ts"
import { defaultRetroSettings, nextRetroPhase, type RetroSettings } from "./RetroPhase.ts"
import { phaseStartedAt, retroPhaseRules, themeTimeboxMs } from "./RetroPolicy.ts"
import { type ActiveRetro, evolveRetro, evolveRetroAll, initialRetroState, type RetroParticipant, type RetroState } from "./RetroState.ts"
import { decideAgreementAcceptance, decideAccuracyReport, resolveThemeName } from "./RetroIntegration.ts"
import { checkRetroDate, decideExtendTimebox, decideHandOver, decideSetReady, readyCheckAfterRemoval } from "./RetroFlow.ts"

/**
 * Anything `decideRetro` can reject a command with.
 *
 * @since 0.1.0
 */
export type RetroError =
  | InvalidCommand
  | RetroNotStarted
  | RetroAlreadyCreated
  | CommandNotAllowedInPhase
  | PhaseMismatch
  | NotFacilitator
  | NotAParticipant
  | WrongJoinCode
  | DuplicateId
  | NotFound
  | NotCardOwner
  | VoteBudgetExhausted
  | NoVoteToRetract
  | RetroRuleViolated
  | InvalidSecret
  | AnonymitySetTooSmall
  | import("./RetroIntegration.ts").RetroIntegrationError

/**
 * The stored stand-in for a participant's or facilitator's secret, keyed per
 * retro (see `Anonymity.ts`).
 *
 * @since 0.1.0
 */
export const retroTokenHash = (secret: string, retroId: string): string => secretVerifier(secret, retroId)

/**
 * Proof that the holder of `secret` wrote `cardId` (see `Anonymity.ts`).
 *
 * @since 0.1.0
 */
export const cardOwnerProof = ownerProofOf

/**
 * A voter's pseudonym within one retro (see `Anonymity.ts`).
 *
 * @since 0.1.0
 */
export const retroVoterTag = voterTag

const joinCodeHash = joinCodeVerifier

const applySettingsPatch = (settings: RetroSettings, patch: RetroSettingsPatch | undefined): RetroSettings => {
  if (patch === undefined) return settings
  const t = patch.timeboxes
  return {
    timeboxes: {
      collecting: t?.collecting ?? settings.timeboxes.collecting,
      grouping: t?.grouping ?? settings.timeboxes.grouping,
      voting: t?.voting ?? settings.timeboxes.voting,
      discussing: t?.discussing ?? settings.timeboxes.discussing,
      agreeing: t?.agreeing ?? settings.timeboxes.agreeing
    },
    anonymityThreshold: patch.anonymityThreshold ?? settings.anonymityThreshold,
    voteBudget: patch.voteBudget ?? settings.voteBudget
  }
}

type Decision = Result.Result<ReadonlyArray<RetroEvent>, RetroError>

const ok = (...events: ReadonlyArray<RetroEvent>): Decision => Result.succeed(events)
const fail = (error: RetroError): Decision => Result.fail(error)

const participantBySecret = (state: ActiveRetro, secret: string): RetroParticipant | undefined => {
  const hash = retroTokenHash(secret, state.details.retroId)
  return state.participants.find((p) => p.tokenHash === hash)
}

const isFacilitator = (state: ActiveRetro, secret: string): boolean =>
  retroTokenHash(secret, state.details.retroId) === state.details.facilitatorTokenHash

const themeExists = (state: ActiveRetro, themeId: string): boolean => state.themes.some((t) => t.themeId === themeId)

// How people tell theme names apart: case, spacing and Unicode forms aside.
const nameKey = (name: string): string => name.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ")

/**
 * A theme's name must tell it apart: from the other themes (the move, merge and vote menus, the
 * export and the team's history go by name), from a built-in theme that exists (or is named),
 * and from "(ungrouped)", the history's name for cards in no theme.
 */
const themeNameProblem = (state: ActiveRetro, name: string, themeId: string | undefined): RetroRuleViolated | undefined => {
  const resolved = resolveThemeName(name)
  if (resolved.builtIn !== undefined) {
    const existing = state.themes.find((t) => t.builtIn === resolved.builtIn && t.themeId !== themeId)
    if (existing !== undefined) {
      return new RetroRuleViolated({
        rule: "one-theme-per-built-in",
        detail: `The built-in theme "${resolved.name}" already exists (as "${existing.name}"). Assign cards to it instead of creating it twice.`
      })
    }
  }
  const key = nameKey(resolved.name)
  if (key === nameKey("(ungrouped)")) {
    return new RetroRuleViolated({ rule: "theme-names-unique", detail: `"(ungrouped)" stands for cards in no theme. Give the theme a name of its own.` })
  }
  const clash = state.themes.find((t) => t.themeId !== themeId && nameKey(t.name) === key)
  if (clash !== undefined) {
    return new RetroRuleViolated({
      rule: "theme-names-unique",
      detail: `There is a theme called "${clash.name}" already. Give this one another name, or merge the two.`
    })
  }
  return undefined
}

const votesOf = (state: ActiveRetro, voterTag: string): number => {
  let total = 0
  for (const perVoter of Object.values(state.votes)) total += perVoter[voterTag] ?? 0
  return total
}

const decideAdvance = (state: ActiveRetro, command: Extract<RetroCommand, { _tag: "AdvancePhase" }>): Decision => {
  if (command.from !== state.phase) return fail(new PhaseMismatch({ requestedFrom: command.from, actual: state.phase }))
  const leave = retroPhaseRules[state.phase].leave
  const to = nextRetroPhase(state.phase)
  if (leave === "final" || to === undefined) {
    return fail(new CommandNotAllowedInPhase({ command: command._tag, phase: state.phase, allowed: [] }))
  }
  if (command.at < phaseStartedAt(state)) {
    return fail(new RetroRuleViolated({
      rule: "time-goes-forward",
      detail: `AdvancePhase at ${new Date(command.at).toISOString()} is earlier than the start of ${state.phase} (${
        new Date(phaseStartedAt(state)).toISOString()
      }). Send the current time.`
    }))
  }
  const left = leave(state, command)
  if (Result.isFailure(left)) return fail(left.failure)
  return ok({ _tag: "PhaseAdvanced", from: state.phase, to, at: command.at }, ...left.success)
}

const decideActive = (state: ActiveRetro, command: RetroCommand): Decision => {
  if (command._tag === "CreateRetro") return fail(new RetroAlreadyCreated({ retroId: state.details.retroId }))
  // The code before the phase: without it, a retro that no longer takes participants must look
  // like a wrong code (and so like a retro that does not exist), or codes and phases could be probed.
  if (command._tag === "JoinRetro" && joinCodeHash(state.details.retroId, command.joinCode) !== state.details.joinCodeHash) {
    return fail(new WrongJoinCode())
  }
  const allowed = retroPhaseRules[state.phase].allows
  if (!allowed.includes(command._tag)) {
    return fail(new CommandNotAllowedInPhase({ command: command._tag, phase: state.phase, allowed }))
  }
  const retroId = state.details.retroId
  // Who may send what is retroCommandRoles; its type ties "facilitator" to the facilitatorSecret field.
  if ("facilitatorSecret" in command && !isFacilitator(state, command.facilitatorSecret)) {
    return fail(new NotFacilitator({ command: command._tag }))
  }
  switch (command._tag) {
    case "ChangeSettings":
      return ok({ _tag: "SettingsChanged", settings: applySettingsPatch(state.settings, command.settings) })
    case "JoinRetro": {
      if (joinCodeHash(retroId, command.joinCode) !== state.details.joinCodeHash) return fail(new WrongJoinCode())
      if (state.participants.some((p) => p.participantId === command.participantId)) {
        return fail(new DuplicateId({ kind: "participant", id: command.participantId }))
      }
      if (!isSecret(command.secret)) return fail(new InvalidSecret({ field: "secret" }))
      const tokenHash = retroTokenHash(command.secret, retroId)
      if (tokenHash === state.details.facilitatorTokenHash || state.participants.some((p) => p.tokenHash === tokenHash)) {
        return fail(new RetroRuleViolated({
          rule: "unique-secret",
          detail: "That secret is already in use in this retro. Generate a fresh random secret to join."
        }))
      }
      return ok({
        _tag: "ParticipantJoined",
        participantId: command.participantId,
        name: command.name,
        side: command.side,
        tokenHash,
        at: command.at
      })
    }
    case "RemoveParticipant": {
      const leaving = state.participants.find((p) => p.participantId === command.participantId)
      if (leaving === undefined) return fail(new NotFound({ kind: "participant", id: command.participantId }))
      const tooSmall = checkRemoval(state, leaving.side, retroPhaseRules[state.phase].allows.includes("AddCard"))
      if (tooSmall !== undefined) return fail(tooSmall)
      return ok({ _tag: "ParticipantRemoved", participantId: command.participantId }, ...readyCheckAfterRemoval(state))
    }
    case "AdvancePhase":
      return decideAdvance(state, command)
    case "AddCard": {
      const author = participantBySecret(state, command.secret)
      if (author === undefined) return fail(new NotAParticipant({ command: command._tag }))
      // The core names the card: an id a caller chose could carry the time, the order or the author.
      const cardId = cardIdOf(command.secret, retroId, command.cardKey)
      // A withdrawn card's id is never reused: two stored cards under one id would tie both texts to one author.
      if (state.cards.get(cardId) !== undefined || state.withdrawnCardIds.includes(cardId)) {
        return fail(new DuplicateId({ kind: "card", id: cardId }))
      }
      return ok({
        _tag: "CardAdded",
        cardId,
        prompt: command.prompt,
        // Stored only when shown: a stored side would narrow the card to a side the retro promised to hide.
        ...(state.anonymity?.sideLabels === "shown" ? { side: author.side } : {}),
        text: command.text,
        ownerProof: cardOwnerProof(command.secret, retroId, cardId)
      })
    }
    case "SetReady":
      if (participantBySecret(state, command.secret) === undefined) return fail(new NotAParticipant({ command: command._tag }))
      return decideSetReady(state, command)
    case "HandOverFacilitation":
      return decideHandOver(state, command)
    case "ExtendTimebox":
      return decideExtendTimebox(state, command)
    case "EditCard":
    case "WithdrawCard": {
      if (participantBySecret(state, command.secret) === undefined) return fail(new NotAParticipant({ command: command._tag }))
      const card = state.cards.get(command.cardId)
      // A missing card and someone else's give the same answer: no probing for ids.
      if (card === undefined || card.ownerProof !== cardOwnerProof(command.secret, retroId, command.cardId)) {
        return fail(new NotCardOwner({ cardId: command.cardId }))
      }
      if (command._tag === "EditCard" && card.text === command.text) return ok()
      // Every edit or withdrawal says the author is still here: it may not narrow who that could be.
      const tooFew = checkCardChange(state, card, command._tag === "WithdrawCard" ? "withdraw-card" : "edit-card")
      if (tooFew !== undefined) return fail(tooFew)
      if (command._tag === "WithdrawCard") return ok({ _tag: "CardWithdrawn", cardId: command.cardId })
      return ok({ _tag: "CardEdited", cardId: command.cardId, text: command.text })
    }
    case "CreateTheme": {
      if (themeExists(state, command.themeId)) return fail(new DuplicateId({ kind: "theme", id: command.themeId }))
      const resolved = resolveThemeName(command.name)
      const nameProblem = themeNameProblem(state, command.name, undefined)
      if (nameProblem !== undefined) return fail(nameProblem)
      return ok({ _tag: "ThemeCreated", themeId: command.themeId, name: resolved.name, builtIn: resolved.builtIn })
    }
    case "RenameTheme": {
      if (!themeExists(state, command.themeId)) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      const nameProblem = themeNameProblem(state, command.name, command.themeId)
      if (nameProblem !== undefined) return fail(nameProblem)
      return ok({ _tag: "ThemeRenamed", themeId: command.themeId, name: command.name })
    }
    case "AssignCard": {
      const card = state.cards.get(command.cardId)
      if (card === undefined) return fail(new NotFound({ kind: "card", id: command.cardId }))
      if (!themeExists(state, command.themeId)) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      return card.themeId === command.themeId ? ok() : ok({ _tag: "CardAssigned", cardId: command.cardId, themeId: command.themeId })
    }
    case "UnassignCard": {
      const card = state.cards.get(command.cardId)
      if (card === undefined) return fail(new NotFound({ kind: "card", id: command.cardId }))
      return card.themeId === undefined ? ok() : ok({ _tag: "CardUnassigned", cardId: command.cardId })
    }
    case "MergeThemes": {
      if (!themeExists(state, command.sourceThemeId)) return fail(new NotFound({ kind: "theme", id: command.sourceThemeId }))
      if (!themeExists(state, command.targetThemeId)) return fail(new NotFound({ kind: "theme", id: command.targetThemeId }))
      if (command.sourceThemeId === command.targetThemeId) {
        return fail(new RetroRuleViolated({
          rule: "merge-distinct-themes",
          detail: "A theme cannot be merged into itself. Pick two different themes."
        }))
      }
      return ok({ _tag: "ThemesMerged", sourceThemeId: command.sourceThemeId, targetThemeId: command.targetThemeId })
    }
    case "SplitTheme": {
      if (!themeExists(state, command.themeId)) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      if (themeExists(state, command.newThemeId)) return fail(new DuplicateId({ kind: "theme", id: command.newThemeId }))
      const nameProblem = themeNameProblem(state, command.name, undefined)
      if (nameProblem !== undefined) return fail(nameProblem)
      const strays = command.cardIds.filter((id) => state.cards.get(id)?.themeId !== command.themeId)
      if (strays.length > 0) {
        return fail(new RetroRuleViolated({
          rule: "split-own-cards",
          detail: `Only cards of theme ${command.themeId} can be split off; ${strays.join(", ")} ${
            strays.length === 1 ? "is" : "are"
          } not in it.`
        }))
      }
      return ok({
        _tag: "ThemeSplit",
        themeId: command.themeId,
        newThemeId: command.newThemeId,
        name: command.name,
        cardIds: Array.from(new Set(command.cardIds))
      })
    }
    case "CastVote": {
      if (participantBySecret(state, command.secret) === undefined) return fail(new NotAParticipant({ command: command._tag }))
      if (!themeExists(state, command.themeId)) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      const voterTag = retroVoterTag(command.secret, retroId)
      if (votesOf(state, voterTag) >= state.settings.voteBudget) {
        return fail(new VoteBudgetExhausted({ budget: state.settings.voteBudget }))
      }
      return ok({ _tag: "VoteCast", themeId: command.themeId, voterTag })
    }
    case "RetractVote": {
      if (participantBySecret(state, command.secret) === undefined) return fail(new NotAParticipant({ command: command._tag }))
      const voterTag = retroVoterTag(command.secret, retroId)
      if ((state.votes[command.themeId]?.[voterTag] ?? 0) === 0) return fail(new NoVoteToRetract({ themeId: command.themeId }))
      return ok({ _tag: "VoteRetracted", themeId: command.themeId, voterTag })
    }
    case "FocusTheme": {
      if (!themeExists(state, command.themeId)) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      if (command.at < phaseStartedAt(state) || (state.focus !== undefined && command.at < state.focus.startedAt)) {
        return fail(new RetroRuleViolated({
          rule: "time-goes-forward",
          detail: "FocusTheme carries a time earlier than the discussion so far. Send the current time."
        }))
      }
      return ok({
        _tag: "ThemeFocused",
        themeId: command.themeId,
        at: command.at,
        timeboxMs: themeTimeboxMs(state, command.themeId, command.at)
      })
    }
    case "RecordOptimizingFor":
      if (!themeExists(state, command.themeId)) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      return ok({ _tag: "OptimizingForRecorded", themeId: command.themeId, side: command.side, text: command.text })
    case "AddHandoffNote":
    case "AddInformationGap": {
      const theme = state.themes.find((t) => t.themeId === command.themeId)
      if (theme === undefined) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      if (theme.handoffNotes.some((n) => n.noteId === command.noteId) || theme.informationGaps.some((n) => n.noteId === command.noteId)) {
        return fail(new DuplicateId({ kind: "note", id: command.noteId }))
      }
      return command._tag === "AddHandoffNote"
        ? ok({ _tag: "HandoffNoteAdded", themeId: command.themeId, noteId: command.noteId, text: command.text })
        : ok({ _tag: "InformationGapAdded", themeId: command.themeId, noteId: command.noteId, side: command.side, text: command.text })
    }
    case "EditDiscussionNote":
    case "RemoveDiscussionNote": {
      const theme = state.themes.find((t) => t.themeId === command.themeId)
      if (theme === undefined) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      const note = theme.handoffNotes.find((n) => n.noteId === command.noteId) ?? theme.informationGaps.find((n) => n.noteId === command.noteId)
      if (note === undefined) return fail(new NotFound({ kind: "note", id: command.noteId }))
      if (command._tag === "RemoveDiscussionNote") return ok({ _tag: "DiscussionNoteRemoved", themeId: command.themeId, noteId: command.noteId })
      if (note.text === command.text) return ok()
      return ok({ _tag: "DiscussionNoteEdited", themeId: command.themeId, noteId: command.noteId, text: command.text })
    }
    case "AttachAccuracyReport": {
      const theme = state.themes.find((t) => t.themeId === command.themeId)
      if (theme === undefined) return fail(new NotFound({ kind: "theme", id: command.themeId }))
      return decideAccuracyReport(theme, command.report)
    }
    case "AcceptAgreement": {
      if (state.agreements.some((a) => a.agreementId === command.agreementId)) {
        return fail(new DuplicateId({ kind: "agreement", id: command.agreementId }))
      }
      return decideAgreementAcceptance(state, command.agreementId, command.agreement, command.at)
    }
    case "WithdrawAgreement":
      return state.agreements.some((a) => a.agreementId === command.agreementId)
        ? ok({ _tag: "AgreementWithdrawn", agreementId: command.agreementId })
        : fail(new NotFound({ kind: "agreement", id: command.agreementId }))
    case "ImportPreviousAgreements": {
      if (state.importedFrom !== undefined) {
        return fail(new RetroRuleViolated({
          rule: "import-once",
          detail: `Agreements were already imported from retro ${state.importedFrom.retroId}. Review them instead of importing again.`
        }))
      }
      const previous = state.details.previousRetro
      if (previous !== undefined && (previous.retroId !== command.fromRetroId || previous.date !== command.fromRetroDate)) {
        return fail(new RetroRuleViolated({
          rule: "import-from-previous-retro",
          detail: `This retro follows retro ${previous.retroId} of ${previous.date}, not ${command.fromRetroId} of ${command.fromRetroDate}. Import the previous retro's agreements.`
        }))
      }
      if (command.fromRetroDate >= state.details.date) {
        return fail(new RetroRuleViolated({
          rule: "import-from-earlier-retro",
          detail: `Retro ${command.fromRetroId} (${command.fromRetroDate}) is not before this retro (${state.details.date}). Only an earlier retro's agreements can be reviewed.`
        }))
      }
      const ids = command.agreements.map((a) => a.agreementId)
      const duplicate = ids.find((id, i) => ids.indexOf(id) !== i)
      if (duplicate !== undefined) return fail(new DuplicateId({ kind: "imported agreement", id: duplicate }))
      return ok({
        _tag: "PreviousAgreementsImported",
        fromRetroId: command.fromRetroId,
        fromRetroDate: command.fromRetroDate,
        agreements: command.agreements
      })
    }
    case "ReviewAgreement":
      return state.followUps.some((f) => f.agreement.agreementId === command.agreementId)
        ? ok({ _tag: "AgreementReviewed", agreementId: command.agreementId, outcome: command.outcome, evidence: command.evidence, at: command.at })
        : fail(new NotFound({ kind: "imported agreement", id: command.agreementId }))
  }
}

/**
 * Decides a command against the state.
 *
 * @since 0.1.0
 */
export const decideRetro = (command: RetroCommand, state: RetroState): Decision => {
  // Typed callers can still be handed JSON: decide only what has the command's shape (a command
  // the handler decoded is recognised, not decoded twice).
  const decoded = retroCommands.decode(command)
  return Result.isFailure(decoded) ? fail(decoded.failure) : decideValidRetro(decoded.success, state)
}

const retroCommands = makeCommandDecoder(RetroCommand)

const decideValidRetro = (command: RetroCommand, state: RetroState): Decision => {
  if (state.status === "empty") {
    if (command._tag !== "CreateRetro") return fail(new RetroNotStarted({ command: command._tag }))
    if (!isSecret(command.facilitatorSecret)) return fail(new InvalidSecret({ field: "facilitatorSecret" }))
    const misdated = checkRetroDate(command.date, command.at)
    if (misdated !== undefined) return fail(misdated)
    return ok({
      _tag: "RetroCreated",
      retroId: command.retroId,
      teamId: command.teamId,
      title: command.title,
      trigger: command.trigger,
      date: command.date,
      releaseName: command.releaseName,
      facilitatorName: command.facilitatorName,
      facilitatorSide: command.facilitatorSide,
      facilitatorTokenHash: retroTokenHash(command.facilitatorSecret, command.retroId),
      joinCodeHash: joinCodeHash(command.retroId, command.joinCode),
      previousRetro: command.previousRetro,
      settings: applySettingsPatch(defaultRetroSettings, command.settings),
      at: command.at
    })
  }
  return decideActive(state, command)
}

/**
 * The retro as a {@link Decider}.
 *
 * @since 0.1.0
 */
export const retroDecider: Decider<RetroState, RetroCommand, RetroEvent, RetroError> = {
  initialState: initialRetroState,
  decide: decideRetro,
  evolve: evolveRetro,
  evolveAll: evolveRetroAll
}
