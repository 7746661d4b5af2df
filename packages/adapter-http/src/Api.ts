/**
 * The HTTP contract of RetroBridge: every endpoint, its body, its answers
 * and its errors, as one `HttpApi`. The server implements it
 * (`RetroBridgeHttp`), the typed client is derived from it
 * (`@retrobridge/adapter-http/client`) and so is the OpenAPI document.
 *
 * Bodies reuse the core's schemas; everything the server mints (ids, tokens,
 * secrets, times) is absent from request bodies, and unknown fields are
 * rejected.
 *
 * @since 0.1.0
 */
import { Context, Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware, HttpApiSchema, HttpApiSecurity, OpenApi } from "effect/http-api"
// Each namespace from its own entry: through "@retrobridge/core" a bundler keeps every namespace used whole,
// and the typed client (which imports this contract) shipped the core's deciders to every browser.
import * as Agreements from "@retrobridge/core/Agreements"
import * as Estimates from "@retrobridge/core/Estimates"
import * as Primitives from "@retrobridge/core/Primitives"
import * as Retro from "@retrobridge/core/Retro"
import type * as Team from "@retrobridge/core/Team"
import { Role as TeamRole } from "@retrobridge/core/Team"
import { apiErrorStatus, AuthErrors, BodyErrors, CommonErrors, Unauthorized, Unavailable } from "./ApiError.ts"

// Member by member, not destructured: destructuring a namespace makes a bundler keep all of it.
const IsoDate = Primitives.IsoDate
const Side = Primitives.Side
const AgreementOutcome = Retro.AgreementOutcome
const CardPrompt = Retro.CardPrompt
const ImportedAgreement = Retro.ImportedAgreement
const RetroPhase = Retro.Phase
const RetroSettingsPatch = Retro.SettingsPatch
const RetroTrigger = Retro.Trigger
const AgreementDraft = Agreements.Draft
const AgreementViolation = Agreements.Violation
const EstimateAccuracyReport = Estimates.AccuracyReport

/** Which estimate of an item a report compares with its actual: the first one or the last re-estimate. */
const EstimateBasis = Schema.Literals(["initial", "latest"])

const { teamId: _sliceTeam, ...teamLogSliceFields } = Estimates.ReportSlice.fields
/**
 * A slice of the retro's own team's log: the report slice without `teamId`, which the server fills in
 * from the retro, so a facilitator cannot name another team's log.
 */
const TeamLogSlice = Schema.Struct(teamLogSliceFields).annotate({ identifier: "TeamLogSlice" })

// Control characters other than tab and newline have no place in text people read,
// and they are how log and terminal injection starts.
/**
 * Text a person typed: the core's rule (not blank, no control characters
 * other than newline and tab, at most `max` characters). The contract's
 * fields use the core's own schemas for each text, so the limits the
 * OpenAPI document states are the ones the core enforces.
 *
 * @since 0.1.0
 */
export const TypedText = (max: number) => Primitives.TypedText(max)

/** An id minted by this server (or by a client for teams): 1–128 URL-safe characters. @since 0.1.0 */
export const ApiId = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
    expected: "an id of 1-128 letters, digits, '.', '_', ':' or '-'"
  }))
)

/** The view of a retro for the token's holder (the core's `RetroView`, passed through as JSON). @since 0.1.0 */
export const RetroViewJson = Schema.Unknown.annotate({ identifier: "RetroView", description: "The core's RetroView for the caller's role." }) as unknown as Schema.Codec<Retro.View, unknown>
/** A team's history and trend (the core's `TeamHistory`). @since 0.1.0 */
export const TeamHistoryJson = Schema.Unknown.annotate({ identifier: "TeamHistory", description: "The core's TeamHistory." }) as unknown as Schema.Codec<Team.History, unknown>

/**
 * The bearer token of a request, after its format is checked: which role
 * it claims and the secret it carries. Whether it belongs to the retro or
 * team of the request is checked by the handler.
 *
 * @since 0.1.0
 */
export class BearerToken extends Context.Service<BearerToken, {
  readonly role: "team-admin" | "facilitator" | "participant"
  readonly secret: string
  /** The whole token, for keying idempotency records and rate limits (never logged). */
  readonly token: string
}>()("@retrobridge/adapter-http/BearerToken") {}

/**
 * Requires `Authorization: Bearer <token>`; answers 401 when it is
 * missing or not a token this server could have minted.
 *
 * @since 0.1.0
 */
export class Authorization extends HttpApiMiddleware.Service<Authorization, { provides: BearerToken }>()(
  "@retrobridge/adapter-http/Authorization",
  {
    security: { bearer: HttpApiSecurity.bearer },
    error: Unauthorized
  }
) {}

/** A stream's version, or a count: a whole number, never negative. @since 0.2.0 */
export const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** What every write answers: the stream version after it. @since 0.1.0 */
export const Ack = Schema.Struct({ version: Count })

const retroId = { retroId: ApiId }
const teamId = { teamId: ApiId }
const errors = [...CommonErrors, ...AuthErrors]
const bodyErrors = [...errors, ...BodyErrors]

/**
 * Why a theme was proposed (the core's `Themes.Reason`): a keyword of the
 * theme matched; earlier cards of this team with the same words went to the
 * theme (`team-history`); or built-in example cards with the same words are
 * labelled with it.
 *
 * @since 0.2.0
 */
export const ThemeReason = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("keyword"), term: Schema.String, points: Schema.Finite }),
  Schema.Struct({
    kind: Schema.Literals(["team-history", "built-in-examples"]),
    words: Schema.String,
    points: Schema.Finite,
    cards: Count,
    cardsWithWords: Count,
    themeName: Schema.String
  })
]).annotate({ identifier: "ThemeReason" })

/**
 * One ranked theme proposal for a card. Exactly one of `themeId` (a theme of
 * this retro), `builtIn` (a built-in theme nobody created yet) and
 * `customName` (a custom theme the team used in an earlier retro) is set.
 *
 * @since 0.2.0
 */
export const ThemeProposal = Schema.Struct({
  themeId: Schema.optional(Schema.String),
  builtIn: Schema.optional(Schema.String),
  customName: Schema.optional(Schema.String),
  name: Schema.String,
  score: Schema.Finite,
  matched: Schema.Array(Schema.String),
  reasons: Schema.Array(ThemeReason),
  explanation: Schema.Array(Schema.String)
}).annotate({ identifier: "ThemeProposal", description: "A ranked theme proposal: target, score, matched words, reasons and their explanation in words." })

/**
 * A card's proposals: the best one's fields at the top level, and the ranked
 * top three (best first) in `proposals`.
 *
 * @since 0.2.0
 */
export const CardThemeProposals = Schema.Struct({
  cardId: Schema.String,
  themeId: Schema.optional(Schema.String),
  builtIn: Schema.optional(Schema.String),
  customName: Schema.optional(Schema.String),
  name: Schema.String,
  score: Schema.Finite,
  matched: Schema.Array(Schema.String),
  explanation: Schema.Array(Schema.String),
  proposals: Schema.Array(ThemeProposal)
}).annotate({ identifier: "CardThemeProposals" })

/** Teams, their rosters, history, and creating retros. @since 0.1.0 */
export class TeamsApi extends HttpApiGroup.make("teams")
  .add(
    HttpApiEndpoint.post("create", "/teams", {
      payload: Schema.Struct({ name: Primitives.NameText }),
      success: Schema.Struct({
        teamId: Schema.String,
        /** Shown once: the team admin's bearer token. */
        adminToken: Schema.String
      }).pipe(HttpApiSchema.status(201)),
      error: [...CommonErrors, ...BodyErrors]
    }),
    HttpApiEndpoint.get("get", "/teams/:teamId", {
      params: teamId,
      success: Schema.Struct({
        teamId: Schema.String,
        name: Schema.String,
        members: Schema.Array(Schema.Struct({ memberId: Schema.String, name: Schema.String, side: Side, role: TeamRole }))
      }),
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.patch("rename", "/teams/:teamId", {
      params: teamId,
      payload: Schema.Struct({ name: Primitives.NameText }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("addMember", "/teams/:teamId/members", {
      params: teamId,
      payload: Schema.Struct({ name: Primitives.NameText, side: Side, role: TeamRole }),
      success: Schema.Struct({ memberId: Schema.String, version: Count }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.put("changeMember", "/teams/:teamId/members/:memberId", {
      params: { ...teamId, memberId: ApiId },
      payload: Schema.Struct({ side: Side, role: TeamRole }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.delete("removeMember", "/teams/:teamId/members/:memberId", {
      params: { ...teamId, memberId: ApiId },
      success: Ack,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.get("history", "/teams/:teamId/history", {
      params: teamId,
      success: TeamHistoryJson,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("createRetro", "/teams/:teamId/retros", {
      params: teamId,
      payload: Schema.Struct({
        title: Primitives.TitleText,
        trigger: RetroTrigger,
        date: IsoDate,
        releaseName: Schema.optional(Primitives.TitleText),
        facilitatorName: Primitives.NameText,
        facilitatorSide: Schema.optional(Side),
        previousRetro: Schema.optional(Schema.Struct({ retroId: ApiId, date: IsoDate })),
        settings: Schema.optional(RetroSettingsPatch)
      }),
      success: Schema.Struct({
        retroId: Schema.String,
        /** Shown once: the facilitator's bearer token. */
        facilitatorToken: Schema.String,
        /** Shown once: what invitees need to join. */
        joinCode: Schema.String,
        /** Where the web app takes a join code (the code travels in the fragment, never to a server log). */
        joinPath: Schema.String
      }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization)
  )
  .annotateMerge(OpenApi.annotations({ title: "Teams", description: "Teams, rosters, history; creating retros (team admin token)." }))
{}

/** One retro: joining, the view, phases, cards, themes, votes, notes, agreements, export. @since 0.1.0 */
export class RetrosApi extends HttpApiGroup.make("retros")
  .add(
    HttpApiEndpoint.post("join", "/retros/:retroId/participants", {
      params: retroId,
      payload: Schema.Struct({ joinCode: Schema.String.pipe(Schema.check(Schema.isMaxLength(256))), name: Primitives.NameText, side: Side }),
      success: Schema.Struct({
        /** Shown once: the participant's bearer token. */
        participantToken: Schema.String
      }).pipe(HttpApiSchema.status(201)),
      error: [...CommonErrors, ...BodyErrors]
    }),
    // A POST, not a GET with a query: the code stays out of URLs, and so out of proxies' and browsers' logs.
    HttpApiEndpoint.post("checkJoin", "/retros/:retroId/participants/check", {
      params: retroId,
      payload: Schema.Struct({ joinCode: Schema.String.pipe(Schema.check(Schema.isMaxLength(256))) }),
      success: Schema.Struct({ joinable: Schema.Literal(true) }).annotate({
        description: "A join with this code would be accepted now, as far as the code and the retro's phase go. Otherwise the join's own refusal for this code: 404 `retro-not-found` for a wrong code or a retro that does not exist, 409 `not-allowed-in-phase` (`details.phase`) once the retro takes no more participants. Nothing is written."
      }),
      error: [...CommonErrors, ...BodyErrors]
    }),
    HttpApiEndpoint.get("view", "/retros/:retroId", {
      params: retroId,
      success: RetroViewJson,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.patch("changeSettings", "/retros/:retroId/settings", {
      params: retroId,
      payload: Schema.Struct({ settings: RetroSettingsPatch }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.delete("removeParticipant", "/retros/:retroId/participants/:participantId", {
      params: { ...retroId, participantId: ApiId },
      success: Ack,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("advancePhase", "/retros/:retroId/phase", {
      params: retroId,
      payload: Schema.Struct({ from: RetroPhase }),
      success: Schema.Struct({ phase: RetroPhase, version: Count }),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("addCard", "/retros/:retroId/cards", {
      params: retroId,
      payload: Schema.Struct({ prompt: CardPrompt, text: Retro.CardText }),
      success: Schema.Struct({ cardId: Schema.String, version: Count }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.put("setReady", "/retros/:retroId/ready", {
      params: retroId,
      payload: Schema.Struct({ ready: Schema.Boolean }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.patch("editCard", "/retros/:retroId/cards/:cardId", {
      params: { ...retroId, cardId: ApiId },
      payload: Schema.Struct({ text: Retro.CardText }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.delete("withdrawCard", "/retros/:retroId/cards/:cardId", {
      params: { ...retroId, cardId: ApiId },
      success: Ack,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("extendTimebox", "/retros/:retroId/timebox-extensions", {
      params: retroId,
      payload: Schema.Struct({ phase: Retro.TimedPhase, minutes: Retro.TimeboxExtensionMinutes }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("handOverFacilitation", "/retros/:retroId/facilitator", {
      params: retroId,
      payload: Schema.Struct({ facilitatorName: Primitives.NameText, facilitatorSide: Schema.optional(Side) }),
      success: Schema.Struct({
        /** Shown once: the new facilitator's bearer token. The caller's token stops working. */
        facilitatorToken: Schema.String,
        version: Count
      }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("createTheme", "/retros/:retroId/themes", {
      params: retroId,
      payload: Schema.Struct({ name: Primitives.NameText }),
      success: Schema.Struct({ themeId: Schema.String, version: Count }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.patch("renameTheme", "/retros/:retroId/themes/:themeId", {
      params: { ...retroId, themeId: ApiId },
      payload: Schema.Struct({ name: Primitives.NameText }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.put("assignCard", "/retros/:retroId/cards/:cardId/theme", {
      params: { ...retroId, cardId: ApiId },
      payload: Schema.Struct({ themeId: ApiId }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.delete("unassignCard", "/retros/:retroId/cards/:cardId/theme", {
      params: { ...retroId, cardId: ApiId },
      success: Ack,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("mergeThemes", "/retros/:retroId/themes/:themeId/merge", {
      params: { ...retroId, themeId: ApiId },
      payload: Schema.Struct({ intoThemeId: ApiId }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("splitTheme", "/retros/:retroId/themes/:themeId/split", {
      params: { ...retroId, themeId: ApiId },
      payload: Schema.Struct({ name: Primitives.NameText, cardIds: Schema.NonEmptyArray(ApiId) }),
      success: Schema.Struct({ themeId: Schema.String, version: Count }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.get("themeProposals", "/retros/:retroId/theme-proposals", {
      params: retroId,
      success: Schema.Array(CardThemeProposals),
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("castVote", "/retros/:retroId/themes/:themeId/votes", {
      params: { ...retroId, themeId: ApiId },
      success: Ack,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.delete("retractVote", "/retros/:retroId/themes/:themeId/votes", {
      params: { ...retroId, themeId: ApiId },
      success: Ack,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("focusTheme", "/retros/:retroId/focus", {
      params: retroId,
      payload: Schema.Struct({ themeId: ApiId }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.put("recordOptimizingFor", "/retros/:retroId/themes/:themeId/optimizing-for/:side", {
      params: { ...retroId, themeId: ApiId, side: Side },
      payload: Schema.Struct({ text: Primitives.NoteText }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("addHandoffNote", "/retros/:retroId/themes/:themeId/handoff-notes", {
      params: { ...retroId, themeId: ApiId },
      payload: Schema.Struct({ text: Primitives.NoteText }),
      success: Schema.Struct({ noteId: Schema.String, version: Count }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("addInformationGap", "/retros/:retroId/themes/:themeId/information-gaps", {
      params: { ...retroId, themeId: ApiId },
      payload: Schema.Struct({ side: Side, text: Primitives.NoteText }),
      success: Schema.Struct({ noteId: Schema.String, version: Count }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    // One path for both kinds of note: a note's id is unique within its theme whichever question it answers,
    // and a handoff note or an information gap is corrected or taken back the same way.
    HttpApiEndpoint.put("editDiscussionNote", "/retros/:retroId/themes/:themeId/notes/:noteId", {
      params: { ...retroId, themeId: ApiId, noteId: ApiId },
      payload: Schema.Struct({ text: Primitives.NoteText }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.delete("removeDiscussionNote", "/retros/:retroId/themes/:themeId/notes/:noteId", {
      params: { ...retroId, themeId: ApiId, noteId: ApiId },
      success: Ack,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.put("attachAccuracyReport", "/retros/:retroId/themes/:themeId/accuracy-report", {
      params: { ...retroId, themeId: ApiId },
      payload: Schema.Struct({ report: EstimateAccuracyReport }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    // Beside the PUT rather than a second shape of its body: this one takes no report, it has the server read
    // the retro's own team's log, which the facilitator's token cannot read, and it answers 422 where the PUT
    // would attach an empty report.
    HttpApiEndpoint.post("attachAccuracyReportFromTeamLog", "/retros/:retroId/themes/:themeId/accuracy-report/from-team-log", {
      params: { ...retroId, themeId: ApiId },
      payload: Schema.Struct({ slice: TeamLogSlice, basis: Schema.optional(EstimateBasis) }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.get("agreementTemplates", "/retros/:retroId/agreement-templates", {
      params: retroId,
      success: Schema.Struct({
        /** The review date a new agreement gets by default (about a quarter after the retro). */
        defaultReviewBy: Schema.String,
        templates: Schema.Array(Schema.Struct({
          id: Schema.String,
          title: Schema.String,
          /** The built-in theme the template answers… */
          themeKey: Schema.String,
          /** …and that theme in this retro, when it was created. */
          themeId: Schema.optional(Schema.String),
          draft: AgreementDraft
        }))
      }),
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("validateAgreement", "/retros/:retroId/agreements/validate", {
      params: retroId,
      payload: Schema.Struct({ agreement: AgreementDraft }),
      success: Schema.Struct({ valid: Schema.Boolean, violations: Schema.Array(AgreementViolation) }),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("acceptAgreement", "/retros/:retroId/agreements", {
      params: retroId,
      payload: Schema.Struct({ agreement: AgreementDraft }),
      success: Schema.Struct({ agreementId: Schema.String, version: Count }).pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.delete("withdrawAgreement", "/retros/:retroId/agreements/:agreementId", {
      params: { ...retroId, agreementId: ApiId },
      success: Ack,
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("importPreviousAgreements", "/retros/:retroId/follow-ups", {
      params: retroId,
      payload: Schema.Struct({ fromRetroId: ApiId, fromRetroDate: IsoDate, agreements: Schema.Array(ImportedAgreement) }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.get("previewImportFromPreviousRetro", "/retros/:retroId/follow-ups/from-previous-retro", {
      params: retroId,
      success: Schema.Struct({ fromRetroId: Schema.String, fromRetroDate: Schema.String, agreements: Count }).annotate({
        description: "What `POST` on this path would import now: the previous retro and how many agreements. When the `POST` would refuse, the same refusal (422 `rule-violated` with `details.rule`, 409 `not-allowed-in-phase`). Nothing is written."
      }),
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.post("importFromPreviousRetro", "/retros/:retroId/follow-ups/from-previous-retro", {
      params: retroId,
      success: Schema.Struct({ fromRetroId: Schema.String, fromRetroDate: Schema.String, imported: Count, version: Count }),
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.put("reviewAgreement", "/retros/:retroId/follow-ups/:agreementId", {
      params: { ...retroId, agreementId: ApiId },
      payload: Schema.Struct({ outcome: AgreementOutcome, evidence: Primitives.NoteText }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.get("events", "/retros/:retroId/events", {
      params: retroId,
      success: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/event-stream" })).annotate({
        description: "Server-Sent Events: `event: view` with `id: <version>` and the caller's whole view as `data`, sent when it changes; `: heartbeat` comments; resumable with `Last-Event-ID`; `event: gone` when the token stops being valid; `event: shutdown` when the server stops."
      }),
      error: errors
    }).middleware(Authorization),
    HttpApiEndpoint.get("exportMarkdown", "/retros/:retroId/export.md", {
      params: retroId,
      success: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/markdown; charset=utf-8" })),
      error: errors
    }).middleware(Authorization)
  )
  .annotateMerge(OpenApi.annotations({
    title: "Retros",
    description: "One retro. Facilitator and participant tokens; a token of another retro gets the same 404 as a retro that does not exist."
  }))
{}

const { _tag: _recordTag, teamId: _recordTeam, ...recordFields } = Estimates.RecordEstimate.fields
const { _tag: _reTag, teamId: _reTeam, itemId: _reItem, ...reEstimateFields } = Estimates.ReEstimate.fields
const { _tag: _actualTag, teamId: _actualTeam, itemId: _actualItem, ...actualFields } = Estimates.RecordActual.fields
const { _tag: _cancelTag, teamId: _cancelTeam, itemId: _cancelItem, ...cancelFields } = Estimates.CancelWorkItem.fields
const itemParams = { teamId: ApiId, itemId: ApiId }

/** The team's estimate log: record, re-estimate, actual, cancel, accuracy report, calibration, CSV import (team admin token). @since 0.1.0 */
export class EstimatesApi extends HttpApiGroup.make("estimates")
  .add(
    HttpApiEndpoint.post("record", "/teams/:teamId/estimates", {
      params: teamId,
      payload: Schema.Struct({ ...recordFields, title: Estimates.EstimateTitle }),
      success: Ack.pipe(HttpApiSchema.status(201)),
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("reEstimate", "/teams/:teamId/estimates/:itemId/re-estimates", {
      params: itemParams,
      payload: Schema.Struct({ ...reEstimateFields, reason: Schema.optionalKey(Estimates.EstimateReason) }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.put("recordActual", "/teams/:teamId/estimates/:itemId/actual", {
      params: itemParams,
      payload: Schema.Struct(actualFields),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("cancel", "/teams/:teamId/estimates/:itemId/cancel", {
      params: itemParams,
      payload: Schema.Struct({ ...cancelFields, reason: Schema.optionalKey(Estimates.EstimateReason) }),
      success: Ack,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("accuracy", "/teams/:teamId/estimates/accuracy", {
      params: teamId,
      payload: Schema.Struct({ slice: Estimates.ReportSlice, basis: Schema.optional(EstimateBasis) }),
      success: Estimates.AccuracyReport,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("calibrate", "/teams/:teamId/estimates/calibrate", {
      params: teamId,
      payload: Schema.Struct({
        workType: Schema.String.pipe(Schema.check(Schema.isMaxLength(200))),
        unit: Estimates.Unit,
        range: Estimates.Range,
        estimatedOn: Primitives.IsoDate,
        estimator: Schema.optional(Schema.String.pipe(Schema.check(Schema.isMaxLength(200))))
      }),
      success: Estimates.Calibrated,
      error: bodyErrors
    }).middleware(Authorization),
    HttpApiEndpoint.post("importCsv", "/teams/:teamId/estimates/import", {
      params: teamId,
      query: {
        defaultUnit: Schema.optional(Estimates.Unit),
        defaultSide: Schema.optional(Side),
        utcOffset: Schema.optional(Schema.String),
        source: Schema.optional(Schema.String.pipe(Schema.check(Schema.isMaxLength(200))))
      },
      payload: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/csv" })),
      success: Schema.Struct({
        version: Count,
        items: Count,
        completedWithoutActual: Count,
        skipped: Count,
        workTypeSuggestions: Schema.Array(Schema.Unknown)
      }),
      error: bodyErrors
    }).middleware(Authorization)
  )
  .annotateMerge(OpenApi.annotations({ title: "Estimates", description: "The team's estimate log and what it teaches (team admin token). CSV imports take up to 5 MiB." }))
{}

/** Liveness and readiness. @since 0.1.0 */
export class SystemApi extends HttpApiGroup.make("system", { topLevel: true })
  .add(
    HttpApiEndpoint.get("healthz", "/healthz", { success: Schema.Struct({ status: Schema.Literal("ok") }) }),
    // It reads nothing from the request and has no limit: the store not answering is its one failure.
    HttpApiEndpoint.get("readyz", "/readyz", {
      success: Schema.Struct({ status: Schema.Literal("ready") }),
      error: Unavailable
    })
  )
  .annotateMerge(OpenApi.annotations({ description: "Liveness (/healthz) and readiness (/readyz: the store answers) for load balancers and orchestrators. No token." }))
{}

/**
 * The one-line summary of every operation in the OpenAPI document, by
 * operation id (`group.endpoint`); the document lint refuses an operation without one.
 */
const summaries: Record<string, string> = {
  healthz: "Liveness probe",
  readyz: "Readiness probe (the store answers)",
  "teams.create": "Create a team (returns its admin token, shown once)",
  "teams.get": "Read a team and its roster",
  "teams.rename": "Rename a team",
  "teams.addMember": "Add a team member",
  "teams.changeMember": "Change a member's side or role",
  "teams.removeMember": "Remove a team member",
  "teams.history": "The team's retro history and trends",
  "teams.createRetro": "Create a retro (returns the facilitator token and join code, shown once)",
  "retros.join": "Join a retro with its join code (returns a participant token, shown once)",
  "retros.checkJoin": "Check a join code: would a join be accepted now (writes nothing)",
  "retros.view": "The retro as the token's holder may see it",
  "retros.changeSettings": "Change a retro's settings (draft only)",
  "retros.removeParticipant": "Remove a participant",
  "retros.advancePhase": "Move the retro to its next phase",
  "retros.addCard": "Add a card",
  "retros.editCard": "Edit one of your cards",
  "retros.withdrawCard": "Withdraw one of your cards",
  "retros.setReady": "Say you are done writing (or take it back); only a count is shown",
  "retros.extendTimebox": "Give the current part more minutes when its timebox runs out",
  "retros.handOverFacilitation": "Hand facilitation over: a new facilitator token, the old one revoked",
  "retros.importFromPreviousRetro": "Bring the team's previous retro's agreements in for review",
  "retros.previewImportFromPreviousRetro": "What bringing the previous retro's agreements in would load (writes nothing)",
  "retros.createTheme": "Create a theme",
  "retros.renameTheme": "Rename a theme",
  "retros.assignCard": "Put a card in a theme (or move it)",
  "retros.unassignCard": "Take a card out of its theme",
  "retros.mergeThemes": "Merge a theme into another",
  "retros.splitTheme": "Split cards off a theme into a new one",
  "retros.themeProposals": "The suggester's theme proposals per card",
  "retros.castVote": "Vote for a theme",
  "retros.retractVote": "Take back a vote",
  "retros.focusTheme": "Focus the discussion on a theme",
  "retros.recordOptimizingFor": "Record what one side optimizes for on a theme",
  "retros.addHandoffNote": "Note where the handoff breaks on a theme",
  "retros.addInformationGap": "Note what information one side is missing",
  "retros.editDiscussionNote": "Correct a handoff note's or an information gap's text",
  "retros.removeDiscussionNote": "Take a handoff note or an information gap back",
  "retros.attachAccuracyReport": "Attach an estimate accuracy report to a theme",
  "retros.attachAccuracyReportFromTeamLog": "Attach the accuracy report of the retro's team, read from its estimate log",
  "retros.agreementTemplates": "The method's agreement templates, dated for this retro",
  "retros.validateAgreement": "Check an agreement draft without saving it",
  "retros.acceptAgreement": "Accept an agreement",
  "retros.withdrawAgreement": "Withdraw an agreement",
  "retros.importPreviousAgreements": "Bring the previous retro's agreements in for follow-up",
  "retros.reviewAgreement": "Record how a previous agreement went",
  "retros.events": "Live updates of your view (Server-Sent Events)",
  "retros.exportMarkdown": "Export the retro as Markdown",
  "estimates.record": "Record an estimate",
  "estimates.reEstimate": "Re-estimate a work item",
  "estimates.recordActual": "Record a work item's actual",
  "estimates.cancel": "Cancel a work item",
  "estimates.accuracy": "Estimate accuracy report",
  "estimates.calibrate": "Calibrate a new estimate against history",
  "estimates.importCsv": "Import estimate history from CSV"
}

const withSummaries = (spec: Record<string, any>): Record<string, any> => {
  for (const operations of Object.values(spec["paths"] ?? {}) as Array<Record<string, any>>) {
    for (const operation of Object.values(operations)) {
      const summary = typeof operation === "object" && operation !== null ? summaries[operation.operationId] : undefined
      if (summary !== undefined && operation.summary === undefined) operation.summary = summary
    }
  }
  return spec
}

/**
 * The error classes carry their tag for Effect programs (`catchTag`), but the
 * server never sends it (see `ApiError.ts`): the document describes the body
 * that is sent, `{ code, message, details }`.
 */
const withoutErrorTags = (spec: Record<string, any>): Record<string, any> => {
  const schemas = spec["components"]?.["schemas"] ?? {}
  for (const name of Object.keys(apiErrorStatus)) {
    const properties = schemas[`${name}Encoded`]?.properties
    if (properties !== undefined) delete properties["_tag"]
  }
  return spec
}

/**
 * POSTs that compute an answer from what is stored and write nothing: they
 * take no `Idempotency-Key` (there is no outcome to repeat).
 */
const readsByPost: ReadonlySet<string> = new Set(["retros.checkJoin", "retros.validateAgreement", "estimates.accuracy", "estimates.calibrate"])

const writeMethods: ReadonlySet<string> = new Set(["post", "put", "patch", "delete"])

/**
 * What the document cannot learn from the contract: the `Idempotency-Key`
 * every write honours, and the headers the boundary adds to answers. Stated
 * here rather than as the endpoints' `headers`, which HttpApi would decode on
 * every request although only a write's retry reads the key.
 */
const withHttpConventions = (spec: Record<string, any>): Record<string, any> => {
  const components = spec["components"] ??= {}
  components.parameters = {
    ...components.parameters,
    IdempotencyKey: {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "Makes a retry of this write safe: the same key with the same body answers the first outcome without writing again; with another body, 409 `idempotency-key-reused`. Scoped to the token (to the client's address for joining and creating a team). The writes that mint a token answer a late retry 409 `already-done`. Use a random UUID.",
      schema: { type: "string", minLength: 1, maxLength: 200 }
    }
  }
  components.headers = {
    ...components.headers,
    XRequestId: {
      description: "Names this request in the server's log.",
      required: true,
      schema: { type: "string", format: "uuid" }
    },
    RetryAfter: {
      description: "Seconds to wait before sending the request again (also `details.retryAfterSeconds`).",
      schema: { type: "integer", minimum: 0 }
    },
    WwwAuthenticate: {
      description: "`Bearer`: send a token this server minted as `Authorization: Bearer <token>`.",
      required: true,
      schema: { type: "string" }
    }
  }
  for (const operations of Object.values(spec["paths"] ?? {}) as Array<Record<string, any>>) {
    for (const [method, operation] of Object.entries(operations)) {
      if (typeof operation !== "object" || operation === null || operation.responses === undefined) continue
      if (writeMethods.has(method) && !readsByPost.has(operation.operationId)) {
        operation.parameters = [...(operation.parameters ?? []), { $ref: "#/components/parameters/IdempotencyKey" }]
      }
      for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
        response.headers = {
          ...response.headers,
          "X-Request-Id": { $ref: "#/components/headers/XRequestId" },
          ...(status === "429" || status === "503" ? { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } : {}),
          ...(status === "401" ? { "WWW-Authenticate": { $ref: "#/components/headers/WwwAuthenticate" } } : {})
        }
      }
    }
  }
  return spec
}

/**
 * The whole API.
 *
 * @since 0.1.0
 */
export class RetroBridgeApi extends HttpApi.make("retrobridge")
  .add(SystemApi)
  .add(TeamsApi)
  .add(RetrosApi)
  .add(EstimatesApi)
  // Strict bodies: an unknown field is an error, and every failing field is reported at once.
  .annotate(HttpApi.PayloadParseOptions, { onExcessProperty: "error", errors: "all" })
  .annotateMerge(OpenApi.annotations({
    title: "RetroBridge API",
    version: "0.1.0",
    description: "The cross-functional product–engineering retrospective over HTTP. Tokens are minted by the server, shown once and sent as `Authorization: Bearer`. Errors are `{ code, message, details }`. Every answer carries `X-Request-Id`; 429 and 503 carry `Retry-After`. A method a path does not take is answered 405 `method-not-allowed` with `Allow` listing the methods it takes (no operation below can get it: each is a method its path takes).",
    license: { name: "MIT", identifier: "MIT" },
    // Relative: the API answers where this document is served from, whichever host that is.
    servers: [{ url: "/", description: "The server that serves this document" }],
    transform: (spec) => withHttpConventions(withoutErrorTags(withSummaries(spec)))
  }))
{}
