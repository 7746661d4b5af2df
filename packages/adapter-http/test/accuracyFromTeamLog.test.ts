/**
 * The retro's facilitator attaches the accuracy report of the retro's own team, computed by the
 * server from the team's estimate log: no team admin token is needed, so a facilitator who took
 * over (another device, a handover) can still put the data on the estimates theme. The log itself
 * never reaches the facilitator, and another team's log is never read.
 */
import { describe, expect, it } from "vitest"
import { Estimates } from "@retrobridge/core"
import { makeHarness, setupRetro, setupTeam, type Harness } from "./fixtures/harness.ts"

const history = Estimates.generateHistory({ seed: 7, count: 120, startOn: "2026-01-01", days: 240 })

const importHistory = async (h: Harness, team: { teamId: string; adminToken: string }) => {
  const reply = await h.call("POST", `/teams/${team.teamId}/estimates/import`, {
    token: team.adminToken,
    raw: Estimates.historyToCsv(history),
    headers: { "content-type": "text/csv" }
  })
  expect(reply.status, reply.text).toBe(200)
}

/** A retro of the team in grouping, with the estimates theme and one other; facilitation handed over. */
const groupingAfterHandover = async (h: Harness, team: { teamId: string; adminToken: string }) => {
  const retro = await setupRetro(h, team.adminToken, team.teamId)
  expect((await h.call("POST", `/retros/${retro.retroId}/phase`, { token: retro.facilitatorToken, body: { from: "collecting" } })).status).toBe(200)
  const estimates = await h.call("POST", `/retros/${retro.retroId}/themes`, { token: retro.facilitatorToken, body: { name: "estimates-predictability" } })
  const debt = await h.call("POST", `/retros/${retro.retroId}/themes`, { token: retro.facilitatorToken, body: { name: "technical-debt" } })
  const handedOver = await h.call("POST", `/retros/${retro.retroId}/facilitator`, { token: retro.facilitatorToken, body: { facilitatorName: "Sam" } })
  expect(handedOver.status, handedOver.text).toBe(201)
  return {
    retro,
    estimatesThemeId: estimates.json.themeId as string,
    debtThemeId: debt.json.themeId as string,
    facilitatorToken: handedOver.json.facilitatorToken as string
  }
}

const fromTeamLog = (h: Harness, retroId: string, themeId: string, token: string, body: unknown, headers?: Record<string, string>) =>
  h.call("POST", `/retros/${retroId}/themes/${themeId}/accuracy-report/from-team-log`, { token, body, ...(headers === undefined ? {} : { headers }) })

const attachedReport = async (h: Harness, retroId: string, themeId: string, token: string) =>
  ((await h.call("GET", `/retros/${retroId}`, { token })).json.themes as Array<{ themeId: string; accuracyReport?: unknown }>)
    .find((t) => t.themeId === themeId)?.accuracyReport

describe("POST /retros/{retroId}/themes/{themeId}/accuracy-report/from-team-log", () => {
  it("attaches the report of the retro's own team, as the team admin reads it, for a facilitator who took over", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    await importHistory(h, team)
    const { retro, estimatesThemeId, facilitatorToken } = await groupingAfterHandover(h, team)

    const attached = await fromTeamLog(h, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours", quarter: "2026-Q2" }, basis: "initial" })
    expect(attached.status, attached.text).toBe(200)
    // An acknowledgement, nothing of the log: not its items, not even the report (the view carries that).
    expect(Object.keys(attached.json)).toEqual(["version"])

    const asAdmin = await h.call("POST", `/teams/${team.teamId}/estimates/accuracy`, { token: team.adminToken, body: { slice: { unit: "hours", quarter: "2026-Q2" }, basis: "initial" } })
    expect(asAdmin.json.summary.count).toBeGreaterThan(0)
    expect(await attachedReport(h, retro.retroId, estimatesThemeId, facilitatorToken)).toEqual(asAdmin.json)
    // Everyone in the room sees it on the theme.
    expect(await attachedReport(h, retro.retroId, estimatesThemeId, retro.participantTokens[0]!)).toEqual(asAdmin.json)

    // Attaching again replaces it with the slice asked for now.
    expect((await fromTeamLog(h, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours" } })).status).toBe(200)
    const latest = await h.call("POST", `/teams/${team.teamId}/estimates/accuracy`, { token: team.adminToken, body: { slice: { unit: "hours" } } })
    expect(await attachedReport(h, retro.retroId, estimatesThemeId, facilitatorToken)).toEqual(latest.json)

    // The token handed over no longer works: the retro's not-found, as for any other token.
    const old = await fromTeamLog(h, retro.retroId, estimatesThemeId, retro.facilitatorToken, { slice: { unit: "hours" } })
    expect(old.status).toBe(404)
    expect(old.json.code).toBe("retro-not-found")
    await h.dispose()
  })

  it("reads only the retro's own team's log: another team's history never fills it", async () => {
    const h = await makeHarness()
    const withHistory = await setupTeam(h)
    await importHistory(h, withHistory)
    const without = await setupTeam(h)
    const { retro, estimatesThemeId, facilitatorToken } = await groupingAfterHandover(h, without)
    const reply = await fromTeamLog(h, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours" } })
    expect(reply.status, reply.text).toBe(422)
    expect(reply.json.code).toBe("estimate-slice-empty")
    expect(await attachedReport(h, retro.retroId, estimatesThemeId, facilitatorToken)).toBeUndefined()
    // The slice cannot name a team: the server puts the retro's in.
    const named = await fromTeamLog(h, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours", teamId: withHistory.teamId } })
    expect(named.status).toBe(400)
    expect(named.json.details.path).toBe("slice.teamId")
    expect(await attachedReport(h, retro.retroId, estimatesThemeId, facilitatorToken)).toBeUndefined()
    await h.dispose()
  })

  it("a facilitator token of another team's retro gets exactly the answer for a retro that does not exist", async () => {
    const h = await makeHarness()
    const mine = await setupTeam(h)
    const theirs = await setupTeam(h)
    await importHistory(h, theirs)
    const a = await groupingAfterHandover(h, mine)
    const b = await groupingAfterHandover(h, theirs)
    const body = { slice: { unit: "hours" } }
    const wrong = await fromTeamLog(h, b.retro.retroId, b.estimatesThemeId, a.facilitatorToken, body)
    const absent = await fromTeamLog(h, "r_absent", b.estimatesThemeId, a.facilitatorToken, body)
    expect(wrong.status).toBe(404)
    expect(wrong.text.replaceAll(b.retro.retroId, "ID")).toBe(absent.text.replaceAll("r_absent", "ID"))
    expect(await attachedReport(h, b.retro.retroId, b.estimatesThemeId, b.facilitatorToken)).toBeUndefined()
    await h.dispose()
  })

  it("attaches nothing for a slice without completed items, and says how to choose one", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    await importHistory(h, team)
    const { retro, estimatesThemeId, facilitatorToken } = await groupingAfterHandover(h, team)
    const reply = await fromTeamLog(h, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "points" } })
    expect(reply.status).toBe(422)
    expect(reply.json.code).toBe("estimate-slice-empty")
    expect(reply.json.message).toMatch(/no completed items in points/)
    expect(reply.json.details.path).toBe("slice")
    expect(await attachedReport(h, retro.retroId, estimatesThemeId, facilitatorToken)).toBeUndefined()
    await h.dispose()
  })

  it("keeps the retro's rules first: the theme, the phase, the role", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    await importHistory(h, team)
    const { retro, debtThemeId, estimatesThemeId, facilitatorToken } = await groupingAfterHandover(h, team)
    // Even for a slice without items, the theme's rule is what is wrong.
    const wrongTheme = await fromTeamLog(h, retro.retroId, debtThemeId, facilitatorToken, { slice: { unit: "points" } })
    expect(wrongTheme.status).toBe(422)
    expect(wrongTheme.json).toMatchObject({ code: "rule-violated", details: { rule: "report-on-estimates-theme" } })
    const noTheme = await fromTeamLog(h, retro.retroId, "th_AAAAAAAAAAAAAAAAAAAAAA", facilitatorToken, { slice: { unit: "hours" } })
    expect(noTheme.status).toBe(404)
    expect(noTheme.json.details.path).toBe("themeId")
    const participant = await fromTeamLog(h, retro.retroId, estimatesThemeId, retro.participantTokens[0]!, { slice: { unit: "hours" } })
    expect(participant.status).toBe(403)
    expect((await h.call("POST", `/retros/${retro.retroId}/phase`, { token: facilitatorToken, body: { from: "grouping" } })).status).toBe(200)
    const voting = await fromTeamLog(h, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "points" } })
    expect(voting.status).toBe(409)
    expect(voting.json.code).toBe("not-allowed-in-phase")
    expect(voting.json.message).toContain("POST /retros/{retroId}/themes/{themeId}/accuracy-report/from-team-log")
    await h.dispose()
  })

  it("counts against the token's write allowance once per request, refused or not, before the log is read", async () => {
    const h = await makeHarness({ writeLimit: { limit: 3, windowMs: 60_000 } })
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    // setupRetro's start took one of the facilitator's three writes; the reveal takes the second.
    expect((await h.call("POST", `/retros/${retro.retroId}/phase`, { token: retro.facilitatorToken, body: { from: "collecting" } })).status).toBe(200)
    const theme = (await h.call("POST", `/retros/${retro.retroId}/themes`, { token: retro.facilitatorToken, body: { name: "estimates-predictability" } })).json.themeId as string
    const limited = await fromTeamLog(h, retro.retroId, theme, retro.facilitatorToken, { slice: { unit: "hours" } })
    expect(limited.status).toBe(429)
    expect(limited.json.code).toBe("rate-limited")
    await h.dispose()

    const roomy = await makeHarness({ writeLimit: { limit: 4, windowMs: 60_000 } })
    const team2 = await setupTeam(roomy)
    await importHistory(roomy, team2)
    const retro2 = await setupRetro(roomy, team2.adminToken, team2.teamId)
    expect((await roomy.call("POST", `/retros/${retro2.retroId}/phase`, { token: retro2.facilitatorToken, body: { from: "collecting" } })).status).toBe(200)
    const theme2 = (await roomy.call("POST", `/retros/${retro2.retroId}/themes`, { token: retro2.facilitatorToken, body: { name: "estimates-predictability" } })).json.themeId as string
    // The fourth write: counted once, so it is carried out.
    expect((await fromTeamLog(roomy, retro2.retroId, theme2, retro2.facilitatorToken, { slice: { unit: "hours" } })).status).toBe(200)
    expect((await fromTeamLog(roomy, retro2.retroId, theme2, retro2.facilitatorToken, { slice: { unit: "hours" } })).status).toBe(429)
    await roomy.dispose()
  })

  it("a retry under the same Idempotency-Key answers the first outcome, even after the log changed, in another process", async () => {
    const { Effect } = await import("effect")
    const { MemoryEventStore } = await import("@retrobridge/adapter-memory")
    const store = await Effect.runPromise(MemoryEventStore.make)
    const a = await makeHarness({}, store)
    const b = await makeHarness({}, store)
    const team = await setupTeam(a)
    await importHistory(a, team)
    const { retro, estimatesThemeId, facilitatorToken } = await groupingAfterHandover(a, team)
    const headers = { "idempotency-key": "accuracy-2f9c7a1e-4b8d-4e0a-9c3f-6d2e1b0a7c55" }
    const first = await fromTeamLog(a, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours" } }, headers)
    expect(first.status, first.text).toBe(200)
    const before = await attachedReport(a, retro.retroId, estimatesThemeId, facilitatorToken)
    // The log moves on between the first attempt and its retry.
    const recorded = await a.call("POST", `/teams/${team.teamId}/estimates`, {
      token: team.adminToken,
      body: { itemId: "NEW-1", title: "Late addition", workType: "feature", unit: "hours", range: { best: 2, likely: 4, worst: 8 }, estimatedBy: "engineering", estimatedOn: "2026-11-01" }
    })
    expect(recorded.status).toBe(201)
    expect((await a.call("PUT", `/teams/${team.teamId}/estimates/NEW-1/actual`, { token: team.adminToken, body: { actual: 30, completedOn: "2026-11-10" } })).status).toBe(200)
    const retried = await fromTeamLog(b, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours" } }, headers)
    expect(retried.status, retried.text).toBe(200)
    expect(retried.json).toEqual(first.json)
    expect(await attachedReport(a, retro.retroId, estimatesThemeId, facilitatorToken)).toEqual(before)
    // Another slice under the same key is another request.
    const other = await fromTeamLog(b, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours", quarter: "2026-Q2" } }, headers)
    expect(other.status).toBe(409)
    expect(other.json.code).toBe("idempotency-key-reused")
    await a.dispose()
    await b.dispose()
  })

  it("a request the retro refuses reads nothing of the log; a keyed retry of an attach that went through still gets its first outcome", async () => {
    const { Effect } = await import("effect")
    const { MemoryEventStore } = await import("@retrobridge/adapter-memory")
    const store = await Effect.runPromise(MemoryEventStore.make)
    // Counts reads of estimate logs: reading and reporting a large one is the costly part of this endpoint.
    let logReads = 0
    const counting = {
      ...store,
      read: (streamId: string, fromVersion?: number) => {
        if (streamId.startsWith("estimates:")) logReads++
        return store.read(streamId, fromVersion)
      }
    }
    const a = await makeHarness({}, counting)
    const b = await makeHarness({}, counting)
    const team = await setupTeam(a)
    await importHistory(a, team)
    const { retro, debtThemeId, estimatesThemeId, facilitatorToken } = await groupingAfterHandover(a, team)
    const readsBefore = logReads
    const wrongTheme = await fromTeamLog(a, retro.retroId, debtThemeId, facilitatorToken, { slice: { unit: "hours", quarter: "2026-Q1" } })
    expect(wrongTheme.json).toMatchObject({ code: "rule-violated", details: { rule: "report-on-estimates-theme" } })
    expect(logReads, "log reads for a request the retro refuses").toBe(readsBefore)

    const headers = { "idempotency-key": "accuracy-7d1e0c2b-5a4f-4c3e-8b2a-1f0e9d8c7b6a" }
    const first = await fromTeamLog(a, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours" } }, headers)
    expect(first.status, first.text).toBe(200)
    expect(logReads).toBeGreaterThan(readsBefore)
    // The retro moves on to the vote, which takes no report; the retry of the attach that went through is answered as it was.
    expect((await a.call("POST", `/retros/${retro.retroId}/phase`, { token: facilitatorToken, body: { from: "grouping" } })).status).toBe(200)
    for (const h of [a, b]) {
      const retried = await fromTeamLog(h, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours" } }, headers)
      expect(retried.status, retried.text).toBe(200)
      expect(retried.json).toEqual(first.json)
    }
    // A new key is a new request, refused by the phase without reading the log.
    const readsThen = logReads
    const fresh = await fromTeamLog(b, retro.retroId, estimatesThemeId, facilitatorToken, { slice: { unit: "hours" } }, { "idempotency-key": "accuracy-0b9a8c7d-6e5f-4a3b-9c2d-1e0f2a3b4c5d" })
    expect(fresh.status).toBe(409)
    expect(fresh.json.code).toBe("not-allowed-in-phase")
    expect(logReads).toBe(readsThen)
    await a.dispose()
    await b.dispose()
  })
})
