/**
 * One real, encoded event of every type the core writes (retro, team and
 * estimate-log streams), produced by running the deciders — so an adapter's
 * conformance run round-trips exactly what production will store.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { Decider } from "../Decider.ts"
import {
  accuracyReport,
  estimateLogDecider,
  type EstimateLogCommand,
  generateEstimateHistory,
  importedEstimateSamples
} from "../estimates/index.ts"
import { agreementTemplates } from "../agreements/index.ts"
import { cardIdOf } from "../retro/Anonymity.ts"
import type { RetroCommand } from "../retro/RetroCommand.ts"
import { retroDecider } from "../retro/RetroDecider.ts"
import { estimateLogEventCodec, retroEventCodec, teamEventCodec } from "../retro/RetroStreams.ts"
import { teamDecider, type TeamCommand } from "../retro/Team.ts"
import type { NewEvent } from "../store/EventStore.ts"
import { testSecret } from "./AnonymityScenario.ts"

const runAll = <S, C, E extends { readonly _tag: string }, Err>(decider: Decider<S, C, E, Err>, commands: ReadonlyArray<C>): Array<E> => {
  let state = decider.initialState
  const events: Array<E> = []
  for (const command of commands) {
    const decided = decider.decide(command, state)
    if (Result.isFailure(decided)) throw new Error(`sample script rejected: ${String((decided.failure as { message?: string }).message)}`)
    for (const event of decided.success) {
      events.push(event)
      state = decider.evolve(state, event)
    }
  }
  return events
}

const firstOfEachTag = <E extends { readonly _tag: string }>(events: ReadonlyArray<E>): Array<E> => {
  const seen = new Map<string, E>()
  for (const e of events) if (!seen.has(e._tag)) seen.set(e._tag, e)
  return [...seen.values()]
}

const F = testSecret("sample-facilitator")
const P = testSecret("sample-product")
const E = testSecret("sample-engineering")
const Y = testSecret("sample-product-2")
const J = "sample-join-code-000001"
const t0 = Date.UTC(2026, 6, 1, 9)
const m = 60_000

const retroScript = (): ReadonlyArray<RetroCommand> => {
  const items = generateEstimateHistory({ seed: 7, count: 60 })
  const report = accuracyReport(importedEstimateSamples(items), { unit: "hours" })
  const [template] = agreementTemplates("2026-07-01")
  const f = { facilitatorSecret: F }
  // Card ids are derived from the author's secret and card key.
  const c1 = cardIdOf(P, "sample-retro", "c1"), c2 = cardIdOf(E, "sample-retro", "c2"), c3 = cardIdOf(E, "sample-retro", "c3")
  return [
    {
      _tag: "CreateRetro", retroId: "sample-retro", teamId: "sample-team", title: "Sample retro ✓ — «ünïcode»", trigger: "major-release",
      date: "2026-07-01", releaseName: "v2", facilitatorName: "Nora", facilitatorSide: "product", facilitatorSecret: F, joinCode: J,
      previousRetro: { retroId: "sample-prev", date: "2026-04-01" }, at: t0
    },
    { _tag: "ChangeSettings", ...f, settings: { voteBudget: 4 }, at: t0 },
    { _tag: "JoinRetro", participantId: "p", name: "Pat", side: "product", secret: P, joinCode: J, at: t0 + m },
    { _tag: "JoinRetro", participantId: "e", name: "Eve", side: "engineering", secret: E, joinCode: J, at: t0 + m },
    { _tag: "JoinRetro", participantId: "x", name: "Xan", side: "engineering", secret: testSecret("sample-extra"), joinCode: J, at: t0 + m },
    { _tag: "JoinRetro", participantId: "y", name: "Yu", side: "product", secret: Y, joinCode: J, at: t0 + m },
    { _tag: "RemoveParticipant", ...f, participantId: "x", at: t0 + m },
    {
      _tag: "ImportPreviousAgreements", ...f, fromRetroId: "sample-prev", fromRetroDate: "2026-04-01", at: t0 + m,
      agreements: [{ agreementId: "old", statement: "Freeze scope", commitments: [{ side: "product", text: "Freeze" }], reviewBy: "2026-06-30" }]
    },
    { _tag: "ReviewAgreement", ...f, agreementId: "old", outcome: "kept", evidence: "Done on 9 of 10 tickets", at: t0 + m },
    { _tag: "AdvancePhase", ...f, from: "draft", at: t0 + 2 * m },
    { _tag: "AddCard", secret: P, cardKey: "c1", prompt: "friction", text: "Scope changed after planning", at: t0 + 3 * m },
    { _tag: "AddCard", secret: E, cardKey: "c2", prompt: "wish-understood", text: "Estimates are not deadlines", at: t0 + 3 * m },
    { _tag: "AddCard", secret: E, cardKey: "c3", prompt: "worked-well", text: "Demo went well", at: t0 + 3 * m },
    { _tag: "EditCard", secret: P, cardId: c1, text: "Scope changed twice after planning", at: t0 + 4 * m },
    { _tag: "WithdrawCard", secret: E, cardId: c3, at: t0 + 4 * m },
    { _tag: "SetReady", secret: P, ready: true, at: t0 + 5 * m },
    { _tag: "SetReady", secret: P, ready: false, at: t0 + 5 * m },
    { _tag: "JoinRetro", participantId: "z", name: "Zoe", side: "engineering", secret: testSecret("sample-late"), joinCode: J, at: t0 + 5 * m },
    { _tag: "SetReady", secret: Y, ready: true, at: t0 + 6 * m },
    // Removing someone while a "done" is counted starts the ready check over.
    { _tag: "RemoveParticipant", ...f, participantId: "z", at: t0 + 6 * m },
    { _tag: "ExtendTimebox", ...f, phase: "collecting", minutes: 5, at: t0 + 21 * m },
    { _tag: "AdvancePhase", ...f, from: "collecting", shuffleSeed: "sample-seed", at: t0 + 22 * m },
    { _tag: "CreateTheme", ...f, themeId: "t1", name: "requirements-clarity", at: t0 + 23 * m },
    { _tag: "CreateTheme", ...f, themeId: "t2", name: "estimates-predictability", at: t0 + 23 * m },
    { _tag: "CreateTheme", ...f, themeId: "t3", name: "Custom", at: t0 + 23 * m },
    { _tag: "RenameTheme", ...f, themeId: "t3", name: "Custom theme", at: t0 + 23 * m },
    { _tag: "AssignCard", ...f, cardId: c1, themeId: "t1", at: t0 + 24 * m },
    { _tag: "AssignCard", ...f, cardId: c2, themeId: "t3", at: t0 + 24 * m },
    { _tag: "UnassignCard", ...f, cardId: c2, at: t0 + 24 * m },
    { _tag: "AssignCard", ...f, cardId: c2, themeId: "t2", at: t0 + 24 * m },
    { _tag: "SplitTheme", ...f, themeId: "t2", newThemeId: "t4", name: "Deadlines", cardIds: [c2], at: t0 + 25 * m },
    { _tag: "MergeThemes", ...f, sourceThemeId: "t4", targetThemeId: "t2", at: t0 + 25 * m },
    { _tag: "AttachAccuracyReport", ...f, themeId: "t2", report, at: t0 + 26 * m },
    { _tag: "AdvancePhase", ...f, from: "grouping", at: t0 + 32 * m },
    { _tag: "CastVote", secret: P, themeId: "t1", at: t0 + 33 * m },
    { _tag: "CastVote", secret: E, themeId: "t2", at: t0 + 33 * m },
    { _tag: "RetractVote", secret: E, themeId: "t2", at: t0 + 33 * m },
    { _tag: "AdvancePhase", ...f, from: "voting", at: t0 + 37 * m },
    { _tag: "FocusTheme", ...f, themeId: "t1", at: t0 + 38 * m },
    { _tag: "RecordOptimizingFor", ...f, themeId: "t1", side: "product", text: "Dates", at: t0 + 39 * m },
    { _tag: "AddHandoffNote", ...f, themeId: "t1", noteId: "n1", text: "Handoff", at: t0 + 39 * m },
    { _tag: "AddInformationGap", ...f, themeId: "t1", noteId: "n2", side: "engineering", text: "Why", at: t0 + 39 * m },
    { _tag: "AddHandoffNote", ...f, themeId: "t1", noteId: "n3", text: "Handof", at: t0 + 40 * m },
    { _tag: "EditDiscussionNote", ...f, themeId: "t1", noteId: "n3", text: "Handoff again", at: t0 + 40 * m },
    { _tag: "RemoveDiscussionNote", ...f, themeId: "t1", noteId: "n3", at: t0 + 41 * m },
    { _tag: "AdvancePhase", ...f, from: "discussing", at: t0 + 62 * m },
    { _tag: "AcceptAgreement", ...f, agreementId: "a1", agreement: template!.draft, at: t0 + 70 * m },
    { _tag: "AcceptAgreement", ...f, agreementId: "a2", agreement: template!.draft, at: t0 + 70 * m },
    { _tag: "WithdrawAgreement", ...f, agreementId: "a2", at: t0 + 71 * m },
    { _tag: "HandOverFacilitation", ...f, newFacilitatorSecret: testSecret("sample-facilitator-2"), facilitatorName: "Sam", at: t0 + 72 * m }
  ]
}

const teamScript: ReadonlyArray<TeamCommand> = [
  { _tag: "CreateTeam", teamId: "sample-team", name: "Sample", at: t0 },
  { _tag: "RenameTeam", name: "Sample team", at: t0 },
  { _tag: "AddTeamMember", memberId: "m1", name: "Pat", side: "product", role: "product-manager", at: t0 },
  { _tag: "ChangeTeamMember", memberId: "m1", side: "product", role: "other", at: t0 },
  { _tag: "RemoveTeamMember", memberId: "m1", at: t0 }
]

const estimateScript = (): ReadonlyArray<EstimateLogCommand> => [
  {
    _tag: "RecordEstimate", teamId: "sample-team", itemId: "w1", title: "Payment integration", workType: "integration", unit: "hours",
    range: { best: 8, likely: 13, worst: 40 }, estimatedBy: "engineering", estimatedOn: "2026-07-01"
  },
  { _tag: "ReEstimate", teamId: "sample-team", itemId: "w1", range: { best: 13, likely: 20, worst: 40 }, estimatedBy: "engineering", estimatedOn: "2026-07-03" },
  { _tag: "RecordActual", teamId: "sample-team", itemId: "w1", actual: 26.5, completedOn: "2026-07-20" },
  {
    _tag: "RecordEstimate", teamId: "sample-team", itemId: "w2", title: "Spike", workType: "research", unit: "hours",
    range: { likely: 5 }, estimatedBy: "engineering", estimatedOn: "2026-07-01"
  },
  { _tag: "CancelWorkItem", teamId: "sample-team", itemId: "w2", cancelledOn: "2026-07-02" },
  { _tag: "ImportEstimateHistory", teamId: "sample-team", items: generateEstimateHistory({ seed: 3, count: 5, startOn: "2025-01-01", days: 100 }) }
]

/**
 * One encoded event of every retro, team and estimate-log event type, as the
 * core's codecs write them. Pass them as `sampleEvents` to
 * `eventStoreConformance`.
 *
 * @since 0.1.0
 */
export const retroBridgeSampleEvents = (): ReadonlyArray<NewEvent> => [
  ...firstOfEachTag(runAll(retroDecider, retroScript())).map(retroEventCodec.encode),
  ...firstOfEachTag(runAll(teamDecider, teamScript)).map(teamEventCodec.encode),
  ...firstOfEachTag(runAll(estimateLogDecider, estimateScript())).map(estimateLogEventCodec.encode)
]
