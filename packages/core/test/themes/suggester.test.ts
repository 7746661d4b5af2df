import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type BuiltInThemeKey,
  builtInThemes,
  type CustomThemeInput,
  makeThemeSuggester,
  stemThemeWord,
  suggestTheme,
  type SuggestableTheme,
  themeTokens
} from "../../src/themes/index.ts"

// Realistic cards from both sides, answering the three prompts.
const cards: ReadonlyArray<readonly [BuiltInThemeKey, string]> = [
  // requirements clarity
  ["requirements-clarity", "The requirements kept changing after we started the sprint."],
  ["requirements-clarity", "Tickets arrive without acceptance criteria, so we guess and then redo it at demo."],
  ["requirements-clarity", "Scope creep on the billing epic: three new asks after kickoff."],
  ["requirements-clarity", "I wish engineers told me the spec was ambiguous before building, not after."],
  ["requirements-clarity", "We built exactly what the ticket said and it was the wrong thing."],
  // speed vs quality
  ["speed-vs-quality", "We always cut corners to hit the deadline."],
  ["speed-vs-quality", "Another quick fix that became permanent; QA found bugs in production a week later."],
  ["speed-vs-quality", "Wish engineering understood that an MVP is good enough to learn from; we don't need the polish yet."],
  ["speed-vs-quality", "Rushed the launch to meet the date and spent two sprints on hotfixes."],
  ["speed-vs-quality", "Feels like we ship fast and skip tests whenever sales pushes."],
  // technical debt
  ["technical-debt", "Our tech debt makes every change slow."],
  ["technical-debt", "Flaky tests block the CI pipeline twice a day."],
  ["technical-debt", "On-call was brutal: three incidents from the legacy payment service."],
  ["technical-debt", "We never get time to refactor the monolith."],
  ["technical-debt", "I wish PMs knew how much toil the old deploy scripts cause."],
  // estimates and predictability
  ["estimates-predictability", "Engineering always underestimates how long things take."],
  ["estimates-predictability", "Story points mean nothing to stakeholders; they want dates."],
  ["estimates-predictability", "Our estimates slipped again on the search project."],
  ["estimates-predictability", "Wish product understood an estimate is a range, not a promise."],
  ["estimates-predictability", "Velocity is unpredictable from sprint to sprint."],
  // prioritization
  ["prioritization", "Priorities change every week, too much context switching."],
  ["prioritization", "Everything on the roadmap is marked P1, so nothing is a priority."],
  ["prioritization", "The backlog is ranked by whoever shouts loudest."],
  ["prioritization", "Urgent customer requests jump the queue mid-sprint."],
  ["prioritization", "Good: we prioritized the reporting work together with engineering this quarter."],
  // communication gaps
  ["communication-gaps", "Nobody told us why we are building this feature."],
  ["communication-gaps", "Found out about the launch from the company newsletter, we were out of the loop."],
  ["communication-gaps", "I wish PMs understood the complexity behind a 'small' change."],
  ["communication-gaps", "Engineers use jargon in status updates and stakeholders cannot follow."],
  ["communication-gaps", "Better communication between design, product and engineering would help."]
]

describe("suggestTheme on typical cards", () => {
  it.each(cards)("ranks %s in the top two, with a keyword of its own, for: %s", (expected, text) => {
    const s = suggestTheme(text)
    const mine = s.ranked.slice(0, 2).find((r) => r.themeKey === expected)
    expect(mine).toBeDefined()
    expect(mine!.score).toBeGreaterThan(0)
    expect(mine!.matched.length).toBeGreaterThan(0)
  })

  // The example cards outvote the lexicon now and then (here "small change" on two technical-debt examples
  // against "complexity"): the suggester proposes, the facilitator decides.
  it("proposes the expected theme first for all but one of them", () => {
    const first = cards.filter(([expected, text]) => suggestTheme(text).themeKey === expected)
    expect(first.length).toBeGreaterThanOrEqual(cards.length - 1)
  })

  it("covers every built-in theme with at least five cards", () => {
    for (const t of builtInThemes) expect(cards.filter(([k]) => k === t.key).length).toBeGreaterThanOrEqual(5)
  })
})

describe("explanation", () => {
  it("lists the matched terms with their weights, and the score is their sum", () => {
    // Given a card with two tech-debt signals
    const s = suggestTheme("Our tech debt makes every change slow; flaky tests everywhere", builtInThemes, { builtInExamples: false })
    // Then they are named, and "debt" is not counted again inside "tech debt"
    expect(s.themeKey).toBe("technical-debt")
    expect(s.matched.map((m) => m.term)).toEqual(["flaky", "tech debt", "slow"])
    expect(s.score).toBe(s.matched.reduce((n, m) => n + m.weight, 0))
  })

  it("matches phrases across stemmed forms and small gaps", () => {
    expect(suggestTheme("The requirements were changed twice").matched.map((m) => m.term)).toContain("requirements changed")
    expect(suggestTheme("Underestimation is chronic").matched.map((m) => m.term)).toContain("underestimate")
    expect(suggestTheme("Re-prioritised again!").themeKey).toBe("prioritization")
  })

  it("keeps runners-up as alternatives, best first", () => {
    const s = suggestTheme("We missed the deadline because estimates were off and we cut corners")
    expect(s.alternatives.length).toBeGreaterThan(0)
    const scores = [s.score, ...s.alternatives.map((a) => a.score)]
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    for (const a of s.alternatives) expect(a.reasons.length).toBeGreaterThan(0)
  })
})

describe("no match", () => {
  const none = { themeKey: undefined, score: 0, matched: [], reasons: [], ranked: [], alternatives: [] }
  it.each(["", "   !!! ", "Quokka zebra"])("gives undefined for %j", (text) => {
    expect(suggestTheme(text)).toEqual(none)
  })

  it.each(["Great collaboration on the checkout redesign", "Pizza on Friday was nice"])("the lexicon alone does not guess for %j", (text) => {
    expect(suggestTheme(text, builtInThemes, { builtInExamples: false })).toEqual(none)
  })
})

describe("custom themes", () => {
  const onboarding: CustomThemeInput = { id: "team-onboarding", name: "Onboarding of new hires", keywords: ["buddy", { term: "first week", weight: 3 }] }

  it("take part through their keywords and name", () => {
    const themes: ReadonlyArray<SuggestableTheme> = [...builtInThemes, onboarding]
    expect(suggestTheme("The new joiner had no buddy during the first week", themes)).toMatchObject({
      themeKey: "team-onboarding",
      matched: [{ term: "first week", weight: 3 }, { term: "buddy", weight: 2 }]
    })
    // A name word alone counts 2 points; the built-in example cards may outvote it, but it stays in the top two.
    expect(suggestTheme("Onboarding took forever", themes).ranked.slice(0, 2).map((r) => r.themeKey)).toContain("team-onboarding")
    expect(suggestTheme("Onboarding of the new hires took forever", themes).themeKey).toBe("team-onboarding")
  })

  it("a retro's instance of a built-in returns its own id and uses the built-in keywords", () => {
    const themes: ReadonlyArray<CustomThemeInput> = [
      { id: "t-1", name: "Debt!", builtInKey: "technical-debt" },
      { id: "t-2", name: "Estimates", builtInKey: "estimates-predictability" }
    ]
    expect(suggestTheme("flaky tests again", themes).themeKey).toBe("t-1")
    expect(suggestTheme("story points", themes).themeKey).toBe("t-2")
  })

  it("ties go to the fixed order: built-ins first, then customs by id", () => {
    const a: CustomThemeInput = { id: "b-custom", name: "x", keywords: [{ term: "zebra", weight: 2 }] }
    const b: CustomThemeInput = { id: "a-custom", name: "y", keywords: [{ term: "zebra", weight: 2 }] }
    const debtTwin: CustomThemeInput = { id: "z-custom", name: "z", keywords: [{ term: "refactor", weight: 3 }] }
    expect(suggestTheme("zebra", [a, b]).themeKey).toBe("a-custom")
    expect(suggestTheme("refactor", [debtTwin, ...builtInThemes]).themeKey).toBe("technical-debt")
  })
})

describe("normalisation", () => {
  it("stems plurals, -ing, -ed, -ation and British -ise consistently", () => {
    const same = (words: ReadonlyArray<string>) => new Set(words.map(stemThemeWord)).size
    expect(same(["estimate", "estimates", "estimated", "estimating", "estimation"])).toBe(1)
    expect(same(["prioritize", "prioritise", "prioritized", "prioritization", "prioritizing"])).toBe(1)
    expect(same(["priority", "priorities"])).toBe(1)
    expect(same(["ship", "shipped", "shipping", "ships"])).toBe(1)
    expect(stemThemeWord("speed")).toBe("speed")
    expect(stemThemeWord("call")).toBe("call")
  })

  it("lowercases and strips punctuation", () => {
    expect(themeTokens("On-Call, TECH-debt!")).toEqual(["on", "call", "tech", "debt"])
  })
})

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const vocabulary = [
  ...cards.map(([, t]) => t),
  "tech debt", "scope creep", "underestimated", "deadline", "acceptance criteria", "refactor", "flaky", "on call",
  "roadmap", "priority", "stakeholder", "spec", "requirements changed", "quick fix", "corners", "estimate", "story points",
  "lunch", "the", "and", "zebra", "first week", "buddy"
]
const cardText = fc.array(fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 12 })), { maxLength: 8 }).map((xs) => xs.join(" "))
const customs: ReadonlyArray<CustomThemeInput> = [
  { id: "onboarding", name: "Onboarding", keywords: ["buddy", { term: "first week", weight: 3 }] },
  { id: "zoo", name: "Zoo", keywords: [{ term: "zebra", weight: 3 }, { term: "deadline", weight: 2 }] },
  { id: "t-debt", name: "Debt", builtInKey: "technical-debt", keywords: ["zebra"] }
]
const allThemes: ReadonlyArray<SuggestableTheme> = [...builtInThemes, ...customs]

describe("properties", () => {
  it("is deterministic: the same input gives the same output", () => {
    fc.assert(fc.property(cardText, (text) => {
      expect(suggestTheme(text, allThemes)).toEqual(suggestTheme(text, allThemes))
      expect(makeThemeSuggester(allThemes)(text)).toEqual(suggestTheme(text, allThemes))
    }))
  })

  it("does not depend on the order of the theme list", () => {
    fc.assert(fc.property(cardText, fc.shuffledSubarray([...allThemes], { minLength: allThemes.length }), (text, shuffled) => {
      const a = suggestTheme(text, allThemes)
      const b = suggestTheme(text, shuffled)
      expect(b.themeKey).toBe(a.themeKey)
      expect(b).toEqual(a)
    }))
  })

  it("undefined exactly when nothing spoke for a theme; otherwise the winner's score is maximal and the sum of its reasons", () => {
    fc.assert(fc.property(cardText, (text) => {
      const s = suggestTheme(text, allThemes)
      if (s.themeKey === undefined) {
        expect(s.matched).toEqual([])
        expect(s.alternatives).toEqual([])
        expect(s.score).toBe(0)
      } else {
        // The score is the sum rounded to two decimals: off by at most half a hundredth.
        expect(Math.abs(s.score - s.reasons.reduce((n, r) => n + r.points, 0))).toBeLessThanOrEqual(0.005 + 1e-9)
        expect(s.reasons.filter((r) => r.kind === "keyword").map((r) => r.points)).toEqual(s.matched.map((m) => m.weight))
        for (const alt of s.alternatives) expect(alt.score).toBeLessThanOrEqual(s.score)
      }
    }))
  })

  // Speed is measured in bench/suggester.bench.ts, never asserted here.
  it("a compiled suggester gives the same answers as suggestTheme for many cards", () => {
    const many = Array.from({ length: 300 }, (_, i) => `${cards[i % cards.length]?.[1] ?? ""} ${vocabulary[i % vocabulary.length] ?? ""}`.repeat(3))
    const compiled = makeThemeSuggester(allThemes)
    const results = many.map((c) => suggestTheme(c, allThemes))
    expect(results.every((r) => r.themeKey !== undefined)).toBe(true)
    expect(many.map((c) => compiled(c))).toEqual(results)
  })
})
