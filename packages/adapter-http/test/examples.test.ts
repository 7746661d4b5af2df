/** The Fetch-host example serves the API as it claims (the Node host is the same handler behind node:http). */
import { describe, expect, it } from "vitest"
import app from "../../../examples/http-fetch-host.ts"

describe("examples/http-fetch-host.ts", () => {
  it("answers through its exported fetch", async () => {
    const created = await app.fetch(new Request("http://host/teams", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Checkout" }) }))
    expect(created.status).toBe(201)
    expect(created.headers.get("content-security-policy")).toContain("frame-ancestors https://portal.example")
    const team = await created.json() as { teamId: string; adminToken: string }
    const read = await app.fetch(new Request(`http://host/teams/${team.teamId}`, { headers: { authorization: `Bearer ${team.adminToken}` } }))
    expect(await read.json()).toEqual({ teamId: team.teamId, name: "Checkout", members: [] })
  })
})
