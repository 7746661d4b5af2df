/**
 * The flow commands H4 adds to the API (ready check, facilitation handover,
 * timebox extension, previous agreements in the flow). Reached through the
 * typed client; until an endpoint exists on the server the control says so.
 */
import { ApiProblem, call, type Client } from "./api.ts"
import type { View } from "./types.ts"

type Loose = Record<string, ((args: unknown) => import("effect").Effect.Effect<unknown, unknown>) | undefined>

const endpoint = (client: Client, name: string) => {
  const f = (client.retros as unknown as Loose)[name]
  if (f === undefined) throw new ApiProblem("not-available", "This server does not offer that yet. Update RetroBridge.")
  return f
}

export const setReady = (token: string, retroId: string, ready: boolean) =>
  call(token, (c) => endpoint(c, "setReady")({ params: { retroId }, payload: { ready } }))

export const handOver = (token: string, retroId: string, facilitatorName: string) =>
  call(token, (c) => endpoint(c, "handOverFacilitation")({ params: { retroId }, payload: { facilitatorName } })) as Promise<{ readonly facilitatorToken: string }>

export const extendTimebox = (token: string, retroId: string, phase: string, minutes: number) =>
  call(token, (c) => endpoint(c, "extendTimebox")({ params: { retroId }, payload: { phase, minutes } }))

export const importFromPreviousRetro = (token: string, retroId: string) =>
  call(token, (c) => endpoint(c, "importFromPreviousRetro")({ params: { retroId } }))

/** The ready check as the view carries it: a count for everyone, the own flag for a participant. */
export const readyOf = (view: View): { readonly supported: boolean; readonly ready: number | undefined; readonly joined: number | undefined; readonly mine: boolean | undefined } => ({
  supported: view.readyCheck !== undefined || view.allowedCommands.includes("SetReady"),
  ready: view.readyCheck?.ready,
  joined: view.readyCheck?.joined,
  mine: view.myReady
})
