/**
 * Estimates: speed of import, reports and method selection at 100,000
 * items, and what the calibrator chooses on generated logs built so that a
 * known method is right.
 *
 *   npm run bench -- estimates
 *
 * Speed rows are the median CPU time of five runs after a warm-up (one
 * core; CPU time, so that other work on a shared machine does not count).
 * Their baselines, measured in the same run, are the same work on 10,000
 * items scaled ×10 (so a ratio near 1.0× means linear), or the single
 * per-type method the calibrator had before it chose among candidates.
 * Selection rows replay 20 generated logs (6,000 items each, the first 200
 * items as warm-up) per scenario.
 */
import { Estimates } from "@retrobridge/core"
import type { BenchRow } from "./lib/table.ts"

const section = "estimates"

/**
 * Median CPU time (user + system) of five runs after a warm-up, in ms: on a
 * machine shared with other work, CPU time is what one core spends, where
 * wall time would also count the waiting.
 */
const medianMs = (f: () => unknown): number => {
  f()
  const runs: Array<number> = []
  for (let i = 0; i < 5; i++) {
    const t0 = process.cpuUsage()
    f()
    const used = process.cpuUsage(t0)
    runs.push((used.user + used.system) / 1000)
  }
  runs.sort((a, b) => a - b)
  return runs[2]!
}

const speed = (): Array<BenchRow> => {
  const rows: Array<BenchRow> = []
  const data = (count: number) => {
    // Cancelled items left out, so each size has exactly `count` completed items.
    const items = Estimates.generateHistory({ seed: 7, count, cancelledShare: 0 })
    const scenario = Estimates.importedSamples(Estimates.generateCalibrationScenario({ scenario: "person", seed: 7, count }))
    return { items, samples: Estimates.importedSamples(items), csv: Estimates.historyToCsv(items), scenario }
  }
  const small = data(10_000)
  const large = data(100_000)
  const query = { workType: "integration", unit: "hours" as const, range: { best: 6, likely: 8, worst: 14 }, estimatedOn: "2030-01-01" }
  const linear = (what: string, f: (d: typeof large) => unknown): BenchRow => ({
    section,
    what: `${what}, 100,000 items`,
    figure: medianMs(() => f(large)),
    unit: "ms CPU",
    baseline: { what: "10,000 items ×10", figure: 10 * medianMs(() => f(small)) }
  })
  rows.push(linear("CSV import (parse, check every row, build the command)", (d) => Estimates.importCsv(d.csv, { teamId: "bench" })))
  // A file as a request body brings it: 64 KiB at a time, through Estimates.makeCsvImporter.
  const pushed = (csv: string) => () => {
    const importer = Estimates.makeCsvImporter({ teamId: "bench" })
    for (let at = 0; at < csv.length; at += 65_536) importer.push(csv.slice(at, at + 65_536))
    return importer.finish()
  }
  rows.push({
    section,
    what: "CSV import pushed in 64 KiB chunks (makeCsvImporter), 100,000 items",
    figure: medianMs(pushed(large.csv)),
    unit: "ms CPU",
    baseline: { what: "the same file whole (importCsv)", figure: medianMs(() => Estimates.importCsv(large.csv, { teamId: "bench" })) }
  })
  // One record across every chunk: a 4 MiB quoted title with line breaks in it.
  const longTitle = `id,title,type,unit,likely,estimated_on\nA-1,"${"lorem ipsum dolor sit amet\n".repeat(155_000)}",feature,hours,2,2026-01-01\n`
  rows.push({
    section,
    what: "CSV import of one 4 MiB quoted field pushed in 64 KiB chunks",
    figure: medianMs(pushed(longTitle)),
    unit: "ms CPU",
    baseline: { what: "the same file whole", figure: medianMs(() => Estimates.importCsv(longTitle, { teamId: "bench" })) }
  })
  rows.push(linear("accuracy report (overall, per type, per quarter)", (d) => Estimates.accuracyReport(d.samples, { unit: "hours" })))
  rows.push(linear("calibrate one estimate: replay + choose among 5 methods", (d) => Estimates.calibrate(d.samples, query)))
  rows.push(linear("replay harness (every item calibrated and scored)", (d) => Estimates.replayCalibration(d.samples)))
  rows.push({
    section,
    what: "calibrate one estimate: replay + choose among 5 methods, person log, 100,000 items",
    figure: medianMs(() => Estimates.calibrate(large.scenario, { ...query, workType: "Bug", estimator: "dee" })),
    unit: "ms CPU",
    baseline: {
      what: "per-type method only",
      figure: medianMs(() => Estimates.calibrate(large.scenario, { ...query, workType: "Bug", estimator: "dee" }, { method: "per-type" }))
    }
  })
  // Incremental: a live calibrator takes each new completion and answers the next estimate.
  const calibrator = Estimates.makeCalibrator()
  const order = Estimates.replayOrder(large.scenario)
  const t0 = process.cpuUsage()
  let steps = 0
  for (const event of order) {
    const s = large.scenario[event >> 1]!
    if ((event & 1) === 1) calibrator.completed(event >> 1, s)
    else {
      calibrator.estimated(event >> 1, { workType: s.workType, unit: s.unit, range: Estimates.sampleRange(s), estimator: s.estimator })
      steps++
    }
  }
  const used = process.cpuUsage(t0)
  const perStep = (used.user + used.system) / steps
  rows.push({
    section,
    what: "incremental: one estimate (with explanation) + one completion on a live calibrator, up to 100,000 items",
    figure: perStep,
    unit: "µs CPU",
    baseline: { what: "recalibrating from scratch at 100,000 items", figure: 1000 * medianMs(() => Estimates.calibrate(large.scenario, query)) }
  })
  return rows
}

const expected: ReadonlyArray<readonly [Estimates.CalibrationScenario, Estimates.CalibrationMethod]> = [
  ["stable-type", "per-type"],
  ["drift", "recent"],
  ["size", "size"],
  ["person", "person"]
]

const selection = (): Array<BenchRow> => {
  const rows: Array<BenchRow> = []
  const seeds = Array.from({ length: 20 }, (_, i) => 1000 + i)
  for (const [scenario, method] of expected) {
    let right = 0
    let worstGap = -Infinity
    const coverage: Array<number> = []
    const below: Array<number> = []
    const above: Array<number> = []
    let own = 0
    let defaultScore = 0
    let auto = 0
    for (const seed of seeds) {
      const samples = Estimates.importedSamples(Estimates.generateCalibrationScenario({ scenario, seed, count: 6000 }))
      const report = Estimates.replayCalibration(samples, { minHistory: 200 })
      if (report.selections[0]?.method === method) right++
      const m = report.byMethod.find((g) => g.label === method)!
      const d = report.byMethod.find((g) => g.label === "per-type")!
      worstGap = Math.max(worstGap, report.overall.meanIntervalScore / m.meanIntervalScore - 1)
      coverage.push(report.overall.coverage)
      below.push(report.overall.below)
      above.push(report.overall.above)
      own += m.meanIntervalScore / seeds.length
      defaultScore += d.meanIntervalScore / seeds.length
      auto += report.overall.meanIntervalScore / seeds.length
    }
    const range = (xs: Array<number>): string => `${(Math.min(...xs) * 100).toFixed(1)}–${(Math.max(...xs) * 100).toFixed(1)}%`
    const mean = (xs: Array<number>): number => (100 * xs.reduce((a, b) => a + b, 0)) / xs.length
    const log = `${scenario} logs (20 seeds × 6,000 items)`
    rows.push({ section, what: `${log}: ${method} chosen`, figure: (100 * right) / seeds.length, unit: "% of logs" })
    rows.push({
      section,
      what: `${log}: mean interval score of the calibrator`,
      figure: auto,
      unit: "IS(0.2), log scale",
      baseline: { what: `${method} from the first item`, figure: own }
    })
    if (method !== "per-type") {
      rows.push({
        section,
        what: `${log}: mean interval score of ${method}`,
        figure: own,
        unit: "IS(0.2), log scale",
        baseline: { what: "per-type (the method before selection)", figure: defaultScore }
      })
    }
    rows.push({ section, what: `${log}: worst calibrator vs ${method} interval score`, figure: 100 * worstGap, unit: "% higher" })
    rows.push({ section, what: `${log}: coverage of P10–P90 (range ${range(coverage)})`, figure: mean(coverage), unit: "% mean" })
    rows.push({ section, what: `${log}: below P10 (range ${range(below)})`, figure: mean(below), unit: "% mean" })
    rows.push({ section, what: `${log}: above P90 (range ${range(above)})`, figure: mean(above), unit: "% mean" })
  }
  // The messy default log the docs measure (booked actuals, rounding, tiny estimates).
  const messy = Estimates.importedSamples(Estimates.generateHistory({ seed: 2024, count: 6000 }))
  const report = Estimates.replayCalibration(messy)
  const pooled = Estimates.replayCalibration(messy, { pooledOnly: true })
  rows.push({
    section,
    what: `messy generated log (seed 2024, 6,000 items): mean interval score, ${report.selections[0]?.method} chosen`,
    figure: report.overall.meanIntervalScore,
    unit: "IS(0.2), log scale",
    baseline: { what: "all types pooled", figure: pooled.overall.meanIntervalScore }
  })
  rows.push({ section, what: "messy generated log: coverage of P10–P90", figure: 100 * report.overall.coverage, unit: "%" })
  rows.push({
    section,
    what: "messy generated log: |coverage − 80%| per work type, weighted by items",
    figure: 100 * report.typeCoverageError,
    unit: "points"
  })
  return rows
}

export default async function (): Promise<ReadonlyArray<BenchRow>> {
  return [...speed(), ...selection()]
}
