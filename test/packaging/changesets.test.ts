/**
 * Every changeset can be released: `changeset version` refuses a changeset that names a package it
 * does not know, or mixes a private workspace (the web app, which ships inside @retrobridge/server)
 * with published ones — and that refusal would come only at release time.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { packages, repoRoot } from "./workspace.ts"

const dir = join(repoRoot, ".changeset")
const changesets = readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md")

/** The packages and bumps in a changeset's front matter, and its text. */
const parse = (text: string) => {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)
  if (match === null) return undefined
  const bumps = match[1]!.split("\n").filter((l) => l.trim() !== "").map((l) => {
    const entry = /^"(@?[^"]+)":\s*(\S+)\s*$/.exec(l)
    return entry === null ? { line: l } : { name: entry[1]!, bump: entry[2]! }
  })
  return { bumps, summary: match[2]!.trim() }
}

describe("changesets", () => {
  const published = new Set(packages().filter((p) => !p.private).map((p) => p.name))
  const unpublished = new Set(packages().filter((p) => p.private).map((p) => p.name))

  it("there are some to check", () => {
    expect(changesets.length).toBeGreaterThan(0)
  })

  it.each(changesets)("%s names published packages with a bump and says what changed for users", (file) => {
    const parsed = parse(readFileSync(join(dir, file), "utf8"))
    expect(parsed, "front matter between --- lines").toBeDefined()
    for (const bump of parsed!.bumps) {
      expect(bump, `a line "<package>": <bump>`).toHaveProperty("name")
      const { name, bump: kind } = bump as { name: string; bump: string }
      expect(unpublished.has(name), `${name} is not published (it ships inside @retrobridge/server): name that package instead`).toBe(false)
      expect(published.has(name), `${name} is not a package of this workspace`).toBe(true)
      expect(["major", "minor", "patch"]).toContain(kind)
    }
    expect(parsed!.bumps.length).toBeGreaterThan(0)
    expect(parsed!.summary.length).toBeGreaterThan(20)
  })
})
