/**
 * The CLI as an operator meets it: clear start-up errors, probes, and a
 * graceful stop that lets in-flight requests finish.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { Agent, request as httpRequest } from "node:http"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { parseServeArgs, redactStoreSpec } from "@retrobridge/server"
import { readSse } from "../../adapter-http/test/fixtures/sse.ts"
import ts from "typescript"
import { binPath, runToExit, startServer } from "./fixtures/spawnServer.ts"

const dir = mkdtempSync(join(tmpdir(), "retrobridge-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("retrobridge serve: options", () => {
  it("defaults to the embedded SQLite store on loopback", () => {
    const options = parseServeArgs(["serve"], {})
    expect(options).toMatchObject({ port: 8080, host: "127.0.0.1", store: "sqlite:./retrobridge.db", logLevel: "info", corsOrigins: [], openapi: true })
  })

  it("reads flags and the environment, flags first", () => {
    expect(parseServeArgs(["serve", "--port", "9000", "--cors-origin", "https://a.example", "--cors-origin", "https://b.example"], { PORT: "7000", RETROBRIDGE_STORE: "memory:" }))
      .toMatchObject({ port: 9000, store: "memory:", corsOrigins: ["https://a.example", "https://b.example"] })
  })

  it("reads --trust-proxy and RETROBRIDGE_TRUST_PROXY", () => {
    expect(parseServeArgs(["serve"], {})).not.toHaveProperty("trustedProxyHops")
    expect(parseServeArgs(["serve", "--trust-proxy", "1"], {})).toMatchObject({ trustedProxyHops: 1 })
    expect(parseServeArgs(["serve"], { RETROBRIDGE_TRUST_PROXY: "2" })).toMatchObject({ trustedProxyHops: 2 })
    expect(parseServeArgs(["serve", "--trust-proxy", "0"], { RETROBRIDGE_TRUST_PROXY: "2" })).toMatchObject({ trustedProxyHops: 0 })
    for (const bad of ["yes", "-1", "1.5", "11"]) expect(parseServeArgs(["serve", `--trust-proxy=${bad}`], {})).toContain("--trust-proxy must be")
  })

  it("masks a store URL's password wherever it is printed, also one written with / # or @ in it", () => {
    expect(redactStoreSpec("postgres://retro:S3cret@db:5432/retro")).toBe("postgres://retro:***@db:5432/retro")
    expect(redactStoreSpec("postgres://retro:ab/cd#1@db:5432/retro?schema=x")).toBe("postgres://retro:***@db:5432/retro?schema=x")
    expect(redactStoreSpec("postgresql://retro:p@ss@db/retro")).toBe("postgresql://retro:***@db/retro")
    expect(redactStoreSpec("postgres://db/retro")).toBe("postgres://db/retro")
    expect(redactStoreSpec("sqlite:./retrobridge.db")).toBe("sqlite:./retrobridge.db")
  })

  it("explains bad options", () => {
    expect(parseServeArgs(["serve", "--port", "http"], {})).toContain("--port must be a whole number")
    expect(parseServeArgs(["serve", "--log-level", "loud"], {})).toContain("--log-level must be")
    expect(parseServeArgs(["serve", "--colour"], {})).toContain("Usage: retrobridge serve")
    expect(parseServeArgs([], {})).toContain("Usage: retrobridge serve")
  })
})

describe("retrobridge: help and version", () => {
  const packageVersion = (JSON.parse(readFileSync(join(binPath, "../../package.json"), "utf8")) as { version: string }).version

  it("prints the usage asked for on stdout and exits 0", async () => {
    const argsList = [["--help"], ["-h"], ["serve", "--help"], ["serve", "-h"]]
    const results = await Promise.all(argsList.map((args) => runToExit(args)))
    results.forEach((result, i) => {
      expect({ args: argsList[i], code: result.code, stderr: result.stderr }).toEqual({ args: argsList[i], code: 0, stderr: "" })
      expect(result.stdout).toContain("Usage: retrobridge serve [options]")
    })
  })

  it("prints the package's version with --version and exits 0", async () => {
    const results = await Promise.all([["--version"], ["serve", "--version"]].map((args) => runToExit(args)))
    for (const result of results) expect(result).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: "" })
  })

  it("keeps usage errors on stderr with exit 2", async () => {
    const argsList = [[], ["serve", "--colour"], ["start"]]
    const results = await Promise.all(argsList.map((args) => runToExit(args)))
    results.forEach((result, i) => {
      expect({ args: argsList[i], code: result.code, stdout: result.stdout }).toEqual({ args: argsList[i], code: 2, stdout: "" })
      expect(result.stderr).toContain("Usage: retrobridge serve [options]")
    })
  })
})

describe("retrobridge serve: start-up errors", () => {
  it("a taken port", async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const port = (blocker.address() as { port: number }).port
    const result = await runToExit(["serve", "--port", String(port), "--store", "memory:"])
    blocker.close()
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`)
  })

  it("a database file that cannot be written", async () => {
    const file = join(dir, "not-a-dir")
    writeFileSync(file, "")
    const result = await runToExit(["serve", "--port", "0", "--store", `sqlite:${join(file, "retro.db")}`])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/Cannot (write|open) the SQLite database/)
  })

  it("an unreachable database", async () => {
    const result = await runToExit(["serve", "--port", "0", "--store", "postgres://nobody:hunter2@127.0.0.1:1/none"])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("Cannot reach PostgreSQL at postgres://nobody:***@127.0.0.1:1/none")
    expect(result.stderr).not.toContain("hunter2")
  })

  it("a PostgreSQL URL that does not parse: one sentence, the password never printed", async () => {
    for (const [spec, secret] of [["postgres://retro:S3cret@db:port/retro", "S3cret"], ["postgres://retro:ab/cd#1@127.0.0.1:5432/test", "cd#1"]] as const) {
      const result = await runToExit(["serve", "--port", "0", "--store", spec])
      expect(result.code, spec).toBe(1)
      expect(result.stderr, spec).toContain("not a valid URL")
      expect(result.stderr, spec).toContain("postgres://retro:***@")
      expect(result.stderr, spec).not.toContain(secret)
      expect(result.stderr, spec).not.toMatch(/TypeError|\n\s+at /)
    }
  })

  it("an unknown store", async () => {
    const result = await runToExit(["serve", "--port", "0", "--store", "mongodb://x"])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Unknown store "mongodb://x"')
  })
})

/** A Node older than the CLI needs, if this machine has one (Debian's, here). */
const olderNode = ["/usr/bin/node", "/usr/local/bin/node"].flatMap((path) => {
  try {
    const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim().replace(/^v/, "")
    return Number(version.split(".")[0]) < 24 ? [{ path, version }] : []
  } catch {
    return []
  }
})[0]

describe("retrobridge on a Node older than it needs", () => {
  it.skipIf(olderNode === undefined)("says which Node it found and which it needs, in one sentence, and exits 1", () => {
    // bin.ts as the build emits it, laid out as installed (package.json beside dist/), and nothing
    // else of the CLI: the check must run before the CLI, which loads node:sqlite, is imported.
    const root = join(dir, "older-node")
    mkdirSync(join(root, "dist"), { recursive: true })
    copyFileSync(join(binPath, "../../package.json"), join(root, "package.json"))
    const emitted = ts.transpileModule(readFileSync(binPath, "utf8"), {
      fileName: "bin.ts",
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, rewriteRelativeImportExtensions: true }
    })
    writeFileSync(join(root, "dist", "bin.js"), emitted.outputText)
    const result = spawnSync(olderNode!.path, [join(root, "dist", "bin.js"), "serve", "--store", "memory:"], { encoding: "utf8", timeout: 20_000 })
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: "" })
    const lines = result.stderr.trimEnd().split("\n")
    expect(lines, result.stderr).toHaveLength(1)
    expect(lines[0]).toContain(`Node.js ${olderNode!.version}`)
    expect(lines[0]).toContain("Node.js 24")
  })
})

/** A JSON POST to the spawned server, answered as a flat record of strings. */
const postTo = (url: string) => (path: string, body: unknown, token?: string) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body)
  }).then((r) => r.json() as Promise<Record<string, string>>)

describe("retrobridge serve: running", () => {
  it("answers the probes, logs requests without ids or tokens, and stops cleanly on SIGTERM", async () => {
    const server = await startServer(["--store", `sqlite:${join(dir, "probe.db")}`, "--log-level", "info"])
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" })
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: "ready" })
    const created = await (await fetch(`${server.url}/teams`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Ops" }) })).json() as { teamId: string; adminToken: string }
    await fetch(`${server.url}/teams/${created.teamId}`, { headers: { authorization: `Bearer ${created.adminToken}` } })
    expect(await server.stop()).toBe(0)
    const lines = server.stderr().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>)
    const requests = lines.filter((l) => l["msg"] === "request")
    expect(requests.map((l) => l["route"])).toEqual(["/healthz", "/readyz", "/teams", "/teams/:teamId"])
    expect(server.stderr()).not.toContain(created.teamId)
    expect(server.stderr()).not.toContain(created.adminToken.slice(4))
    expect(lines.at(-1)).toMatchObject({ msg: "stopped" })
  })

  it("points an unknown path at the API's description only where the server serves one", async () => {
    const servers = await Promise.all([
      startServer(["--store", "memory:", "--log-level", "silent", "--no-web"]),
      startServer(["--store", "memory:", "--log-level", "silent", "--no-web", "--no-openapi"]),
      startServer(["--store", "memory:", "--log-level", "silent", "--no-web", "--no-openapi", "--no-docs"])
    ])
    try {
      const messages = await Promise.all(servers.map(async (server) => {
        const response = await fetch(`${server.url}/no-such-endpoint`)
        const body = await response.json() as { code: string; message: string }
        expect({ status: response.status, code: body.code }).toEqual({ status: 404, code: "route-not-found" })
        // Whatever the message points at must answer.
        for (const path of body.message.match(/\/[a-z.]+/g) ?? []) expect((await fetch(server.url + path)).status, path).toBe(200)
        return body.message
      }))
      expect(messages[0]).toContain("/openapi.json")
      expect(messages[1]).not.toContain("/openapi.json")
      expect(messages[2]).toBe("No such endpoint.")
    } finally {
      await Promise.all(servers.map((server) => server.stop()))
    }
  }, 30_000)

  it("behind a reverse proxy (--trust-proxy 1), limits joins per client as the proxy saw it, not per proxy", async () => {
    const join = (url: string, retro: Record<string, string>, forwardedFor: string) =>
      fetch(`${url}/retros/${retro["retroId"]}/participants`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ joinCode: retro["joinCode"], name: "Amara", side: "product" })
      }).then((r) => r.status)
    const retrosOn = async (url: string) => {
      const post = postTo(url)
      const team = await post("/teams", { name: "Ops" })
      const retros: Array<Record<string, string>> = []
      for (let i = 0; i < 3; i++) retros.push(await post(`/teams/${team["teamId"]}/retros`, { title: `R${i}`, trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team["adminToken"]))
      return retros
    }
    const proxied = await startServer(["--store", "memory:", "--log-level", "silent", "--join-limit", "2", "--trust-proxy", "1"])
    const behindProxy = await retrosOn(proxied.url)
    const one = []
    for (const [i, retro] of behindProxy.entries()) one.push(await join(proxied.url, retro, `198.51.100.${i}, 203.0.113.7`))
    expect(one).toEqual([201, 201, 429])
    expect(await join(proxied.url, behindProxy[2]!, "203.0.113.8")).toBe(201)
    expect(await proxied.stop()).toBe(0)

    // Without --trust-proxy the header is the client's own word: changing it gains nothing.
    const direct = await startServer(["--store", "memory:", "--log-level", "silent", "--join-limit", "2"])
    const retros = await retrosOn(direct.url)
    const spoofing = []
    for (const [i, retro] of retros.entries()) spoofing.push(await join(direct.url, retro, `198.51.100.${i}`))
    expect(spoofing).toEqual([201, 201, 429])
    expect(await direct.stop()).toBe(0)
  })

  it("SIGTERM closes live-update streams cleanly instead of waiting for them", async () => {
    const server = await startServer(["--store", "memory:", "--log-level", "error", "--shutdown-timeout", "30"])
    const post = postTo(server.url)
    const team = await post("/teams", { name: "Ops" })
    const retro = await post(`/teams/${team["teamId"]}/retros`, { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team["adminToken"])
    const events = await fetch(`${server.url}/retros/${retro["retroId"]}/events`, { headers: { authorization: `Bearer ${retro["facilitatorToken"]}` } })
    const reader = readSse(events.body!)
    expect((await reader.until((f) => f.event === "view")).event).toBe("view")
    const exit = server.stop()
    expect((await reader.until((f) => f.event !== "view" && f.comment === undefined)).event).toBe("shutdown")
    expect(await exit).toBe(0)
  })

  it("SIGTERM stops the process even while browsers keep their connections open and reconnect", async () => {
    // A browser keeps its connections alive and the web app reconnects its live stream when the server
    // says goodbye: found by the browser tests, the process then stayed up with those sockets open.
    const server = await startServer(["--store", "memory:", "--log-level", "error", "--shutdown-timeout", "1"])
    const post = postTo(server.url)
    const team = await post("/teams", { name: "Ops" })
    const retro = await post(`/teams/${team["teamId"]}/retros`, { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team["adminToken"])
    let exited = false
    let stopping = false
    let reconnects = 0
    let attemptsWhileStopping = 0
    const viewer = async () => {
      while (!exited) {
        if (stopping) attemptsWhileStopping++
        try {
          const events = await fetch(`${server.url}/retros/${retro["retroId"]}/events`, { headers: { authorization: `Bearer ${retro["facilitatorToken"]}` } })
          reconnects++
          await events.body?.pipeTo(new WritableStream())
        } catch {
          // Refused or cut: the server is going away; try again like the app does.
        }
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }
    const viewers = [viewer(), viewer(), viewer()]
    while (reconnects < 3) await new Promise((resolve) => setTimeout(resolve, 20))
    stopping = true
    const code = await server.stop()
    exited = true
    await Promise.all(viewers)
    expect(code).toBe(0)
    // The viewers really did try to reconnect while the server stopped.
    expect(attemptsWhileStopping).toBeGreaterThanOrEqual(3)
  }, 30_000)

  it("an oversized body sent without a length gets 413 and a closed connection, so the client's next request goes out on a fresh one", async () => {
    const server = await startServer(["--store", "memory:"])
    try {
      const team = await (await fetch(`${server.url}/teams`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Ops" }) })).json() as { teamId: string; adminToken: string }
      // One connection, kept alive, as a browser or an HTTP client library keeps it.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      const send = (path: string, headers: Record<string, string>, write: (body: (chunk: string) => void) => void) =>
        new Promise<{ status: number; connection: string | undefined; body: string } | { error: string }>((resolve) => {
          const req = httpRequest(new URL(path, server.url), { agent, method: "POST", headers }, (res) => {
            let body = ""
            res.on("data", (c: Buffer) => body += c.toString())
            res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }))
          })
          req.on("error", (e) => resolve({ error: e.message }))
          write((chunk) => req.write(chunk))
          req.end()
        })
      const auth = { authorization: `Bearer ${team.adminToken}` }
      const oversized = [
        // A JSON body (64 KiB at most) and a CSV import (5 MiB at most), each well past its limit, chunked.
        { path: "/teams", headers: { "content-type": "application/json" }, chunk: "x".repeat(10_000), chunks: 50 },
        { path: `/teams/${team.teamId}/estimates/import`, headers: { "content-type": "text/csv", ...auth }, chunk: "W-1,feature,2,2026-01-01\n".repeat(400), chunks: 700 }
      ]
      for (const { path, headers, chunk, chunks } of oversized) {
        const refused = await send(path, headers, (write) => {
          for (let i = 0; i < chunks; i++) write(chunk)
        })
        expect(refused).toMatchObject({ status: 413, connection: "close" })
        const next = await send(`/teams`, { "content-type": "application/json" }, (write) => write(JSON.stringify({ name: "Next" })))
        expect(next).toMatchObject({ status: 201 })
      }
      agent.destroy()
    } finally {
      await server.stop()
    }
  }, 30_000)

  it("logs why the store failed (once per cause, without stream ids), where clients only get 503", async () => {
    const file = join(dir, "corrupted.db")
    const first = await startServer(["--store", `sqlite:${file}`, "--log-level", "error", "--write-limit", "100000"])
    const post = postTo(first.url)
    const team = await post("/teams", { name: "Ops" })
    const retro = await post(`/teams/${team["teamId"]}/retros`, { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team["adminToken"])
    const tokens: Array<string> = []
    for (const [i, side] of ["product", "product", "engineering"].entries()) {
      tokens.push((await post(`/retros/${retro["retroId"]}/participants`, { joinCode: retro["joinCode"], name: `P${i}`, side }))["participantToken"]!)
    }
    await post(`/retros/${retro["retroId"]}/phase`, { from: "draft" }, retro["facilitatorToken"])
    for (let i = 0; i < 150; i++) await post(`/retros/${retro["retroId"]}/cards`, { prompt: "friction", text: `card ${i} ${"x".repeat(300)}` }, tokens[i % 3])
    await first.stop()
    // Pages in the middle of the file overwritten: the events table no longer reads.
    const { openSync, writeSync, closeSync } = await import("node:fs")
    const fd = openSync(file, "r+")
    writeSync(fd, Buffer.alloc(5 * 4096, 0x5a), 0, 5 * 4096, 10 * 4096)
    closeSync(fd)
    const second = await startServer(["--store", `sqlite:${file}`, "--log-level", "error"])
    try {
      for (let i = 0; i < 3; i++) {
        const reply = await fetch(`${second.url}/retros/${retro["retroId"]}`, { headers: { authorization: `Bearer ${retro["facilitatorToken"]}` } })
        expect(reply.status).toBe(503)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
      const lines = second.stderr().trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>)
      const failures = lines.filter((l) => l["msg"] === "store failed")
      expect(failures.length, second.stderr()).toBe(1)
      expect(failures[0]).toMatchObject({ level: "error", operation: expect.any(String), reason: expect.stringMatching(/malformed|corrupt|not a database/i) })
      expect(JSON.stringify(failures[0])).not.toContain(retro["retroId"]!)
    } finally {
      await second.stop()
    }
  }, 60_000)

  it("refuses a JSON body that is not UTF-8 instead of storing replacement characters, keeps what is, and routes the longest ids", async () => {
    const server = await startServer(["--store", "memory:"])
    try {
      const create = (body: Uint8Array) => fetch(`${server.url}/teams`, { method: "POST", headers: { "content-type": "application/json" }, body })
      // "Café" from a windows-1252 tool: é is the single byte 0xE9.
      const latin1 = await create(new Uint8Array([...new TextEncoder().encode(`{"name":"Caf`), 0xe9, ...new TextEncoder().encode(`"}`)]))
      expect(latin1.status).toBe(400)
      expect(((await latin1.json()) as { code: string }).code).toBe("invalid-json")
      const utf8 = await create(new TextEncoder().encode(JSON.stringify({ name: "Café" })))
      expect(utf8.status).toBe(201)
      const team = await utf8.json() as { teamId: string; adminToken: string }
      const read = await (await fetch(`${server.url}/teams/${team.teamId}`, { headers: { authorization: `Bearer ${team.adminToken}` } })).json() as { name: string }
      expect(read.name).toBe("Café")
      // The router takes the longest ids the API accepts (128 characters) in paths.
      const itemId = "J".repeat(128)
      const admin = { "content-type": "application/json", authorization: `Bearer ${team.adminToken}` }
      const recorded = await fetch(`${server.url}/teams/${team.teamId}/estimates`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ itemId, title: "Checkout refactor", workType: "refactor", unit: "days", range: { likely: 3 }, estimatedBy: "engineering", estimatedOn: "2026-09-01" })
      })
      expect(recorded.status).toBe(201)
      const done = await fetch(`${server.url}/teams/${team.teamId}/estimates/${itemId}/actual`, { method: "PUT", headers: admin, body: JSON.stringify({ actual: 4, completedOn: "2026-09-20" }) })
      expect(done.status).toBe(200)
    } finally {
      await server.stop()
    }
  }, 30_000)
})
