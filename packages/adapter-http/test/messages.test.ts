/**
 * Error messages an HTTP caller reads name what that caller did and can do —
 * endpoints, headers, content types — not the core's commands, which only a
 * library user sends. `details` stays machine-readable as documented.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"
import { makeHarness, setupRetro, setupTeam, type Harness, type RetroFixture } from "./fixtures/harness.ts"

const commandNames = [
  ...Object.keys(Retro.commandRoles),
  "CreateTeam", "RenameTeam", "AddTeamMember", "ChangeTeamMember", "RemoveTeamMember",
  "RecordEstimate", "ReEstimate", "RecordActual", "CancelWorkItem", "ImportEstimateHistory"
]
const namesACommand = new RegExp(`\\b(${commandNames.join("|")})\\b`)

let h: Harness
let team: { teamId: string; adminToken: string }
let retro: RetroFixture

beforeAll(async () => {
  h = await makeHarness()
  team = await setupTeam(h)
  retro = await setupRetro(h, team.adminToken, team.teamId)
})
afterAll(() => h.dispose())

describe("409 not-allowed-in-phase", () => {
  it("names the endpoint refused and the endpoints the phase takes; details.allowed keeps the command names", async () => {
    const late = await h.call("PATCH", `/retros/${retro.retroId}/settings`, { token: retro.facilitatorToken, body: { settings: { voteBudget: 4 } } })
    expect(late.status).toBe(409)
    expect(late.json.code).toBe("not-allowed-in-phase")
    expect(late.json.message).toContain("PATCH /retros/{retroId}/settings is not allowed while the retro is collecting")
    expect(late.json.message).toContain("POST /retros/{retroId}/cards")
    expect(late.json.message).toContain("POST /retros/{retroId}/phase")
    expect(late.json.message).not.toMatch(namesACommand)
    expect(late.json.details.phase).toBe("collecting")
    expect(late.json.details.allowed).toContain("AddCard")
    expect(late.json.details.allowed).toContain("AdvancePhase")
  })
})

describe("the estimate log", () => {
  const estimate = { itemId: "W-1", title: "Checkout refactor", workType: "refactor", unit: "days", range: { best: 2, likely: 3, worst: 6 }, estimatedBy: "engineering", estimatedOn: "2026-09-01" }

  it("points a second estimate of an item to the re-estimate endpoint, and a re-estimate of an unknown item to recording it", async () => {
    expect((await h.call("POST", `/teams/${team.teamId}/estimates`, { token: team.adminToken, body: estimate })).status).toBe(201)
    const again = await h.call("POST", `/teams/${team.teamId}/estimates`, { token: team.adminToken, body: estimate })
    expect(again.status).toBe(422)
    expect(again.json.code).toBe("estimate-item-already-recorded")
    expect(again.json.message).toContain("POST /teams/{teamId}/estimates/{itemId}/re-estimates")
    expect(again.json.message).not.toMatch(namesACommand)

    const unknown = await h.call("POST", `/teams/${team.teamId}/estimates/W-9/re-estimates`, {
      token: team.adminToken,
      body: { range: { best: 3, likely: 4, worst: 8 }, estimatedBy: "engineering", estimatedOn: "2026-09-05" }
    })
    expect(unknown.status).toBe(422)
    expect(unknown.json.code).toBe("estimate-item-not-found")
    expect(unknown.json.message).toContain("POST /teams/{teamId}/estimates")
    expect(unknown.json.message).not.toMatch(namesACommand)
  })
})

describe("415", () => {
  it("says which Content-Type arrived and which the endpoint takes", async () => {
    const json = await h.call("POST", `/retros/${retro.retroId}/cards`, {
      token: retro.participantTokens[0],
      raw: "prompt=friction",
      headers: { "content-type": "application/x-www-form-urlencoded" }
    })
    expect(json.status).toBe(415)
    expect(json.json.code).toBe("unsupported-media-type")
    expect(json.json.message).toContain("application/x-www-form-urlencoded")
    expect(json.json.message).toContain("application/json")
    expect(json.json.message).not.toContain("text/csv")

    const csv = await h.call("POST", `/teams/${team.teamId}/estimates/import`, { token: team.adminToken, body: { items: [] } })
    expect(csv.status).toBe(415)
    expect(csv.json.code).toBe("unsupported-media-type")
    expect(csv.json.message).toContain("application/json")
    expect(csv.json.message).toContain("text/csv")

    const none = await h.call("POST", `/teams/${team.teamId}/estimates/import`, { token: team.adminToken, raw: new Uint8Array([105, 100]), headers: { "content-type": "" } })
    expect(none.status).toBe(415)
    expect(none.json.message).toContain("text/csv")
  })
})

describe("checking a join code", () => {
  it("refuses in the join's words once joining is over: the join endpoint, never the core's command", async () => {
    await h.call("POST", `/retros/${retro.retroId}/phase`, { token: retro.facilitatorToken, body: { from: "collecting" } })
    const late = await h.call("POST", `/retros/${retro.retroId}/participants/check`, { body: { joinCode: retro.joinCode } })
    expect(late.status).toBe(409)
    expect(late.json.message).toContain("POST /retros/{retroId}/participants is not allowed while the retro is grouping")
    expect(late.json.message).not.toMatch(namesACommand)
  })
})

describe("every error answer so far", () => {
  it("names no command of the core", () => {
    const messages = h.replies.filter((r) => r.status >= 400).map((r) => String(r.json?.message))
    expect(messages.length).toBeGreaterThan(4)
    for (const message of messages) expect(message).not.toMatch(namesACommand)
  })
})
