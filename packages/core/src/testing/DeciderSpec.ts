/**
 * Specifications for deciders as Emmett writes them: given the events that
 * already happened, when a command arrives, then these events (or this
 * error). The "given" is events, not commands, so a spec states exactly the
 * history it depends on and breaks only when the rule it names changes.
 *
 * ```ts
 * import { Retro } from "@retrobridge/core"
 * import { deciderSpec } from "@retrobridge/core/testing"
 *
 * const spec = deciderSpec(Retro.decider)
 * spec.given([created, joined]).when(advance).thenFails({ _tag: "RetroRuleViolated", rule: "both-sides-present" })
 * ```
 *
 * Framework-free: a failed expectation throws an `Error` whose message shows
 * the expected and the actual outcome, so it works under any test runner.
 *
 * @since 0.2.0
 */
import { Result } from "effect"
import type { Decider } from "../Decider.ts"

/** @since 0.2.0 */
export interface DeciderSpec<State, Command, Event, Err> {
  readonly given: (events: ReadonlyArray<Event>) => DeciderSpecGiven<State, Command, Event, Err>
}

/** @since 0.2.0 */
export interface DeciderSpecGiven<State, Command, Event, Err> {
  /** The state the given events fold into. */
  readonly state: State
  readonly when: (command: Command) => DeciderSpecWhen<State, Event, Err>
}

/** @since 0.2.0 */
export interface DeciderSpecWhen<State, Event, Err> {
  /** Expects exactly these events (fields set to `undefined` count as absent). Returns the state after them. */
  readonly then: (expected: ReadonlyArray<Event>) => State
  /** Expects no events and no error: the command changes nothing. */
  readonly thenNothing: () => void
  /**
   * Expects a rejection: with an error tag, or with an object whose fields
   * the error must have (e.g. `{ _tag: "RetroRuleViolated", rule: "…" }`).
   * Returns the error for further checks.
   */
  readonly thenFails: (expected: string | Readonly<Record<string, unknown>>) => Err
  /** The raw outcome, for checks the helpers above do not cover. */
  readonly outcome: Result.Result<ReadonlyArray<Event>, Err>
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null && !Array.isArray(u)

/** Structural equality of plain data; a key whose value is `undefined` equals a missing key. */
const same = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]))
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const key of keys) if (!same(a[key], b[key])) return false
    return true
  }
  return false
}

/** Whether `actual` has every field of `expected` (deeply equal). */
const has = (actual: unknown, expected: Readonly<Record<string, unknown>>): boolean =>
  isRecord(actual) && Object.entries(expected).every(([key, value]) => same(actual[key], value))

const show = (u: unknown): string => {
  if (u instanceof Error) {
    const fields: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(u)) fields[key] = value
    return JSON.stringify({ _tag: (u as { readonly _tag?: unknown })._tag, ...fields, message: u.message }, null, 2)
  }
  return JSON.stringify(u, null, 2)
}

const failed = (what: string, expected: unknown, actual: unknown): Error =>
  new Error(`${what}\nexpected: ${show(expected)}\nactual: ${show(actual)}`)

/**
 * A `given(events).when(command).then(events | error)` specification for a
 * decider.
 *
 * @since 0.2.0
 */
export const deciderSpec = <State, Command, Event, Err>(
  decider: Decider<State, Command, Event, Err>
): DeciderSpec<State, Command, Event, Err> => ({
  given: (events) => {
    let state = decider.initialState
    for (const event of events) state = decider.evolve(state, event)
    return {
      state,
      when: (command) => {
        const outcome = decider.decide(command, state)
        const outcomeOf = (): unknown => Result.isSuccess(outcome) ? { events: outcome.success } : { error: outcome.failure }
        return {
          outcome,
          then: (expected) => {
            if (Result.isFailure(outcome) || !same(outcome.success, expected)) {
              throw failed("the command did not decide the expected events", { events: expected }, outcomeOf())
            }
            let after = state
            for (const event of outcome.success) after = decider.evolve(after, event)
            return after
          },
          thenNothing: () => {
            if (Result.isFailure(outcome) || outcome.success.length > 0) {
              throw failed("the command was expected to change nothing", { events: [] }, outcomeOf())
            }
          },
          thenFails: (expected) => {
            const wanted = typeof expected === "string" ? { _tag: expected } : expected
            if (Result.isSuccess(outcome) || !has(outcome.failure, wanted)) {
              throw failed("the command was expected to be rejected", { error: wanted }, outcomeOf())
            }
            return outcome.failure
          }
        }
      }
    }
  }
})
