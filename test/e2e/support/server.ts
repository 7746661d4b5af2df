/**
 * The real `retrobridge serve` process over a temporary SQLite file, serving the built web app,
 * as a team runs it.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { startServer as spawnServer, type RunningServer } from "../../../packages/server/test/fixtures/spawnServer.ts"

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
const webDir = join(repoRoot, "packages/web")
const webIndex = join(webDir, "dist/index.html")

const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

/**
 * Builds the web app when its bundle is missing or older than its sources (CI's `npm run build`
 * has built it already). Test files run in parallel workers, so one builds while the others wait.
 */
export const ensureWebBuilt = async (): Promise<void> => {
  const sources = Math.max(newestMtime(join(webDir, "src")), newestMtime(join(webDir, "index.html")), newestMtime(join(webDir, "vite.config.ts")))
  if (existsSync(webIndex) && statSync(webIndex).mtimeMs >= sources) return
  const lock = join(tmpdir(), `retrobridge-web-build-${Buffer.from(repoRoot).toString("base64url").slice(-40)}`)
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // Another worker is building; a lock older than 5 minutes is left over from a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  try {
    if (existsSync(webIndex) && statSync(webIndex).mtimeMs >= sources) return
    const built = spawnSync("npm", ["run", "build", "--workspace", "@retrobridge/web"], { cwd: repoRoot, encoding: "utf8" })
    if (built.status !== 0) throw new Error(`Building the web app failed:\n${built.stdout}\n${built.stderr}`)
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** A port that was free a moment ago, so a restarted server can come back at the same origin. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

export type { RunningServer }

/** `retrobridge serve` on `store`, as the server's own tests spawn it; a short shutdown timeout keeps restarts quick. */
export const startServer = (store: string, port = 0): Promise<RunningServer> =>
  spawnServer(["--store", store, "--log-level", "error", "--shutdown-timeout", "2"], port)

/** A temporary directory with a SQLite store URL in it; `remove` deletes both. */
export const tempStore = (): { readonly store: string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), "retrobridge-browser-"))
  return { store: `sqlite:${join(dir, "retro.db")}`, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
