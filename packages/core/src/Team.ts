/**
 * A team: its roster (who sits on which side) as an aggregate, and its
 * history across retros.
 *
 * @since 0.2.0
 */
export {
  /** @since 0.2.0 */
  TeamRole as Role,
  /** @since 0.2.0 */
  TeamCommand as Command,
  /** @since 0.2.0 */
  TeamEvent as Event,
  /** @since 0.2.0 */
  type TeamMember as Member,
  /** @since 0.2.0 */
  type TeamState as State,
  /** @since 0.2.0 */
  type TeamError as Error,
  /** @since 0.2.0 */
  initialTeamState as initialState,
  /** @since 0.2.0 */
  decideTeam as decide,
  /** @since 0.2.0 */
  evolveTeam as evolve,
  /** @since 0.2.0 */
  teamDecider as decider
} from "./retro/Team.ts"

export {
  /** @since 0.2.0 */
  type TeamHistory as History,
  /** @since 0.2.0 */
  type TeamHistoryEntry as HistoryEntry,
  /** @since 0.2.0 */
  teamHistory as history
} from "./retro/TeamHistory.ts"

export {
  /** @since 0.2.0 */
  teamStreamId as streamId,
  /** @since 0.2.0 */
  teamEventCodec as eventCodec
} from "./retro/RetroStreams.ts"
