/**
 * An acknowledged write survives a crash of the server itself, not only of
 * the store: `retrobridge serve` on SQLite is killed with SIGKILL while card
 * submissions pour in from many connections (so appends commit in groups),
 * restarted on the same file, and every card it answered 201 for is in its
 * author's view, with its text.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { call } from "./fixtures/call.ts"
import { startServer, type RunningServer } from "./fixtures/spawnServer.ts"

const dir = mkdtempSync(join(tmpdir(), "retrobridge-crash-"))
const running: Array<RunningServer> = []

afterAll(async () => {
  for (const server of running) if (server.process.exitCode === null && server.process.signalCode === null) await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

const ok = async (reply: Promise<{ status: number; json: any }>): Promise<Record<string, any>> => {
  const { status, json } = await reply
  if (status >= 300) throw new Error(`${status} ${JSON.stringify(json)}`)
  return json
}

describe("retrobridge serve on SQLite, killed under load", () => {
  it("keeps every card it acknowledged", async () => {
    const store = `sqlite:${join(dir, "retro.db")}`
    const args = ["--store", store, "--log-level", "error", "--write-limit", "1000000"]
    const first = await startServer(args)
    running.push(first)
    const base = first.url
    const team = await ok(call(base, "POST", "/teams", { name: "Checkout" }))
    const retro = await ok(call(base, "POST", `/teams/${team["teamId"]}/retros`, { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team["adminToken"]))
    const retroId: string = retro["retroId"]
    const tokens: Array<string> = []
    for (const [i, side] of ["product", "product", "product", "engineering", "engineering", "engineering"].entries()) {
      tokens.push((await ok(call(base, "POST", `/retros/${retroId}/participants`, { joinCode: retro["joinCode"], name: `P${i}`, side })))["participantToken"])
    }
    await ok(call(base, "POST", `/retros/${retroId}/phase`, { from: "draft" }, retro["facilitatorToken"]))

    const acknowledged: Array<{ readonly token: string; readonly cardId: string; readonly text: string }> = []
    let cutOff = 0
    let n = 0
    let killed = false
    // Many connections at once, so that the store commits several appends per group.
    const writer = async (lane: number) => {
      const token = tokens[lane % tokens.length]!
      while (true) {
        const text = `Card ${n++} from lane ${lane}: specs arrived after the sprint started`
        try {
          const reply = await call(base, "POST", `/retros/${retroId}/cards`, { prompt: "friction", text }, token)
          expect(reply.status, JSON.stringify(reply.json)).toBe(201)
          acknowledged.push({ token, cardId: reply.json["cardId"], text })
        } catch (error) {
          if (!killed) throw error
          // Sent, and the server died before answering: it may or may not have kept it.
          cutOff++
          return
        }
      }
    }
    const lanes = Array.from({ length: 24 }, (_, lane) => writer(lane))
    while (acknowledged.length < 300) await new Promise((resolve) => setTimeout(resolve, 10))
    killed = true
    first.process.kill("SIGKILL")
    await Promise.all(lanes)
    expect(await first.exited).toBeNull()
    // The crash came mid-load: requests were in flight, not between them.
    expect(cutOff).toBeGreaterThan(0)

    const second = await startServer(args)
    running.push(second)
    const kept = new Map<string, string>()
    for (const token of tokens) {
      const view = await ok(call(second.url, "GET", `/retros/${retroId}`, undefined, token))
      for (const card of view["myCards"] as Array<{ cardId: string; text: string }>) kept.set(card.cardId, card.text)
    }
    const lost = acknowledged.filter((a) => kept.get(a.cardId) !== a.text)
    expect(lost).toEqual([])
    expect(kept.size).toBeGreaterThanOrEqual(acknowledged.length)
    await second.stop()
  }, 60_000)
})
