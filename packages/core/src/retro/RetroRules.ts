/**
 * The names of the method's rules, declared once: the `rule` of every
 * `RetroRuleViolated`, the `kind` of every `DuplicateId` and `NotFound`, and
 * the `code` of every facilitator warning. Each entry says when it applies,
 * which is what the integrator guide lists (a test keeps the guide in step).
 *
 * This module imports nothing, so the error schemas and the policy can both
 * build on it. The behaviour behind each name lives in `RetroPolicy.ts`
 * (phases, roles, advance conditions, warnings, timeboxes) or next to the
 * command that checks it in `RetroDecider.ts`.
 *
 * @since 0.2.0
 */

/**
 * Every rule a `RetroRuleViolated` can name, with where it is checked and
 * what it protects.
 *
 * @since 0.2.0
 */
export const retroRules = {
  "retro-date-not-far-ahead": "CreateRetro: the retro's date is at most 183 days after the UTC day of `at` (26 weeks, and a day for time zones ahead of UTC); an earlier date is taken as given.",
  "both-sides-present": "AdvancePhase from draft: collection needs at least one participant of each side.",
  "shuffle-seed-required": "AdvancePhase from collecting: the reveal order needs a random shuffleSeed of at least 8 characters.",
  "themes-before-voting": "AdvancePhase from grouping: voting needs at least one theme.",
  "time-goes-forward": "AdvancePhase, FocusTheme and ExtendTimebox: `at` may not be earlier than the current phase's (or focus's) start.",
  "unique-secret": "JoinRetro, HandOverFacilitation: a secret already used in this retro (by a participant or a facilitator) is refused.",
  "ready-mark-limit": "SetReady: one participant can say they are done at most 10 times per ready check.",
  "timebox-extension-bounded": "ExtendTimebox: a part's timebox, extensions included, stays at most 240 minutes.",
  "one-theme-per-built-in": "CreateTheme, RenameTheme, SplitTheme: each built-in theme exists at most once per retro.",
  "theme-names-unique": "CreateTheme, RenameTheme, SplitTheme: no two themes of a retro share a name (case and spacing aside), and none is called \"(ungrouped)\".",
  "merge-distinct-themes": "MergeThemes: a theme cannot be merged into itself.",
  "split-own-cards": "SplitTheme: only cards of the theme being split can move to the new theme.",
  "import-once": "ImportPreviousAgreements: agreements are imported once per retro.",
  "import-from-previous-retro": "ImportPreviousAgreements: when the retro names its previous retro, only that retro's agreements are imported.",
  "import-from-earlier-retro": "ImportPreviousAgreements: the imported retro's date is before this retro's.",
  "previous-retro-exists": "Retro.followUpFromPreviousRetro: the retro this one follows (named, or the team's latest earlier one) exists in the team.",
  "previous-retro-has-agreements": "Retro.followUpFromPreviousRetro: the previous retro made agreements to review.",
  "previous-agreements-reviewed-once": "Retro.followUpFromPreviousRetro: a retro's agreements are reviewed once, at the next retro: not again by a later retro that names the same previous retro.",
  "agreement-theme-exists": "AcceptAgreement: the theme an agreement names exists in this retro.",
  "agreement-metric-known": "AcceptAgreement: the metric an agreement names is an estimate-accuracy metric.",
  "report-on-estimates-theme": "AttachAccuracyReport: a report goes on the built-in estimates-and-predictability theme.",
  "export-after-reveal": "Retro.markdown: there is no summary before the cards are revealed.",
  "team-exists": "Team commands other than CreateTeam need a created team.",
  "role-on-its-side": "AddTeamMember, ChangeTeamMember: a product manager sits on the product side; tech leads and engineers on the engineering side."
} as const

/** @since 0.2.0 */
export type RetroRule = keyof typeof retroRules

/** The rule names in declaration order. @since 0.2.0 */
export const retroRuleNames = Object.keys(retroRules) as ReadonlyArray<RetroRule>

/**
 * What a `DuplicateId` or `NotFound` is about.
 *
 * @since 0.2.0
 */
export const retroEntityKinds = [
  "participant",
  "card",
  "theme",
  "note",
  "agreement",
  "imported agreement",
  "team",
  "team member"
] as const

/** @since 0.2.0 */
export type RetroEntityKind = typeof retroEntityKinds[number]

/**
 * The facilitator's warnings: what the method advises against, never an
 * error (the team may have its reasons).
 *
 * @since 0.2.0
 */
export const retroWarningCodes = {
  "group-size": "Fewer than 6 or more than 10 participants.",
  "side-missing": "A side has no participant yet.",
  "facilitator-on-a-side": "The facilitator belongs to a side instead of being neutral.",
  "too-frequent": "Less than six weeks since the previous retro.",
  "side-undisclosed": "A side is below the anonymity threshold, so its cards show no side.",
  "no-agreements": "The retro closed without agreements."
} as const

/** @since 0.2.0 */
export type RetroWarningCode = keyof typeof retroWarningCodes
