/**
 * `Idempotency-Key` across server processes: each process keeps its own
 * cache of answers, so a retry that reaches another process (or arrives
 * after the cache forgot) is answered from the store's durable record.
 * Two applications on one store stand for two processes on one database.
 */
import { Effect } from "effect"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { describe, expect, it } from "vitest"
import { makeHarness, setupRetro, setupTeam, type Harness } from "./fixtures/harness.ts"

const twoProcesses = async (): Promise<readonly [Harness, Harness]> => {
  const store = await Effect.runPromise(MemoryEventStore.make)
  return [await makeHarness({}, store), await makeHarness({}, store)] as const
}

const key = (name: string) => ({ "idempotency-key": `${name}-7f8e0c52-2b1c-4d7e-9a55-0c8d1e3f4a6b` })

/** A retry that minted a token on its first run: that token was shown once and is kept nowhere. */
const expectAlreadyDone = (reply: { status: number; json: any }) => {
  expect(reply.status).toBe(409)
  expect(reply.json.code).toBe("already-done")
  expect(reply.json.details.path).toBe("Idempotency-Key")
}

describe("Idempotency-Key across processes", () => {
  it("writes that mint ids answer the retry with the first outcome; nothing is created twice", async () => {
    const [a, b] = await twoProcesses()
    const team = await setupTeam(a)
    const retro = await setupRetro(a, team.adminToken, team.teamId)
    const facilitator = { token: retro.facilitatorToken }

    const card = { token: retro.participantTokens[0]!, body: { prompt: "friction", text: "Specs arrive late" }, headers: key("card") }
    const cardA = await a.call("POST", `/retros/${retro.retroId}/cards`, card)
    const cardB = await b.call("POST", `/retros/${retro.retroId}/cards`, card)
    expect(cardA.status).toBe(201)
    expect(cardB.status).toBe(201)
    expect(cardB.json).toEqual(cardA.json)

    const member = { token: team.adminToken, body: { name: "Gil", side: "engineering", role: "engineer" }, headers: key("member") }
    const memberA = await a.call("POST", `/teams/${team.teamId}/members`, member)
    const memberB = await b.call("POST", `/teams/${team.teamId}/members`, member)
    expect(memberA.status).toBe(201)
    expect(memberB.json).toEqual(memberA.json)
    const rename = { token: team.adminToken, body: { name: "Checkout & Payments" }, headers: key("rename") }
    const renameA = await a.call("PATCH", `/teams/${team.teamId}`, rename)
    const renameB = await b.call("PATCH", `/teams/${team.teamId}`, rename)
    expect(renameA.status).toBe(200)
    expect(renameB.json).toEqual(renameA.json)
    expect((await a.call("GET", `/teams/${team.teamId}`, { token: team.adminToken })).json.members).toHaveLength(1)

    // The reveal's shuffle seed is minted per attempt (nobody may choose it); the retry is still the same request.
    const reveal = { ...facilitator, body: { from: "collecting" }, headers: key("reveal") }
    const revealA = await a.call("POST", `/retros/${retro.retroId}/phase`, reveal)
    const revealB = await b.call("POST", `/retros/${retro.retroId}/phase`, reveal)
    expect(revealA.status).toBe(200)
    expect(revealB.json).toEqual(revealA.json)
    const theme = { ...facilitator, body: { name: "Late specs" }, headers: key("theme") }
    const themeA = await a.call("POST", `/retros/${retro.retroId}/themes`, theme)
    const themeB = await b.call("POST", `/retros/${retro.retroId}/themes`, theme)
    expect(themeA.status).toBe(201)
    expect(themeB.status).toBe(201)
    expect(themeB.json).toEqual(themeA.json)
    const view = (await a.call("GET", `/retros/${retro.retroId}`, facilitator)).json
    expect(view.themes).toHaveLength(1)
    expect(view.cardCounts.total).toBe(7)
    await a.dispose()
    await b.dispose()
  })

  it("writes that mint a token are never carried out twice, and say so", async () => {
    const [a, b] = await twoProcesses()
    const created = { body: { name: "Checkout" }, headers: key("team") }
    const teamA = await a.call("POST", "/teams", created)
    expect(teamA.status).toBe(201)
    expectAlreadyDone(await b.call("POST", "/teams", created))

    const team = teamA.json as { teamId: string; adminToken: string }
    const retroBody = { token: team.adminToken, body: { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, headers: key("retro") }
    const retroA = await a.call("POST", `/teams/${team.teamId}/retros`, retroBody)
    expect(retroA.status).toBe(201)
    expectAlreadyDone(await b.call("POST", `/teams/${team.teamId}/retros`, retroBody))
    expect(await Effect.runPromise(a.store.listStreams(team.teamId, "retro"))).toHaveLength(1)

    const join = { body: { joinCode: retroA.json.joinCode, name: "Amara", side: "product" }, headers: key("join") }
    const joinA = await a.call("POST", `/retros/${retroA.json.retroId}/participants`, join)
    expect(joinA.status).toBe(201)
    expectAlreadyDone(await b.call("POST", `/retros/${retroA.json.retroId}/participants`, join))
    const view = (await a.call("GET", `/retros/${retroA.json.retroId}`, { token: retroA.json.facilitatorToken })).json
    expect(view.participants).toHaveLength(1)
    await a.dispose()
    await b.dispose()
  })

  it("a minted token is handed out again only within the retry window: a handed-over token cannot fetch its successor later", async () => {
    const h = await makeHarness({ mintedTokenRetryMs: 300 })
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const handOver = { token: retro.facilitatorToken, body: { facilitatorName: "Omar" }, headers: key("handover") }
    const first = await h.call("POST", `/retros/${retro.retroId}/facilitator`, handOver)
    expect(first.status).toBe(201)
    // A retry of a lost answer, at once: the same new token.
    expect((await h.call("POST", `/retros/${retro.retroId}/facilitator`, handOver)).json).toEqual(first.json)
    await new Promise((resolve) => setTimeout(resolve, 400))
    // Later, whoever still holds the old token and the key gets nothing of the new facilitator's.
    const later = await h.call("POST", `/retros/${retro.retroId}/facilitator`, handOver)
    expectAlreadyDone(later)
    expect(later.text).not.toContain(first.json.facilitatorToken)
    expect((await h.call("GET", `/retros/${retro.retroId}`, { token: first.json.facilitatorToken })).status).toBe(200)
    await h.dispose()
  })

  it("a refused write leaves nothing behind: the corrected retry under the same key is carried out", async () => {
    const [a, b] = await twoProcesses()
    const headers = key("refused-team")
    // The core's limit for a name is 100 characters; the contract says so too.
    const refused = await a.call("POST", "/teams", { body: { name: "N".repeat(150) }, headers })
    expect(refused.status).toBe(400)
    expect(refused.json.details.path).toBe("name")
    const corrected = await b.call("POST", "/teams", { body: { name: "Checkout" }, headers })
    expect(corrected.status, corrected.text).toBe(201)
    const team = corrected.json as { teamId: string; adminToken: string }
    expect((await a.call("GET", `/teams/${team.teamId}`, { token: team.adminToken })).json.name).toBe("Checkout")
    await a.dispose()
    await b.dispose()
  })
})
