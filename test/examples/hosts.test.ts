/**
 * The portal host examples, each spawned as a real process (Node 24, the
 * sources through the `@retrobridge/source` condition) on a free port: the
 * portal's own route, the API under /api with its error body, a live stream
 * that flows through the host unbuffered, and a clean stop on SIGTERM.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readSse } from "../../packages/adapter-http/test/fixtures/sse.ts"
import { call } from "../../packages/server/test/fixtures/call.ts"
import { type RunningServer, whenListening } from "../../packages/server/test/fixtures/spawnServer.ts"

const examples = fileURLToPath(new URL("../../examples/", import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), "retrobridge-host-examples-"))

const running: Array<RunningServer> = []
afterAll(() => {
  for (const example of running) if (example.process.exitCode === null) example.process.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
})

/** Starts `examples/<file>` with PORT=0 and waits for the line with its URL. */
const startExample = async (file: string, env: NodeJS.ProcessEnv): Promise<RunningServer> => {
  const child = spawn(process.execPath, ["--conditions=@retrobridge/source", "--no-warnings", join(examples, file)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: "0", ...env }
  })
  const example = await whenListening(child, /portal on (http:\/\/[\d.]+:\d+)/, file)
  running.push(example)
  return example
}

/** `promise`, or a failure naming `what` after `ms`. */
const within = <A>(ms: number, what: string, promise: Promise<A>): Promise<A> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)))
  ]).finally(() => clearTimeout(timer))
}

const hosts = [
  { name: "node:http", file: "http-node-server.ts", env: { RETROBRIDGE_DB: join(dataDir, "node.db") } },
  { name: "Hono", file: "http-hono.ts", env: {} },
  { name: "Express", file: "http-express.ts", env: { RETROBRIDGE_DB: join(dataDir, "express.db") } }
]

const openStream = async (api: string, retroId: string, token: string) => {
  const events = await within(5_000, "the live stream's headers", fetch(`${api}/retros/${retroId}/events`, { headers: { authorization: `Bearer ${token}` } }))
  expect(events.status).toBe(200)
  expect(events.headers.get("content-type")).toContain("text/event-stream")
  return readSse(events.body!)
}

describe.each(hosts)("examples/$file ($name), spawned", ({ file, env }) => {
  let example: RunningServer
  let api: string
  /** A team and a retro of it, made through the host. */
  const teamAndRetro = async () => {
    const team = (await call(api, "POST", "/teams", { name: "Checkout" })).json
    const retro = await call(api, "POST", `/teams/${team.teamId}/retros`, { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team.adminToken)
    expect(retro.status).toBe(201)
    return retro.json as { retroId: string; facilitatorToken: string; joinCode: string }
  }

  beforeAll(async () => {
    example = await startExample(file, env)
    api = `${example.url}/api`
  })

  it("answers the portal's own route", async () => {
    const page = await fetch(`${example.url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("The portal's own page.")
  })

  it("serves the API under /api: a team created, then read back with its token", async () => {
    const created = await call(api, "POST", "/teams", { name: "Checkout" })
    expect(created.status).toBe(201)
    const team = created.json as { teamId: string; adminToken: string }
    expect(await call(api, "GET", `/teams/${team.teamId}`, undefined, team.adminToken)).toEqual({ status: 200, json: { teamId: team.teamId, name: "Checkout", members: [] } })
  })

  it("hands the body on as sent: the API's own decoding answers bad bodies with its { code, message, details }", async () => {
    const invalid = await fetch(`${api}/teams`, { method: "POST", headers: { "content-type": "application/json" }, body: "{\"name\":" })
    expect(invalid.status).toBe(400)
    expect(await invalid.json()).toEqual({ code: "invalid-json", message: expect.any(String), details: {} })
    const unknownField = await call(api, "POST", "/teams", { name: "Checkout", owner: "someone" })
    expect(unknownField.status).toBe(400)
    expect(unknownField.json).toMatchObject({ code: "invalid-request", message: expect.any(String), details: { issues: expect.any(Array) } })
  })

  it("streams live views unbuffered: a write's frame arrives while the stream stays open", async () => {
    const retro = await teamAndRetro()
    const live = await openStream(api, retro.retroId, retro.facilitatorToken)
    const first = await live.until((frame) => frame.event === "view", 5_000)
    expect(JSON.parse(first.data!).participantCount).toEqual({ product: 0, engineering: 0 })
    const joined = await call(api, "POST", `/retros/${retro.retroId}/participants`, { joinCode: retro.joinCode, name: "Amara", side: "product" })
    expect(joined.status).toBe(201)
    const next = await live.until((frame) => frame.event === "view", 3_000)
    expect(Number(next.id)).toBeGreaterThan(Number(first.id))
    expect(JSON.parse(next.data!).participantCount).toEqual({ product: 1, engineering: 0 })
    // Still open: a second write reaches it too.
    await call(api, "POST", `/retros/${retro.retroId}/participants`, { joinCode: retro.joinCode, name: "Sam", side: "engineering" })
    expect(JSON.parse((await live.until((frame) => frame.event === "view", 3_000)).data!).participantCount).toEqual({ product: 1, engineering: 1 })
    await live.close()
  })

  it("tells the API who the client is: one client joining many retros meets the per-address limit (20 a minute)", async () => {
    const team = (await call(api, "POST", "/teams", { name: "Many retros" })).json as { teamId: string; adminToken: string }
    const statuses: Array<number> = []
    // A new retro each time, so the per-retro limit never applies: only the client's address can bring a 429.
    while (statuses.length < 21 && !statuses.includes(429)) {
      const retro = (await call(api, "POST", `/teams/${team.teamId}/retros`, { title: "R", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team.adminToken)).json
      const joined = await call(api, "POST", `/retros/${retro.retroId}/participants`, { joinCode: retro.joinCode, name: "Amara", side: "product" })
      statuses.push(joined.status)
      if (joined.status === 429) expect(joined.json.code).toBe("rate-limited")
    }
    expect(statuses).toContain(429)
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(10)
  })

  it("stops on SIGTERM with a live stream open: the stream says `shutdown` and ends, the process exits 0", async () => {
    const retro = await teamAndRetro()
    const live = await openStream(api, retro.retroId, retro.facilitatorToken)
    await live.until((frame) => frame.event === "view", 5_000)
    const stoppedAt = Date.now()
    example.process.kill("SIGTERM")
    await live.until((frame) => frame.event === "shutdown", 5_000)
    expect(await live.next(5_000)).toBeUndefined()
    expect(await within(5_000, "exit after SIGTERM", example.exited)).toBe(0)
    // Typically 0.2 s; a connection left open until its client drops it (about 4 s) would show here.
    expect(Date.now() - stoppedAt).toBeLessThan(2_500)
  })
})
