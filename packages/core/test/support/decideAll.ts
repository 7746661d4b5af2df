/**
 * The one command-folding helper of the core's tests: decides each command
 * against the state so far and folds its events in. For properties and
 * fixtures that need a history produced by commands; a spec's "given" is
 * written as events instead (`deciderSpec` from `@retrobridge/core/testing`).
 */
import { Result } from "effect"
import type { Decider } from "../../src/Decider.ts"

export interface Outcome<C, E, Err> {
  readonly command: C
  readonly result: Result.Result<ReadonlyArray<E>, Err>
}

/** Decides and folds every command; a rejected command changes nothing and is kept in `outcomes` (and its error in `errors`). */
export const decideAll = <S, C, E, Err>(
  decider: Decider<S, C, E, Err>,
  commands: ReadonlyArray<C>,
  from: S = decider.initialState
): { state: S; events: Array<E>; outcomes: Array<Outcome<C, E, Err>>; errors: Array<Err> } => {
  let state = from
  const events: Array<E> = []
  const outcomes: Array<Outcome<C, E, Err>> = []
  const errors: Array<Err> = []
  for (const command of commands) {
    const result = decider.decide(command, state)
    outcomes.push({ command, result })
    if (Result.isFailure(result)) {
      errors.push(result.failure)
      continue
    }
    for (const event of result.success) {
      events.push(event)
      state = decider.evolve(state, event)
    }
  }
  return { state, events, outcomes, errors }
}

/** Like {@link decideAll}, but every command must be accepted: the first rejection fails the test, naming the command. */
export const decideAllAccepted = <S, C, E, Err>(
  decider: Decider<S, C, E, Err>,
  commands: ReadonlyArray<C>,
  from: S = decider.initialState
): { state: S; events: Array<E> } => {
  let state = from
  const events: Array<E> = []
  for (const command of commands) {
    const result = decider.decide(command, state)
    if (Result.isFailure(result)) {
      const tag = (command as { readonly _tag?: unknown })._tag
      throw new Error(`${String(tag)} rejected: ${String((result.failure as { readonly message?: unknown }).message)}`)
    }
    for (const event of result.success) {
      events.push(event)
      state = decider.evolve(state, event)
    }
  }
  return { state, events }
}
