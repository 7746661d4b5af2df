/**
 * What a large CSV import costs everybody else on the server: `retrobridge serve` on its SQLite
 * default takes the largest import it accepts (5 MiB, 48,000 items) while a probe asks
 * `GET /healthz` every 5 ms, as a live retro's writes and streams would be waiting. The figure is
 * the probe's longest wait during the import, next to its longest wait with no import running, in
 * the same run; the import's own time is next to the core reading the same file in-process. Then a
 * new estimate is calibrated against the imported log, the first query against later ones.
 *
 *   npm run bench -- import        # BENCH_IMPORT_ROUNDS=4
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Estimates } from "@retrobridge/core"
import { startRetroBridge } from "./lib/child.ts"
import type { BenchRow } from "./lib/table.ts"

const rounds = Number(process.env["BENCH_IMPORT_ROUNDS"] ?? 4)
const items = 48_000

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Probes `url` every 5 ms until `until` settles; the longest wait for an answer, in ms. */
const longestWait = async (url: string, until: Promise<unknown>): Promise<number> => {
  let done = false
  void until.finally(() => {
    done = true
  })
  let longest = 0
  while (!done) {
    const started = performance.now()
    await (await fetch(url)).arrayBuffer()
    longest = Math.max(longest, performance.now() - started)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return longest
}

export default async function(): Promise<ReadonlyArray<BenchRow>> {
  const csv = Estimates.historyToCsv(Estimates.generateHistory({ seed: 7, count: items, cancelledShare: 0 }))
  const megabytes = (Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)
  const inProcess: Array<number> = []
  for (let r = 0; r < rounds; r++) {
    const started = performance.now()
    Estimates.importCsv(csv, { teamId: "bench" })
    inProcess.push(performance.now() - started)
  }

  const dir = mkdtempSync(join(tmpdir(), "retrobridge-bench-import-"))
  const server = await startRetroBridge(`sqlite:${join(dir, "bench.db")}`)
  const base = server.url.origin
  const runs = { idle: [] as Array<number>, plain: [] as Array<number>, keyed: [] as Array<number>, took: [] as Array<number>, firstCalibration: [] as Array<number>, nextCalibration: [] as Array<number> }
  try {
    for (let r = 0; r < rounds; r++) {
      // A team per round: each import goes to an empty log, as a team's first import does.
      const team = await (await fetch(`${base}/teams`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: `Bench ${r}` }) })).json() as Record<string, string>
      const keyedTeam = await (await fetch(`${base}/teams`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: `Bench keyed ${r}` }) })).json() as Record<string, string>
      const importInto = async (t: Record<string, string>, key?: string) => {
        const started = performance.now()
        const response = await fetch(`${base}/teams/${t["teamId"]}/estimates/import`, {
          method: "POST",
          headers: { "content-type": "text/csv", authorization: `Bearer ${t["adminToken"]}`, ...(key === undefined ? {} : { "idempotency-key": key }) },
          body: csv
        })
        const answer = await response.json() as { items?: number }
        if (response.status !== 200 || answer.items !== items) throw new Error(`import answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`)
        return performance.now() - started
      }
      runs.idle.push(await longestWait(`${base}/healthz`, new Promise((resolve) => setTimeout(resolve, 1500))))
      // The web app sends an Idempotency-Key with its imports. Keyed and plain take turns going first:
      // the server's heap grows with every import, and the later import of a round paid for it.
      const keyedImport = async () => {
        const keyed = importInto(keyedTeam, `bench-import-${r}`)
        runs.keyed.push(await longestWait(`${base}/healthz`, keyed))
        await keyed
      }
      if (r % 2 === 1) await keyedImport()
      const plain = importInto(team)
      runs.plain.push(await longestWait(`${base}/healthz`, plain))
      runs.took.push(await plain)
      if (r % 2 === 0) await keyedImport()
      // Calibrating a new estimate against the imported log: the first query replays the log, later ones
      // (until the log changes) use that replay.
      const calibrate = async () => {
        const started = performance.now()
        const response = await fetch(`${base}/teams/${team["teamId"]}/estimates/calibrate`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${team["adminToken"]}` },
          body: JSON.stringify({ workType: "feature", unit: "hours", range: { best: 4, likely: 8, worst: 16 }, estimatedOn: "2031-01-01" })
        })
        if (response.status !== 200) throw new Error(`calibrate answered ${response.status}: ${await response.text()}`)
        await response.arrayBuffer()
        return performance.now() - started
      }
      runs.firstCalibration.push(await calibrate())
      runs.nextCalibration.push(Math.min(await calibrate(), await calibrate(), await calibrate()))
    }
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  const what = `CSV import of ${items.toLocaleString("en-US")} items (${megabytes} MiB, the most accepted), retrobridge serve, SQLite default, median of ${rounds}`
  const idle = { what: "the same probe with no import running, longest wait", figure: median(runs.idle) }
  return [
    { section: "import", what: `${what}: longest wait of a /healthz probe (every 5 ms) during the import`, figure: median(runs.plain), unit: "ms", baseline: idle },
    { section: "import", what: `${what}: the same, the import sent with an Idempotency-Key (as the web app sends it)`, figure: median(runs.keyed), unit: "ms", baseline: idle },
    { section: "import", what: `${what}: import answered`, figure: median(runs.took), unit: "ms", baseline: { what: "the core reading and checking the same file in-process (Estimates.importCsv)", figure: median(inProcess) } },
    {
      section: "import",
      what: `calibrate a new estimate over HTTP against the imported log (${items.toLocaleString("en-US")} items), a later query while the log is unchanged`,
      figure: median(runs.nextCalibration),
      unit: "ms",
      baseline: { what: "the first query after the import (the log replayed)", figure: median(runs.firstCalibration) }
    }
  ]
}
