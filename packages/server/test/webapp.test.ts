/**
 * The web app next to the API: pages at the app's paths with a CSP that
 * allows only this origin, hashed assets cached for good, correct content
 * types, and API answers unchanged (`default-src 'none'`, `no-store`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parseServeArgs } from "@retrobridge/server"
import { startServer, type RunningServer } from "./fixtures/spawnServer.ts"

const dir = mkdtempSync(join(tmpdir(), "retrobridge-web-serve-"))
const build = join(dir, "dist")
let server: RunningServer
let apiOnly: RunningServer
let unbuilt: RunningServer

beforeAll(async () => {
  mkdirSync(join(build, "assets"), { recursive: true })
  writeFileSync(join(build, "index.html"), `<!doctype html><script type="module" src="/assets/index-Ab12Cd.js"></script>`)
  writeFileSync(join(build, "assets", "index-Ab12Cd.js"), "console.log(1)")
  writeFileSync(join(build, "assets", "index-Ef34Gh.css"), "body{}")
  writeFileSync(join(build, "favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
  ;[server, apiOnly, unbuilt] = await Promise.all([
    startServer(["--store", "memory:", "--log-level", "silent", "--web-dir", build]),
    startServer(["--store", "memory:", "--log-level", "silent", "--no-web"]),
    startServer(["--store", "memory:", "--log-level", "silent", "--web-dir", join(dir, "missing")])
  ])
})
afterAll(async () => {
  await Promise.all([server?.stop(), apiOnly?.stop(), unbuilt?.stop()])
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

  it("--no-web serves the API only; a missing build answers / with how to build it", async () => {
    expect((await fetch(apiOnly.url + "/")).status).toBe(404)
    expect((await fetch(apiOnly.url + "/healthz")).status).toBe(200)
    const page = await fetch(unbuilt.url + "/")
    expect(page.status).toBe(503)
    expect(await page.text()).toContain("npm run build")
  })

  it("parses --web-dir and --no-web", () => {
    expect(parseServeArgs(["serve", "--web-dir", "/srv/app"], {})).toMatchObject({ web: "/srv/app" })
    expect(parseServeArgs(["serve", "--no-web"], {})).toMatchObject({ web: false })
    expect(parseServeArgs(["serve"], {})).not.toHaveProperty("web")
  })
})
