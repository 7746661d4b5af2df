/**
 * The estimate log over HTTP: record, re-estimate, actual, cancel, the
 * accuracy report, calibration and CSV import (with its larger body limit).
 */
import { describe, expect, it } from "vitest"
import { Estimates } from "@retrobridge/core"
import { makeHarness, setupTeam } from "./fixtures/harness.ts"

describe("estimates", () => {
  it("records, completes and reports; imports a CSV history; calibrates from it", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const base = `/teams/${team.teamId}/estimates`
    const as = { token: team.adminToken }
    const recorded = await h.call("POST", base, {
      ...as,
      body: { itemId: "W-1", title: "Checkout refactor", workType: "refactor", unit: "days", range: { best: 2, likely: 3, worst: 6 }, estimatedBy: "engineering", estimatedOn: "2026-09-01" }
    })
    expect(recorded.status).toBe(201)
    expect((await h.call("POST", `${base}/W-1/re-estimates`, { ...as, body: { range: { best: 3, likely: 4, worst: 8 }, estimatedBy: "engineering", estimatedOn: "2026-09-05" } })).status).toBe(200)
    expect((await h.call("PUT", `${base}/W-1/actual`, { ...as, body: { actual: 5, completedOn: "2026-09-20" } })).status).toBe(200)
    const again = await h.call("PUT", `${base}/W-1/actual`, { ...as, body: { actual: 6, completedOn: "2026-09-21" } })
    expect(again.status).toBe(422)
    expect(Object.keys(again.json).sort()).toEqual(["code", "details", "message"])
    expect((await h.call("POST", `${base}/W-9/cancel`, { ...as, body: { cancelledOn: "2026-09-20" } })).status).toBe(422)

    const history = Estimates.generateHistory({ seed: 7, count: 120, startOn: "2026-01-01", days: 240 })
    const csv = Estimates.historyToCsv(history)
    const imported = await h.call("POST", `${base}/import`, { ...as, raw: csv, headers: { "content-type": "text/csv" } })
    expect(imported.status, imported.text).toBe(200)
    expect(imported.json.items).toBe(history.length)
    const bad = await h.call("POST", `${base}/import`, { ...as, raw: "id,title\nX,Y\n", headers: { "content-type": "text/csv" } })
    expect(bad.status).toBe(422)
    expect(bad.json.code).toBe("csv-invalid")
    const huge = await h.call("POST", `${base}/import`, { ...as, raw: csv.repeat(Math.ceil(6_000_000 / csv.length)), headers: { "content-type": "text/csv" } })
    expect(huge.status).toBe(413)

    const report = await h.call("POST", `${base}/accuracy`, { ...as, body: { slice: { unit: "hours" } } })
    expect(report.status, report.text).toBe(200)
    expect(report.json.summary.count).toBeGreaterThan(0)
    const calibrated = await h.call("POST", `${base}/calibrate`, {
      ...as,
      body: { workType: history[0]!.workType, unit: "hours", range: { best: 4, likely: 8, worst: 16 }, estimatedOn: "2026-12-01" }
    })
    expect(calibrated.status, calibrated.text).toBe(200)
    expect(calibrated.json.range.likely).toBeGreaterThan(0)
    await h.dispose()
  })
})
