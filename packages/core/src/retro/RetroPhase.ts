/**
 * The retro's phases and their timeboxes.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * `draft → collecting → grouping → voting → discussing → agreeing → closed`.
 * Grouping, voting and discussing share the method's 40-minute theme discussion.
 *
 * @since 0.1.0
 */
export const RetroPhase = Schema.Literals(["draft", "collecting", "grouping", "voting", "discussing", "agreeing", "closed"])
/** @since 0.1.0 */
export type RetroPhase = typeof RetroPhase.Type

/** Phases in their only allowed order. @since 0.1.0 */
export const retroPhaseOrder: ReadonlyArray<RetroPhase> = RetroPhase.literals

/** The phase a new retro starts in. @since 0.2.0 */
export const firstRetroPhase: RetroPhase = RetroPhase.literals[0]

/** Position of a phase in {@link retroPhaseOrder}. @since 0.1.0 */
export const retroPhaseIndex = (phase: RetroPhase): number => retroPhaseOrder.indexOf(phase)

/** The phase after `phase`, or undefined for `closed`. @since 0.1.0 */
export const nextRetroPhase = (phase: RetroPhase): RetroPhase | undefined => retroPhaseOrder[retroPhaseIndex(phase) + 1]

/**
 * The phases that run against a clock.
 *
 * @since 0.1.0
 */
export const TimedPhase = Schema.Literals(["collecting", "grouping", "voting", "discussing", "agreeing"])
/** @since 0.1.0 */
export type TimedPhase = typeof TimedPhase.Type

const Minutes = Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 240 })))

/**
 * Minutes per timed phase.
 *
 * @since 0.1.0
 */
export const PhaseTimeboxes = Schema.Struct({
  collecting: Minutes,
  grouping: Minutes,
  voting: Minutes,
  discussing: Minutes,
  agreeing: Minutes
})
/** @since 0.1.0 */
export type PhaseTimeboxes = typeof PhaseTimeboxes.Type

/**
 * The method's 90 minutes: 20 to collect, 40 for themes (10 grouping, 5 voting,
 * 25 discussing), 30 to agree.
 *
 * @since 0.1.0
 */
export const defaultPhaseTimeboxes: PhaseTimeboxes = {
  collecting: 20,
  grouping: 10,
  voting: 5,
  discussing: 25,
  agreeing: 30
}

/**
 * Per-retro settings, fixed once collection starts.
 *
 * @since 0.1.0
 */
export const RetroSettings = Schema.Struct({
  timeboxes: PhaseTimeboxes,
  /** A card's side is shown only when that side has at least this many participants (2–10). */
  anonymityThreshold: Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 2, maximum: 10 }))),
  /** Dot votes per participant (1–10). */
  voteBudget: Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 10 })))
})
/** @since 0.1.0 */
export type RetroSettings = typeof RetroSettings.Type

/**
 * Defaults: 90 minutes, anonymity threshold 3 (the floor employee-survey
 * tools use), 3 votes each.
 *
 * @since 0.1.0
 */
export const defaultRetroSettings: RetroSettings = {
  timeboxes: defaultPhaseTimeboxes,
  anonymityThreshold: 3,
  voteBudget: 3
}
