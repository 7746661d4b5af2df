/**
 * The participant's first load — the page, its entry script, the chunks it
 * preloads and its CSS — is at most 250 KB gzip. Builds the app into a
 * temporary directory (sizes of a build are deterministic), so the figure is
 * never that of a stale dist/.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { build } from "vite"
import { afterAll, describe, expect, it } from "vitest"

const budgetBytes = 250 * 1024
const webDir = join(import.meta.dirname, "..")
const outDir = mkdtempSync(join(tmpdir(), "retrobridge-web-"))
afterAll(() => rmSync(outDir, { recursive: true, force: true }))

/** Files the page loads before it can show anything: module scripts, preloads and stylesheets it names. */
export const firstLoadFiles = (html: string): Array<string> => {
  const out = new Set<string>()
  for (const match of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)) out.add(match[1]!)
  return [...out]
}

describe("participant first load", () => {
  it("is at most 250 KB gzip of JavaScript and CSS, and the other screens are separate chunks", async () => {
    await build({ root: webDir, configFile: join(webDir, "vite.config.ts"), logLevel: "silent", build: { outDir, emptyOutDir: true } })
    const html = readFileSync(join(outDir, "index.html"), "utf8")
    const files = firstLoadFiles(html)
    expect(files.some((f) => f.endsWith(".js"))).toBe(true)
    expect(files.some((f) => f.endsWith(".css"))).toBe(true)
    const sizes = files.map((f) => ({ file: f, gzip: gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length }))
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0) + gzipSync(html, { level: 9 }).length
    // Reported so a change in weight shows up in the test log next to the budget.
    console.log(`participant first load: ${(total / 1024).toFixed(1)} KB gzip of ${(budgetBytes / 1024).toFixed(0)} KB (${sizes.map((s) => `${s.file} ${(s.gzip / 1024).toFixed(1)} KB`).join(", ")})`)
    expect(total).toBeLessThanOrEqual(budgetBytes)
    // Facilitator, team and start screens must not be in the first load.
    for (const screen of ["facilitator", "team", "home"]) expect(files.some((f) => f.includes(`/${screen}-`))).toBe(false)
  }, 120_000)

  it("names only files of this origin: no CDN script, stylesheet or font", () => {
    const html = readFileSync(join(outDir, "index.html"), "utf8")
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//)
  })
})
