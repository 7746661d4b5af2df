/**
 * publint (strict: warnings are errors) and Are The Types Wrong (esm-only profile) on the
 * tarball `npm pack` makes of every publishable package. Needs `npm run build` first.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { packages, repoRoot } from "./workspace.ts"

const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name)
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_(config_|package_|lifecycle_)/i.test(k) || k === "npm_config_cache")
)

/** Runs a linter; its whole output is the failure message when it exits non-zero. */
const lint = (command: string, args: ReadonlyArray<string>): { ok: boolean; output: string } => {
  try {
    const output = execFileSync(command, args, { env: { ...cleanEnv, NO_COLOR: "1" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
    return { ok: true, output }
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string }
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` }
  }
}

let dir = ""
const tarballs = new Map<string, string>()

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "retrobridge-lint-"))
  for (const p of packages()) {
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: p.dir, env: cleanEnv, encoding: "utf8" })
    const [packed] = JSON.parse(out) as Array<{ filename: string }>
    tarballs.set(p.name, join(dir, packed!.filename))
  }
}, 120_000)

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true })
})

describe("package linters on the packed tarballs", () => {
  for (const p of packages()) {
    it(`${p.name}: publint --strict`, () => {
      const result = lint(bin("publint"), ["run", "--strict", tarballs.get(p.name)!])
      expect(result.ok, result.output).toBe(true)
    })

    it(`${p.name}: attw --profile esm-only`, () => {
      const result = lint(bin("attw"), ["--profile", "esm-only", "--no-emoji", "--no-color", tarballs.get(p.name)!])
      expect(result.ok, result.output).toBe(true)
    })
  }
})
