/**
 * The web app next to the API: pages at the app's paths with a CSP that
 * allows only this origin, hashed assets cached for good, correct content
 * types, gzip for what may be cached, route templates in the access log, and
 * API answers unchanged (`default-src 'none'`, `no-store`, never compressed).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { request as httpRequest } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gunzipSync } from "node:zlib"
import { HttpRouter } from "effect/http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { layerWebApp, parseServeArgs } from "@retrobridge/server"
import { runToExit, startServer, type RunningServer } from "./fixtures/spawnServer.ts"

const dir = mkdtempSync(join(tmpdir(), "retrobridge-web-serve-"))
const build = join(dir, "dist")
let server: RunningServer
let logged: RunningServer
let apiOnly: RunningServer

// A script as large as a real build's chunks (and as repetitive): worth compressing.
const bigScript = Array.from({ length: 600 }, (_, i) => `export const card${i} = () => console.log("card ${i} of the retro");`).join("\n")

/** A GET as it left the server: no decompression on the way (fetch would undo the gzip). */
const rawGet = (url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on("error", reject)
    req.end()
  })

beforeAll(async () => {
  mkdirSync(join(build, "assets"), { recursive: true })
  writeFileSync(join(build, "index.html"), `<!doctype html><script type="module" src="/assets/index-Ab12Cd.js"></script>`)
  writeFileSync(join(build, "assets", "index-Ab12Cd.js"), "console.log(1)")
  writeFileSync(join(build, "assets", "index-Ef34Gh.css"), "body{}")
  writeFileSync(join(build, "favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
  writeFileSync(join(build, "assets", "big-Ij56Kl.js"), bigScript)
  ;[server, logged, apiOnly] = await Promise.all([
    startServer(["--store", "memory:", "--log-level", "silent", "--web-dir", build]),
    startServer(["--store", "memory:", "--log-level", "info", "--web-dir", build]),
    startServer(["--store", "memory:", "--log-level", "silent", "--no-web"])
  ])
})
afterAll(async () => {
  await Promise.all([server?.stop(), logged?.stop(), apiOnly?.stop()])
  rmSync(dir, { recursive: true, force: true })
})

describe("the web app", () => {
  it("answers the app's pages with the built index.html, its own CSP and no-cache", async () => {
    for (const path of ["/", "/join/r_1", "/facilitate/r_1", "/team/t_1"]) {
      const response = await fetch(server.url + path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8")
      expect(response.headers.get("cache-control")).toBe("no-cache")
      const csp = response.headers.get("content-security-policy")!
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("style-src 'self'")
      expect(csp).toContain("connect-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/)
      expect(response.headers.get("x-content-type-options")).toBe("nosniff")
      expect(await response.text()).toContain("/assets/index-Ab12Cd.js")
    }
  })

  it("serves hashed assets with their content type, cached for good", async () => {
    const js = await fetch(server.url + "/assets/index-Ab12Cd.js")
    expect(js.status).toBe(200)
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8")
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable")
    expect(await js.text()).toBe("console.log(1)")
    const css = await fetch(server.url + "/assets/index-Ef34Gh.css")
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8")
    const icon = await fetch(server.url + "/favicon.svg")
    expect(icon.headers.get("content-type")).toBe("image/svg+xml")
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600")
  })

  it("answers a file that is not in the build with 404, never a file outside it", async () => {
    expect((await fetch(server.url + "/assets/nope.js")).status).toBe(404)
    expect((await fetch(server.url + "/assets/..%2F..%2Fpackage.json")).status).toBe(404)
  })

  it("leaves the API's answers as they were", async () => {
    const health = await fetch(server.url + "/healthz")
    expect(health.status).toBe(200)
    expect(health.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(health.headers.get("cache-control")).toBe("no-store")
    const team = await fetch(server.url + "/teams", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Falcon" }) })
    expect(team.status).toBe(201)
  })

  it("gzips a file of the app for a client that takes gzip, and sends it as it is to one that does not", async () => {
    const url = server.url + "/assets/big-Ij56Kl.js"
    const packed = await rawGet(url, { "accept-encoding": "gzip, deflate, br" })
    expect(packed.status).toBe(200)
    expect(packed.headers["content-encoding"]).toBe("gzip")
    expect(packed.headers["vary"]).toBe("accept-encoding")
    expect(packed.headers["content-type"]).toBe("text/javascript; charset=utf-8")
    expect(packed.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
    expect(packed.headers["content-security-policy"]).toContain("script-src 'self'")
    expect(Number(packed.headers["content-length"])).toBe(packed.body.length)
    expect(packed.body.length).toBeLessThan(bigScript.length / 5)
    expect(gunzipSync(packed.body).toString()).toBe(bigScript)
    // The same bytes again: compressed once, answered from memory.
    expect((await rawGet(url, { "accept-encoding": "gzip" })).body.equals(packed.body)).toBe(true)

    for (const headers of [{}, { "accept-encoding": "identity" }, { "accept-encoding": "gzip;q=0, *" }, { "accept-encoding": "br" }]) {
      const plain = await rawGet(url, headers)
      expect(plain.headers["content-encoding"], JSON.stringify(headers)).toBeUndefined()
      expect(plain.headers["vary"]).toBe("accept-encoding")
      expect(plain.body.toString()).toBe(bigScript)
    }
    for (const accept of ["GZIP", "x-gzip", "*", "br;q=1, gzip;q=0.5"]) {
      expect((await rawGet(url, { "accept-encoding": accept })).headers["content-encoding"], accept).toBe("gzip")
    }
  })

  it("keeps what an answer already varies on (CORS's Origin) when it adds Accept-Encoding", async () => {
    const cors = await startServer(["--store", "memory:", "--log-level", "silent", "--no-web", "--cors-origin", "https://portal.example"])
    try {
      for (const accept of ["gzip", "identity"]) {
        const reply = await rawGet(cors.url + "/openapi.json", { origin: "https://portal.example", "accept-encoding": accept })
        expect(reply.headers["access-control-allow-origin"]).toBe("https://portal.example")
        expect(String(reply.headers["vary"]).split(",").map((v) => v.trim().toLowerCase()).sort()).toEqual(["accept-encoding", "origin"])
      }
    } finally {
      await cors.stop()
    }
  })

  it("leaves small files uncompressed", async () => {
    const small = await rawGet(server.url + "/assets/index-Ab12Cd.js", { "accept-encoding": "gzip" })
    expect(small.headers["content-encoding"]).toBeUndefined()
    expect(small.body.toString()).toBe("console.log(1)")
  })

  it("gzips the API reference and the OpenAPI document, which browsers may keep a while; never an API answer", async () => {
    for (const path of ["/docs", "/openapi.json"]) {
      const reply = await rawGet(server.url + path, { "accept-encoding": "gzip" })
      expect(reply.status, path).toBe(200)
      expect(reply.headers["content-encoding"], path).toBe("gzip")
      expect(reply.headers["cache-control"], path).toBe("public, max-age=300")
      expect(gunzipSync(reply.body).length).toBeGreaterThan(reply.body.length * 2)
    }
    // A JSON answer above the size that would be compressed, carrying a token shown once: as it is.
    const team = await fetch(server.url + "/teams", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Falcon" }) })
    const { teamId, adminToken } = await team.json() as { teamId: string; adminToken: string }
    const retro = await fetch(server.url + `/teams/${teamId}/retros`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ title: "Q3 release", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" })
    })
    const { retroId, facilitatorToken } = await retro.json() as { retroId: string; facilitatorToken: string }
    const view = await rawGet(server.url + `/retros/${retroId}`, { "accept-encoding": "gzip", authorization: `Bearer ${facilitatorToken}` })
    expect(view.status).toBe(200)
    expect(view.body.length).toBeGreaterThan(1024)
    expect(view.headers["cache-control"]).toBe("no-store")
    expect(view.headers["content-encoding"]).toBeUndefined()
    expect(view.headers["vary"]).toBeUndefined()
    expect(JSON.parse(view.body.toString())).toHaveProperty("retroId", retroId)
  })

  it("logs the web app's requests with their route templates", async () => {
    for (const path of ["/", "/join/r_1", "/assets/big-Ij56Kl.js", "/favicon.svg"]) expect((await fetch(logged.url + path)).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const routes = logged.stderr().split("\n").filter((line) => line.startsWith("{")).map((line) => (JSON.parse(line) as { route: string }).route)
    expect(routes).toEqual(expect.arrayContaining(["/", "/join/*", "/assets/*", "/favicon.svg"]))
    expect(routes).not.toContain("(unmatched)")
    expect(logged.stderr()).not.toContain("r_1")
  })

  it("--no-web serves the API only", async () => {
    expect((await fetch(apiOnly.url + "/")).status).toBe(404)
    expect((await fetch(apiOnly.url + "/healthz")).status).toBe(200)
  })

  it("refuses to start with a --web-dir that does not exist or holds no build, in one sentence", async () => {
    const empty = join(dir, "empty")
    mkdirSync(empty)
    const [missing, unbuilt] = await Promise.all([join(dir, "does-not-exist"), empty].map((webDir) =>
      runToExit(["serve", "--port", "0", "--store", "memory:", "--log-level", "silent", "--web-dir", webDir], {}, 15_000)
    ))
    for (const [result, reason] of [[missing!, "does not exist"], [unbuilt!, "holds no index.html"]] as const) {
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: "" })
      expect(result.stderr.trimEnd().split("\n"), result.stderr).toHaveLength(1)
      expect(result.stderr).toContain(reason)
      expect(result.stderr).toContain("--no-web")
    }
  }, 30_000)

  it("without a build where it looks by default, answers / with advice that fits a checkout or an install", async () => {
    // The two places the server looks by default, laid out without a build: a checkout's web app
    // package (packages/web, dist/ not built) and an installed server package missing its web/.
    const checkout = join(dir, "checkout", "packages", "web")
    const installed = join(dir, "install", "node_modules", "@retrobridge", "server")
    for (const [root, name] of [[checkout, "@retrobridge/web"], [installed, "@retrobridge/server"]] as const) {
      mkdirSync(root, { recursive: true })
      writeFileSync(join(root, "package.json"), JSON.stringify({ name }))
    }
    const pageAt = async (webDir: string) => {
      const { handler, dispose } = HttpRouter.toWebHandler(layerWebApp({ dir: webDir, frameAncestors: [] }))
      try {
        const response = await handler(new Request("http://localhost/"))
        return { status: response.status, text: await response.text() }
      } finally {
        await dispose()
      }
    }
    const inCheckout = await pageAt(join(checkout, "dist"))
    expect(inCheckout.status).toBe(503)
    expect(inCheckout.text).toContain("npm run build")
    const inInstall = await pageAt(join(installed, "web"))
    expect(inInstall.status).toBe(503)
    expect(inInstall.text).not.toContain("npm run build")
    expect(inInstall.text).toContain("reinstall")
  })

  it("parses --web-dir and --no-web", () => {
    expect(parseServeArgs(["serve", "--web-dir", "/srv/app"], {})).toMatchObject({ web: "/srv/app" })
    expect(parseServeArgs(["serve", "--no-web"], {})).toMatchObject({ web: false })
    expect(parseServeArgs(["serve"], {})).not.toHaveProperty("web")
  })
})
