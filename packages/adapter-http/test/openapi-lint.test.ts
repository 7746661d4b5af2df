/**
 * The OpenAPI document the server serves at /openapi.json passes
 * `@redocly/cli lint` with its recommended rules.
 */
import { execFile } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { Primitives } from "@retrobridge/core"
import { openApiDocument } from "../src/index.ts"
import { makeHarness } from "./fixtures/harness.ts"

interface LintProblem {
  readonly ruleId: string
  readonly severity: "error" | "warn"
  readonly message: string
  readonly location: ReadonlyArray<{ readonly pointer: string }>
}

/** A `#/components/…` reference's target. */
const resolve = (doc: object, ref: string): any => ref.slice(2).split("/").reduce((at: any, key) => at?.[key], doc)

const redocly = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin", "cli.js")

describe("/openapi.json", () => {
  it("passes redocly lint (recommended rules)", async () => {
    const h = await makeHarness()
    const served = await h.call("GET", "/openapi.json")
    await h.dispose()
    expect(served.status).toBe(200)
    const dir = await mkdtemp(join(tmpdir(), "retrobridge-openapi-"))
    try {
      const file = join(dir, "openapi.json")
      await writeFile(file, served.text)
      // lint exits 1 when it finds errors; the JSON report is on stdout either way.
      const run = await promisify(execFile)(process.execPath, [redocly, "lint", file, "--format=json"], {
        cwd: dir,
        // No telemetry and no update check: CI reaches no host but the registries.
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
        maxBuffer: 64 * 1024 * 1024
      }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? "" }))
      const report = JSON.parse(run.stdout) as { readonly problems: ReadonlyArray<LintProblem> }
      const found = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? "?"}: ${p.message}`)
      // The two warnings kept: /healthz is a liveness probe that takes no input and answers 200 while the
      // process runs, and /readyz takes no input either and answers 200 or 503; neither has a client error
      // to declare, and declaring one it never gives would mislead a generated client.
      const accepted = ["/healthz", "/readyz"].map((path) =>
        `warn operation-4xx-response at #/paths/~1${path.slice(1)}/get/responses: Operation must have at least one \`4XX\` response.`)
      expect(found.filter((line) => !accepted.includes(line))).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it("states the Idempotency-Key header on every write, and on nothing that writes nothing", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, any>> }
    const withKey: Array<string> = []
    const withoutKey: Array<string> = []
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const parameters = (operation.parameters ?? []).map((p: any) => p.$ref === undefined ? p : resolve(doc, p.$ref))
        const key = parameters.find((p: any) => p.in === "header" && p.name === "Idempotency-Key")
        ;(key === undefined ? withoutKey : withKey).push(`${method.toUpperCase()} ${path}`)
        if (key !== undefined) {
          expect(key.required, `${method} ${path}`).toBe(false)
          expect(key.schema).toMatchObject({ type: "string", minLength: 1, maxLength: 200 })
        }
      }
    }
    // Every POST, PUT, PATCH and DELETE is a write, but for four that compute an answer from what is stored.
    expect(withoutKey.filter((op) => !op.startsWith("GET ")).sort()).toEqual([
      "POST /retros/{retroId}/agreements/validate",
      "POST /retros/{retroId}/participants/check",
      "POST /teams/{teamId}/estimates/accuracy",
      "POST /teams/{teamId}/estimates/calibrate"
    ])
    expect(withKey.length).toBeGreaterThan(35)
  })

  it("states the headers every answer carries, the 415 of every body, and /healthz and /readyz as they answer", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, any>> }
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const responses = operation.responses as Record<string, any>
        for (const [status, response] of Object.entries(responses)) {
          const headers = Object.fromEntries(Object.entries((response.headers ?? {}) as Record<string, any>).map(([name, h]) => [name.toLowerCase(), h.$ref === undefined ? h : resolve(doc, h.$ref)]))
          expect(headers["x-request-id"]?.schema, `${method} ${path} ${status}`).toMatchObject({ type: "string" })
          if (status === "429" || status === "503") expect(headers["retry-after"]?.schema, `${method} ${path} ${status}`).toMatchObject({ type: "integer", minimum: 0 })
          if (status === "401") expect(headers["www-authenticate"], `${method} ${path} ${status}`).toBeDefined()
        }
        if (operation.requestBody !== undefined) expect(Object.keys(responses), `${method} ${path}`).toContain("415")
      }
    }
    expect(Object.keys(doc.paths["/healthz"]!["get"].responses)).toEqual(["200"])
    expect(Object.keys(doc.paths["/readyz"]!["get"].responses).sort()).toEqual(["200", "503"])
  })

  it("types versions and counts as non-negative integers", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, any>> }
    const success = (path: string, method: string, status = "200") => doc.paths[path]![method].responses[status].content["application/json"].schema
    const integer = expect.objectContaining({ type: "integer", minimum: 0 })
    expect(success("/retros/{retroId}/cards", "post", "201").properties.version).toEqual(integer)
    expect(success("/retros/{retroId}/ready", "put").properties.version).toEqual(integer)
    expect(success("/retros/{retroId}/phase", "post").properties.version).toEqual(integer)
    expect(success("/teams/{teamId}/estimates", "post", "201").properties.version).toEqual(integer)
    const imported = success("/teams/{teamId}/estimates/import", "post").properties
    for (const field of ["version", "items", "completedWithoutActual", "skipped"]) expect(imported[field], field).toEqual(integer)
  })

  it("states the core's text limits, so a client that follows it is not refused by the core", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { maxLength?: number }> } }> } }>> }
    const limit = (path: string, method: string, field: string) =>
      doc.paths[path]![method]!.requestBody!.content["application/json"]!.schema.properties[field]!.maxLength
    const { name, title, card, note } = Primitives.textLimits
    expect(limit("/teams", "post", "name")).toBe(name)
    expect(limit("/teams/{teamId}/members", "post", "name")).toBe(name)
    expect(limit("/retros/{retroId}/participants", "post", "name")).toBe(name)
    expect(limit("/teams/{teamId}/retros", "post", "facilitatorName")).toBe(name)
    expect(limit("/teams/{teamId}/retros", "post", "title")).toBe(title)
    expect(limit("/retros/{retroId}/themes", "post", "name")).toBe(name)
    expect(limit("/retros/{retroId}/cards", "post", "text")).toBe(card)
    expect(limit("/retros/{retroId}/themes/{themeId}/handoff-notes", "post", "text")).toBe(note)
  })

  it("types no number as possibly \"Infinity\" or \"NaN\" (theme scores and points are finite, counts whole)", () => {
    const doc = openApiDocument()
    const nonFinite: Array<string> = []
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}/${i}`))
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, `${path}/${k}`)
      else if (value === "Infinity" || value === "-Infinity" || value === "NaN") nonFinite.push(path)
    }
    walk(doc, "#")
    expect(nonFinite).toEqual([])
  })

  it("types the error details' fields as optional, not as nullable (the server never sends null)", () => {
    const text = JSON.stringify(openApiDocument())
    const details = /"details":\{"type":"object","properties":(\{.*?\}),"additionalProperties":false\}/.exec(text)
    expect(details).not.toBeNull()
    expect(details![1]).not.toContain("\"null\"")
  })
})
