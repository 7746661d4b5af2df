/**
 * Live updates under load: 2,000 open SSE viewers across 200 retros (ten per
 * retro: its six participants, its facilitator and three second tabs) while
 * card submissions arrive at 500 per second, spread over the retros, against
 * the real `retrobridge serve` process. The load (viewers and writers) runs in
 * this process, the server in its own, so the two share the machine's cores
 * but not an event loop.
 *
 * For every acknowledged write and every viewer of its retro, the delivery is
 * the first frame whose id (the stream version) reaches the write's version:
 * latency is from sending the write to receiving that frame, on one clock. A
 * viewer may see several writes in one frame (a slow reader skips to the newest
 * view); a write whose version no frame of a viewer reaches by the end is a
 * missed delivery.
 *
 * The writes arrive first at 500/s, then (same server, same viewers) at 150/s,
 * a rate the server keeps up with on a busy machine, where the latency is that
 * of delivery rather than of a backlog.
 *
 *   npm run bench -- sse       # BENCH_SSE_SECONDS=20 per rate, BENCH_SSE_WRITES=500,150
 */
import http from "node:http"
import { cpuMs, retainedKb, startRetroBridge } from "./lib/child.ts"
import { makeWriteAgent, ok, request as send } from "./lib/request.ts"
import type { BenchRow } from "./lib/table.ts"

const seconds = Number(process.env["BENCH_SSE_SECONDS"] ?? 20)
// The target rate first, then one the server keeps up with on a busy machine: the latency of delivery itself.
const writeRates = (process.env["BENCH_SSE_WRITES"] ?? "500,150").split(",").map(Number)
const retroCount = Number(process.env["BENCH_SSE_RETROS"] ?? 200)
const viewersPerRetro = 10
// Viewers that connect and then never read: the others' figures are measured with them connected.
const stalledCount = Number(process.env["BENCH_SSE_STALLED"] ?? 20)

// Writers keep their connections; viewers each hold one of their own.
const writeAgent = makeWriteAgent()
const viewAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity })

const request = (base: URL, method: string, path: string, body?: unknown, token?: string) => send(writeAgent, base, method, path, body, token)

interface RetroSetup {
  readonly retroId: string
  readonly facilitatorToken: string
  readonly participantTokens: ReadonlyArray<string>
}

/** 200 retros in collection, six participants each (retros per team stay under the creation limit). */
const setup = async (base: URL): Promise<ReadonlyArray<RetroSetup>> => {
  const out: Array<RetroSetup> = []
  const perTeam = 25
  let team: { teamId: string; adminToken: string } | undefined
  for (let r = 0; r < retroCount; r++) {
    if (r % perTeam === 0) team = await ok(request(base, "POST", "/teams", { name: `Bench ${r / perTeam}` }), "create team")
    const retro = await ok(request(base, "POST", `/teams/${team!.teamId}/retros`, { title: `Bench ${r}`, trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, team!.adminToken), "create retro")
    const participantTokens: Array<string> = []
    for (const [i, side] of ["product", "product", "product", "engineering", "engineering", "engineering"].entries()) {
      participantTokens.push((await ok(request(base, "POST", `/retros/${retro.retroId}/participants`, { joinCode: retro.joinCode, name: `P${i}`, side }), "join")).participantToken)
    }
    await ok(request(base, "POST", `/retros/${retro.retroId}/phase`, { from: "draft" }, retro.facilitatorToken), "start")
    out.push({ retroId: retro.retroId, facilitatorToken: retro.facilitatorToken, participantTokens })
  }
  return out
}

interface Viewer {
  readonly retro: number
  /** Stream versions of the frames received, in order, and when each arrived (performance.now()). */
  readonly versions: Array<number>
  readonly at: Array<number>
  failed: boolean
  close: () => void
}

/** Opens one SSE stream and records the id and arrival of every view frame. */
const openViewer = (base: URL, retro: number, retroId: string, token: string): Promise<Viewer> =>
  new Promise((resolve, reject) => {
    const viewer: Viewer = { retro, versions: [], at: [], failed: false, close: () => {} }
    const req = http.get({ host: base.hostname, port: base.port, path: `/retros/${retroId}/events`, agent: viewAgent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`))
      res.setEncoding("utf8")
      let buffer = ""
      let opened = false
      res.on("data", (chunk: string) => {
        const now = performance.now()
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (frame.startsWith("id: ")) {
            viewer.versions.push(Number(frame.slice(4, frame.indexOf("\n"))))
            viewer.at.push(now)
            if (!opened) {
              opened = true
              resolve(viewer)
            }
          }
        }
      })
      res.on("error", () => (viewer.failed = true))
      res.on("close", () => (viewer.failed = true))
    })
    req.on("error", (error) => {
      viewer.failed = true
      reject(error)
    })
    viewer.close = () => req.destroy()
  })

interface Write {
  readonly retro: number
  readonly sentAt: number
  version: number
  ackAt: number
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

const measure = async (store: string, watched: boolean, rates: ReadonlyArray<number>) => {
  // The heap probe reads what the server retains after full collections: memory per connection without garbage.
  const server = await startRetroBridge(store, { heapProbe: true, extraArgs: ["--no-web"], nodeArgs: (process.env["BENCH_SSE_SERVER_ARGS"] ?? "").split(" ").filter((a) => a !== "") })
  try {
    const retros = await setup(server.url)
    const viewers: Array<Viewer> = []
    const open = async (from: number, to: number) => {
      for (let r = from; r < to; r++) {
        const retro = retros[r]!
        const tokens = [retro.facilitatorToken, ...retro.participantTokens, retro.facilitatorToken, retro.participantTokens[0]!, retro.participantTokens[3]!]
        for (const token of tokens.slice(0, viewersPerRetro)) viewers.push(await openViewer(server.url, r, retro.retroId, token))
      }
      await new Promise((resolve) => setTimeout(resolve, 2000))
    }
    // Memory per connection from the second half only: the first half grows the heap to its working size.
    // Both readings follow full collections, so the growth holds no garbage; their retros' hubs are included.
    const half = Math.floor(retros.length / 2)
    let idle = { retainedKb: Number.NaN, rssKb: Number.NaN }
    if (watched) {
      await open(0, half)
      const before = await retainedKb(server)
      await open(half, retros.length)
      const after = await retainedKb(server)
      const added = viewers.length - half * viewersPerRetro
      idle = { retainedKb: (after.retainedKb - before.retainedKb) / added, rssKb: (after.rssKb - before.rssKb) / added }
    }
    const stalled: Array<http.ClientRequest> = []
    for (let i = 0; i < (watched ? stalledCount : 0); i++) {
      const retro = retros[i % retros.length]!
      stalled.push(http.get({ host: server.url.hostname, port: server.url.port, path: `/retros/${retro.retroId}/events`, agent: viewAgent, headers: { authorization: `Bearer ${retro.participantTokens[5]}` } }, (res) => res.pause()))
    }

    const byRetro = new Map<number, Array<Viewer>>()
    for (const v of viewers) byRetro.set(v.retro, [...(byRetro.get(v.retro) ?? []), v])
    let n = 0
    const results = []
    for (const rate of rates) {
      // Open loop: writes leave on schedule whether or not earlier ones were answered.
      const writes: Array<Write> = []
      const serverCpuBefore = cpuMs(server.process.pid!) / 1000
      const loadCpuBefore = process.cpuUsage()
      let refused = 0
      let sent = 0
      const started = performance.now()
      const total = seconds * rate
      await new Promise<void>((resolve) => {
        let answered = 0
        const tick = setInterval(() => {
          const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate))
          while (sent < due) {
            sent++
            const i = n++
            const r = i % retroCount
            const retro = retros[r]!
            const write: Write = { retro: r, sentAt: performance.now(), version: -1, ackAt: 0 }
            request(server.url, "POST", `/retros/${retro.retroId}/cards`, { prompt: "friction", text: `Specs arrive after the sprint started (${i})` }, retro.participantTokens[Math.floor(i / retroCount) % 6])
              .then((reply) => {
                if (reply.status === 201) {
                  write.version = reply.json.version
                  write.ackAt = performance.now()
                  writes.push(write)
                } else refused++
              }, () => refused++)
              .finally(() => {
                if (++answered === total) resolve()
              })
          }
          if (sent >= total) clearInterval(tick)
        }, 2)
      })
      const writeSeconds = (performance.now() - started) / 1000
      const serverCpu = cpuMs(server.process.pid!) / 1000 - serverCpuBefore
      const loadCpuUsage = process.cpuUsage(loadCpuBefore)
      const loadCpu = (loadCpuUsage.user + loadCpuUsage.system) / 1e6
      // Let the last frames arrive before the next rate (or the end).
      await new Promise((r) => setTimeout(r, 3000))

      const latencies: Array<number> = []
      let missed = 0
      for (const write of writes) {
        for (const viewer of byRetro.get(write.retro) ?? []) {
          // The first frame at or past the write's version (versions arrive in order).
          let lo = 0
          let hi = viewer.versions.length
          while (lo < hi) {
            const mid = (lo + hi) >> 1
            if (viewer.versions[mid]! < write.version) lo = mid + 1
            else hi = mid
          }
          if (lo === viewer.versions.length) missed++
          else latencies.push(viewer.at[lo]! - write.sentAt)
        }
      }
      latencies.sort((a, b) => a - b)
      const acks = writes.map((w) => w.ackAt - w.sentAt).sort((a, b) => a - b)
      results.push({
        rate,
        idle,
        viewers: viewers.length,
        failedViewers: viewers.filter((v) => v.failed && v.versions.length === 0).length,
        writes: writes.length,
        refused,
        writeRate: writes.length / writeSeconds,
        deliveries: latencies.length,
        missed,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? Number.NaN,
        ackP99: percentile(acks, 99),
        // Shares of one core while writes arrived: which side was busy.
        serverCores: serverCpu / writeSeconds,
        serverCpuMsPerWrite: (serverCpu * 1000) / writes.length,
        loadCores: loadCpu / writeSeconds
      })
    }
    for (const v of viewers) v.close()
    for (const s of stalled) s.destroy()
    return results
  } finally {
    await server.stop()
  }
}

export default async function(): Promise<ReadonlyArray<BenchRow>> {
  // The same writes with nobody watching: what the live updates cost the writers, in the same run.
  const unwatched = await measure("memory:", false, writeRates)
  process.stderr.write(`  sse, nobody watching: ${JSON.stringify(unwatched)}\n`)
  const watched = await measure("memory:", true, writeRates)
  process.stderr.write(`  sse: ${JSON.stringify(watched)}\n`)
  const rows: Array<BenchRow> = []
  for (const [i, m] of watched.entries()) {
    const alone = unwatched[i]!
    const what = `${m.viewers} SSE viewers (+${stalledCount} that never read) across ${retroCount} retros, card submissions at ${m.rate}/s for ${seconds} s, memory store, loopback`
    const ack = { what: "write acknowledged (POST answered), p99", figure: m.ackP99 }
    rows.push(
      { section: "sse", what: `${what}: writes acknowledged per second`, figure: m.writeRate, unit: "req/s", baseline: { what: "the same writes with nobody watching", figure: alone.writeRate } },
      { section: "sse", what: `${what}: server CPU per acknowledged write (viewers' frames included)`, figure: m.serverCpuMsPerWrite, unit: "ms", baseline: { what: "the same writes with nobody watching", figure: alone.serverCpuMsPerWrite } },
      { section: "sse", what: `${what}: deliveries (acknowledged writes × viewers of their retro)`, figure: m.deliveries, unit: "frames" },
      { section: "sse", what: `${what}: missed deliveries (must be 0)`, figure: m.missed, unit: "frames" },
      { section: "sse", what: `${what}: write sent → view received, p50`, figure: m.p50, unit: "ms", baseline: ack },
      { section: "sse", what: `${what}: write sent → view received, p99`, figure: m.p99, unit: "ms", baseline: ack },
      { section: "sse", what: `${what}: write sent → view received, max`, figure: m.max, unit: "ms" }
    )
  }
  const m = watched[0]!
  const growth = `growth over the second ${m.viewers / 2} of ${m.viewers} opened, after full garbage collections, the retros' shared views included, memory store`
  rows.push(
    { section: "sse", what: `memory retained per idle SSE connection (JS heap + buffers; ${growth})`, figure: m.idle.retainedKb, unit: "KB" },
    { section: "sse", what: `resident memory per idle SSE connection (${growth})`, figure: m.idle.rssKb, unit: "KB", baseline: { what: "retained (JS heap + buffers)", figure: m.idle.retainedKb } }
  )
  return rows
}
