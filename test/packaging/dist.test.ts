/**
 * What `npm run build` produces, run as a consumer runs it: plain Node, no
 * `@retrobridge/source` condition, so every import lands in dist/.
 * (The packed-tarball consumer test in test/consumer/ goes further; this one is fast.)
 */
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { builtinModules } from "node:module"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { packages, repoRoot } from "./workspace.ts"

const jsFiles = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".js"))
    .map((e) => join(e.parentPath, e.name))

// Includes the prefix-only modules (node:sqlite, node:test, …), listed with their prefix.
const builtins = new Set(builtinModules.filter((m) => !m.startsWith("_")).map((m) => m.replace(/^node:/, "")))
const specifiers = (code: string): Array<string> =>
  [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!)

describe("built dist/", () => {
  for (const pkg of packages()) {
    const dist = join(pkg.dir, "dist")

    it(`${pkg.name}: dist/ exists (run npm run build)`, () => {
      expect(existsSync(dist), `${dist} is missing: run npm run build`).toBe(true)
    })

    it(`${pkg.name}: imports Node built-ins with the node: prefix`, () => {
      // A bare "sqlite" is resolved as an npm package: ERR_MODULE_NOT_FOUND for every consumer.
      const bare = jsFiles(dist).flatMap((file) =>
        specifiers(readFileSync(file, "utf8"))
          .filter((s) => builtins.has(s.split("/")[0]!))
          .map((s) => `${file.slice(repoRoot.length + 1)}: "${s}"`)
      )
      expect(bare).toEqual([])
    })

    it(`${pkg.name}: every entry point imports under plain Node`, () => {
      const script = pkg.entries
        .map((entry) => `await import(${JSON.stringify(entry)});`)
        .join("\n")
      // Run from the package's directory without --conditions: Node resolves the `default` export (dist/).
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", `${script}\nconsole.log("ok")`], {
        cwd: pkg.dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"]
      })
      expect(out.trim()).toBe("ok")
    })
  }
})
