/**
 * Copies the web app's Vite build (packages/web/dist) into packages/server/web/, which the
 * published `@retrobridge/server` ships ("files") and serves at `/` by default: the web app's
 * own package is private, so an install from npm has no packages/web/dist next to it.
 *
 *   node scripts/copy-web-app.ts          (the last step of `npm run build`, after the web build)
 *   node scripts/copy-web-app.ts --check  (the server's `prepack`: fails when there is no copy to ship)
 */
import { cpSync, existsSync, rmSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const from = join(repoRoot, "packages", "web", "dist")
const to = join(repoRoot, "packages", "server", "web")

if (process.argv.includes("--check")) {
  // Only looks: `npm pack` of the server may run while another pack runs (the packaging tests).
  if (!existsSync(join(to, "index.html"))) {
    process.stderr.write(`${to} holds no copy of the web app: run npm run build at the repository root before packing @retrobridge/server\n`)
    process.exit(1)
  }
  process.exit(0)
}
if (!existsSync(join(from, "index.html"))) {
  process.stderr.write(`${from} holds no web app build: run npm run build --workspace @retrobridge/web first\n`)
  process.exit(1)
}
// Vite names every asset by content hash: a copy over the last one would keep the old files too.
rmSync(to, { recursive: true, force: true })
cpSync(from, to, { recursive: true })
process.stderr.write(`copied ${from} to ${to}\n`)
