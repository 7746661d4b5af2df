/**
 * Screenshots of each screen, taken on every run. With RETROBRIDGE_UPDATE_SCREENSHOTS=1 they
 * replace the ones in docs/images/ that docs/facilitator-guide.md shows; otherwise they go to a
 * temporary directory, so a test run does not rewrite committed files.
 */
import { mkdirSync, mkdtempSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Locator, Page } from "playwright-core"
import { repoRoot } from "./server.ts"

export const docsImages = join(repoRoot, "docs/images")

/** Every screen the browser tests photograph; docs/facilitator-guide.md shows each (test/docs/screenshots.test.ts). */
export const screens = [
  "facilitator-1-create",
  "facilitator-2-lobby",
  "facilitator-3-collecting",
  "facilitator-time-up",
  "facilitator-4-grouping",
  "facilitator-5-voting",
  "facilitator-6-discussing",
  "facilitator-7-agreeing",
  "facilitator-8-closed",
  "facilitator-follow-up",
  "participant-1-join",
  "participant-2-notice",
  "participant-3-writing",
  "participant-4-grouping",
  "participant-5-voting",
  "participant-6-discussing",
  "participant-7-agreeing",
  "participant-8-closed",
  "team-page"
] as const
export type Screen = (typeof screens)[number]
const updateDocs = process.env["RETROBRIDGE_UPDATE_SCREENSHOTS"] === "1"
let outDir: string | undefined

const dir = (): string => {
  if (outDir === undefined) {
    outDir = updateDocs ? docsImages : mkdtempSync(join(tmpdir(), "retrobridge-screens-"))
    mkdirSync(outDir, { recursive: true })
  }
  return outDir
}

/**
 * Saves `<name>.png` (a deterministic name the guide links to) and returns its path: the top of
 * the page, or the viewport starting at `from` when the part to show is further down.
 */
export const screenshot = async (page: Page, name: Screen, from?: Locator): Promise<string> => {
  const path = join(dir(), `${name}.png`)
  // Animations off and the caret hidden, so the same screen gives the same picture.
  if (from === undefined) await page.evaluate("window.scrollTo(0, 0)")
  else await from.evaluate((el) => el.scrollIntoView({ block: "start" }))
  await page.screenshot({ path, animations: "disabled", caret: "hide", fullPage: false })
  if (statSync(path).size < 1000) throw new Error(`screenshot ${name} is empty`)
  return path
}
