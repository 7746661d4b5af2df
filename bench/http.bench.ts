/**
 * The HTTP layer under load: card submissions (POST /retros/{id}/cards with a
 * participant's bearer token) from autocannon, 50 connections on loopback,
 * against the real `retrobridge serve` process — on the memory store and on
 * the SQLite default (durable commits) — next to a bare `node:http` handler,
 * a fastify handler and a minimal Effect `HttpApi` endpoint doing the same
 * validation and token check, and the core's own command on the bare handler
 * (the ceiling of any host), measured in the same run. (Memory per idle SSE
 * connection is measured by the sse bench.)
 *
 * Writes go to 20 retros in collection, six participants each, round robin
 * (a deployment holds many retros at once); a second measure sends every
 * write to one hot retro, whose writes the server takes one at a time.
 *
 * Other work on the machine moves every figure, so all servers start first
 * and stay up, and the measures run in interleaved rounds (RetroBridge, bare,
 * fastify, Effect, RetroBridge, …); each figure is the median of its rounds, and the
 * servers' own CPU time per request (from /proc) is reported next to the
 * throughput, which is steadier than req/s when the machine is shared.
 *
 *   npm run bench -- http          # BENCH_HTTP_SECONDS=4 per measure, BENCH_HTTP_ROUNDS=3
 */
import { mkdtempSync, rmSync } from "node:fs"
import { loadavg } from "node:os"
import { tmpdir } from "node:os"
import { join } from "node:path"
import autocannon from "autocannon"
import { repoPath, type Child, cpuMs, startChild, startRetroBridge } from "./lib/child.ts"
import type { BenchRow } from "./lib/table.ts"

const seconds = Number(process.env["BENCH_HTTP_SECONDS"] ?? 4)
const rounds = Number(process.env["BENCH_HTTP_ROUNDS"] ?? 3)
const warmUpSeconds = 2
const connections = 50
const retros = 20
const baseline = (mode: string, arg: string) => startChild(repoPath("bench/http/baselines.ts"), [mode, arg], { listening: /listening (\d+)/ })

const post = async (url: string, body: unknown, token?: string) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body)
  })
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${await response.text()}`)
  return await response.json() as Record<string, string>
}

/** Retros in collection, six participants each: the writers' (retro, token) pairs. */
const setup = async (base: string) => {
  const team = await post(`${base}/teams`, { name: "Bench" })
  const writers: Array<{ retroId: string; token: string }> = []
  for (let r = 0; r < retros; r++) {
    const retro = await post(`${base}/teams/${team["teamId"]}/retros`, { title: `Bench ${r}`, trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team["adminToken"])
    for (const [i, side] of ["product", "product", "product", "engineering", "engineering", "engineering"].entries()) {
      const joined = await post(`${base}/retros/${retro["retroId"]}/participants`, { joinCode: retro["joinCode"], name: `P${i}`, side })
      writers.push({ retroId: retro["retroId"]!, token: joined["participantToken"]! })
    }
    await post(`${base}/retros/${retro["retroId"]}/phase`, { from: "draft" }, retro["facilitatorToken"])
  }
  return { writers }
}

interface Measured {
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
  /** The server's CPU time per acknowledged request, µs. */
  readonly cpuUs: number
}

const load = async (child: Child, writers: ReadonlyArray<{ retroId: string; token: string }>, duration = seconds): Promise<Measured> => {
  let n = 0
  const cpuBefore = cpuMs(child.process.pid!)
  const result = await autocannon({
    url: child.url.origin,
    connections,
    duration,
    requests: [{
      method: "POST",
      setupRequest: (request) => {
        const w = writers[n++ % writers.length]!
        return {
          ...request,
          path: `/retros/${w.retroId}/cards`,
          headers: { "content-type": "application/json", authorization: `Bearer ${w.token}` },
          body: JSON.stringify({ prompt: "friction", text: `Specs arrive after the sprint started (${n})` })
        }
      }
    }]
  })
  const cpu = cpuMs(child.process.pid!) - cpuBefore
  if (result.non2xx > 0 || result.errors > 0) {
    console.warn(`  ${child.url}: ${result.non2xx} non-2xx, ${result.errors} errors of ${result.requests.total}`)
  }
  return { perSecond: result["2xx"] / duration, p50: result.latency.p50, p99: result.latency.p99, cpuUs: result["2xx"] === 0 ? 0 : cpu * 1000 / result["2xx"] }
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const medianOf = (runs: ReadonlyArray<Measured>): Measured => ({
  perSecond: median(runs.map((r) => r.perSecond)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  cpuUs: median(runs.map((r) => r.cpuUs))
})

export default async function(): Promise<ReadonlyArray<BenchRow>> {
  const rows: Array<BenchRow> = []
  const dir = mkdtempSync(join(tmpdir(), "retrobridge-bench-http-"))
  const children: Array<Child> = []
  const started = async (child: Promise<Child>) => {
    const c = await child
    children.push(c)
    return c
  }
  try {
    // Every server starts first and idles while the others are measured.
    const memory = await started(startRetroBridge("memory:"))
    const memorySetup = await setup(memory.url.origin)
    // `retrobridge serve`'s default log level writes one access-log line per request to stderr (here a file).
    const logged = await started(startRetroBridge("memory:", { accessLog: true, stderrFile: join(dir, "access.log") }))
    const loggedSetup = await setup(logged.url.origin)
    const sqlite = await started(startRetroBridge(`sqlite:${join(dir, "bench.db")}`))
    const sqliteSetup = await setup(sqlite.url.origin)
    const tokens = JSON.stringify([...memorySetup.writers, ...sqliteSetup.writers].map((w) => w.token))
    const bare = await started(baseline("bare", tokens))
    const fastify = await started(baseline("fastify", tokens))
    const effect = await started(baseline("effect", tokens))
    const core = await started(baseline("core", JSON.stringify(memorySetup.writers)))
    // One hot retro: the six writers of the first retro.
    const hot = (writers: ReadonlyArray<{ retroId: string; token: string }>) => writers.filter((w) => w.retroId === writers[0]!.retroId)

    const subjects = {
      memory: (duration?: number) => load(memory, memorySetup.writers, duration),
      logged: (duration?: number) => load(logged, loggedSetup.writers, duration),
      memoryHot: (duration?: number) => load(memory, hot(memorySetup.writers), duration),
      bare: (duration?: number) => load(bare, memorySetup.writers, duration),
      fastify: (duration?: number) => load(fastify, memorySetup.writers, duration),
      effect: (duration?: number) => load(effect, memorySetup.writers, duration),
      core: (duration?: number) => load(core, memorySetup.writers, duration),
      sqlite: (duration?: number) => load(sqlite, sqliteSetup.writers, duration),
      sqliteHot: (duration?: number) => load(sqlite, hot(sqliteSetup.writers), duration)
    }
    const runs: Record<keyof typeof subjects, Array<Measured>> = { memory: [], logged: [], memoryHot: [], bare: [], fastify: [], effect: [], core: [], sqlite: [], sqliteHot: [] }
    // A fresh process runs cold code first: one unrecorded pass warms every server up.
    for (const key of Object.keys(subjects) as Array<keyof typeof subjects>) await subjects[key](warmUpSeconds)
    const loads: Array<number> = []
    for (let round = 0; round < rounds; round++) {
      loads.push(loadavg()[0]!)
      for (const key of Object.keys(subjects) as Array<keyof typeof subjects>) runs[key].push(await subjects[key]())
    }
    const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, medianOf(v)])) as Record<keyof typeof subjects, Measured>

    const bareWhat = "bare node:http handler, same validation and token check"
    const what = `card submissions (POST /retros/{id}/cards), ${retros} retros × 6 writers, ${connections} connections, loopback, median of ${rounds} interleaved rounds`
    const hotWhat = `card submissions, one hot retro (6 writers), ${connections} connections`
    const load1 = `load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the rounds`
    rows.push(
      { section: "http", what: `${what}: RetroBridge, memory store (${load1})`, figure: m.memory.perSecond, unit: "req/s", baseline: { what: bareWhat, figure: m.bare.perSecond } },
      // What the HTTP layer adds, against the least any host of the core can do (docs/decisions/0006, option 1).
      { section: "http", what: `${what}: RetroBridge, memory store, against the core's command on the bare handler`, figure: m.memory.perSecond, unit: "req/s", baseline: { what: "the core's command on a bare node:http handler", figure: m.core.perSecond } },
      { section: "http", what: `${what}: fastify, same validation and token check`, figure: m.fastify.perSecond, unit: "req/s", baseline: { what: bareWhat, figure: m.bare.perSecond } },
      { section: "http", what: `${what}: Effect HttpApi, minimal endpoint (same validation and token check, no logger; the framework's floor)`, figure: m.effect.perSecond, unit: "req/s", baseline: { what: bareWhat, figure: m.bare.perSecond } },
      { section: "http", what: `${what}: the core's command on a bare node:http handler, memory store (no HTTP boundary: the ceiling of any host)`, figure: m.core.perSecond, unit: "req/s", baseline: { what: bareWhat, figure: m.bare.perSecond } },
      { section: "http", what: `${what}: RetroBridge, memory store, server CPU per submission`, figure: m.memory.cpuUs, unit: "µs", baseline: { what: `${bareWhat}, CPU per request`, figure: m.bare.cpuUs } },
      { section: "http", what: `${what}: fastify, server CPU per submission`, figure: m.fastify.cpuUs, unit: "µs", baseline: { what: `${bareWhat}, CPU per request`, figure: m.bare.cpuUs } },
      { section: "http", what: `${what}: Effect HttpApi, minimal endpoint, server CPU per submission`, figure: m.effect.cpuUs, unit: "µs", baseline: { what: `${bareWhat}, CPU per request`, figure: m.bare.cpuUs } },
      { section: "http", what: `${what}: the core's command on a bare node:http handler, server CPU per submission`, figure: m.core.cpuUs, unit: "µs", baseline: { what: `${bareWhat}, CPU per request`, figure: m.bare.cpuUs } },
      { section: "http", what: `${what}: RetroBridge, memory store, p50 latency`, figure: m.memory.p50, unit: "ms", baseline: { what: `${bareWhat}, p50`, figure: m.bare.p50 } },
      { section: "http", what: `${what}: RetroBridge, memory store, p99 latency`, figure: m.memory.p99, unit: "ms", baseline: { what: `${bareWhat}, p99`, figure: m.bare.p99 } },
      { section: "http", what: `${what}: RetroBridge, memory store, access log on (--log-level info, the default; stderr to a file)`, figure: m.logged.perSecond, unit: "req/s", baseline: { what: "RetroBridge, memory store, --log-level silent", figure: m.memory.perSecond } },
      { section: "http", what: `${what}: RetroBridge, memory store, access log on, server CPU per submission`, figure: m.logged.cpuUs, unit: "µs", baseline: { what: "RetroBridge, memory store, --log-level silent", figure: m.memory.cpuUs } },
      { section: "http", what: `${hotWhat}: RetroBridge, memory store`, figure: m.memoryHot.perSecond, unit: "req/s", baseline: { what: `RetroBridge, memory store, ${retros} retros`, figure: m.memory.perSecond } },
      { section: "http", what: `${hotWhat}: RetroBridge, memory store, p99 latency`, figure: m.memoryHot.p99, unit: "ms" },
      { section: "http", what: `${what}: RetroBridge, SQLite default (durable commits)`, figure: m.sqlite.perSecond, unit: "req/s", baseline: { what: "RetroBridge, memory store", figure: m.memory.perSecond } },
      { section: "http", what: `${what}: RetroBridge, SQLite default, p99 latency`, figure: m.sqlite.p99, unit: "ms" },
      { section: "http", what: `${what}: RetroBridge, SQLite default, server CPU per submission`, figure: m.sqlite.cpuUs, unit: "µs", baseline: { what: "RetroBridge, memory store", figure: m.memory.cpuUs } },
      { section: "http", what: `${hotWhat}: RetroBridge, SQLite default (durable commits)`, figure: m.sqliteHot.perSecond, unit: "req/s", baseline: { what: `RetroBridge, SQLite default, ${retros} retros`, figure: m.sqlite.perSecond } },
      { section: "http", what: `${hotWhat}: RetroBridge, SQLite default, p99 latency`, figure: m.sqliteHot.p99, unit: "ms" }
    )
  } finally {
    for (const child of children) await child.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}
