/**
 * The typed client, for the parts of a scenario that are not the screen under test (the other
 * people in the room, a team's earlier retros). What a browser test checks still goes through
 * the browser.
 */
import { Effect } from "effect"
import type { BrowserContext } from "playwright-core"
import { RetroBridgeClient } from "@retrobridge/adapter-http/client"

export const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

/** "ok", or the error code the server answered (for checking that something is refused). */
export const outcome = <A, E>(effect: Effect.Effect<A, E>): Promise<string> =>
  run(Effect.match(effect, {
    onSuccess: () => "ok",
    onFailure: (error) => typeof error === "object" && error !== null && "code" in error ? String(error.code) : String(error)
  }))

export const client = (baseUrl: string, token?: string): Promise<RetroBridgeClient> =>
  run(RetroBridgeClient.makeFetch({ baseUrl, ...(token === undefined ? {} : { token }) }))

export type Side = "product" | "engineering"

export interface SeededRetro {
  readonly teamId: string
  readonly adminToken: string
  readonly retroId: string
  readonly facilitatorToken: string
  readonly joinCode: string
  readonly joinPath: string
  readonly facilitator: RetroBridgeClient
}

/** A team and a retro in draft, as the home screen would create them. */
export const seedRetro = async (baseUrl: string, title: string, date = "2026-10-01"): Promise<SeededRetro> => {
  const anonymous = await client(baseUrl)
  const team = await run(anonymous.teams.create({ payload: { name: `${title} team` } }))
  const admin = await client(baseUrl, team.adminToken)
  const retro = await run(admin.teams.createRetro({
    params: { teamId: team.teamId },
    payload: { title, trigger: "quarterly", date, facilitatorName: "Nora" }
  }))
  return {
    teamId: team.teamId,
    adminToken: team.adminToken,
    retroId: retro.retroId,
    facilitatorToken: retro.facilitatorToken,
    joinCode: retro.joinCode,
    joinPath: retro.joinPath,
    facilitator: await client(baseUrl, retro.facilitatorToken)
  }
}

/** Someone else in the room, joining through the API. */
export const joinAs = async (baseUrl: string, retro: SeededRetro, name: string, side: Side): Promise<RetroBridgeClient> => {
  const anonymous = await client(baseUrl)
  const joined = await run(anonymous.retros.join({ params: { retroId: retro.retroId }, payload: { joinCode: retro.joinCode, name, side } }))
  return client(baseUrl, joined.participantToken)
}

const phases = ["draft", "collecting", "grouping", "voting", "discussing", "agreeing"] as const
export type Phase = (typeof phases)[number]

export const advance = (retro: SeededRetro, from: Phase) =>
  run(retro.facilitator.retros.advancePhase({ params: { retroId: retro.retroId }, payload: { from } }))

export interface SeededRoom {
  readonly retro: SeededRetro
  readonly amara: RetroBridgeClient
  readonly bo: RetroBridgeClient
  readonly dana: RetroBridgeClient
  /** For a browser tab that has to be one of them (the participant page keeps its token in sessionStorage). */
  readonly tokens: { readonly amara: string; readonly bo: string; readonly dana: string }
}

/**
 * The room most scenarios start from: a retro (as `seedRetro`) that Amara and Bo joined for
 * product and Dana for engineering, moved on from draft until it is in `phase`. What a later
 * phase needs first (cards before grouping, themes before voting) is the test's to add, so
 * past "collecting" seed in steps with `advance`.
 */
export const seedRoom = async (baseUrl: string, title: string, options: { readonly phase?: Phase } = {}): Promise<SeededRoom> => {
  const retro = await seedRetro(baseUrl, title)
  const anonymous = await client(baseUrl)
  const join = async (name: string, side: Side) =>
    (await run(anonymous.retros.join({ params: { retroId: retro.retroId }, payload: { joinCode: retro.joinCode, name, side } }))).participantToken
  const tokens = { amara: await join("Amara", "product"), bo: await join("Bo", "product"), dana: await join("Dana", "engineering") }
  for (const from of phases.slice(0, phases.indexOf(options.phase ?? "draft"))) await advance(retro, from)
  return {
    retro,
    amara: await client(baseUrl, tokens.amara),
    bo: await client(baseUrl, tokens.bo),
    dana: await client(baseUrl, tokens.dana),
    tokens
  }
}

/**
 * Puts the facilitator token in the browser's storage where the start page keeps it, once per
 * tab (a reload does not put it back, so the app's own forgetting stays visible).
 */
export const holdFacilitatorToken = async (context: BrowserContext, baseUrl: string, retro: SeededRetro): Promise<void> => {
  const key = `retrobridge:facilitator:${retro.retroId}`
  const value = JSON.stringify({ token: retro.facilitatorToken, teamId: retro.teamId, joinPath: retro.joinPath })
  // Only on the server's pages: a new tab's about:blank has no storage to touch.
  await context.addInitScript(`if (location.origin === ${JSON.stringify(new URL(baseUrl).origin)} && sessionStorage.getItem("e2e-seeded") === null) {
    sessionStorage.setItem("e2e-seeded", "1")
    localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(value)})
  }`)
}

/** Puts the team's admin token where the start page keeps it for the team it created (every tab of the context). */
export const holdTeamToken = async (context: BrowserContext, baseUrl: string, retro: SeededRetro, name: string): Promise<void> => {
  const key = `retrobridge:team:${retro.teamId}`
  const value = JSON.stringify({ token: retro.adminToken, name })
  await context.addInitScript(`if (location.origin === ${JSON.stringify(new URL(baseUrl).origin)}) localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(value)})`)
}

/**
 * Puts a participant's token where the join page keeps it for the retro (sessionStorage, every tab
 * of the context), so the tab is that participant without joining again. `noticeRead` skips the
 * anonymity notice a first visit shows.
 */
export const holdParticipantToken = async (
  context: BrowserContext,
  retroId: string,
  participant: { readonly token: string; readonly name: string; readonly side: Side; readonly noticeRead?: boolean }
): Promise<void> => {
  const value = JSON.stringify({ token: participant.token, name: participant.name, side: participant.side, ...(participant.noticeRead === true ? { noticeRead: true } : {}) })
  await context.addInitScript(`sessionStorage.setItem(${JSON.stringify(`retrobridge:participant:${retroId}`)}, ${JSON.stringify(value)})`)
}

/** The columns of the estimate CSVs the e2e tests send (the core's generic layout). */
export const csvHeader = "id,title,type,unit,best,likely,worst,actual,estimated_on,completed_on,status,estimator"

/** 36 finished items in days over three work types (12 each: enough per type for a verdict), each with its own habit: features run over, research far over, bugs on target. */
export const estimateCsv = (): string => {
  const rows = [csvHeader]
  const types = [["Feature", 1.4], ["Bug", 0.9], ["Research", 2.1]] as const
  for (let i = 0; i < 36; i++) {
    const [type, bias] = types[i % 3]!
    const likely = 2 + (i % 4)
    const actual = Math.round(likely * bias * (0.8 + ((i * 7) % 5) / 10) * 10) / 10
    const day = String(1 + (i % 28)).padStart(2, "0")
    rows.push(`E-${i + 1},Item ${i + 1},${type},days,${likely - 1},${likely},${likely * 2},${actual},2026-01-${day},2026-02-${day},,${i % 2 === 0 ? "ana" : "ben"}`)
  }
  return rows.join("\n") + "\n"
}

/** The previous retro's one agreement ("Roadmap dates are ranges", signal and review date), loaded for follow-up as an import would. */
export const importOneAgreement = (retro: SeededRetro) =>
  run(retro.facilitator.retros.importPreviousAgreements({
    params: { retroId: retro.retroId },
    payload: {
      fromRetroId: "r-previous",
      fromRetroDate: "2026-07-01",
      agreements: [{
        agreementId: "a-1",
        statement: "Roadmap dates are ranges",
        commitments: [{ side: "product", text: "Quote ranges to sales" }, { side: "engineering", text: "Give a range per epic at planning" }],
        signal: "Every roadmap date in the planning doc has a range",
        reviewBy: "2026-09-30"
      }]
    }
  }))
