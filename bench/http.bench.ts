/**
 * The HTTP layer under load: card submissions (POST /retros/{id}/cards with a
 * participant's bearer token) from autocannon, 50 connections on loopback,
 * against the real `retrobridge serve` process — on the memory store and on
 * the SQLite default (durable commits) — next to a bare `node:http` handler,
 * a fastify handler and a minimal Effect `HttpApi` endpoint doing the same
 * validation and token check, and the core's own command on the bare handler
 * (the ceiling of any host), measured in the same run. Also: resident memory
 * per idle SSE connection.
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
import { spawn, type ChildProcess } from "node:child_process"
import { closeSync, openSync, readFileSync, mkdtempSync, rmSync } from "node:fs"
import { loadavg } from "node:os"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import autocannon from "autocannon"
import type { BenchRow } from "./lib/table.ts"

const seconds = Number(process.env["BENCH_HTTP_SECONDS"] ?? 4)
const rounds = Number(process.env["BENCH_HTTP_ROUNDS"] ?? 3)
const warmUpSeconds = 2
const connections = 50
const retros = 20
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

interface Child {
  readonly url: string
  readonly process: ChildProcess
}

/** `stderrFile`: the child's stderr goes to this file (an access log), not through this process, which is also the load generator. */
const startChild = (args: ReadonlyArray<string>, pattern: RegExp, stderrFile?: string): Promise<Child> =>
  new Promise((resolve, reject) => {
    const stderr = stderrFile === undefined ? "pipe" : openSync(stderrFile, "w")
    const child = spawn(process.execPath, ["--conditions=@retrobridge/source", "--no-warnings", ...args], { stdio: ["ignore", "pipe", stderr] })
    if (typeof stderr === "number") closeSync(stderr)
    let out = ""
    let err = stderrFile === undefined ? "" : `(stderr in ${stderrFile})`
    child.stderr?.on("data", (c: Buffer) => (err += c.toString()))
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString()
      const match = pattern.exec(out)
      if (match !== null) resolve({ url: match[1]!.startsWith("http") ? match[1]! : `http://127.0.0.1:${match[1]}`, process: child })
    })
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${err}`)))
  })

const stop = (child: Child) =>
  new Promise<void>((resolve) => {
    child.process.removeAllListeners("exit")
    child.process.once("exit", () => resolve())
    child.process.kill("SIGTERM")
  })

const retrobridge = (store: string, accessLog?: string) =>
  startChild(
    [here("../packages/server/src/bin.ts"), "serve", "--port", "0", "--store", store, "--log-level", accessLog === undefined ? "silent" : "info", "--write-limit", "100000000", "--join-limit", "100000"],
    /listening on (http:\/\/\S+)/,
    accessLog
  )

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
  const facilitators: Array<{ retroId: string; token: string }> = []
  for (let r = 0; r < retros; r++) {
    const retro = await post(`${base}/teams/${team["teamId"]}/retros`, { title: `Bench ${r}`, trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team["adminToken"])
    for (const [i, side] of ["product", "product", "product", "engineering", "engineering", "engineering"].entries()) {
      const joined = await post(`${base}/retros/${retro["retroId"]}/participants`, { joinCode: retro["joinCode"], name: `P${i}`, side })
      writers.push({ retroId: retro["retroId"]!, token: joined["participantToken"]! })
    }
    await post(`${base}/retros/${retro["retroId"]}/phase`, { from: "draft" }, retro["facilitatorToken"])
    facilitators.push({ retroId: retro["retroId"]!, token: retro["facilitatorToken"]! })
  }
  return { writers, facilitators }
}

/** The process's user + system CPU time so far, in milliseconds. */
const cpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
  return (Number(fields[11]) + Number(fields[12])) * 1000 / 100
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
    url: child.url,
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

const rssKb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1])
}

const sseMemory = async (child: Child, facilitators: ReadonlyArray<{ retroId: string; token: string }>, count: number) => {
  const before = rssKb(child.process.pid!)
  const controllers: Array<AbortController> = []
  for (let i = 0; i < count; i++) {
    const f = facilitators[i % facilitators.length]!
    const controller = new AbortController()
    const response = await fetch(`${child.url}/retros/${f.retroId}/events`, { headers: { authorization: `Bearer ${f.token}` }, signal: controller.signal })
    void response.body!.getReader().read()
    controllers.push(controller)
  }
  await new Promise((r) => setTimeout(r, 1000))
  const after = rssKb(child.process.pid!)
  for (const c of controllers) c.abort()
  return (after - before) / count
}

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
    const memory = await started(retrobridge("memory:"))
    const memorySetup = await setup(memory.url)
    // `retrobridge serve`'s default log level writes one access-log line per request to stderr (here a file).
    const logged = await started(retrobridge("memory:", join(dir, "access.log")))
    const loggedSetup = await setup(logged.url)
    const sqlite = await started(retrobridge(`sqlite:${join(dir, "bench.db")}`))
    const sqliteSetup = await setup(sqlite.url)
    const tokens = JSON.stringify([...memorySetup.writers, ...sqliteSetup.writers].map((w) => w.token))
    const bare = await started(startChild([here("./http/baselines.ts"), "bare", tokens], /listening (\d+)/))
    const fastify = await started(startChild([here("./http/baselines.ts"), "fastify", tokens], /listening (\d+)/))
    const effect = await started(startChild([here("./http/baselines.ts"), "effect", tokens], /listening (\d+)/))
    const core = await started(startChild([here("./http/baselines.ts"), "core", JSON.stringify(memorySetup.writers)], /listening (\d+)/))
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
    const sseKb = await sseMemory(memory, memorySetup.facilitators, 500)

    const bareWhat = "bare node:http handler, same validation and token check"
    const what = `card submissions (POST /retros/{id}/cards), ${retros} retros × 6 writers, ${connections} connections, loopback, median of ${rounds} interleaved rounds`
    const hotWhat = `card submissions, one hot retro (6 writers), ${connections} connections`
    const load1 = `load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the rounds`
    rows.push(
      { section: "http", what: `${what}: RetroBridge, memory store (${load1})`, figure: m.memory.perSecond, unit: "req/s", baseline: { what: bareWhat, figure: m.bare.perSecond } },
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
      { section: "http", what: `${hotWhat}: RetroBridge, SQLite default, p99 latency`, figure: m.sqliteHot.p99, unit: "ms" },
      { section: "http", what: "resident memory per idle SSE connection (500 open, memory store)", figure: sseKb, unit: "KB" }
    )
  } finally {
    for (const child of children) await stop(child)
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}
