/**
 * How the core's aggregates map onto event-store streams: stream ids, event
 * codecs (with their schema versions) and ready command handlers.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { estimateLogDecider, EstimateLogCommand, EstimateLogEvent, EstimateLogEventSchemaVersion } from "../estimates/index.ts"
import type { EventStore } from "../store/EventStore.ts"
import { makeCommandHandler, type CommandHandler } from "../store/CommandHandler.ts"
import { makeEventCodec } from "../store/EventCodec.ts"
import { fingerprintInput, retroRecordedAt } from "./Anonymity.ts"
import { RetroCommand } from "./RetroCommand.ts"
import { retroDecider, type RetroError } from "./RetroDecider.ts"
import { RetroEvent } from "./RetroEvent.ts"
import type { RetroState } from "./RetroState.ts"
import { TeamCommand, teamDecider, TeamEvent, type TeamError, type TeamState } from "./Team.ts"
import type { EstimateLogError, EstimateLogState } from "../estimates/index.ts"

/** Stream id of a retro. @since 0.1.0 */
export const retroStreamId = (retroId: string): string => `retro:${retroId}`
/** Stream id of a team. @since 0.1.0 */
export const teamStreamId = (teamId: string): string => `team:${teamId}`
/** Stream id of a team's estimate log. @since 0.1.0 */
export const estimateLogStreamId = (teamId: string): string => `estimates:${teamId}`

/**
 * Codec of retro events. Bump `currentVersion` and add an upcaster when an
 * event's stored shape changes.
 *
 * @since 0.1.0
 */
export const retroEventCodec = makeEventCodec({ schema: RetroEvent, currentVersion: 1 })
/** @since 0.1.0 */
export const teamEventCodec = makeEventCodec({ schema: TeamEvent, currentVersion: 1 })
/** @since 0.1.0 */
export const estimateLogEventCodec = makeEventCodec({ schema: EstimateLogEvent, currentVersion: EstimateLogEventSchemaVersion })

/**
 * Command handlers for the three aggregates on the store in context.
 *
 * @since 0.1.0
 */
export const makeRetroBridgeHandlers: Effect.Effect<{
  readonly retros: CommandHandler<RetroState, RetroCommand, RetroEvent, RetroError>
  readonly teams: CommandHandler<TeamState, TeamCommand, TeamEvent, TeamError>
  readonly estimates: CommandHandler<EstimateLogState, EstimateLogCommand, EstimateLogEvent, EstimateLogError>
}, never, EventStore> = Effect.all({
  retros: makeCommandHandler({
    decider: retroDecider,
    codec: retroEventCodec,
    commandSchema: RetroCommand,
    fingerprintInput,
    recordedAt: retroRecordedAt
  }),
  teams: makeCommandHandler({
    decider: teamDecider,
    codec: teamEventCodec,
    commandSchema: TeamCommand,
    // A retry carries a later instant and is still the same request.
    fingerprintInput: (command) => {
      if (command === null || typeof command !== "object") return command
      const { at: _at, ...rest } = command as Record<string, unknown>
      return rest
    }
  }),
  estimates: makeCommandHandler({ decider: estimateLogDecider, codec: estimateLogEventCodec, commandSchema: EstimateLogCommand })
})
