/**
 * Retro events as they may be sent to clients (live feeds, webhooks). The
 * stored events hold hashes that must stay server-side, and card text is
 * secret until the reveal, so clients get a notice of what changed and
 * fetch their own view; card text arrives only through views.
 *
 * @since 0.1.0
 */
import type { RetroEvent } from "./RetroEvent.ts"

/**
 * A stored event with every secret-derived field (token hashes, join code
 * hash, ownership proofs, voter tags, ready marks) and every card text removed.
 *
 * @since 0.1.0
 */
export type RetroClientEvent =
  | { readonly _tag: "CardAdded" | "CardEdited" | "CardWithdrawn" }
  | { readonly _tag: "VoteCast" | "VoteRetracted" }
  | { readonly _tag: "ReadyMarked" | "ReadyUnmarked" }
  | { readonly _tag: "FacilitationHandedOver"; readonly facilitatorName: string; readonly at: number }
  | { readonly _tag: "ParticipantJoined"; readonly participantId: string; readonly name: string; readonly side: string }
  | { readonly _tag: "RetroCreated"; readonly retroId: string; readonly teamId: string; readonly title: string; readonly date: string }
  | Exclude<RetroEvent, { readonly _tag: "CardAdded" | "CardEdited" | "CardWithdrawn" | "VoteCast" | "VoteRetracted" | "ReadyMarked" | "ReadyUnmarked" | "FacilitationHandedOver" | "ParticipantJoined" | "RetroCreated" }>

/**
 * Redacts an event for clients.
 *
 * @since 0.1.0
 */
export const toRetroClientEvent = (event: RetroEvent): RetroClientEvent => {
  switch (event._tag) {
    case "CardAdded":
    case "CardEdited":
    case "CardWithdrawn":
    case "VoteCast":
    case "VoteRetracted":
    case "ReadyMarked":
    case "ReadyUnmarked":
      return { _tag: event._tag }
    case "FacilitationHandedOver":
      return { _tag: event._tag, facilitatorName: event.facilitatorName, at: event.at }
    case "ParticipantJoined":
      return { _tag: event._tag, participantId: event.participantId, name: event.name, side: event.side }
    case "RetroCreated":
      return { _tag: event._tag, retroId: event.retroId, teamId: event.teamId, title: event.title, date: event.date }
    default:
      return event
  }
}
