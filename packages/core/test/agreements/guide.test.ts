import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { Agreements, Themes } from "@retrobridge/core"

const guide = readFileSync(new URL("../../../../docs/facilitator-guide.md", import.meta.url), "utf8")

describe("the facilitator's guide agrees with the agreement rules", () => {
  it("its table lists every violation code, and only those", () => {
    const table = guide.slice(guide.indexOf("| Code | Meaning |"))
    const rows = table.split("\n").slice(2).filter((line) => line.startsWith("| `"))
    const listed = rows.map((line) => /^\| `([a-z-]+)` \|/.exec(line)?.[1])
    expect(listed).toEqual([...Agreements.ViolationCode.literals])
  })

  it("states the time box the validator applies", () => {
    const rules = guide.slice(guide.indexOf("## Part 3: agreements"), guide.indexOf("| Code | Meaning |")).replace(/\s+/g, " ")
    expect(rules).toContain(`at most one quarter after it: ${Agreements.timeboxDays / 7} weeks (${Agreements.timeboxDays} days)`)
    expect(rules).toContain(`A retro on 2026-10-01 can set a review date up to ${Agreements.reviewWindow("2026-10-01").latest}.`)
  })

  it("names the templates the product offers, and only those", () => {
    // What the HTTP API and the web app offer: Agreements.templates.
    const offered = Agreements.templates("2026-10-01")
    const section = guide.slice(guide.indexOf("### Templates"), guide.indexOf("## Estimates in the retro"))
    const rows = section.split("\n").filter((line) => line.startsWith("| ")).slice(2)
      .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()))
    const themeName = (key: string) => Themes.builtIns.find((t) => t.key === key)?.name
    expect(rows).toEqual(offered.map((t) => [
      t.title,
      themeName(t.themeKey),
      t.draft.metric === undefined ? t.draft.statement : `${t.draft.statement} Metric: \`${t.draft.metric}\`.`
    ]))
    const numbers = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    const text = section.replace(/\s+/g, " ")
    expect(text).toContain(`The method's ${numbers[offered.length]} example agreements are built in`)
    // No other count of templates is promised ("three more templates cover…" once was, for ones the app never offered).
    const counts = [...text.matchAll(/\b(\w+) (?:more |other |further )?templates\b/gi)].map((m) => m[1]!.toLowerCase()).filter((w) => numbers.includes(w))
    expect(counts).toEqual(counts.map(() => numbers[offered.length]))
    const others = Agreements.allTemplates("2026-10-01").filter((t) => !offered.some((o) => o.id === t.id))
    for (const t of others) expect(section).not.toContain(t.title)
  })
})
