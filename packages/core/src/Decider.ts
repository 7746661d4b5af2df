/**
 * The decider pattern every aggregate of the core follows: a command is
 * decided against the current state into events (or a typed error), and events
 * fold into state. Both functions are pure and total; replaying the same events
 * always yields the same state.
 *
 * @since 0.1.0
 */
import type { Result } from "effect"

/**
 * @since 0.1.0
 */
export interface Decider<State, Command, Event, Err> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => Result.Result<ReadonlyArray<Event>, Err>
  readonly evolve: (state: State, event: Event) => State
}

/**
 * Folds events into state from the decider's initial state.
 *
 * @since 0.1.0
 */
export const replay = <State, Command, Event, Err>(
  decider: Decider<State, Command, Event, Err>,
  events: Iterable<Event>,
  from: State = decider.initialState
): State => {
  let state = from
  for (const event of events) state = decider.evolve(state, event)
  return state
}
