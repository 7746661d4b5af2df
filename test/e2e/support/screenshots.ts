/**
 * Screenshots of each screen, taken on every run. With RETROBRIDGE_UPDATE_SCREENSHOTS=1 they
 * replace the ones in docs/images/ that docs/facilitator-guide.md shows; otherwise they go to a
 * temporary directory, so a test run does not rewrite committed files.
 */
import { mkdirSync, mkdtempSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { repoRoot } from "./server.ts"

export const docsImages = join(repoRoot, "docs/images")
const updateDocs = process.env["RETROBRIDGE_UPDATE_SCREENSHOTS"] === "1"
let outDir: string | undefined

const dir = (): string => {
  if (outDir === undefined) {
    outDir = updateDocs ? docsImages : mkdtempSync(join(tmpdir(), "retrobridge-screens-"))
    mkdirSync(outDir, { recursive: true })
  }
  return outDir
}

/** Saves `<name>.png` (a deterministic name the guide links to) and returns its path. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot names are kebab-case: ${name}`)
  const path = join(dir(), `${name}.png`)
  // From the top of the page, animations off and the caret hidden, so the same screen gives the same picture.
  await page.evaluate("window.scrollTo(0, 0)")
  await page.screenshot({ path, animations: "disabled", caret: "hide", fullPage: false })
  if (statSync(path).size < 1000) throw new Error(`screenshot ${name} is empty`)
  return path
}
