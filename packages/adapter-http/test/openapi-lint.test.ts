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
      // The one warning kept: /healthz is a liveness probe that takes no input and answers 200 while the
      // process runs, so it has no client error to declare.
      const accepted = ["warn operation-4xx-response at #/paths/~1healthz/get/responses: Operation must have at least one `4XX` response."]
      expect(found.filter((line) => !accepted.includes(line))).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

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
})
