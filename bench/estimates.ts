/**
 * Estimates benchmark and calibration measurement.
 *
 *   npx node bench/estimates.ts            # both parts
 *   npx node bench/estimates.ts scaling    # timing table only
 *   npx node bench/estimates.ts replay     # calibration measurement only
 *
 * Timings are wall-clock on whatever machine runs this; they are printed,
 * never asserted.
 */
import { Estimates } from "@retrobridge/core"

const part = process.argv[2] ?? "all"

const timeMs = (f: () => unknown): number => {
  // Median of five runs after one warm-up, so JIT compilation does not show up as work.
  f()
  const runs: Array<number> = []
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    f()
    runs.push(performance.now() - t0)
  }
  runs.sort((a, b) => a - b)
  return runs[2]!
}

const scaling = (): void => {
  console.log("## Scaling (one core, median of 5 runs)\n")
  const sizes = [10_000, 50_000, 100_000]
  const rows: Array<Array<string>> = [["completed items", "accuracy report", "calibrate (build + query)", "replay harness", "CSV import", "report ns/item", "calibrate ns/item", "replay ns/item"]]
  for (const count of sizes) {
    // Cancelled items are left out so every size has exactly `count` completed items.
    const items = Estimates.generateHistory({ seed: 7, count, cancelledShare: 0 })
    const samples: Array<Estimates.Sample> = Estimates.importedSamples(items)
    const csv = Estimates.historyToCsv(items)
    const report = timeMs(() => Estimates.accuracyReport(samples, { unit: "hours" }))
    const calibrate = timeMs(() =>
      Estimates.calibrate(samples, { workType: "integration", unit: "hours", range: { best: 6, likely: 8, worst: 14 }, estimatedOn: "2030-01-01" })
    )
    const replay = timeMs(() => Estimates.replayCalibration(samples))
    const importCsv = timeMs(() => Estimates.importCsv(csv, { teamId: "bench" }))
    const per = (ms: number): string => String(Math.round((ms * 1e6) / samples.length))
    rows.push([
      samples.length.toLocaleString("en-US"),
      `${report.toFixed(1)} ms`,
      `${calibrate.toFixed(1)} ms`,
      `${replay.toFixed(1)} ms`,
      `${importCsv.toFixed(1)} ms`,
      per(report),
      per(calibrate),
      per(replay)
    ])
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  const line = (r: Array<string>): string => `| ${r.map((cell, c) => cell.padStart(widths[c]!)).join(" | ")} |`
  console.log(line(rows[0]!))
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`)
  for (const r of rows.slice(1)) console.log(line(r))
  console.log("\nConstant ns/item across sizes = linear scaling.\n")
}

const replay = (): void => {
  console.log("## Calibration replay on a generated messy log (seed 2024, 6,000 items)\n")
  const samples = Estimates.importedSamples(Estimates.generateHistory({ seed: 2024, count: 6000 }))
  const report = Estimates.replayCalibration(samples)
  const pooled = Estimates.replayCalibration(samples, { pooledOnly: true })
  console.log(Estimates.formatReplay(report, pooled))
  console.log("\n## The same targets over 20 generated logs (seeds 1-20, 6,000 items each)\n")
  let pass = 0
  const cov: Array<number> = []
  const below: Array<number> = []
  const above: Array<number> = []
  const typeErr: Array<number> = []
  const gain: Array<number> = []
  for (let seed = 1; seed <= 20; seed++) {
    const s = Estimates.importedSamples(Estimates.generateHistory({ seed, count: 6000 }))
    const r = Estimates.replayCalibration(s)
    const p = Estimates.replayCalibration(s, { pooledOnly: true })
    const o = r.overall
    cov.push(o.coverage)
    below.push(o.below)
    above.push(o.above)
    typeErr.push(r.meanTypeCoverageError)
    gain.push(1 - o.meanIntervalScore / p.overall.meanIntervalScore)
    const ok = Math.abs(o.coverage - 0.8) <= 0.03 && Math.abs(o.below - 0.1) <= 0.03 && Math.abs(o.above - 0.1) <= 0.03 &&
      r.meanTypeCoverageError <= 0.03 && o.meanIntervalScore < p.overall.meanIntervalScore
    if (ok) pass++
  }
  const range = (xs: Array<number>, scale = 100): string =>
    `${(Math.min(...xs) * scale).toFixed(1)} – ${(Math.max(...xs) * scale).toFixed(1)}`
  console.log(`coverage %               ${range(cov)}`)
  console.log(`below P10 %              ${range(below)}`)
  console.log(`above P90 %              ${range(above)}`)
  console.log(`mean |type cov − 80%|    ${range(typeErr)} points`)
  console.log(`interval score vs pooled ${range(gain)} % lower`)
  console.log(`logs meeting every target: ${pass} / 20\n`)
}

if (part === "all" || part === "replay") replay()
if (part === "all" || part === "scaling") scaling()
