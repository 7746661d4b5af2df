/**
 * Several server processes on one PostgreSQL database: a card added
 * through one shows up on the other's live-update stream, and SIGTERM in
 * the middle of a burst of writes loses none that were acknowledged.
 */
import { createServer, connect, type Socket } from "node:net"
import { afterAll, describe, expect, it } from "vitest"
import { readSse } from "../../adapter-http/test/fixtures/sse.ts"
import { runCli, startServer, whenListening, type RunningServer } from "./fixtures/spawnServer.ts"

const pgUrl = process.env["RETROBRIDGE_TEST_PG_URL"]
const running: Array<RunningServer> = []
afterAll(async () => {
  for (const server of running) if (server.process.exitCode === null) await server.stop()
})

const start = async (store: string) => {
  const server = await startServer(["--store", store, "--log-level", "error"])
  running.push(server)
  return server
}

const api = (base: string) => {
  const send = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return { status: response.status, json: await response.json() as any }
  }
  return send
}

/** A team and a retro in collection with three people per side, through `base`. */
const retroIn = async (base: string) => {
  const send = api(base)
  const team = (await send("POST", "/teams", { name: "Checkout" })).json
  const retro = (await send("POST", `/teams/${team.teamId}/retros`, { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team.adminToken)).json
  const tokens: Array<string> = []
  for (const [name, side] of [["A", "product"], ["B", "product"], ["C", "product"], ["D", "engineering"], ["E", "engineering"], ["F", "engineering"]]) {
    tokens.push((await send("POST", `/retros/${retro.retroId}/participants`, { joinCode: retro.joinCode, name, side })).json.participantToken)
  }
  expect((await send("POST", `/retros/${retro.retroId}/phase`, { from: "draft" }, retro.facilitatorToken)).status).toBe(200)
  return { retroId: retro.retroId as string, facilitatorToken: retro.facilitatorToken as string, tokens }
}

describe.skipIf(pgUrl === undefined)("two server processes on one PostgreSQL database", () => {
  const schema = `rb_http_${process.pid}_${Date.now().toString(36)}`
  const store = `${pgUrl}${pgUrl?.includes("?") ? "&" : "?"}schema=${schema}`

  it("a card added through one server reaches the other's SSE stream", async () => {
    const one = await start(store)
    const two = await start(store)
    const retro = await retroIn(one.url)
    const events = await fetch(`${two.url}/retros/${retro.retroId}/events`, { headers: { authorization: `Bearer ${retro.facilitatorToken}` } })
    const reader = readSse(events.body!)
    const before = JSON.parse((await reader.until((f) => f.event === "view")).data!)
    expect(before.cardCounts.total).toBe(0)
    expect((await api(one.url)("POST", `/retros/${retro.retroId}/cards`, { prompt: "friction", text: "Specs arrive late" }, retro.tokens[0])).status).toBe(201)
    const after = JSON.parse((await reader.until((f) => f.event === "view", 15_000)).data!)
    expect(after.cardCounts.total).toBe(1)
    await reader.close()
    expect(await one.stop()).toBe(0)
    expect(await two.stop()).toBe(0)
  })

  it("a retried write that reaches the other server is answered from the first and creates nothing twice", async () => {
    const one = await start(store)
    const two = await start(store)
    const retry = async (method: string, path: string, body: unknown, token: string | undefined, key: string) => {
      const send = (base: string) =>
        fetch(`${base}${path}`, {
          method,
          headers: { "content-type": "application/json", "idempotency-key": key, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
          body: JSON.stringify(body)
        }).then(async (r) => ({ status: r.status, json: await r.json() as any }))
      return [await send(one.url), await send(two.url)] as const
    }
    const [team, teamAgain] = await retry("POST", "/teams", { name: "Checkout" }, undefined, `team-${crypto.randomUUID()}`)
    expect(team.status).toBe(201)
    // Its admin token was shown once and is kept nowhere: the retry is refused, and no second team exists.
    expect(teamAgain.status).toBe(409)
    expect(teamAgain.json.code).toBe("already-done")

    const [member, memberAgain] = await retry("POST", `/teams/${team.json.teamId}/members`, { name: "Gil", side: "engineering", role: "engineer" }, team.json.adminToken, `member-${crypto.randomUUID()}`)
    expect(member.status).toBe(201)
    expect(memberAgain).toEqual(member)
    expect((await api(two.url)("GET", `/teams/${team.json.teamId}`, undefined, team.json.adminToken)).json.members).toHaveLength(1)

    const retro = await retroIn(one.url)
    const [card, cardAgain] = await retry("POST", `/retros/${retro.retroId}/cards`, { prompt: "friction", text: "Specs arrive late" }, retro.tokens[0], `card-${crypto.randomUUID()}`)
    expect(card.status).toBe(201)
    expect(cardAgain).toEqual(card)
    expect((await api(two.url)("GET", `/retros/${retro.retroId}`, undefined, retro.tokens[0])).json.myCards).toHaveLength(1)
    expect(await one.stop()).toBe(0)
    expect(await two.stop()).toBe(0)
  })

  it("SIGTERM during a burst of writes loses no acknowledged write", async () => {
    const one = await start(store)
    const retro = await retroIn(one.url)
    const send = api(one.url)
    const acknowledged = new Map<string, Array<string>>()
    let refused = 0
    const writer = async (token: string, n: number) => {
      for (let i = 0; i < n; i++) {
        try {
          const reply = await send("POST", `/retros/${retro.retroId}/cards`, { prompt: "friction", text: `Burst card ${i}` }, token)
          if (reply.status === 201) acknowledged.set(token, [...(acknowledged.get(token) ?? []), reply.json.cardId])
          else refused++
        } catch {
          refused++ // the connection closed under the request: not acknowledged
        }
      }
    }
    const writers = retro.tokens.map((token) => writer(token, 40))
    // Stop once some writes are in: the rest race the shutdown.
    while ([...acknowledged.values()].flat().length < 20) await new Promise((r) => setTimeout(r, 5))
    const exit = one.stop()
    await Promise.all(writers)
    expect(await exit).toBe(0)
    expect(refused).toBeGreaterThan(0)

    const two = await start(store)
    for (const token of retro.tokens) {
      const mine = ((await api(two.url)("GET", `/retros/${retro.retroId}`, undefined, token)).json.myCards as Array<{ cardId: string }>).map((c) => c.cardId)
      for (const cardId of acknowledged.get(token) ?? []) expect(mine).toContain(cardId)
    }
    expect(await two.stop()).toBe(0)
  })
})

/**
 * A TCP relay to PostgreSQL that can be cut like a network partition: connections stay open,
 * nothing passes any more (no reset, no close).
 */
const partitionable = async (target: URL) => {
  let cut = false
  const sockets: Array<Socket> = []
  const relay = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname)
    sockets.push(client, upstream)
    client.on("data", (chunk) => { if (!cut) upstream.write(chunk) })
    upstream.on("data", (chunk) => { if (!cut) client.write(chunk) })
    client.on("error", () => undefined)
    upstream.on("error", () => undefined)
    client.on("close", () => { if (!cut) upstream.destroy() })
    upstream.on("close", () => { if (!cut) client.destroy() })
  })
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve))
  const port = (relay.address() as { port: number }).port
  return {
    port,
    cut: () => { cut = true },
    close: () => {
      for (const socket of sockets) socket.destroy()
      relay.close()
    }
  }
}

describe.skipIf(pgUrl === undefined)("a PostgreSQL server behind a network partition", () => {
  it("SIGTERM still ends the process within the shutdown timeout and a grace period, saying why", async () => {
    const target = new URL(pgUrl!)
    const relay = await partitionable(target)
    const viaRelay = new URL(pgUrl!)
    viaRelay.hostname = "127.0.0.1"
    viaRelay.port = String(relay.port)
    const schema = `rb_part_${process.pid}_${Date.now().toString(36)}`
    const store = `${viaRelay.toString()}${viaRelay.search === "" ? "?" : "&"}schema=${schema}`
    const server = await whenListening(runCli(["serve", "--port", "0", "--host", "127.0.0.1", "--store", store, "--log-level", "error", "--shutdown-timeout", "1"]), /listening on (http:\/\/\S+)/)
    try {
      await retroIn(server.url)
      relay.cut()
      const started = Date.now()
      const code = await server.stop()
      const took = Date.now() - started
      // 1 s for in-flight requests, then a few seconds for the store to close, then out.
      expect(took).toBeLessThan(15_000)
      expect(code).toBe(1)
      expect(server.stderr()).toContain("did not close")
    } finally {
      relay.close()
      if (server.process.exitCode === null) server.process.kill("SIGKILL")
    }
  }, 60_000)
})
