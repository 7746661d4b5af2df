/** The live-retro flow commands: ready check, facilitation handover, timebox extension, previous agreements in the flow. */
import { call } from "./api.ts"
import type { View } from "./types.ts"

type TimedPhase = "collecting" | "grouping" | "voting" | "discussing" | "agreeing"

export const setReady = (token: string, retroId: string, ready: boolean) =>
  call(token, (c) => c.retros.setReady({ params: { retroId }, payload: { ready } }))

export const handOver = (token: string, retroId: string, facilitatorName: string) =>
  call(token, (c) => c.retros.handOverFacilitation({ params: { retroId }, payload: { facilitatorName } }))

export const extendTimebox = (token: string, retroId: string, phase: TimedPhase, minutes: number) =>
  call(token, (c) => c.retros.extendTimebox({ params: { retroId }, payload: { phase, minutes } }))

export const importFromPreviousRetro = (token: string, retroId: string) =>
  call(token, (c) => c.retros.importFromPreviousRetro({ params: { retroId } }))

/** The ready check as the view carries it: a count for everyone, the own flag for a participant. */
export const readyOf = (view: View): { readonly supported: boolean; readonly ready: number | undefined; readonly joined: number | undefined; readonly mine: boolean | undefined } => ({
  supported: view.readyCheck !== undefined || view.allowedCommands.includes("SetReady"),
  ready: view.readyCheck?.ready,
  joined: view.readyCheck?.joined,
  mine: view.myReady
})
