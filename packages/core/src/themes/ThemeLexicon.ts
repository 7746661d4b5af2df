/**
 * The widened lexicon of the built-in themes: phrases, synonyms, negated and
 * numeric constructions that people write on cards when they do not use a
 * theme's textbook words ("everything is P1, so nothing is", "said two weeks
 * and it took seven", "found out from the newsletter").
 *
 * Terms are matched like the theme keywords of the catalogue: same
 * normalisation and stemming as card text, negations written as `not` ("not
 * defined" also matches "never defined", "wasn't defined"), numbers written
 * as `N` ("took N" matches "took seven", "took 3"), `within` allowing that
 * many other words between consecutive words of a phrase.
 *
 * Weights: 3 for wording that nearly always means the theme, 2 for typical
 * wording, 1 for a weak hint. Tuned on the training split of the labelled
 * card set only (the built-in example cards, ThemeExamples.ts), batch by
 * batch: each batch was first scored with the lexicon as it was, then its
 * misses widened the lexicon. The held-out cards were never used.
 *
 * @since 0.2.0
 */
import type { BuiltInThemeKey } from "./ThemeKey.ts"
import type { ThemeKeyword } from "./Themes.ts"

const k = (weight: number, within: number, ...terms: ReadonlyArray<string>): ReadonlyArray<ThemeKeyword> =>
  terms.map((term) => (within === 0 ? { term, weight } : { term, weight, within }))

/**
 * Extra keywords per built-in theme, on top of the catalogue's own.
 *
 * @since 0.2.0
 */
export const builtInThemeLexicon: { readonly [K in BuiltInThemeKey]: ReadonlyArray<ThemeKeyword> } = {
  "requirements-clarity": [
    ...k(3, 0, "requirements", "out of scope", "open question", "expected behaviour", "expected behavior",
      "redefine", "interpretation", "interpret", "acceptance criterion", "something else", "meant something else",
      "clarity", "underspecified", "under specified", "design changed", "mockups changed", "back and forth"),
    ...k(3, 1, "scope grew", "scope grow", "what should happen", "what done looks",
      "what done means", "not clear", "not specified", "already built", "wrong feature"),
    ...k(3, 2, "ticket said", "tickets said", "story said", "stories said", "spec said", "ticket described", "brief said"),
    ...k(2, 0, "criteria", "edge cases", "corner case", "open questions", "assume", "assumption", "assumed",
      "definition", "refinement", "refine", "grooming", "figma", "wireframe", "brief", "briefs", "kickoff", "kick off",
      "actually needed", "but not what", "guessing what", "scope", "in scope", "redo"),
    ...k(2, 2, "what happens when", "what happens if", "changed after"),
    ...k(1, 0, "story", "stories", "example", "examples", "behaviour", "behavior", "prototype", "designer", "design",
      "question", "questions", "solution", "describe"),
    // Second training batch.
    ...k(3, 1, "success looks like", "supposed to mean", "what counts as"),
    ...k(2, 0, "success criteria", "at the demo", "it should", "counts as"),
    ...k(2, 1, "product added", "added after", "not agreed"),
    ...k(1, 0, "success"),
    // Third training batch.
    ...k(3, 0, "acceptance test", "acceptance tests", "happy path", "what problem", "also had to"),
    ...k(3, 1, "not mentioned"),
    ...k(3, 2, "what feature is"),
    ...k(2, 0, "workflow", "use case", "walkthrough", "walk through", "improvised", "also need"),
    ...k(1, 0, "solve", "validation"),
    // Fourth training batch.
    ...k(3, 0, "reverse engineer"),
    ...k(3, 1, "not know if", "not know whether"),
    ...k(1, 0, "meant", "expected", "spreadsheet"),
    // Fifth training batch.
    ...k(3, 0, "missing details", "glossary", "misunderstandings", "misunderstanding", "business rules"),
    ...k(2, 0, "signed off", "sign off", "filling the gaps", "domain terms", "difference between", "discovered during"),
    ...k(2, 1, "explained after"),
    ...k(1, 0, "gaps", "data model")
  ],
  "speed-vs-quality": [
    ...k(3, 0, "quality bar", "out the door", "fix it later", "fix later", "thrown together", "test coverage", "quality checklist", "gold plate", "gold plating", "half baked", "hard deadline", "hard date"),
    ...k(3, 1, "not test", "not tested", "not qa", "skip test", "skipped test", "skip review", "skipped review",
      "skip qa", "skipped qa", "burn out", "burned out"),
    ...k(2, 0, "skip", "skipped", "quality", "crash", "crashed", "beta", "rough", "first version", "patch", "harden", "stabilize", "code review", "coverage", "ship early", "polishing", "rushed", "rushing", "support ticket",
      "support tickets", "barely work", "rock solid", "pressure", "flag", "feature flag"),
    ...k(1, 0, "release", "releases", "releasing", "launch", "ship", "shipped", "merge", "merged", "issues", "issue", "checklist",
      "later", "half finished", "overnight", "worst", "demo", "ga", "stable"),
    // Second training batch.
    ...k(3, 0, "rubber stamp", "rubber stamps", "to production"),
    ...k(2, 0, "racing", "race", "safe", "risky", "angry customers"),
    ...k(2, 1, "not time"),
    ...k(1, 0, "risk", "production", "review", "reviews"),
    // Third training batch.
    ...k(3, 0, "second pair of eyes"),
    ...k(2, 0, "reviewer", "performance", "firefighting"),
    ...k(1, 0, "timeouts"),
    // Fourth training batch.
    ...k(3, 0, "hit the date", "hit the deadline"),
    ...k(2, 0, "safer", "solid"),
    // Fifth training batch.
    ...k(3, 0, "half working"),
    ...k(3, 1, "went out with"),
    ...k(2, 1, "adding features on top")
  ],
  "technical-debt": [
    ...k(3, 0, "old code", "out of support", "unsupported", "tangled", "duct tape",
      "held together", "test suite", "root cause", "dead code", "copy paste", "copy pasted", "platform work",
      "manual step", "manual steps", "local setup", "cruft", "paid back", "pay back", "major version", "cron job",
      "migrate off", "migrating off"),
    ...k(3, 1, "build fail", "hard to change", "not own"),
    ...k(2, 0, "outdated", "dependency", "dependencies", "mess", "messy", "hairy", "deploy", "deploys", "script",
      "scripts", "undocumented", "cron", "alerts", "monitoring", "noisy", "symptom", "band aid",
      "unused", "duplicated", "duplicate", "duplication", "plumbing", "interest", "orm", "framework", "upgrading",
      "cleanup", "security patch"),
    ...k(1, 0, "old", "version", "library", "database", "touch", "touches", "security",
      "setup", "drift", "drifting", "behind", "delete", "deleting", "clean", "files", "service", "services"),
    // Second training batch.
    ...k(3, 0, "hacked in", "infrastructure work", "merge on red", "underlying fix", "staging environment",
      "maintenance backlog"),
    ...k(2, 0, "unreliable", "underlying", "environment", "staging", "helper", "logging", "modules"),
    ...k(1, 0, "code", "class", "giant", "slow"),
    // Third training batch.
    ...k(3, 0, "manual job", "by hand", "patch on a patch", "codebase"),
    ...k(3, 1, "keeps coming back", "keep coming back"),
    ...k(2, 0, "warnings"),
    ...k(1, 0, "manual"),
    // Fourth training batch.
    ...k(3, 0, "full regression", "fails randomly", "architecture"),
    ...k(2, 0, "randomly"),
    ...k(2, 1, "not support"),
    ...k(1, 0, "migrations", "column", "N minutes"),
    // Fifth training batch.
    ...k(3, 0, "boilerplate"),
    ...k(2, 0, "consolidated", "N places"),
    ...k(1, 0, "copies")
  ],
  "estimates-predictability": [
    ...k(3, 0, "planning poker", "poker", "optimistic", "actuals", "versus actual", "vs actual", "still not done",
      "due date", "release date", "release dates", "single date",
      "overrun", "overran", "sized", "sizing", "re estimate", "over budget"),
    ...k(3, 1, "runs over", "running over", "ran over", "took N", "said N", "sized at", "how much left",
      "dates moved", "date moved", "date slipped", "dates slipped", "date keeps moving"),
    ...k(3, 2, "took N times", "size ticket", "size tickets"),
    ...k(2, 0, "date", "dates", "size", "number", "numbers", "commit", "committed", "commitment", "promise", "promised",
      "unknown", "unknowns", "confidence", "spike", "realistic", "unrealistic",
      "range", "ranges", "planned", "pessimistic", "actual", "will land", "plan for"),
    ...k(1, 0, "fuzzy", "guesses", "land", "planning", "plan", "moved", "finished", "weeks", "done", "quarter"),
    // Second training batch.
    ...k(3, 0, "work growing", "burndown", "burn down", "how far along", "N done", "spill over",
      "spillover", "month of work", "weeks of work"),
    ...k(3, 3, "carry over", "carried over"),
    ...k(2, 0, "it was N", "holiday", "holidays", "vacation", "growing"),
    ...k(2, 1, "not account for"),
    // Third training batch.
    ...k(2, 0, "delivery", "day task", "week task"),
    ...k(1, 0, "N day", "N week", "q1", "q2", "q3", "q4"),
    // Fourth training batch.
    ...k(3, 0, "roadmap dates"),
    ...k(2, 1, "dates set", "dates were set"),
    // Fifth training batch.
    ...k(3, 0, "room in the plan", "more work than expected"),
    ...k(3, 1, "moved N times"),
    ...k(2, 0, "left room", "capacity", "than expected")
  ],
  prioritization: [
    ...k(3, 0, "most important", "top priority", "p1", "p2", "ranking", "ordered list",
      "side project", "side projects", "loudest", "hippo", "comes first", "come first", "what matters", "deprioritize",
      "deprioritized", "say no", "saying no", "said yes", "say yes", "in flight"),
    ...k(3, 1, "pulled onto", "pulled off", "pulled into", "come before", "comes before",
      "keep starting", "everything so nothing", "mean nothing", "means nothing"),
    ...k(3, 8, "everything nothing"),
    ...k(2, 0, "critical", "escalation", "escalations", "initiative", "initiatives", "too many", "goals", "ceo",
      "whoever", "conflict", "competing", "derail", "derails", "order", "important", "quarterly planning", "requests", "request",
      "always wins", "starting new", "tag", "tagged"),
    ...k(1, 0, "goal", "finish", "the plan", "plan", "first", "next", "customer work", "sales", "enterprise"),
    // Second training batch.
    ...k(3, 0, "not now", "drive by", "work in progress", "wip", "who wins", "shiny"),
    ...k(3, 1, "fight for"),
    ...k(2, 0, "switch", "switched", "park", "opposite", "vp", "vps", "current sprint"),
    ...k(1, 0, "projects", "instructions"),
    // Third training batch.
    ...k(3, 0, "must have", "must haves", "nice to have", "nice to haves", "matters more", "big bet", "full attention",
      "internal tooling"),
    ...k(2, 0, "interruptions", "interrupted", "interruption", "bets", "all at once"),
    ...k(1, 0, "attention"),
    // Fourth training batch.
    ...k(3, 0, "will not do", "things at once"),
    ...k(3, 1, "finish none"),
    ...k(2, 0, "at once"),
    // Fifth training batch.
    ...k(3, 0, "displace", "cutting scope", "cut scope", "switching between"),
    ...k(2, 0, "beats", "growth"),
    ...k(1, 0, "experiments")
  ],
  "communication-gaps": [
    ...k(3, 0, "secondhand", "second hand", "not invited", "without telling", "not telling", "knew about", "hear about", "found out about", "newsletter", "different picture", "same page", "different answers",
      "customer interviews", "customer calls", "customer call", "rationale", "behind our back", "announced", "aligned",
      "alignment", "misaligned"),
    ...k(3, 1, "not told", "found out", "what involves", "not detail"),
    ...k(2, 0, "channel", "channels", "dm", "dms", "email", "acronym", "acronyms", "explain", "share", "shared",
      "sharing", "status updates", "decisions", "decision", "interview", "interviews", "first hand",
      "involves", "involve", "picture", "in progress", "same question", "talk", "cancelled", "canceled", "invited",
      "announce", "weekly demo", "learned", "marketing", "simple", "too late", "blockers", "doc"),
    ...k(1, 0, "learn", "support", "who the customer", "why they", "saw", "hear", "meetings", "demo", "answers", "answered",
      "live"),
    // Second training batch.
    ...k(3, 0, "weekly update", "outside the team", "actual words", "office hours", "handover", "hand over",
      "different names"),
    ...k(2, 0, "reaches", "reach", "summary", "what was decided", "confusion", "confuses", "confusing", "cleared up"),
    ...k(1, 0, "tell us", "tell me", "written"),
    // Third training batch.
    ...k(3, 0, "speak up"),
    ...k(3, 3, "share with us"),
    ...k(2, 0, "standup", "standups", "without engineers"),
    ...k(1, 0, "complaining", "closer"),
    // Fourth training batch.
    ...k(3, 0, "monday note", "in a dm", "status meetings", "status meeting"),
    ...k(3, 1, "not mentioned that"),
    ...k(2, 0, "news", "blocked"),
    // Fifth training batch.
    ...k(3, 0, "one on ones", "weekly sync"),
    // The method's hard conversation "PMs don't understand complexity" is a communication gap.
    ...k(3, 0, "complexity"),
    ...k(2, 0, "replies"),
    ...k(1, 0, "links")
  ]
}
