// The team history's trend on recurring themes: what counts as one is decision 0007
// (docs/decisions/0007-recurring-themes.md), and the facilitator's guide says the same.
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { Team, type Retro } from "@retrobridge/core"
import { active, advance, cardId, create, f, join, people, run, T0, MIN } from "./fixtures.ts"

type ThemeCards = { readonly name: string; readonly friction: number; readonly workedWell?: number }

/** A revealed retro of all seven people whose cards sit in the given themes. */
const revealed = (retroId: string, date: string, themes: ReadonlyArray<ThemeCards>): Retro.Active => {
  const cards: Array<{ key: string; author: typeof people[number]; prompt: "friction" | "worked-well"; theme: number }> = []
  themes.forEach((t, theme) => {
    for (let i = 0; i < t.friction + (t.workedWell ?? 0); i++) {
      cards.push({ key: `k${theme}-${i}`, author: people[cards.length % people.length]!, prompt: i < t.friction ? "friction" : "worked-well", theme })
    }
  })
  return active(run([
    create({ retroId, date }),
    ...people.map((p) => join(p)),
    advance("draft", T0 + 2 * MIN),
    ...cards.map((c): Retro.Command => ({ _tag: "AddCard", secret: c.author.secret, cardKey: c.key, prompt: c.prompt, text: `card ${c.key}`, at: T0 + 5 * MIN })),
    advance("collecting", T0 + 22 * MIN, "seed-abcdefgh"),
    ...themes.map((t, i) => f({ _tag: "CreateTheme", themeId: `t${i}`, name: t.name })),
    ...cards.map((c) => f({ _tag: "AssignCard", cardId: cardId(c.author, c.key, retroId), themeId: `t${c.theme}` }))
  ]).state)
}

describe("team history: friction on recurring themes", () => {
  it("counts a theme held in both retros even when the later one has no friction card on it: friction that went away is the improvement the measure is for", () => {
    const before = revealed("q3", "2026-07-01", [{ name: "Technical debt", friction: 7 }, { name: "Requirements clarity", friction: 7 }])
    // Technical debt came back as a theme, but only with praise: its friction is gone.
    const last = revealed("q4", "2026-10-01", [{ name: "Technical debt", friction: 0, workedWell: 2 }, { name: "Requirements clarity", friction: 7 }])
    const history = Team.history("team-checkout", [before, last])
    expect(history.retros[1]?.themeNames).toEqual(["Technical debt", "Requirements clarity"])
    expect(history.trend.explanation).toBe("friction cards per participant on recurring themes (Technical debt, Requirements clarity) 2.00 → 1.00")
    expect(history.trend.verdict).toBe("improving")
  })

  it("leaves out a theme the later retro did not hold, and a same-named theme with no friction card in either retro", () => {
    const before = revealed("q3", "2026-07-01", [
      { name: "Technical debt", friction: 7 },
      { name: "Requirements clarity", friction: 7 },
      { name: "Release wins", friction: 0, workedWell: 1 }
    ])
    const last = revealed("q4", "2026-10-01", [{ name: "Requirements clarity", friction: 14 }, { name: "Release wins", friction: 0, workedWell: 3 }])
    const history = Team.history("team-checkout", [last, before])
    expect(history.trend.explanation).toBe("friction cards per participant on recurring themes (Requirements clarity) 1.00 → 2.00")
    expect(history.trend.verdict).toBe("worsening")
    // Only same-named themes without friction: nothing to compare.
    const quiet = Team.history("team-checkout", [
      revealed("q3", "2026-07-01", [{ name: "Release wins", friction: 0, workedWell: 1 }]),
      revealed("q4", "2026-10-01", [{ name: "Release wins", friction: 0, workedWell: 2 }])
    ])
    expect(quiet.trend.verdict).toBe("not-enough-data")
  })

  it("counts a name once where a retro stored before names had to differ holds it twice", () => {
    const before = revealed("q3", "2026-07-01", [{ name: "Technical debt", friction: 7 }])
    const twice = revealed("q4", "2026-10-01", [{ name: "Technical debt", friction: 7 }, { name: "Tech debt", friction: 7 }])
    const last = { ...twice, themes: twice.themes.map((t) => ({ ...t, name: "Technical debt" })) }
    expect(Team.history("team-checkout", [before, last]).trend.explanation)
      .toBe("friction cards per participant on recurring themes (Technical debt) 1.00 → 2.00")
  })

  it("never counts \"(ungrouped)\" as a recurring theme, though a retro stored before theme names had to differ may hold a theme of that name", () => {
    // Its count also holds the cards nobody grouped, which say nothing about a theme coming back.
    const name = "(ungrouped)"
    const before = revealed("q3", "2026-07-01", [{ name: "Technical debt", friction: 7 }])
    const after = revealed("q4", "2026-10-01", [{ name: "Technical debt", friction: 1 }])
    const named = (r: typeof before) => ({ ...r, themes: r.themes.map((t) => ({ ...t, name })) })
    expect(Team.history("team-checkout", [before, after]).trend.explanation).toContain("recurring themes (Technical debt)")
    expect(Team.history("team-checkout", [named(before), named(after)]).trend.explanation).not.toContain(name)
  })

  it("is defined in the facilitator's guide as the code computes it", () => {
    const guide = readFileSync(new URL("../../../../docs/facilitator-guide.md", import.meta.url), "utf8")
    const section = guide.slice(guide.indexOf("## Team history"), guide.indexOf("## The Markdown export")).replace(/\s+/g, " ")
    expect(section).toContain(
      "The **recurring themes**: themes with the same name in both retros, whatever cards they hold, that have at least one friction card in either."
    )
    expect(section).toContain("created again but wrote no friction card about counts as 0 there")
  })
})
