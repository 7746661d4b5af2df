/**
 * What an integrator gets from npm: every publishable package is packed (`npm pack`), the
 * tarballs are installed with `effect` from the registry into a scratch project outside the
 * workspace, and the scratch project then
 * - imports every entry point as ESM on this Node (24), and drives a small retro on the SQLite
 *   adapter in a temp file, closes it, reopens it and reads the retro back;
 * - `require()`s every entry point from CommonJS;
 * - type-checks a strict TypeScript consumer under `nodenext` and under `bundler`;
 * - bundles the core for the browser (esbuild): no `node:` import, size reported, and the
 *   agreement-only and retro-only bundles carry none of the estimate log, CSV or calibration code;
 * - runs the installed `retrobridge serve` binary and loads the web app it serves at `/`.
 * Needs `npm run build` first (CI builds before testing).
 */
import { execFileSync, spawn } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bundleEntries, decidingModules, estimatesOnlyModules, measureBundle } from "../../bench/lib/bundle.ts"
import { whenListening } from "../../packages/server/test/fixtures/spawnServer.ts"
import { packages, repoRoot } from "../packaging/workspace.ts"

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures")
const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc")
const publishable = packages()
const entries = publishable.flatMap((p) => p.entries)

// npm settings of the `npm test` that runs us (workspace, prefix, …) must not leak into the scratch install.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_(config_|package_|lifecycle_)/i.test(k) || k === "npm_config_cache")
)

const run = (command: string, args: ReadonlyArray<string>, cwd: string) =>
  execFileSync(command, args, { cwd, env: cleanEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 })

let scratch = ""
const started = performance.now()

beforeAll(() => {
  for (const p of publishable) {
    if (!existsSync(join(p.dir, "dist"))) throw new Error(`${p.name} has no dist/: run npm run build first`)
  }
  scratch = mkdtempSync(join(tmpdir(), "retrobridge-consumer-"))
  const tarballs = join(scratch, "tarballs")
  mkdirSync(tarballs)
  const dependencies: Record<string, string> = {}
  for (const p of publishable) {
    const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", tarballs], p.dir)) as Array<{ filename: string }>
    dependencies[p.name] = `file:./tarballs/${packed!.filename}`
  }
  const versionOf = (name: string) =>
    (JSON.parse(readFileSync(join(repoRoot, "node_modules", name, "package.json"), "utf8")) as { version: string }).version
  dependencies["effect"] = versionOf("effect")
  dependencies["@types/node"] = versionOf("@types/node")
  // The optional peer of @retrobridge/core/fp-ts, as a consumer of that entry installs it.
  dependencies["fp-ts"] = versionOf("fp-ts")
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }, null, 2))
  // --prefer-offline: the versions CI just installed for the workspace are in npm's cache.
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], scratch)
  for (const f of readdirSync(fixtures)) copyFileSync(join(fixtures, f), join(scratch, f))
  console.log(`consumer project ${scratch}: packed ${publishable.length} packages and installed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}, 300_000)

afterAll(() => {
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true })
  console.log(`tarball consumer test: ${((performance.now() - started) / 1000).toFixed(1)} s`)
})

describe("packed tarballs in a consumer project", () => {
  it("ships README.md, LICENSE and no test files in every tarball", () => {
    for (const p of publishable) {
      const installed = join(scratch, "node_modules", ...p.name.split("/"))
      expect(existsSync(join(installed, "README.md")), `${p.name} README.md`).toBe(true)
      expect(existsSync(join(installed, "LICENSE")), `${p.name} LICENSE`).toBe(true)
      expect(existsSync(join(installed, "test")), `${p.name} test/`).toBe(false)
    }
  })

  it("imports every entry point as ESM", () => {
    const script = [
      `const entries = ${JSON.stringify(entries)}`,
      `for (const e of entries) { const m = await import(e); if (Object.keys(m).length === 0) throw new Error(e + " exports nothing") }`,
      `console.log(entries.length)`
    ].join("\n")
    writeFileSync(join(scratch, "esm-entries.mjs"), script)
    expect(run(process.execPath, ["esm-entries.mjs"], scratch).trim()).toBe(String(entries.length))
    // A consumer whose tooling sets the common `source` condition still gets dist/, not raw .ts.
    expect(run(process.execPath, ["--conditions=source", "esm-entries.mjs"], scratch).trim()).toBe(String(entries.length))
  })

  it("drives a retro on the SQLite adapter in a file, closes it, reopens it and reads it back", () => {
    const out = JSON.parse(run(process.execPath, ["sqlite-retro.mjs"], scratch).trim()) as unknown
    expect(out).toEqual({ events: 4, status: "active", title: "Checkout Q4 retro" })
  })

  it("require()s every entry point from CommonJS", () => {
    const script = [
      `const entries = ${JSON.stringify(entries)}`,
      `for (const e of entries) { const m = require(e); if (Object.keys(m).length === 0) throw new Error(e + " exports nothing") }`,
      `console.log(entries.length)`
    ].join("\n")
    writeFileSync(join(scratch, "cjs-entries.cjs"), script)
    expect(run(process.execPath, ["cjs-entries.cjs"], scratch).trim()).toBe(String(entries.length))
  })

  for (const [mode, module] of [["nodenext", "nodenext"], ["bundler", "preserve"]] as const) {
    it(`type-checks a strict consumer under moduleResolution ${mode}`, () => {
      const imports = entries.map((e, i) => `import * as entry${i} from "${e}"\nexport type Entry${i} = typeof entry${i}\nexport const value${i} = entry${i}`)
      writeFileSync(join(scratch, "all-entries.ts"), imports.join("\n") + "\n")
      writeFileSync(join(scratch, `tsconfig.${mode}.json`), JSON.stringify({
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          module,
          moduleResolution: mode,
          target: "es2023",
          lib: ["es2023", "dom"],
          types: ["node"],
          // Monorepo tooling often resolves a condition named "source": it must not reach our src/.
          ...(mode === "bundler" ? { customConditions: ["source"] } : {}),
          skipLibCheck: true,
          noEmit: true
        },
        files: ["all-entries.ts", "typed-consumer.ts"]
      }, null, 2))
      let output = ""
      try {
        output = run(process.execPath, [tsc, "-p", `tsconfig.${mode}.json`], scratch)
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error)
      }
      expect(output).toBe("")
    })
  }

  it("bundles the core for the browser without node: imports; partial imports leave estimates code out", async () => {
    const sizes: Array<string> = []
    for (const [what, source] of Object.entries(bundleEntries)) {
      // esbuild fails the build on any `node:` import under platform "browser".
      const m = await measureBundle(source, scratch)
      sizes.push(`${what}: ${(m.gzipBytes / 1024).toFixed(1)} KB gzip in all, ${(m.ownGzipBytes / 1024).toFixed(1)} KB gzip ours`)
      if (what === "Agreements.validate only") {
        expect(m.ownModules.filter((p) => /dist\/(estimates|retro|themes)\//.test(p))).toEqual([])
        expect(m.ownGzipBytes).toBeLessThanOrEqual(15 * 1024)
      }
      if (what === "Retro.decide + evolve + view") {
        expect(m.ownModules.filter((p) => estimatesOnlyModules.test(p))).toEqual([])
      }
      if (what === "Retro.CardText from @retrobridge/core/Retro" || what === "the typed client (@retrobridge/adapter-http/client)") {
        // A namespace imported from the core's index is bundled whole (167 KB for Retro.CardText); from its own entry, only what is used.
        expect({ what, deciding: m.ownModules.filter((p) => decidingModules.test(p)) }).toEqual({ what, deciding: [] })
      }
      if (what === "the whole core") {
        expect(m.ownModules.some((p) => estimatesOnlyModules.test(p))).toBe(true)
      }
    }
    console.log(`browser bundles (esbuild, minified):\n  ${sizes.join("\n  ")}`)
  })

  it("serves the web app from the installed retrobridge binary", async () => {
    const child = spawn(join(scratch, "node_modules", ".bin", "retrobridge"), ["serve", "--port", "0", "--host", "127.0.0.1", "--store", "memory:", "--log-level", "error"], {
      cwd: scratch,
      env: cleanEnv,
      stdio: ["ignore", "pipe", "pipe"]
    })
    // Rejects only once the process has exited.
    const server = await whenListening(child, /listening on (http:\/\/\S+)/)
    const url = server.url
    let code: number | null
    try {
      const page = await fetch(`${url}/`)
      const html = await page.text()
      expect(page.status, html).toBe(200)
      expect(page.headers.get("content-type")).toMatch(/^text\/html/)
      expect(html).toContain('<div id="app">')
      expect(html).not.toContain("not built")
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
      expect(asset, "index.html names no /assets/….js").toBeDefined()
      const script = await fetch(`${url}${asset}`)
      await script.arrayBuffer()
      expect(script.status).toBe(200)
      expect(script.headers.get("content-type")).toMatch(/^text\/javascript/)
    } finally {
      // Waits for the exit whether or not the test passed: the scratch project is removed afterwards.
      code = await server.stop()
    }
    expect(code, server.stderr()).toBe(0)
  }, 30_000)
})
