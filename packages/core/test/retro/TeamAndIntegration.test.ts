import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Estimates, Retro, Team } from "@retrobridge/core"
import { accepts, active, agreeing, create, discussing, f, FACILITATOR, grouping, join, people, rejects, run, T0, validDraft, withThemes } from "./fixtures.ts"

const team = (commands: ReadonlyArray<Team.Command>): Team.State => {
  let state = Team.decider.initialState
  for (const c of commands) {
    const decided = Team.decide(c, state)
    if (Result.isFailure(decided)) throw new Error(decided.failure.message)
    for (const e of decided.success) state = Team.decider.evolve(state, e)
  }
  return state
}
const created: Team.Command = { _tag: "CreateTeam", teamId: "checkout", name: "Checkout", at: T0 }
const amara: Team.Command = { _tag: "AddTeamMember", memberId: "amara", name: "Amara", side: "product", role: "product-manager", at: T0 }
const teamFail = (command: Team.Command, state: Team.State, tag: string) => {
  const decided = Team.decide(command, state)
  expect(Result.isFailure(decided) && decided.failure._tag).toBe(tag)
  if (Result.isFailure(decided)) expect(decided.failure.message.length).toBeGreaterThan(10)
}

describe("team", () => {
  it("CreateTeam: creates once", () => {
    expect(Team.decide(created, Team.decider.initialState)).toEqual(Result.succeed([{ _tag: "TeamCreated", teamId: "checkout", name: "Checkout", at: T0 }]))
    teamFail(created, team([created]), "DuplicateId")
  })
  it("commands before CreateTeam are rejected", () => {
    teamFail(amara, Team.decider.initialState, "RetroRuleViolated")
  })
  it("RenameTeam: renames, and is a no-op for the same name", () => {
    expect(Team.decide({ _tag: "RenameTeam", name: "Payments", at: T0 }, team([created]))).toEqual(Result.succeed([{ _tag: "TeamRenamed", name: "Payments" }]))
    expect(Team.decide({ _tag: "RenameTeam", name: "Checkout", at: T0 }, team([created]))).toEqual(Result.succeed([]))
  })
  it("AddTeamMember: adds members with a side; rejects duplicates and a role on the wrong side", () => {
    const state = team([created, amara])
    expect(state.status === "active" && state.members).toEqual([{ memberId: "amara", name: "Amara", side: "product", role: "product-manager" }])
    teamFail(amara, state, "DuplicateId")
    teamFail({ ...amara, memberId: "x", side: "engineering" } as Team.Command, state, "RetroRuleViolated")
  })
  it("ChangeTeamMember / RemoveTeamMember", () => {
    const state = team([created, amara])
    const changed = team([created, amara, { _tag: "ChangeTeamMember", memberId: "amara", side: "product", role: "other", at: T0 }])
    expect(changed.status === "active" && changed.members[0]?.role).toBe("other")
    teamFail({ _tag: "ChangeTeamMember", memberId: "nobody", side: "product", role: "other", at: T0 }, state, "NotFound")
    teamFail({ _tag: "ChangeTeamMember", memberId: "amara", side: "engineering", role: "product-manager", at: T0 }, state, "RetroRuleViolated")
    const removed = team([created, amara, { _tag: "RemoveTeamMember", memberId: "amara", at: T0 }])
    expect(removed.status === "active" && removed.members).toEqual([])
    teamFail({ _tag: "RemoveTeamMember", memberId: "nobody", at: T0 }, state, "NotFound")
  })
})

describe("boundary validation of retro commands", () => {
  const decode = Schema.decodeUnknownResult(Retro.Command)
  it("rejects settings outside their ranges, blank and oversized card text, short secrets", () => {
    expect(Result.isFailure(decode({ ...create(), settings: { anonymityThreshold: 11 } }))).toBe(true)
    expect(Result.isFailure(decode({ ...create(), settings: { anonymityThreshold: 1 } }))).toBe(true)
    // Below 3 a card could be narrowed to two people.
    expect(Result.isFailure(decode({ ...create(), settings: { anonymityThreshold: 2 } }))).toBe(true)
    expect(Result.isFailure(decode({ ...create(), settings: { voteBudget: 0 } }))).toBe(true)
    expect(Result.isFailure(decode({ ...create(), facilitatorSecret: "short" }))).toBe(true)
    expect(Result.isFailure(decode({ ...create(), date: "2026-02-30" }))).toBe(true)
    const card = { _tag: "AddCard", secret: people[0]!.secret, cardKey: "c1", prompt: "friction", at: T0 }
    expect(Result.isFailure(decode({ ...card, text: "   " }))).toBe(true)
    expect(Result.isFailure(decode({ ...card, text: "x".repeat(2001) }))).toBe(true)
    expect(Result.isSuccess(decode({ ...card, text: "x".repeat(2000) }))).toBe(true)
  })
})

describe("estimates in the retro", () => {
  const report = Estimates.accuracyReport(Estimates.importedSamples(Estimates.generateHistory({ seed: 11, count: 400, startOn: "2026-01-01", days: 270 })), {
    unit: "hours",
    quarter: "2026-Q3"
  })
  it("AttachAccuracyReport: only on the estimates theme", () => {
    const [event] = accepts(f({ _tag: "AttachAccuracyReport", themeId: "t-est", report }), withThemes().state)
    expect(event).toMatchObject({ _tag: "AccuracyReportAttached", themeId: "t-est" })
    rejects(f({ _tag: "AttachAccuracyReport", themeId: "t-debt", report }), withThemes().state, "RetroRuleViolated")
    rejects(f({ _tag: "AttachAccuracyReport", themeId: "nope", report }), withThemes().state, "NotFound")
    rejects(f({ _tag: "AttachAccuracyReport", themeId: "t-est", report }), grouping().state, "NotFound")
    accepts(f({ _tag: "AttachAccuracyReport", themeId: "t-est", report }), discussing().state)
    rejects(f({ _tag: "AttachAccuracyReport", themeId: "t-est", report }), agreeing().state, "CommandNotAllowedInPhase")
  })
  it("an agreement that names a metric is shown with the metric's value at the next retro's review", () => {
    const previous = { agreementId: "ranges", statement: validDraft.statement, commitments: validDraft.commitments, reviewBy: "2026-12-15", metric: "hitRate" as const }
    const next = run([
      create({ retroId: "retro-q1", date: "2027-01-10", previousRetro: { retroId: "retro-q4", date: "2026-10-01" } }),
      ...people.map((p) => join(p)),
      f({ _tag: "ImportPreviousAgreements", fromRetroId: "retro-q4", fromRetroDate: "2026-10-01", agreements: [previous] })
    ]).state
    const before = Retro.view(next, { role: "facilitator", secret: FACILITATOR }, T0)
    expect(Result.isSuccess(before) && before.success.followUps[0]?.metricReading).toBeUndefined()
    // The report is attached during grouping; the review may happen at any phase before closing.
    const withReport = run([
      { _tag: "AdvancePhase", facilitatorSecret: FACILITATOR, from: "draft", at: T0 + 60_000 },
      { _tag: "AddCard", secret: people[0]!.secret, cardKey: "c1", prompt: "friction", text: "Estimates", at: T0 + 120_000 },
      { _tag: "AdvancePhase", facilitatorSecret: FACILITATOR, from: "collecting", shuffleSeed: "seed-12345678", at: T0 + 180_000 },
      f({ _tag: "CreateTheme", themeId: "est", name: "estimates-predictability", at: T0 + 200_000 }),
      f({ _tag: "AttachAccuracyReport", themeId: "est", report, at: T0 + 210_000 })
    ], next).state
    const view = Retro.view(withReport, { role: "facilitator", secret: FACILITATOR }, T0)
    const reading = Result.isSuccess(view) ? view.success.followUps[0]?.metricReading : undefined
    expect(reading?.metric).toBe("hitRate")
    expect(reading?.text).toMatch(/hit rate/i)
  })
})

describe("team history trend", () => {
  it("says 'improving' when the kept rate rises and recurring friction shrinks", () => {
    const review = (retroId: string, date: string, prev: { retroId: string; date: string }, outcomes: ReadonlyArray<"kept" | "not-kept">) =>
      active(run([
        create({ retroId, date, previousRetro: prev }),
        ...people.map((p) => join(p)),
        f({
          _tag: "ImportPreviousAgreements",
          fromRetroId: prev.retroId,
          fromRetroDate: prev.date,
          agreements: outcomes.map((_, i) => ({ agreementId: `a${i}`, statement: `S${i}`, commitments: [], reviewBy: date }))
        }),
        ...outcomes.map((outcome, i) => f({ _tag: "ReviewAgreement", agreementId: `a${i}`, outcome, evidence: "checked" })),
        // Team history counts only retros whose cards are revealed.
        { _tag: "AdvancePhase", facilitatorSecret: FACILITATOR, from: "draft", at: T0 + 31 * 60_000 },
        { _tag: "AdvancePhase", facilitatorSecret: FACILITATOR, from: "collecting", shuffleSeed: "seed-12345678", at: T0 + 32 * 60_000 }
      ]).state)
    const r1 = review("r1", "2026-04-01", { retroId: "r0", date: "2026-01-05" }, ["kept", "not-kept", "not-kept"])
    const r2 = review("r2", "2026-07-01", { retroId: "r1", date: "2026-04-01" }, ["kept", "kept", "not-kept"])
    const history = Team.history("team-checkout", [r2, r1])
    expect(history.trend.verdict).toBe("improving")
    expect(history.trend.explanation).toContain("33% → 67%")
    expect(Team.history("team-checkout", [r1, review("r2", "2026-07-01", { retroId: "r1", date: "2026-04-01" }, ["not-kept", "not-kept"])]).trend.verdict).toBe("worsening")
  })
})
