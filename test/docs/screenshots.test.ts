/**
 * The facilitator's guide shows the screens the browser tests photograph (test/e2e/): every
 * screenshot is committed in docs/images/ and shown in the guide, and every image the guide
 * shows exists. Refresh them with RETROBRIDGE_UPDATE_SCREENSHOTS=1 npx vitest run test/e2e/.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { docsImages, screens } from "../e2e/support/screenshots.ts"
import { repoRoot } from "../packaging/workspace.ts"

const guide = readFileSync(join(repoRoot, "docs/facilitator-guide.md"), "utf8")

describe("screenshots in the facilitator's guide", () => {
  it.each(screens)("%s is committed as a PNG and shown in the guide", (name) => {
    const path = join(docsImages, `${name}.png`)
    expect(existsSync(path), `${path} exists`).toBe(true)
    expect([...readFileSync(path).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(guide).toContain(`](images/${name}.png)`)
  })

  it("every image the guide shows exists", () => {
    const shown = [...guide.matchAll(/!\[[^\]]+\]\((images\/[^)]+)\)/g)].map((m) => m[1]!)
    expect(shown.length).toBeGreaterThanOrEqual(screens.length)
    for (const image of shown) expect(existsSync(join(repoRoot, "docs", image)), image).toBe(true)
  })
})
