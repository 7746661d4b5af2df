/**
 * The boundary's promises: rate limits answer 429 with Retry-After (joining
 * by code cannot be brute-forced), a retried write with the same
 * Idempotency-Key creates nothing twice, CORS and frame-ancestors follow the
 * configuration, OpenAPI can be switched off.
 */
import { Effect } from "effect"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { describe, expect, it } from "vitest"
import { makeHarness, setupRetro, setupTeam } from "./fixtures/harness.ts"

describe("rate limits", () => {
  it("joining by code is limited per address: guesses get 429 with Retry-After and change nothing", async () => {
    const h = await makeHarness({ joinLimit: { limit: 5, windowMs: 60_000 } })
    const team = await setupTeam(h)
    const retro = (await h.call("POST", `/teams/${team.teamId}/retros`, {
      token: team.adminToken,
      body: { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }
    })).json
    const statuses: Array<number> = []
    for (let i = 0; i < 8; i++) {
      const guess = await h.call("POST", `/retros/${retro.retroId}/participants`, { body: { joinCode: `guess-${i}-${"x".repeat(30)}`, name: "Mallory", side: "product" } })
      statuses.push(guess.status)
      if (guess.status === 429) {
        expect(Number(guess.headers.get("retry-after"))).toBeGreaterThan(0)
        expect(guess.json.code).toBe("rate-limited")
        expect(guess.json.details.retryAfterSeconds).toBe(Number(guess.headers.get("retry-after")))
      }
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429])
    // Even the right code waits: the limit counts attempts, not failures.
    const right = await h.call("POST", `/retros/${retro.retroId}/participants`, { body: { joinCode: retro.joinCode, name: "Amara", side: "product" } })
    expect(right.status).toBe(429)
    const view = (await h.call("GET", `/retros/${retro.retroId}`, { token: retro.facilitatorToken })).json
    expect(view.participants).toEqual([])
    await h.dispose()
  })

  it("writes are limited per token", async () => {
    const h = await makeHarness({ writeLimit: { limit: 3, windowMs: 60_000 } })
    const team = await setupTeam(h)
    const statuses: Array<number> = []
    for (let i = 0; i < 5; i++) {
      statuses.push((await h.call("POST", `/teams/${team.teamId}/members`, { token: team.adminToken, body: { name: `M${i}`, side: "product", role: "product-manager" } })).status)
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    await h.dispose()
  })

  it("one allowance per token across every kind of write (the team's and its estimate log's)", async () => {
    const h = await makeHarness({ writeLimit: { limit: 3, windowMs: 60_000 } })
    const team = await setupTeam(h)
    const as = { token: team.adminToken }
    const statuses = [
      (await h.call("POST", `/teams/${team.teamId}/members`, { ...as, body: { name: "M1", side: "product", role: "product-manager" } })).status,
      (await h.call("POST", `/teams/${team.teamId}/members`, { ...as, body: { name: "M2", side: "product", role: "product-manager" } })).status,
      (await h.call("POST", `/teams/${team.teamId}/estimates`, {
        ...as,
        body: { itemId: "W-1", title: "Checkout refactor", workType: "refactor", unit: "days", range: { likely: 3 }, estimatedBy: "engineering", estimatedOn: "2026-09-01" }
      })).status,
      (await h.call("POST", `/teams/${team.teamId}/estimates`, {
        ...as,
        body: { itemId: "W-2", title: "Payment retries", workType: "feature", unit: "days", range: { likely: 2 }, estimatedBy: "engineering", estimatedOn: "2026-09-01" }
      })).status
    ]
    expect(statuses).toEqual([201, 201, 201, 429])
    await h.dispose()
  })
})

describe("client addresses for the per-address limits", () => {
  const joinLimit = { limit: 3, windowMs: 60_000 }
  /** Four retros of one team, each with its own join code. */
  const fourRetros = async (h: Awaited<ReturnType<typeof makeHarness>>) => {
    const team = await setupTeam(h)
    const retros: Array<{ retroId: string; joinCode: string }> = []
    for (let i = 0; i < 4; i++) {
      retros.push((await h.call("POST", `/teams/${team.teamId}/retros`, {
        token: team.adminToken,
        body: { title: `Retro ${i}`, trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }
      })).json)
    }
    return retros
  }
  const joinAll = (h: Awaited<ReturnType<typeof makeHarness>>, retros: ReadonlyArray<{ retroId: string; joinCode: string }>, from: { clientAddress?: string; headers?: Record<string, string> }) =>
    Promise.all(retros.map(async (retro, i) =>
      (await h.call("POST", `/retros/${retro.retroId}/participants`, { ...from, body: { joinCode: retro.joinCode, name: `P${i}`, side: "product" } })).status))

  it("a host that passes no address: joining is limited per retro only, never by one allowance that every client shares", async () => {
    const h = await makeHarness({ joinLimit })
    const retros = await fourRetros(h)
    // Four people behind the same portal join four retros: no 429 for the fourth.
    expect(await joinAll(h, retros, {})).toEqual([201, 201, 201, 201])
    await h.dispose()
  })

  it("with addresses known, a retro has no allowance of its own: guesses from one address lock nobody else out, and a large retro all joins", async () => {
    const h = await makeHarness({ joinLimit })
    const [retro] = await fourRetros(h)
    const guesses = []
    for (let i = 0; i < 6; i++) {
      guesses.push((await h.call("POST", `/retros/${retro!.retroId}/participants`, { clientAddress: "198.51.100.66", body: { joinCode: `guess-${i}-${"x".repeat(30)}`, name: "Mallory", side: "product" } })).status)
    }
    expect(guesses).toEqual([404, 404, 404, 429, 429, 429])
    // Then twelve people, each from their own address, more than a window's allowance of joins.
    const joined = []
    for (let i = 0; i < 12; i++) {
      joined.push((await h.call("POST", `/retros/${retro!.retroId}/participants`, { clientAddress: `203.0.113.${i + 1}`, body: { joinCode: retro!.joinCode, name: `P${i}`, side: i % 2 === 0 ? "product" : "engineering" } })).status)
    }
    expect(joined).toEqual(Array(12).fill(201))
    await h.dispose()
  })

  it("the host's clientAddress tells clients apart", async () => {
    const h = await makeHarness({ joinLimit })
    const retros = await fourRetros(h)
    const one = []
    for (const retro of retros) one.push((await joinAll(h, [retro], { clientAddress: "203.0.113.7" }))[0])
    expect(one).toEqual([201, 201, 201, 429])
    expect(await joinAll(h, retros.slice(3), { clientAddress: "203.0.113.8" })).toEqual([201])
    await h.dispose()
  })

  it("X-Forwarded-For counts only with trusted proxies, and then only the entries they wrote", async () => {
    const direct = await makeHarness({ joinLimit })
    const retrosDirect = await fourRetros(direct)
    const spoofed = []
    // No trusted proxy: a client writing another address in the header each time is still one client.
    for (const [i, retro] of retrosDirect.entries()) spoofed.push((await joinAll(direct, [retro], { clientAddress: "203.0.113.7", headers: { "x-forwarded-for": `198.51.100.${i}` } }))[0])
    expect(spoofed).toEqual([201, 201, 201, 429])
    await direct.dispose()

    const proxied = await makeHarness({ joinLimit, trustedProxyHops: 1 })
    const retros = await fourRetros(proxied)
    // Behind one proxy (the peer), the client is the address the proxy appended: what the client wrote before it is ignored.
    const sameClient = []
    for (const [i, retro] of retros.entries()) {
      sameClient.push((await joinAll(proxied, [retro], { clientAddress: "10.0.0.2", headers: { "x-forwarded-for": `198.51.100.${i}, 203.0.113.7` } }))[0])
    }
    expect(sameClient).toEqual([201, 201, 201, 429])
    // Another client behind the same proxy has its own allowance.
    expect(await joinAll(proxied, retros.slice(3), { clientAddress: "10.0.0.2", headers: { "x-forwarded-for": "203.0.113.8" } })).toEqual([201])
    await proxied.dispose()
  })

  /** Creates a team through one trusted proxy (10.0.0.2) that says the client is `forwardedFor`. */
  const createBehindProxy = (h: Awaited<ReturnType<typeof makeHarness>>) => async (forwardedFor: string) =>
    (await h.call("POST", "/teams", { body: { name: "T" }, clientAddress: "10.0.0.2", headers: { "x-forwarded-for": forwardedFor } })).status

  it("one client is one address however a proxy or the host writes it: with a port, bracketed, IPv4-mapped", async () => {
    const h = await makeHarness({ createTeamLimit: { limit: 3, windowMs: 3_600_000 }, trustedProxyHops: 1 })
    const create = createBehindProxy(h)
    expect([await create("203.0.113.7:5555"), await create("[::ffff:203.0.113.7]:443"), await create("203.0.113.7"), await create("::FFFF:203.0.113.7")]).toEqual([201, 201, 201, 429])
    expect([await create("[2001:db8::1]:443"), await create("2001:DB8::1"), await create("2001:db8::1"), await create("[2001:db8::1]")]).toEqual([201, 201, 201, 429])
    const host = await makeHarness({ createTeamLimit: { limit: 1, windowMs: 3_600_000 } })
    expect((await host.call("POST", "/teams", { body: { name: "T" }, clientAddress: "::ffff:198.51.100.4" })).status).toBe(201)
    expect((await host.call("POST", "/teams", { body: { name: "T" }, clientAddress: "198.51.100.4" })).status).toBe(429)
    await Promise.all([h.dispose(), host.dispose()])
  })

  it("creating teams: per address, with the host's address or the trusted proxy's entry", async () => {
    const h = await makeHarness({ createTeamLimit: { limit: 2, windowMs: 3_600_000 }, trustedProxyHops: 1 })
    const create = createBehindProxy(h)
    expect([await create("203.0.113.7"), await create("203.0.113.7"), await create("203.0.113.7"), await create("203.0.113.8")]).toEqual([201, 201, 429, 201])
    await h.dispose()
  })
})

describe("Idempotency-Key", () => {
  it("a refused write is not an outcome to repeat: it changed nothing, and its retry is decided afresh", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const facilitator = { token: retro.facilitatorToken }
    const theme = { ...facilitator, body: { name: "Unclear requirements" }, headers: { "idempotency-key": "theme-1" } }
    // Themes are made once collection is over.
    const early = await h.call("POST", `/retros/${retro.retroId}/themes`, theme)
    expect(early.status).toBe(409)
    expect((await h.call("POST", `/retros/${retro.retroId}/phase`, { ...facilitator, body: { from: "collecting" } })).status).toBe(200)
    const retried = await h.call("POST", `/retros/${retro.retroId}/themes`, theme)
    expect(retried.status).toBe(201)
    const again = await h.call("POST", `/retros/${retro.retroId}/themes`, theme)
    expect(again.json).toEqual(retried.json)
    expect((await h.call("GET", `/retros/${retro.retroId}`, facilitator)).json.themes).toHaveLength(1)
    await h.dispose()
  })

  it("a retried write answers the first outcome and creates nothing twice; another body with the key is refused", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const token = retro.participantTokens[0]!
    const send = (text: string, key: string) =>
      h.call("POST", `/retros/${retro.retroId}/cards`, { token, body: { prompt: "friction", text }, headers: { "idempotency-key": key } })
    const first = await send("Specs arrive late", "key-1")
    const retry = await send("Specs arrive late", "key-1")
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.json).toEqual(first.json)
    const reused = await send("Something else", "key-1")
    expect(reused.status).toBe(409)
    expect(reused.json.code).toBe("idempotency-key-reused")
    // Another participant's identical key is theirs alone.
    const other = await h.call("POST", `/retros/${retro.retroId}/cards`, {
      token: retro.participantTokens[1]!,
      body: { prompt: "friction", text: "Specs arrive late" },
      headers: { "idempotency-key": "key-1" }
    })
    expect(other.status).toBe(201)
    expect(other.json.cardId).not.toBe(first.json.cardId)
    const mine = (await h.call("GET", `/retros/${retro.retroId}`, { token })).json.myCards as Array<{ text: string }>
    expect(mine.filter((c) => c.text === "Specs arrive late")).toHaveLength(1)
    const streams = await Effect.runPromise(h.store.listStreams(team.teamId, "retro"))
    expect(streams).toHaveLength(1)
    await h.dispose()
  })

  it("creating a team twice with one key creates one team", async () => {
    const h = await makeHarness()
    const first = await h.call("POST", "/teams", { body: { name: "Checkout" }, headers: { "idempotency-key": "create-1" } })
    const second = await h.call("POST", "/teams", { body: { name: "Checkout" }, headers: { "idempotency-key": "create-1" } })
    expect(second.json).toEqual(first.json)
    expect(await Effect.runPromise(h.store.version(`team:${first.json.teamId}`))).toBe(1)
    await h.dispose()
  })
})

describe("readiness", () => {
  it("/readyz answers 503 within seconds when the store does not answer at all (a network partition), not never", async () => {
    const memory = await Effect.runPromise(MemoryEventStore.make)
    const h = await makeHarness({}, { ...memory, version: () => Effect.never })
    const started = Date.now()
    const reply = await h.call("GET", "/readyz")
    expect(reply.status).toBe(503)
    expect(reply.json.code).toBe("store-unavailable")
    expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect((await h.call("GET", "/healthz")).status).toBe(200)
    await h.dispose()
  }, 20_000)
})

describe("error bodies", () => {
  it("a method an existing path does not take: 405 with Allow, in the API's error shape; an unknown path stays 404", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const cases: Array<[string, string, string]> = [
      ["PUT", "/healthz", "GET, HEAD"],
      ["DELETE", `/teams/${team.teamId}`, "GET, HEAD, PATCH"],
      ["GET", "/teams", "POST"],
      ["PATCH", "/retros/r_1/cards", "POST"],
      ["GET", "/retros/r_1/cards/c_1", "DELETE, PATCH"]
    ]
    for (const [method, path, allow] of cases) {
      const reply = await h.call(method, path, { token: team.adminToken, ...(method === "GET" ? {} : { body: {} }) })
      expect(reply.status, `${method} ${path}`).toBe(405)
      expect(reply.headers.get("allow"), `${method} ${path}`).toBe(allow)
      expect(reply.json, `${method} ${path}`).toMatchObject({ code: "method-not-allowed" })
    }
    const unknown = await h.call("GET", "/no/such/route")
    expect(unknown.status).toBe(404)
    expect(unknown.json.code).toBe("route-not-found")
    // A method the path takes, with an id too long for any route: not there, not a wrong method.
    const tooLong = await h.call("GET", `/retros/r_${"x".repeat(500)}`, { token: team.adminToken })
    expect(tooLong.status).toBe(404)
    await h.dispose()
  })

  it("a body in a content type the endpoint does not take: 415 in the API's error shape", async () => {
    const h = await makeHarness()
    for (const contentType of ["text/plain", "application/merge-patch+json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/csv", ""]) {
      const reply = await h.call("POST", "/teams", { headers: { "content-type": contentType }, raw: JSON.stringify({ name: "Ops" }) })
      expect(reply.status, contentType).toBe(415)
      expect(reply.headers.get("content-type"), contentType).toContain("application/json")
      expect(reply.json, contentType).toMatchObject({ code: "unsupported-media-type", details: { path: "Content-Type" } })
    }
    await h.dispose()
  })

  it("JSON in a charset other than UTF-8 is refused by name (415 unsupported-charset); UTF-8 named or not is read", async () => {
    const h = await makeHarness()
    for (const charset of ["utf-16", "ISO-8859-1", "\"windows-1252\""]) {
      const reply = await h.call("POST", "/teams", { headers: { "content-type": `application/json; charset=${charset}` }, raw: JSON.stringify({ name: "Ops" }) })
      expect(reply.status, charset).toBe(415)
      expect(reply.json, charset).toMatchObject({ code: "unsupported-charset", details: { path: "Content-Type" } })
    }
    for (const contentType of ["application/json; charset=utf-8", "application/json;charset=UTF-8", "application/json; charset=\"utf-8\"", "Application/JSON"]) {
      expect((await h.call("POST", "/teams", { headers: { "content-type": contentType }, raw: JSON.stringify({ name: "Ops" }) })).status, contentType).toBe(201)
    }
    await h.dispose()
  })
})

describe("typed text", () => {
  it("Windows line endings (CR LF, as a .NET client or a form submission sends them) are lines, kept as LF; the limit still names the field", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const token = retro.participantTokens[0]!
    const added = await h.call("POST", `/retros/${retro.retroId}/cards`, { token, body: { prompt: "friction", text: "Two things:\r\n- scope\r\n- dates" } })
    expect(added.status, added.text).toBe(201)
    const mine = (await h.call("GET", `/retros/${retro.retroId}`, { token })).json.myCards as ReadonlyArray<{ cardId: string; text: string }>
    expect(mine.find((c) => c.cardId === added.json.cardId)?.text).toBe("Two things:\n- scope\n- dates")
    // A card over the limit as sent is refused at the boundary with the field's path, and nothing is written.
    const before = mine.length
    const long = await h.call("POST", `/retros/${retro.retroId}/cards`, { token, body: { prompt: "friction", text: "x\r\n".repeat(700) } })
    expect(long.status).toBe(400)
    expect(long.json).toMatchObject({ code: "invalid-request", details: { path: "text", issues: [{ path: "text", message: "Expected text of at most 2000 characters" }] } })
    expect((await h.call("GET", `/retros/${retro.retroId}`, { token })).json.myCards).toHaveLength(before)
    await h.dispose()
  })
})

describe("embedding in portals", () => {
  it("CORS answers allowed origins only, and frame-ancestors follows the configuration", async () => {
    const h = await makeHarness({ corsOrigins: ["https://portal.example"], frameAncestors: ["https://portal.example"] })
    const allowed = await h.call("OPTIONS", "/teams", { headers: { origin: "https://portal.example", "access-control-request-method": "POST" } })
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://portal.example")
    expect(allowed.headers.get("access-control-allow-headers")).toContain("idempotency-key")
    const refused = await h.call("OPTIONS", "/teams", { headers: { origin: "https://evil.example", "access-control-request-method": "POST" } })
    expect(refused.headers.get("access-control-allow-origin")).toBeNull()
    const health = await h.call("GET", "/healthz", { headers: { origin: "https://portal.example" } })
    expect(health.headers.get("content-security-policy")).toContain("frame-ancestors https://portal.example")
    expect(health.headers.get("x-frame-options")).toBeNull()
    await h.dispose()
  })

  it("every answer to an allowed origin carries CORS headers, also the boundary's own refusals, so the portal can read the error", async () => {
    const h = await makeHarness({ corsOrigins: ["https://portal.example"] })
    const origin = { origin: "https://portal.example" }
    const answers = [
      await h.call("POST", "/teams", { headers: { ...origin, "content-length": String(1024 * 1024) }, raw: "{}" }),
      await h.call("POST", "/teams", { headers: origin, raw: new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]) }),
      await h.call("POST", "/teams", { headers: { ...origin, "content-type": "text/plain" }, raw: "{}" }),
      await h.call("POST", "/teams", { headers: origin, raw: "{" }),
      await h.call("GET", "/no/such/route", { headers: origin })
    ]
    expect(answers.map((a) => a.status)).toEqual([413, 400, 415, 400, 404])
    for (const answer of answers) {
      expect(answer.headers.get("access-control-allow-origin"), `${answer.status} ${answer.text}`).toBe("https://portal.example")
      expect(answer.headers.get("access-control-expose-headers"), `${answer.status}`).toContain("x-request-id")
    }
    await h.dispose()
  })

  it("without configuration: no CORS and no framing", async () => {
    const h = await makeHarness()
    const reply = await h.call("GET", "/healthz", { headers: { origin: "https://portal.example" } })
    expect(reply.headers.get("access-control-allow-origin")).toBeNull()
    expect(reply.headers.get("x-frame-options")).toBe("DENY")
    await h.dispose()
  })

  it("the API reference at /docs is served from the package itself: no external script, style or font", async () => {
    const h = await makeHarness()
    const page = await h.call("GET", "/docs")
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toContain("text/html")
    expect(page.text).toContain("RetroBridge API")
    expect(page.text).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/)
    expect(page.headers.get("content-security-policy")).toMatch(/^default-src 'none'; script-src 'unsafe-inline';/)
    expect(page.headers.get("content-security-policy")).not.toContain("http")
    await h.dispose()
  })

  it("OpenAPI 3.1 is served at /openapi.json and can be switched off", async () => {
    const on = await makeHarness()
    const doc = (await on.call("GET", "/openapi.json")).json
    expect(doc.openapi).toMatch(/^3\.1/)
    expect(Object.keys(doc.paths)).toContain("/retros/{retroId}/cards")
    expect(doc.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "Bearer" })
    const operations = Object.values(doc.paths as Record<string, Record<string, any>>).flatMap((path) => Object.values(path))
    expect(operations.length).toBeGreaterThan(40)
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length)
    for (const op of operations) {
      const guarded = (op.security ?? []).some((s: Record<string, unknown>) => "bearer" in s)
      const open = ["healthz", "readyz", "teams.create", "retros.join", "retros.checkJoin"].includes(op.operationId)
      expect(guarded, op.operationId).toBe(!open)
      if (guarded) expect(Object.keys(op.responses), op.operationId).toEqual(expect.arrayContaining(["400", "401", "403", "404"]))
    }
    await on.dispose()
    const off = await makeHarness({ openapi: false, docs: false })
    expect((await off.call("GET", "/openapi.json")).status).toBe(404)
    expect((await off.call("GET", "/docs")).status).toBe(404)
    await off.dispose()
  })
})
