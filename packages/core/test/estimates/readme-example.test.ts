// The worked example of docs/estimates/README.md, kept runnable so the docs cannot rot.
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Decider, Estimates } from "@retrobridge/core"

describe("docs/estimates/README.md worked example", () => {
  it("runs as documented", () => {
    // 1. Import last year's history from CSV (all rows or none).
    const csv = `id,title,type,unit,best,likely,worst,actual,estimated_on,completed_on
PAY-1,Stripe webhooks,integration,hours,6,8,12,15,2026-01-05,2026-01-14
PAY-2,Refund flow,feature,hours,4,6,9,6,2026-01-06,2026-01-09
OPS-7,Move invoices table,migration,hours,,10,,18,2026-01-07,2026-01-23`
    const imported = Estimates.importCsv(csv, { teamId: "payments", source: "jira-2026-q1.csv" })
    if (Result.isFailure(imported)) throw new Error(imported.failure.message)

    // 2. Decide commands against the team's log and fold the events into state.
    let state = Estimates.logDecider.initialState
    const commands: Array<Estimates.LogCommand> = [
      imported.success.command,
      {
        _tag: "RecordEstimate", teamId: "payments", itemId: "PAY-3", title: "PayPal payouts",
        workType: "integration", unit: "hours", range: { best: 10, likely: 14, worst: 24 },
        estimatedBy: "engineering", estimatedOn: "2026-02-02T10:00:00+01:00"
      },
      { _tag: "RecordActual", teamId: "payments", itemId: "PAY-3", actual: 26, completedOn: "2026-02-20T16:30:00+01:00" }
    ]
    for (const command of commands) {
      const decided = Estimates.logDecider.decide(command, state)
      if (Result.isFailure(decided)) throw new Error(decided.failure.message)
      state = Decider.replay(Estimates.logDecider, decided.success, state)
    }
    const samples = Estimates.samplesOf(state)
    expect(samples).toHaveLength(4)

    // 3. The quarter's accuracy report. Four items are too few: it says so instead of guessing.
    const q1 = Estimates.accuracyReport(samples, { unit: "hours", quarter: "2026-Q1" })
    expect(q1.summary.status).toBe("not-enough-data")
    expect(q1.notes[0]).toMatch(/^Not enough data: 4 completed items/)

    // With a realistic history (generated here), the report names the misjudged work types.
    const history = Estimates.samplesOf(Decider.replay(Estimates.logDecider, [{
      _tag: "EstimateHistoryImported", teamId: "payments", items: Estimates.generateHistory({ seed: 1, count: 3000 })
    }]))
    const report = Estimates.accuracyReport(history, { unit: "hours", quarter: "2025-Q2" })
    expect(report.misjudgedWorkTypes.map((w) => w.workType)).toContain("integration")
    expect(Estimates.readMetric(report, "singlePointShare")._tag).toBe("Measured")

    // 4. Calibrate a new estimate from the items completed before it.
    const calibrated = Estimates.calibrate(history, {
      workType: "integration", unit: "hours", range: { best: 6, likely: 8, worst: 12 }, estimatedOn: "2026-01-12"
    })
    expect(calibrated.p10).toBeLessThan(calibrated.p50)
    expect(calibrated.p50).toBeGreaterThan(8)
    expect(calibrated.confidence).toBe("high")
  })
})
