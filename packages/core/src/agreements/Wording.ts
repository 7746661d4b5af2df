/**
 * Wording checks behind agreement validation: what makes a sentence
 * observable (a number, a frequency, an artefact) and which phrases are
 * the vague promises retros are famous for.
 *
 * The lists are deliberately small, literal and documented so a facilitator
 * can be told exactly why a sentence was flagged; they are regular
 * expressions over lowercased text, never a language model.
 *
 * @since 0.1.0
 */

/**
 * What kind of concrete anchor a sentence contains.
 *
 * - `number`: a digit, `%`, or a number word (`two`…`hundred`, `once`, `twice`, `half`, `percent`).
 *   `one` is excluded on purpose: "one another" and "no one" are not measures.
 * - `frequency`: `every …`/`each …`/`per …` (but not "each other", "each of us", "as per" or "per our chat"),
 *   cadence words (`daily`, `weekly`, `biweekly`, `fortnightly`, `monthly`,
 *   `quarterly`, `yearly`, `annually`, `nightly`), or a ritual it is tied to
 *   (`at sprint planning`, `before each retro`, `after every release`…).
 * - `artefact`: something anyone can open and look at (document, ticket,
 *   dashboard, checklist, template, field, report, metric, PRD, Jira, …).
 *
 * @since 0.1.0
 */
export type AgreementAnchorKind = "number" | "frequency" | "artefact"

/**
 * One concrete anchor found in a sentence.
 *
 * @since 0.1.0
 */
export interface AgreementAnchor {
  readonly kind: AgreementAnchorKind
  readonly text: string
}

const NUMBER_RE =
  /\d|%|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|once|twice|half|percent)\b/g

// "each other", "as per" and friends quantify nothing, so they are cut out before matching.
const FALSE_QUANTIFIERS_RE = /\b(?:each other|every one of (?:us|you|them)|each of (?:us|you|them)|as per|per se|per (?:our|my|your|his|her|their|the) (?:chat|conversation|discussion|call|talk|agreement|understanding))\b/g

const RITUAL =
  "(?:sprint planning|planning|stand-?ups?|daily|retros?|retrospectives?|refinements?|grooming|kick-?offs?|demos?|releases?|sprint reviews?|sprints?|prioriti[sz]ation|roadmap reviews?|quarterly reviews?|incidents?|deploys?|deployments?)"
const FREQUENCY_RE = new RegExp(
  [
    "\\b(?:every|each|per)\\s+[a-z0-9]",
    "\\b(?:daily|nightly|weekly|bi-?weekly|fortnightly|monthly|bi-?monthly|quarterly|yearly|annually)\\b",
    `\\b(?:at|before|after|during|in)\\s+(?:the\\s+|each\\s+|every\\s+|our\\s+|a\\s+|its\\s+)?(?:next\\s+)?${RITUAL}\\b`
  ].join("|"),
  "g"
)

const ARTEFACT_RE = new RegExp(
  "\\b(?:" +
    [
      "docs?",
      "documents?",
      "documentation",
      "tickets?",
      "dashboards?",
      "checklists?",
      "templates?",
      "fields?",
      "reports?",
      "metrics?",
      "charts?",
      "(?:sprint|kanban|jira|project|planning) boards?",
      "spreadsheets?",
      "sheets?",
      "wikis?",
      "wiki pages?",
      "one-pagers?",
      "jira",
      "confluence",
      "notion",
      "linear",
      "prds?",
      "rfcs?",
      "adrs?",
      "runbooks?",
      "backlogs?",
      "labels?",
      "slack",
      "calendar",
      "logs?",
      "notes?",
      "post-?mortems?",
      "changelogs?",
      "agendas?",
      "meeting minutes",
      "roadmaps?",
      "specs?",
      "specifications?",
      "epics?",
      "user stor(?:y|ies)",
      "pull requests?",
      "definition of (?:done|ready)",
      "acceptance criteria",
      "surveys?",
      "invites?",
      "emails?",
      "threads?",
      "lists?",
      "registers?",
      "trackers?",
      "diagrams?",
      "readmes?",
      "release notes"
    ].join("|") +
    ")\\b",
  "g"
)

const collect = (re: RegExp, kind: AgreementAnchorKind, text: string, into: Array<AgreementAnchor>): void => {
  for (const m of text.matchAll(re)) into.push({ kind, text: m[0].trim() })
}

/**
 * Every number, frequency and artefact in a sentence, in that order; empty
 * when the sentence gives nobody anything to check.
 *
 * @since 0.1.0
 */
export const findAgreementAnchors = (text: string): ReadonlyArray<AgreementAnchor> => {
  const lower = text.toLowerCase().replace(FALSE_QUANTIFIERS_RE, " ")
  const out: Array<AgreementAnchor> = []
  collect(NUMBER_RE, "number", lower, out)
  collect(FREQUENCY_RE, "frequency", lower, out)
  collect(ARTEFACT_RE, "artefact", lower, out)
  return out
}

/**
 * Whether a sentence is observable on its own: it names a number, a
 * frequency or an artefact (see {@link AgreementAnchorKind}).
 *
 * @since 0.1.0
 */
export const isConcreteWording = (text: string): boolean => findAgreementAnchors(text).length > 0

/**
 * The vague phrases validation looks for. A phrase only counts against a
 * sentence that has no concrete anchor: "try to raise ambiguities within 2
 * days" is checkable, "try to communicate better" is not.
 *
 * @since 0.1.0
 */
export const vagueAgreementPhrases: ReadonlyArray<string> = [
  "try to",
  "tries to",
  "trying to",
  "try and",
  "attempt to",
  "aim to",
  "strive to",
  "endeavour to",
  "endeavor to",
  "hope to",
  "hopefully",
  "ideally",
  "better communication",
  "communicate better",
  "communicate more",
  "more communication",
  "improve",
  "improves",
  "improved",
  "improving",
  "improvement",
  "improvements",
  "more often",
  "more frequently",
  "more regularly",
  "regularly",
  "as much as possible",
  "as soon as possible",
  "as early as possible",
  "asap",
  "when possible",
  "whenever possible",
  "if possible",
  "where possible",
  "wherever possible",
  "be more aware",
  "more aware",
  "be aware",
  "be mindful",
  "keep in mind",
  "more closely",
  "work more closely",
  "closer collaboration",
  "collaborate more",
  "work together better",
  "better alignment",
  "align better",
  "stay aligned",
  "be aligned",
  "on the same page",
  "more transparent",
  "more transparency",
  "more visibility",
  "be more proactive",
  "more proactive",
  "from time to time",
  "occasionally",
  "sometimes",
  "as needed",
  "when needed",
  "if needed",
  "when necessary",
  "if necessary",
  "as appropriate",
  "in a timely manner",
  "timely",
  "best effort",
  "do our best",
  "do their best",
  "be more careful",
  "more careful",
  "pay more attention",
  "pay attention",
  "consider",
  "think about",
  "be better",
  "get better",
  "early enough"
]

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

// Longest phrases first so that, on overlap, "be more aware" wins over "more aware".
const VAGUE_RES: ReadonlyArray<{ readonly phrase: string; readonly re: RegExp }> = [...vagueAgreementPhrases]
  .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
  .map((phrase) => ({
    phrase,
    re: new RegExp(`(?<![a-z0-9])${escapeRe(phrase).replace(/ /g, "[\\s-]+")}(?![a-z0-9])`, "g")
  }))

/**
 * The vague phrases a sentence uses, in order of appearance, without
 * overlaps (the longest phrase wins). Says nothing about anchors: see
 * {@link findUnanchoredVagueWording} for the rule validation applies.
 *
 * @since 0.1.0
 */
export const findVagueWording = (text: string): ReadonlyArray<string> => {
  const lower = text.toLowerCase()
  const taken: Array<{ readonly start: number; readonly end: number; readonly phrase: string }> = []
  for (const { phrase, re } of VAGUE_RES) {
    for (const m of lower.matchAll(re)) {
      const start = m.index
      const end = start + m[0].length
      if (!taken.some((t) => start < t.end && t.start < end)) taken.push({ start, end, phrase })
    }
  }
  return taken.sort((a, b) => a.start - b.start).map((t) => t.phrase)
}

/**
 * The vague phrases that count against a sentence: those of
 * {@link findVagueWording}, or none when the sentence also carries a number,
 * a frequency or an artefact.
 *
 * @since 0.1.0
 */
export const findUnanchoredVagueWording = (text: string): ReadonlyArray<string> =>
  isConcreteWording(text) ? [] : findVagueWording(text)
