/**
 * Joining by code: a wrong code gets the answer of a retro that does not
 * exist, whatever phase the retro is in, so neither a retro's existence nor
 * its phase can be probed without the code.
 */
import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { Retro } from "@retrobridge/core"
import { makeHarness, setupRetro, setupTeam } from "./fixtures/harness.ts"

const wrongCode = "A".repeat(43)
const someone = { name: "Gil", side: "engineering" }

describe("POST /retros/{retroId}/participants", () => {
  it("a wrong code for a retro that no longer takes participants answers like a retro that does not exist", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const advanced = await h.call("POST", `/retros/${retro.retroId}/phase`, { token: retro.facilitatorToken, body: { from: "collecting" } })
    expect(advanced.json.phase).toBe("grouping")

    const missingId = "r_AAAAAAAAAAAAAAAAAAAAAA"
    const nowhere = await h.call("POST", `/retros/${missingId}/participants`, { body: { joinCode: wrongCode, ...someone } })
    const closedWrong = await h.call("POST", `/retros/${retro.retroId}/participants`, { body: { joinCode: wrongCode, ...someone } })
    const openWrong = await setupRetro(h, team.adminToken, team.teamId).then((open) =>
      h.call("POST", `/retros/${open.retroId}/participants`, { body: { joinCode: wrongCode, ...someone } }))

    expect(nowhere.status).toBe(404)
    for (const reply of [closedWrong, openWrong]) {
      expect(reply.status).toBe(nowhere.status)
      expect(reply.json.code).toBe(nowhere.json.code)
      expect(reply.json.details).toEqual(nowhere.json.details)
      expect(reply.json.message.replace(/r_[\w-]+/, "<id>")).toBe(nowhere.json.message.replace(/r_[\w-]+/, "<id>"))
    }

    // Whoever holds the code may learn that joining is over.
    const closedRight = await h.call("POST", `/retros/${retro.retroId}/participants`, { body: { joinCode: retro.joinCode, ...someone } })
    expect(closedRight.status).toBe(409)
    expect(closedRight.json.code).toBe("not-allowed-in-phase")
    await h.dispose()
  })
})

/**
 * Checking a join code without joining: the join link's page asks it before anyone types a name,
 * so the answer must be the join's own, and asking must neither write nor eat the joins' allowance.
 */
describe("POST /retros/{retroId}/participants/check", () => {
  const office = "203.0.113.7"
  const versionOf = (h: Awaited<ReturnType<typeof makeHarness>>, retroId: string) => Effect.runPromise(h.store.version(Retro.streamId(retroId)))

  it("answers joinable while the retro takes participants, and writes nothing", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const draft = await h.call("POST", `/teams/${team.teamId}/retros`, {
      token: team.adminToken,
      body: { title: "Q4 retro", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }
    })
    const collecting = await setupRetro(h, team.adminToken, team.teamId)
    for (const { retroId, joinCode } of [draft.json, collecting]) {
      const before = await versionOf(h, retroId)
      const check = await h.call("POST", `/retros/${retroId}/participants/check`, { body: { joinCode } })
      expect(check.status, check.text).toBe(200)
      expect(check.json).toEqual({ joinable: true })
      expect(await versionOf(h, retroId)).toBe(before)
    }
    await h.dispose()
  })

  it("answers exactly what the join would for the right code after collection, a wrong code and an unknown retro", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    await h.call("POST", `/retros/${retro.retroId}/phase`, { token: retro.facilitatorToken, body: { from: "collecting" } })
    const open = await setupRetro(h, team.adminToken, team.teamId)
    const missingId = "r_AAAAAAAAAAAAAAAAAAAAAA"
    const cases: Array<[string, string]> = [
      [retro.retroId, retro.joinCode],
      [retro.retroId, wrongCode],
      [open.retroId, wrongCode],
      [missingId, wrongCode],
      [missingId, retro.joinCode],
      [open.retroId, "too short"]
    ]
    for (const [retroId, joinCode] of cases) {
      const before = await versionOf(h, retroId)
      const check = await h.call("POST", `/retros/${retroId}/participants/check`, { body: { joinCode } })
      expect(await versionOf(h, retroId)).toBe(before)
      const join = await h.call("POST", `/retros/${retroId}/participants`, { body: { joinCode, ...someone } })
      expect(join.status).toBeGreaterThanOrEqual(400)
      expect({ status: check.status, body: check.json }).toEqual({ status: join.status, body: join.json })
    }
    const closed = await h.call("POST", `/retros/${retro.retroId}/participants/check`, { body: { joinCode: retro.joinCode } })
    expect(closed.status).toBe(409)
    expect(closed.json.code).toBe("not-allowed-in-phase")
    expect(closed.json.details.phase).toBe("grouping")
    await h.dispose()
  })

  it("is limited per address like joining, with an allowance of its own", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const check = () => h.call("POST", `/retros/${retro.retroId}/participants/check`, { body: { joinCode: retro.joinCode }, clientAddress: office })
    // Twenty people behind one office address open the link, then all of them join, within a minute.
    for (let i = 0; i < 20; i++) expect((await check()).status).toBe(200)
    for (let i = 0; i < 20; i++) {
      const joined = await h.call("POST", `/retros/${retro.retroId}/participants`, { body: { joinCode: retro.joinCode, name: `Person ${i}`, side: "product" }, clientAddress: office })
      expect(joined.status, joined.text).toBe(201)
    }
    const over = await check()
    expect(over.status).toBe(429)
    expect(over.json.code).toBe("rate-limited")
    expect(over.headers.get("retry-after")).not.toBeNull()
    // Guessing codes from another address is limited there, and checking from one takes nothing from the other.
    expect((await h.call("POST", `/retros/${retro.retroId}/participants/check`, { body: { joinCode: wrongCode }, clientAddress: "198.51.100.1" })).status).toBe(404)
    await h.dispose()
  })
})
