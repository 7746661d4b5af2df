/** The live-retro flow commands: ready check, facilitation handover, timebox extension, previous agreements in the flow. */
import { ApiProblem, call } from "./api.ts"
import type { View } from "./types.ts"

type TimedPhase = "collecting" | "grouping" | "voting" | "discussing" | "agreeing"

export const setReady = (token: string, retroId: string, ready: boolean) =>
  call(token, (c) => c.retros.setReady({ params: { retroId }, payload: { ready } }))

export const handOver = (token: string, retroId: string, facilitatorName: string, facilitatorSide?: "product" | "engineering") =>
  call(token, (c) => c.retros.handOverFacilitation({ params: { retroId }, payload: { facilitatorName, ...(facilitatorSide === undefined ? {} : { facilitatorSide }) } }))

export const extendTimebox = (token: string, retroId: string, phase: TimedPhase, minutes: number) =>
  call(token, (c) => c.retros.extendTimebox({ params: { retroId }, payload: { phase, minutes } }))

export const importFromPreviousRetro = (token: string, retroId: string) =>
  call(token, (c) => c.retros.importFromPreviousRetro({ params: { retroId } }))

export const previewImportFromPreviousRetro = (token: string, retroId: string) =>
  call(token, (c) => c.retros.previewImportFromPreviousRetro({ params: { retroId } }))

/** The ready check as the view carries it: a count for everyone, the own flag for a participant. */
export const readyOf = (view: View): { readonly supported: boolean; readonly ready: number | undefined; readonly joined: number | undefined; readonly mine: boolean | undefined } => ({
  supported: view.readyCheck !== undefined || view.allowedCommands.includes("SetReady"),
  ready: view.readyCheck?.ready,
  joined: view.readyCheck?.joined,
  mine: view.myReady
})

/**
 * Joining, in a participant's words: the API's answers name commands and fields, which a person
 * following a join link cannot act on. A wrong code and a retro that does not exist are one answer
 * (the server gives them alike, so nobody can probe for retros).
 */
export const join = (retroId: string, payload: { readonly joinCode: string; readonly name: string; readonly side: "product" | "engineering" }, idempotencyKey: string) =>
  call(undefined, (c) => c.retros.join({ params: { retroId }, payload }), { idempotencyKey }).catch((e: unknown) => {
    throw joinProblem(e)
  })

/**
 * Whether a join with this code would be accepted now, asked without joining: resolves when it would,
 * and fails with the join's own refusal (the phase, for the right code once joining is over).
 */
export const checkJoin = (retroId: string, joinCode: string) =>
  call(undefined, (c) => c.retros.checkJoin({ params: { retroId }, payload: { joinCode } }))

export const joinProblem = (e: unknown): unknown => {
  if (!(e instanceof ApiProblem)) return e
  const reword = (message: string) => new ApiProblem(e.code, message, e.details, e.status)
  if (e.code === "not-allowed-in-phase") {
    return reword("Joining is closed: this retro has moved past writing cards, so it no longer takes new participants. Ask the facilitator.")
  }
  if (e.code === "retro-not-found" || (e.code === "invalid-request" && e.details.path === "joinCode")) {
    return reword("This join link does not open a retro: its code is wrong or incomplete, or the retro was removed. Ask the facilitator for the join link again and open it whole (it ends with # and a code).")
  }
  return e
}
