/**
 * Joining by code: a wrong code gets the answer of a retro that does not
 * exist, whatever phase the retro is in, so neither a retro's existence nor
 * its phase can be probed without the code.
 */
import { describe, expect, it } from "vitest"
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
