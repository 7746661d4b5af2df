/**
 * `npm pack` and `npm publish` ship dist/ as it is: every package's `prepack` runs
 * `build-package.ts --check`, which refuses a dist/ built from other sources than the
 * package holds now (a tarball once carried JavaScript from before its own src/).
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { packages, repoRoot } from "./workspace.ts"

const script = join(repoRoot, "scripts", "build-package.ts")
const run = (...args: Array<string>) => {
  const done = spawnSync(process.execPath, [script, ...args], { encoding: "utf8" })
  return { status: done.status, stderr: done.stderr }
}

const dir = mkdtempSync(join(tmpdir(), "retrobridge-built-from-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("a package's dist/ and the sources it was built from", () => {
  it("--check passes after a build and refuses once a source changes, until the next build", () => {
    mkdirSync(join(dir, "src"))
    writeFileSync(join(dir, "tsconfig.build.json"), JSON.stringify({
      compilerOptions: { strict: true, module: "nodenext", target: "es2022", rootDir: "src", outDir: "dist", declaration: true, types: [] },
      include: ["src/**/*.ts"]
    }))
    writeFileSync(join(dir, "src", "index.ts"), "export const answer = 41\n")
    expect(run("--check", dir)).toMatchObject({ status: 1, stderr: expect.stringContaining("has no build") })
    expect(run(dir).status).toBe(0)
    expect(run("--check", dir)).toMatchObject({ status: 0 })
    writeFileSync(join(dir, "src", "index.ts"), "export const answer = 42\n")
    expect(run("--check", dir)).toMatchObject({ status: 1, stderr: expect.stringContaining("run npm run build") })
    expect(run(dir).status).toBe(0)
    expect(run("--check", dir).status).toBe(0)
    // A new source file counts too.
    writeFileSync(join(dir, "src", "extra.ts"), "export const more = 1\n")
    expect(run("--check", dir).status).toBe(1)
  })

  it("--check of several packages names every one that needs a build, not only the first", () => {
    const two = ["first", "second"].map((name) => {
      const pkg = join(dir, name)
      mkdirSync(join(pkg, "src"), { recursive: true })
      writeFileSync(join(pkg, "tsconfig.build.json"), JSON.stringify({
        compilerOptions: { strict: true, module: "nodenext", target: "es2022", rootDir: "src", outDir: "dist", declaration: true, types: [] },
        include: ["src/**/*.ts"]
      }))
      writeFileSync(join(pkg, "src", "index.ts"), `export const name = ${JSON.stringify(name)}\n`)
      return pkg
    })
    const checked = run("--check", ...two)
    expect(checked.status).toBe(1)
    for (const pkg of two) expect(checked.stderr).toContain(`${pkg} has no build`)
  })

  it("every publishable package checks its build before it is packed", () => {
    const unchecked = packages().filter((p) => !p.private)
      .filter((p) => !String((p.manifest["scripts"] as Record<string, string> | undefined)?.["prepack"] ?? "").includes("build-package.ts --check"))
      .map((p) => p.name)
    expect(unchecked).toEqual([])
  })
})
