/**
 * An axe-core scan of the page as it stands: WCAG 2.0–2.2 A and AA rules plus axe's best
 * practices. The test fails on any serious or critical violation.
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import type { Page } from "playwright-core"

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

interface AxeNode {
  readonly target: ReadonlyArray<unknown>
  readonly failureSummary?: string
}
interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: ReadonlyArray<AxeNode>
}

export interface AxeReport {
  readonly screen: string
  /** Rules run and passed, so a scan that checked nothing is visible. */
  readonly passes: number
  readonly serious: ReadonlyArray<string>
}

/**
 * Scans `page`. axe-core's source goes in through the DevTools protocol rather than a
 * <script> tag, so the app keeps its strict Content-Security-Policy under test.
 */
export const scan = async (page: Page, screen: string): Promise<AxeReport> => {
  const loaded = await page.evaluate("typeof window.axe === 'object'")
  if (loaded !== true) await page.evaluate(`${axeSource}\n;0`)
  const result = (await page.evaluate(`window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    resultTypes: ["violations"]
  }).then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary }))
  })) }))`)) as { passes: number; violations: ReadonlyArray<AxeViolation> }
  const serious = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`).join("\n    ")}`)
  return { screen, passes: result.passes, serious }
}

/** Scans and throws with every serious or critical violation, named by screen. */
export const expectAccessible = async (page: Page, screen: string): Promise<AxeReport> => {
  const report = await scan(page, screen)
  if (report.passes === 0) throw new Error(`axe-core checked nothing on ${screen}: is the page empty?`)
  if (report.serious.length > 0) throw new Error(`axe-core on ${screen}: ${report.serious.length} serious or critical violation(s):\n  ${report.serious.join("\n  ")}`)
  return report
}
