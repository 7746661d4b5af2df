/**
 * Agreement templates: the method's four example agreements, plus one
 * example each for the themes the method does not illustrate, ready to be
 * adapted in the room. Every template is valid for any decision day (the
 * review date is derived from it), so "start from a template" never starts
 * from something the validator would refuse.
 *
 * @since 0.1.0
 */
import type { IsoDate } from "../Primitives.ts"
import type { BuiltInThemeKey } from "../themes/ThemeKey.ts"
import { type AgreementDraft, defaultAgreementReviewDate } from "./Agreement.ts"

/**
 * A ready-made agreement for a theme, with its review date filled in.
 *
 * @since 0.1.0
 */
export interface AgreementTemplate {
  readonly id: string
  readonly title: string
  readonly themeKey: BuiltInThemeKey
  readonly draft: AgreementDraft
}

type TemplateSpec = Omit<AgreementTemplate, "draft"> & { readonly draft: Omit<AgreementDraft, "reviewBy"> }

const methodExamples: ReadonlyArray<TemplateSpec> = [
  {
    id: "range-estimates",
    title: "Range estimates, communicated as ranges",
    themeKey: "estimates-predictability",
    draft: {
      statement:
        "Engineers give range estimates (best/likely/worst); PMs communicate the range, not the single number, to stakeholders.",
      commitments: [
        {
          side: "engineering",
          text: "Give a best/likely/worst range for every roadmap item at planning and log it in the estimate log."
        },
        {
          side: "product",
          text: "Show stakeholders the range, never a single number, in every roadmap update and planning doc."
        }
      ],
      signal:
        "Every roadmap item in the planning doc shows a range; the estimate-accuracy report (hit rate) is reviewed at each retro.",
      metric: "hitRate"
    }
  },
  {
    id: "scope-freeze",
    title: "Scope frozen at sprint planning, ambiguities raised early",
    themeKey: "requirements-clarity",
    draft: {
      statement:
        "PMs mark scope frozen at sprint planning with acceptance criteria in the ticket; changes after freeze go through the agreed escalation path; engineers raise ambiguities within 2 days of ticket refinement.",
      commitments: [
        {
          side: "product",
          text: "Mark each sprint ticket scope-frozen at sprint planning with acceptance criteria in the ticket, and route every change after freeze through the escalation path."
        },
        {
          side: "engineering",
          text: "Raise ambiguities as ticket comments within 2 days of refinement instead of discovering them at demo."
        }
      ],
      signal:
        "Every sprint ticket has acceptance criteria and a scope-frozen label at planning; post-freeze changes are logged in the escalation log and counted each retro."
    }
  },
  {
    id: "tech-debt-cost",
    title: "Tech-debt cost report and reserved capacity",
    themeKey: "technical-debt",
    draft: {
      statement:
        "Engineering quantifies tech-debt cost (incidents, slowdowns, dev-experience) in a monthly one-page report; product reserves 20% of each sprint for the top items.",
      commitments: [
        {
          side: "engineering",
          text: "Publish a monthly one-page report ranking debt items by cost: incidents, slowdowns, developer-experience problems."
        },
        {
          side: "product",
          text: "Reserve 20% of each sprint's capacity for the top items of the latest debt report."
        }
      ],
      signal:
        "The debt report is in the wiki every month; sprint boards show 20% of points on debt tickets, checked at each retro."
    }
  },
  {
    id: "complexity-note",
    title: "Complexity note on every epic before prioritization",
    themeKey: "communication-gaps",
    draft: {
      statement:
        "Tech leads add a complexity note (services touched, migrations, downtime risk) to every epic before prioritization; PMs use it in roadmap discussions with stakeholders.",
      commitments: [
        {
          side: "engineering",
          text: "Add a complexity note (services touched, migrations, downtime risk) to every epic before it is prioritized."
        },
        {
          side: "product",
          text: "Bring the complexity note into every roadmap discussion with stakeholders and record the trade-off in the roadmap doc."
        }
      ],
      signal:
        "Every epic in the backlog has a filled complexity-note field before prioritization; roadmap review notes cite it."
    }
  }
]

const moreExamples: ReadonlyArray<TemplateSpec> = [
  {
    id: "quality-bar-labels",
    title: "Explicit quality bar per ticket, shortcuts recorded",
    themeKey: "speed-vs-quality",
    draft: {
      statement:
        "Each ticket is labelled prototype or production at sprint planning; production work meets the definition of done; every shortcut is recorded as a debt ticket.",
      commitments: [
        {
          side: "product",
          text: "Label every sprint ticket prototype or production at planning, and keep prototype work away from general release."
        },
        {
          side: "engineering",
          text: "Meet the definition-of-done checklist on production tickets and file a debt ticket for every shortcut taken."
        }
      ],
      signal: "Every ticket on the sprint board carries a quality label; shortcut debt tickets are counted at each retro."
    }
  },
  {
    id: "ranked-priorities",
    title: "One ranked list; new work names what it displaces",
    themeKey: "prioritization",
    draft: {
      statement:
        "Product keeps one ranked list of the top 10 priorities, updated before each sprint planning; any mid-sprint request names what it displaces.",
      commitments: [
        {
          side: "product",
          text: "Publish the ranked top-10 list in the planning doc before each sprint planning, and name the displaced item on every mid-sprint request."
        },
        {
          side: "engineering",
          text: "State the switching cost (work in progress that stops) on the request ticket within 1 working day."
        }
      ],
      signal: "The ranked list is in the planning doc at every sprint planning; each mid-sprint change has a ticket naming the displaced item."
    }
  },
  {
    id: "problem-and-evidence",
    title: "The why in every epic, work shown every sprint",
    themeKey: "communication-gaps",
    draft: {
      statement:
        "Every epic starts with the problem and the customer evidence behind it; engineers demo work in progress to the PM every sprint.",
      commitments: [
        {
          side: "product",
          text: "Fill the problem-and-evidence field of every epic before refinement."
        },
        {
          side: "engineering",
          text: "Demo work in progress to the PM at least once per sprint, before the sprint review."
        }
      ],
      signal: "Every epic in Jira has a filled problem-and-evidence field; the demo appears in the sprint calendar each sprint."
    }
  }
]

const build = (specs: ReadonlyArray<TemplateSpec>, decidedOn: IsoDate): ReadonlyArray<AgreementTemplate> => {
  const reviewBy = defaultAgreementReviewDate(decidedOn)
  return specs.map((t) => ({ ...t, draft: { ...t.draft, reviewBy } }))
}

/**
 * The method's four example agreements (range estimates, scope freeze,
 * tech-debt cost, complexity note) with `reviewBy` set about one quarter after
 * `decidedOn` (see `defaultAgreementReviewDate`). Each passes
 * `validateAgreement` for that `decidedOn`.
 *
 * @since 0.1.0
 */
export const agreementTemplates = (decidedOn: IsoDate): ReadonlyArray<AgreementTemplate> => build(methodExamples, decidedOn)

/**
 * Every template: the method's four plus one example each for speed vs
 * quality, prioritization and communication gaps.
 *
 * @since 0.1.0
 */
export const allAgreementTemplates = (decidedOn: IsoDate): ReadonlyArray<AgreementTemplate> =>
  build([...methodExamples, ...moreExamples], decidedOn)
