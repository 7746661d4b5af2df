/**
 * Live updates over real sockets: a client that stops reading fills its
 * socket and the server's write buffer for it, and still delays nobody.
 */
import http from "node:http"
import { afterAll, describe, expect, it } from "vitest"
import { readSse } from "../../adapter-http/test/fixtures/sse.ts"
import { startServer, type RunningServer } from "./fixtures/spawnServer.ts"

const running: Array<RunningServer> = []
afterAll(async () => {
  for (const server of running) if (server.process.exitCode === null) await server.stop()
})

const send = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const json = await response.json() as any
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
  return json
}

describe("retrobridge serve: live updates", () => {
  it("a client that stops reading its stream delays no other viewer", async () => {
    const server = await startServer(["--store", "memory:", "--log-level", "error", "--no-web", "--write-limit", "100000"])
    running.push(server)
    const base = server.url
    const team = await send(base, "POST", "/teams", { name: "Checkout" })
    const retro = await send(base, "POST", `/teams/${team.teamId}/retros`, { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team.adminToken)
    const tokens: Array<string> = []
    for (const [i, side] of ["product", "product", "product", "engineering", "engineering", "engineering"].entries()) {
      tokens.push((await send(base, "POST", `/retros/${retro.retroId}/participants`, { joinCode: retro.joinCode, name: `P${i}`, side })).participantToken)
    }
    await send(base, "POST", `/retros/${retro.retroId}/phase`, { from: "draft" }, retro.facilitatorToken)

    // Reads its first bytes, then never again: the kernel's buffers and then the server's fill up.
    const url = new URL(`${base}/retros/${retro.retroId}/events`)
    const stalled = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { authorization: `Bearer ${tokens[0]}` } }, (res) => {
        res.once("data", () => res.pause())
        resolve(res)
      }).on("error", reject))
    expect(stalled.statusCode).toBe(200)
    const live = readSse((await fetch(url, { headers: { authorization: `Bearer ${tokens[1]}` } })).body!)
    await live.until((f) => f.event === "view")

    // The stalled viewer's own long cards make each of its views larger: over 20 MB of views in all,
    // far more than the sockets' buffers hold, so the server's writes to it wait on a drain that never comes.
    const cards = 240
    for (let i = 0; i < cards; i++) {
      await send(base, "POST", `/retros/${retro.retroId}/cards`, { prompt: "friction", text: `${"Specs arrive after the sprint started. ".repeat(38)}(${i})` }, tokens[i % 2 === 0 ? 0 : 2 + (i % 4)])
    }
    const last = await live.until((f) => f.event === "view" && JSON.parse(f.data!).cardCounts.total === cards, 20_000)
    expect(JSON.parse(last.data!).cardCounts.total).toBe(cards)
    await live.close()
    stalled.destroy()
    expect(await server.stop()).toBe(0)
  }, 120_000)
})
