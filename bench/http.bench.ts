/**
 * The HTTP layer under load: card submissions (POST /retros/{id}/cards with a
 * participant's bearer token) from autocannon, 50 connections on loopback,
 * against the real `retrobridge serve` process — on the memory store and on
 * the SQLite default (durable commits) — next to a bare `node:http` handler
 * and a fastify handler doing the same validation and token check, measured
 * in the same run. Also: resident memory per idle SSE connection.
 *
 *   npm run bench -- http          # BENCH_HTTP_SECONDS=5 per measure by default
 */
import { spawn, type ChildProcess } from "node:child_process"
import { readFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import autocannon from "autocannon"
import type { BenchRow } from "./lib/table.ts"

const seconds = Number(process.env["BENCH_HTTP_SECONDS"] ?? 5)
const connections = 50
const retros = 20
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

interface Child {
  readonly url: string
  readonly process: ChildProcess
}

const startChild = (args: ReadonlyArray<string>, pattern: RegExp): Promise<Child> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@retrobridge/source", "--no-warnings", ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()))
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

const retrobridge = (store: string) =>
  startChild([here("../packages/server/src/bin.ts"), "serve", "--port", "0", "--store", store, "--log-level", "silent", "--write-limit", "100000000", "--join-limit", "100000"], /listening on (http:\/\/\S+)/)

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

const load = async (base: string, writers: ReadonlyArray<{ retroId: string; token: string }>) => {
  let n = 0
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
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
  if (result.non2xx > 0 || result.errors > 0) {
    console.warn(`  ${base}: ${result.non2xx} non-2xx, ${result.errors} errors of ${result.requests.total}`)
  }
  return { perSecond: result["2xx"] / seconds, p50: result.latency.p50, p99: result.latency.p99 }
}

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
  try {
    // RetroBridge on the memory store.
    const memory = await retrobridge("memory:")
    const memorySetup = await setup(memory.url)
    const rb = await load(memory.url, memorySetup.writers)
    const sseKb = await sseMemory(memory, memorySetup.facilitators, 500)
    await stop(memory)

    const tokens = JSON.stringify(memorySetup.writers.map((w) => w.token))
    const bare = await startChild([here("./http/baselines.ts"), "bare", tokens], /listening (\d+)/)
    const bareResult = await load(bare.url, memorySetup.writers)
    await stop(bare)
    const fastify = await startChild([here("./http/baselines.ts"), "fastify", tokens], /listening (\d+)/)
    const fastifyResult = await load(fastify.url, memorySetup.writers)
    await stop(fastify)

    const sqlite = await retrobridge(`sqlite:${join(dir, "bench.db")}`)
    const sqliteSetup = await setup(sqlite.url)
    const durable = await load(sqlite.url, sqliteSetup.writers)
    await stop(sqlite)

    const bareWhat = "bare node:http handler, same validation and token check"
    const what = `card submissions, ${connections} connections, loopback`
    rows.push(
      { section: "http", what: `${what}: RetroBridge, memory store`, figure: rb.perSecond, unit: "req/s", baseline: { what: bareWhat, figure: bareResult.perSecond } },
      { section: "http", what: `${what}: fastify, same validation and token check`, figure: fastifyResult.perSecond, unit: "req/s", baseline: { what: bareWhat, figure: bareResult.perSecond } },
      { section: "http", what: `${what}: RetroBridge, memory store, p50 latency`, figure: rb.p50, unit: "ms", baseline: { what: `${bareWhat}, p50`, figure: bareResult.p50 } },
      { section: "http", what: `${what}: RetroBridge, memory store, p99 latency`, figure: rb.p99, unit: "ms", baseline: { what: `${bareWhat}, p99`, figure: bareResult.p99 } },
      { section: "http", what: `${what}: RetroBridge, SQLite default (durable commits)`, figure: durable.perSecond, unit: "req/s", baseline: { what: "RetroBridge, memory store", figure: rb.perSecond } },
      { section: "http", what: `${what}: RetroBridge, SQLite default, p99 latency`, figure: durable.p99, unit: "ms" },
      { section: "http", what: "resident memory per idle SSE connection (500 open, memory store)", figure: sseKb, unit: "KB" }
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}
