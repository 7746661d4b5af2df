/**
 * The friction-theme taxonomy: the method's four recurring frictions plus
 * prioritization decisions and communication gaps, each with what the
 * facilitator needs during theme discussion (what each side optimizes for,
 * the hard conversation to steer towards, agreements that have worked) and
 * the keywords the suggester uses.
 *
 * @since 0.1.0
 */
import type { AgreementDraft } from "../agreements/Agreement.ts"
import { allAgreementTemplates } from "../agreements/templates.ts"
import type { IsoDate, Side } from "../Primitives.ts"
import type { BuiltInThemeKey } from "./ThemeKey.ts"

/**
 * A suggester keyword: a word or phrase (matched after the same
 * normalisation and stemming as card text) and its weight. `within` lets a
 * phrase's words be up to that many words apart ("requirements keep changing"
 * for "requirements changed"); default 0, i.e. adjacent.
 *
 * @since 0.1.0
 */
export interface ThemeKeyword {
  readonly term: string
  readonly weight: number
  readonly within?: number
}

/**
 * The method's guidance for a statement that keeps coming up: instead of
 * arguing it, steer to the question that makes it discussable.
 *
 * @since 0.1.0
 */
export interface HardConversation {
  /** What people say, e.g. "engineering always underestimates". */
  readonly trigger: string
  /** What the facilitator does with it. */
  readonly guidance: string
  /** The evidence to ask for. */
  readonly askFor: ReadonlyArray<string>
}

/**
 * A built-in friction theme.
 *
 * `optimizingFor` gives one short discussion prompt per side (what that side
 * typically optimizes for in this friction); `exampleAgreements` returns
 * agreement drafts that pass validation for the given decision day.
 *
 * @since 0.1.0
 */
export interface ThemeDefinition {
  readonly key: BuiltInThemeKey
  readonly name: string
  readonly description: string
  readonly optimizingFor: { readonly [S in Side]: string }
  readonly hardConversations: ReadonlyArray<HardConversation>
  readonly exampleAgreements: (decidedOn: IsoDate) => ReadonlyArray<AgreementDraft>
  readonly keywords: ReadonlyArray<ThemeKeyword>
}

/**
 * The three questions of theme discussion, asked for every theme.
 *
 * @since 0.1.0
 */
export const themeDiscussionQuestions: ReadonlyArray<string> = [
  "What is each side optimizing for?",
  "Where is the handoff breaking down?",
  "What information does each side lack?"
]

const examplesFor = (key: BuiltInThemeKey) => (decidedOn: IsoDate): ReadonlyArray<AgreementDraft> =>
  allAgreementTemplates(decidedOn).filter((t) => t.themeKey === key).map((t) => ({ ...t.draft }))

const kw = (term: string, weight: number, within?: number): ThemeKeyword =>
  within === undefined ? { term, weight } : { term, weight, within }

/**
 * The six built-in themes, in the canonical order of `BuiltInThemeKey`.
 *
 * @since 0.1.0
 */
export const builtInThemes: ReadonlyArray<ThemeDefinition> = [
  {
    key: "requirements-clarity",
    name: "Requirements clarity",
    description:
      "Requirements that seem clear but are not: missing acceptance criteria, edge cases found at demo, scope that moves after work has started.",
    optimizingFor: {
      product: "Keeping options open as customers and stakeholders learn; not over-specifying before the problem is understood.",
      engineering: "A stable target: knowing what done means before building, so work is not thrown away."
    },
    hardConversations: [
      {
        trigger: "the requirements keep changing",
        guidance:
          "Ask when scope is frozen and what the escalation path is for a change after the freeze: who decides, who is told, and what is dropped to make room.",
        askFor: ["the point at which scope is frozen", "the escalation path for post-freeze changes", "examples of late changes and their cost"]
      },
      {
        trigger: "engineers build what the ticket says, not what we meant",
        guidance:
          "Agree where acceptance criteria live and a deadline for raising ambiguities after refinement, so gaps surface before the build rather than at demo.",
        askFor: ["the tickets that were misread", "when the ambiguity was first noticed"]
      }
    ],
    exampleAgreements: examplesFor("requirements-clarity"),
    keywords: [
      kw("requirement", 2),
      kw("requirements changed", 3, 2),
      kw("spec", 2),
      kw("specification", 2),
      kw("acceptance criteria", 3),
      kw("scope creep", 3),
      kw("scope change", 3, 1),
      kw("scope", 1),
      kw("freeze", 2),
      kw("frozen", 2),
      kw("ambiguous", 2),
      kw("ambiguity", 2),
      kw("unclear", 2),
      kw("vague", 2),
      kw("clarify", 2),
      kw("clarification", 2),
      kw("user story", 2),
      kw("edge case", 2),
      kw("moving target", 3),
      kw("goalpost", 3),
      kw("last minute change", 2),
      kw("prd", 2),
      kw("definition of done", 2),
      kw("definition of ready", 2),
      kw("rework", 2),
      kw("misunderstood", 2),
      kw("wrong thing", 2),
      kw("what they meant", 2),
      kw("mockup", 1),
      kw("ticket", 1)
    ]
  },
  {
    key: "speed-vs-quality",
    name: "Speed vs quality",
    description:
      "How fast to ship versus how well: deadlines that force shortcuts, quality work that looks like gold-plating from the other side.",
    optimizingFor: {
      product: "Time to market and learning from real users early; a date promised to customers or sales.",
      engineering: "Not paying for today's shortcut with tomorrow's incident; a codebase that stays fast to change."
    },
    hardConversations: [
      {
        trigger: "engineering gold-plates everything / product always wants it yesterday",
        guidance:
          "Name the quality bar per kind of work (prototype vs production) and make every shortcut an explicit, recorded decision with an owner and a payback date.",
        askFor: ["which work was prototype and which production", "the shortcuts taken and what they later cost"]
      }
    ],
    exampleAgreements: examplesFor("speed-vs-quality"),
    keywords: [
      kw("quick fix", 3),
      kw("cut corner", 3, 1),
      kw("corner", 2),
      kw("shortcut", 2),
      kw("rush", 2),
      kw("deadline", 2),
      kw("speed", 2),
      kw("fast", 1),
      kw("faster", 1),
      kw("ship fast", 2),
      kw("just ship", 2),
      kw("quality", 2),
      kw("bug", 2),
      kw("hotfix", 2),
      kw("qa", 2),
      kw("test", 1),
      kw("regression", 2),
      kw("polish", 2),
      kw("mvp", 2),
      kw("good enough", 2),
      kw("hack", 2),
      kw("hacky", 2),
      kw("launch date", 2),
      kw("crunch", 2),
      kw("rollback", 2),
      kw("half baked", 2),
      kw("gold plating", 3),
      kw("gold plate", 3),
      kw("over engineer", 2),
      kw("pressure", 1)
    ]
  },
  {
    key: "technical-debt",
    name: "Technical debt",
    description:
      "Accumulated shortcuts and ageing systems that slow every change: flaky tests, legacy code, on-call load, work that never makes the roadmap.",
    optimizingFor: {
      product: "Visible customer value each sprint; debt work competes with features whose value is easier to show.",
      engineering: "Sustainable pace: fewer incidents, faster builds, code that is safe to change."
    },
    hardConversations: [
      {
        trigger: "we need time for tech debt / tech debt is an excuse",
        guidance:
          "Ask for the cost: incidents, slowdowns, developer-experience problems. Debt competes for roadmap time once its cost is stated in the same terms as features.",
        askFor: ["incidents caused", "slowdowns (build time, lead time)", "developer-experience problems"]
      }
    ],
    exampleAgreements: examplesFor("technical-debt"),
    keywords: [
      kw("tech debt", 3),
      kw("technical debt", 3),
      kw("debt", 3),
      kw("refactor", 3),
      kw("legacy", 3),
      kw("flaky", 3),
      kw("on call", 2),
      kw("oncall", 2),
      kw("pager", 2),
      kw("paged", 2),
      kw("incident", 2),
      kw("outage", 2),
      kw("build time", 2),
      kw("slow build", 2),
      kw("ci", 2),
      kw("pipeline", 1),
      kw("maintenance", 2),
      kw("upgrade", 2),
      kw("deprecated", 2),
      kw("cleanup", 2),
      kw("clean up", 2),
      kw("spaghetti", 2),
      kw("workaround", 2),
      kw("rewrite", 2),
      kw("monolith", 2),
      kw("developer experience", 2),
      kw("dx", 2),
      kw("toil", 2),
      kw("brittle", 2),
      kw("fragile", 2),
      kw("codebase", 1),
      kw("infrastructure", 1)
    ]
  },
  {
    key: "estimates-predictability",
    name: "Estimates and predictability",
    description:
      "Estimates treated as promises, work that takes longer than said, dates that slip and stakeholders who stop trusting the plan.",
    optimizingFor: {
      product: "A date stakeholders can plan around and a roadmap that holds.",
      engineering: "Honest uncertainty: estimates given as ranges, not turned into commitments."
    },
    hardConversations: [
      {
        trigger: "engineering always underestimates",
        guidance:
          "Track estimate accuracy: log estimates and actuals, review the hit rate at each retro, and communicate ranges rather than single numbers.",
        askFor: ["estimates vs actuals for recent work", "the hit rate of the last quarter"]
      },
      {
        trigger: "PMs turn estimates into promises",
        guidance: "Separate the estimate from the commitment: stakeholders get a range with its confidence, and who turns it into a date is explicit.",
        askFor: ["where single numbers were communicated", "which dates were promised and by whom"]
      }
    ],
    exampleAgreements: examplesFor("estimates-predictability"),
    keywords: [
      kw("estimate", 3),
      kw("underestimate", 3),
      kw("overestimate", 2),
      kw("story point", 3),
      kw("point", 1),
      kw("velocity", 2),
      kw("predictable", 2),
      kw("predictability", 2),
      kw("unpredictable", 2),
      kw("forecast", 2),
      kw("slip", 2),
      kw("delay", 2),
      kw("late", 1),
      kw("took longer", 2),
      kw("take longer", 2),
      kw("longer than", 2),
      kw("miss deadline", 3, 2),
      kw("missed deadline", 3, 2),
      kw("how long", 2),
      kw("t shirt size", 2),
      kw("sizing", 2),
      kw("padding", 1),
      kw("buffer", 1),
      kw("timeline", 2),
      kw("eta", 2),
      kw("commitment", 1),
      kw("accuracy", 1),
      kw("guess", 1),
      kw("range", 1)
    ]
  },
  {
    key: "prioritization",
    name: "Prioritization decisions",
    description:
      "How work is ranked and re-ranked: everything urgent, priorities changed mid-sprint, decisions made without the people who pay for them.",
    optimizingFor: {
      product: "Responding to customers, sales and leadership; the highest-value bet this quarter.",
      engineering: "Focus: finishing what was started, fewer context switches, room for work only engineers can see."
    },
    hardConversations: [
      {
        trigger: "everything is top priority",
        guidance: "Ask for one ranked list: a new priority names what it displaces, and who decided.",
        askFor: ["the current ranked list", "what was displaced by the last urgent request"]
      },
      {
        trigger: "priorities change every week",
        guidance: "Agree when priorities may change (e.g. only at sprint boundaries) and who may interrupt a sprint, and count the interruptions.",
        askFor: ["mid-sprint changes last quarter", "who requested them"]
      }
    ],
    exampleAgreements: examplesFor("prioritization"),
    keywords: [
      kw("priority", 3),
      kw("prioritize", 3),
      kw("prioritization", 3),
      kw("roadmap", 2),
      kw("backlog", 2),
      kw("urgent", 2),
      kw("trade off", 2),
      kw("tradeoff", 2),
      kw("context switch", 3),
      kw("focus", 1),
      kw("too many project", 2),
      kw("pet project", 2),
      kw("business value", 2),
      kw("okr", 2),
      kw("sales", 1),
      kw("customer request", 2),
      kw("fire drill", 2),
      kw("jump the queue", 2, 1),
      kw("stakeholder", 1),
      kw("mid sprint", 2),
      kw("leadership", 1),
      kw("what matters most", 2)
    ]
  },
  {
    key: "communication-gaps",
    name: "Communication gaps",
    description:
      "Information one side has and the other lacks: the why behind a feature, the complexity behind an estimate, decisions nobody heard about.",
    optimizingFor: {
      product: "Speed of decision and keeping stakeholders aligned; not dragging engineers into every meeting.",
      engineering: "Context to make good technical calls; being heard before decisions, not told after."
    },
    hardConversations: [
      {
        trigger: "PMs don't understand complexity",
        guidance:
          "Make complexity visible: services touched, migrations, downtime risk, written down before prioritization so it can be weighed.",
        askFor: ["services touched", "migrations", "downtime risk"]
      },
      {
        trigger: "nobody tells us why we are building this",
        guidance: "Share the why: the problem statement and customer evidence in the ticket before refinement.",
        askFor: ["the problem statement", "customer evidence"]
      }
    ],
    exampleAgreements: examplesFor("communication-gaps"),
    keywords: [
      kw("communication", 3),
      kw("communicate", 3),
      kw("out of the loop", 3),
      kw("in the loop", 2),
      kw("nobody told", 3, 1),
      kw("no one told", 3, 1),
      kw("found out", 2),
      kw("heads up", 2),
      kw("surprise", 2),
      kw("complexity", 2),
      kw("context", 1),
      kw("explain", 2),
      kw("jargon", 2),
      kw("transparency", 2),
      kw("transparent", 2),
      kw("visibility", 2),
      kw("sync", 2),
      kw("status update", 2),
      kw("silo", 2),
      kw("handoff", 2),
      kw("hand off", 2),
      kw("listen", 2),
      kw("talk", 1),
      kw("meeting", 1),
      kw("slack", 1),
      kw("informed", 2),
      kw("why", 1),
      kw("understand", 1),
      kw("stakeholder", 1),
      kw("feedback", 1)
    ]
  }
]

const byKey = new Map(builtInThemes.map((t) => [t.key, t]))

/**
 * The built-in definition of a key.
 *
 * @since 0.1.0
 */
export const builtInTheme = (key: BuiltInThemeKey): ThemeDefinition => byKey.get(key) as ThemeDefinition
