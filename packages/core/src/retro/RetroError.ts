/**
 * Typed errors of the retro aggregate. Each says what was wrong and what to
 * do; none names who wrote a card (messages are shown to clients).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { RetroPhase } from "./RetroPhase.ts"
import { retroEntityKinds, retroRuleNames } from "./RetroRules.ts"

/** What a {@link DuplicateId} or {@link NotFound} is about. @since 0.2.0 */
export const RetroEntityKind = Schema.Literals(retroEntityKinds)

/** The rule a {@link RetroRuleViolated} names (see `RetroRules.ts`). @since 0.2.0 */
export const RetroRuleName = Schema.Literals(retroRuleNames)

/** @since 0.1.0 */
export class RetroNotStarted extends Schema.TaggedError<RetroNotStarted>()("RetroNotStarted", {
  command: Schema.String
}) {
  override get message(): string {
    return `${this.command} needs an existing retro, and this one has not been created. Send CreateRetro first.`
  }
}

/** @since 0.1.0 */
export class RetroAlreadyCreated extends Schema.TaggedError<RetroAlreadyCreated>()("RetroAlreadyCreated", {
  retroId: Schema.String
}) {
  override get message(): string {
    return `Retro ${this.retroId} already exists. Use a new retro id to start another retro.`
  }
}

/**
 * The command is not one the current phase accepts.
 *
 * @since 0.1.0
 */
export class CommandNotAllowedInPhase extends Schema.TaggedError<CommandNotAllowedInPhase>()("CommandNotAllowedInPhase", {
  command: Schema.String,
  phase: RetroPhase,
  allowed: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `${this.command} is not allowed while the retro is ${this.phase}. Allowed in ${this.phase}: ${
      this.allowed.length === 0 ? "nothing (the retro is closed)" : this.allowed.join(", ")
    }.`
  }
}

/**
 * AdvancePhase (or ExtendTimebox) named a phase the retro is no longer (or
 * not yet) in: a stale click. Phases only move forward, one at a time.
 *
 * @since 0.1.0
 */
export class PhaseMismatch extends Schema.TaggedError<PhaseMismatch>()("PhaseMismatch", {
  requestedFrom: RetroPhase,
  actual: RetroPhase,
  /** The command that named the phase, when not `AdvancePhase` (`ExtendTimebox`). @since 0.2.0 */
  command: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return this.command === "ExtendTimebox"
      ? `Cannot extend the timebox of ${this.requestedFrom}: the retro is already ${this.actual}. Refresh, and extend ${this.actual} if that is what you meant.`
      : `Cannot advance from ${this.requestedFrom}: the retro is already ${this.actual}. Phases only move forward; refresh and advance from ${this.actual} if that is what you meant.`
  }
}

/** @since 0.1.0 */
export class NotFacilitator extends Schema.TaggedError<NotFacilitator>()("NotFacilitator", {
  command: Schema.String
}) {
  override get message(): string {
    return `${this.command} is for the facilitator only, and the secret given is not the facilitator's. Use the facilitator link of this retro.`
  }
}

/** @since 0.1.0 */
export class NotAParticipant extends Schema.TaggedError<NotAParticipant>()("NotAParticipant", {
  command: Schema.String
}) {
  override get message(): string {
    return `${this.command} needs a participant of this retro, and the secret given matches none. Join the retro first, or use the link you joined with.`
  }
}

/** @since 0.1.0 */
export class WrongJoinCode extends Schema.TaggedError<WrongJoinCode>()("WrongJoinCode", {}) {
  override get message(): string {
    return "The join code does not match this retro. Ask the facilitator for the invitation link."
  }
}

/**
 * An id the command wants to create is taken.
 *
 * @since 0.1.0
 */
export class DuplicateId extends Schema.TaggedError<DuplicateId>()("DuplicateId", {
  kind: RetroEntityKind,
  id: Schema.String
}) {
  override get message(): string {
    return `A ${this.kind} with id ${this.id} already exists in this retro. Generate a new id.`
  }
}

/**
 * The command names something the retro does not have.
 *
 * @since 0.1.0
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  kind: RetroEntityKind,
  id: Schema.String
}) {
  override get message(): string {
    return `No ${this.kind} with id ${this.id} in this retro. Check the id against the current view.`
  }
}

/**
 * The secret does not prove ownership of the card. Deliberately silent on
 * whose card it is.
 *
 * @since 0.1.0
 */
export class NotCardOwner extends Schema.TaggedError<NotCardOwner>()("NotCardOwner", {
  cardId: Schema.String
}) {
  override get message(): string {
    return `Card ${this.cardId} can only be changed by its author, and the secret given does not prove authorship. Edit only cards listed as yours.`
  }
}

/** @since 0.1.0 */
export class VoteBudgetExhausted extends Schema.TaggedError<VoteBudgetExhausted>()("VoteBudgetExhausted", {
  budget: Schema.Number
}) {
  override get message(): string {
    return `All ${this.budget} of your votes are cast. Retract a vote to move it to another theme.`
  }
}

/** @since 0.1.0 */
export class NoVoteToRetract extends Schema.TaggedError<NoVoteToRetract>()("NoVoteToRetract", {
  themeId: Schema.String
}) {
  override get message(): string {
    return `You have no vote on theme ${this.themeId} to retract.`
  }
}

/**
 * A command's content breaks a rule of the method that is not about phase or
 * identity (for example a missing shuffle seed, a bad setting, an empty merge).
 *
 * @since 0.1.0
 */
export class RetroRuleViolated extends Schema.TaggedError<RetroRuleViolated>()("RetroRuleViolated", {
  rule: RetroRuleName,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}
