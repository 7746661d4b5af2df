/**
 * Two `retrobridge serve` processes on one PostgreSQL database, every write to ONE retro:
 * how many card submissions are refused with 503 `busy` (the command handler ran out of
 * attempts because the other process kept appending to the same stream first), and what the
 * acknowledged writes wait, next to one process taking the same load, measured in the same run.
 * Each process takes one write per retro at a time (adapter-http's lanes), so within a process
 * writes do not collide; across processes only the store's optimistic concurrency orders them.
 *
 * Open loop: writes leave on schedule, alternating between the two servers, whether or not
 * earlier ones were answered, so a slow answer does not slow the load down. Each rate writes
 * to a fresh retro, so every measure starts from the same state size.
 *
 *   npm run bench -- contention     # BENCH_CONTENTION_RATES=150,250 writes/s, BENCH_CONTENTION_SECONDS=4 each
 *
 * PostgreSQL: RETROBRIDGE_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), in a
 * throwaway schema dropped afterwards; skipped when unreachable.
 */
import { loadavg } from "node:os"
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { type Child, startRetroBridge } from "./lib/child.ts"
import { makeWriteAgent, ok, request as send } from "./lib/request.ts"
import type { BenchRow } from "./lib/table.ts"

const pgUrl = process.env["RETROBRIDGE_TEST_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"
const rates = (process.env["BENCH_CONTENTION_RATES"] ?? "150,250").split(",").map(Number)
const seconds = Number(process.env["BENCH_CONTENTION_SECONDS"] ?? 4)

const agent = makeWriteAgent()

const request = (base: URL, method: string, path: string, body?: unknown, token?: string) => send(agent, base, method, path, body, token)

/** A retro in collection with six participants, created through `base`. */
const retroIn = async (base: URL, teamId: string, adminToken: string, title: string) => {
  const retro = await ok(request(base, "POST", `/teams/${teamId}/retros`, { title, trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }, adminToken), "create retro")
  const tokens: Array<string> = []
  for (const [i, side] of ["product", "product", "product", "engineering", "engineering", "engineering"].entries()) {
    tokens.push((await ok(request(base, "POST", `/retros/${retro.retroId}/participants`, { joinCode: retro.joinCode, name: `P${i}`, side }), "join")).participantToken)
  }
  await ok(request(base, "POST", `/retros/${retro.retroId}/phase`, { from: "draft" }, retro.facilitatorToken), "start")
  return { retroId: retro.retroId as string, tokens }
}

interface Measured {
  readonly sent: number
  readonly acknowledged: number
  readonly busy: number
  readonly other: number
  readonly p50: number
  readonly p99: number
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

/** `rate` card submissions per second for `duration` seconds to one retro, round robin over `servers`. */
const load = async (servers: ReadonlyArray<Child>, retro: { retroId: string; tokens: ReadonlyArray<string> }, rate: number, duration: number): Promise<Measured> => {
  const total = Math.round(rate * duration)
  const latencies: Array<number> = []
  let busy = 0
  let other = 0
  let sent = 0
  const started = performance.now()
  await new Promise<void>((resolve) => {
    let answered = 0
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate))
      while (sent < due) {
        const i = sent++
        const at = performance.now()
        request(servers[i % servers.length]!.url, "POST", `/retros/${retro.retroId}/cards`, { prompt: "friction", text: `Specs arrive after the sprint started (${i})` }, retro.tokens[i % retro.tokens.length])
          .then((reply) => {
            if (reply.status === 201) latencies.push(performance.now() - at)
            else if (reply.status === 503 && reply.json?.code === "busy") busy++
            else other++
          }, () => other++)
          .finally(() => {
            if (++answered === total) resolve()
          })
      }
      if (sent >= total) clearInterval(tick)
    }, 2)
  })
  latencies.sort((a, b) => a - b)
  return { sent: total, acknowledged: latencies.length, busy, other, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

/** An admin connection that drops `schema` when the scope closes; a reason to skip when PostgreSQL is unreachable. */
const throwawaySchema = (schema: string) =>
  Effect.gen(function*() {
    const reactivity = yield* Reactivity.make
    const admin = yield* Effect.exit(Effect.provideService(
      PgClient.make({ url: Redacted.make(pgUrl), connectTimeout: "3 seconds", maxConnections: 1 }),
      Reactivity.Reactivity,
      reactivity
    ))
    if (Exit.isFailure(admin)) return `skipped: ${pgUrl} is not reachable`
    // Connect now: the DROP runs in a finalizer, where sql-pg 4.0.5 cannot open a first connection.
    yield* admin.value.unsafe("SELECT 1")
    yield* Effect.addFinalizer(() => Effect.ignore(admin.value.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)))
    return undefined
  })

export default async function(): Promise<ReadonlyArray<BenchRow>> {
  const schema = `rb_bench_contention_${process.pid}_${Date.now().toString(36)}`
  const store = `${pgUrl}${pgUrl.includes("?") ? "&" : "?"}schema=${schema}`
  return await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const skipped = yield* throwawaySchema(schema)
    if (skipped !== undefined) {
      process.stderr.write(`  contention: ${skipped}\n`)
      return []
    }
    return yield* Effect.promise(async () => {
      const children: Array<Child> = []
      try {
        // The first server migrates the schema; the second then finds it current.
        children.push(await startRetroBridge(store, { extraArgs: ["--no-web"] }))
        children.push(await startRetroBridge(store, { extraArgs: ["--no-web"] }))
        const [one, two] = children as [Child, Child]
        const team = await ok(request(one.url, "POST", "/teams", { name: "Contention" }), "create team")
        const fresh = (title: string) => retroIn(one.url, team.teamId, team.adminToken, title)
        // Warms both processes up (JIT, pools, prepared statements) on a retro of its own.
        await load([one, two], await fresh("Warm-up"), 50, 1)

        const rows: Array<BenchRow> = []
        for (const rate of rates) {
          const loadAtStart = loadavg()[0]!
          const single = await load([one], await fresh(`One process at ${rate}/s`), rate, seconds)
          const pair = await load([one, two], await fresh(`Two processes at ${rate}/s`), rate, seconds)
          const what = `card submissions to one retro at ${rate}/s for ${seconds} s, PostgreSQL (load average ${loadAtStart.toFixed(1)} at the start)`
          const percent = (m: Measured, n: number) => (100 * n) / m.sent
          if (single.other + pair.other > 0) process.stderr.write(`  contention: ${rate}/s: ${single.other} + ${pair.other} answers neither 201 nor 503 busy\n`)
          rows.push(
            { section: "contention", what: `${what}: two server processes, 503 busy (${pair.busy} of ${pair.sent})`, figure: percent(pair, pair.busy), unit: "%", baseline: { what: `one process, ${single.busy} of ${single.sent}`, figure: percent(single, single.busy) } },
            { section: "contention", what: `${what}: two server processes, p50 latency of acknowledged writes`, figure: pair.p50, unit: "ms", baseline: { what: "one process", figure: single.p50 } },
            { section: "contention", what: `${what}: two server processes, p99 latency of acknowledged writes`, figure: pair.p99, unit: "ms", baseline: { what: "one process", figure: single.p99 } }
          )
        }
        return rows
      } finally {
        for (const child of children) await child.stop()
        agent.destroy()
      }
    })
  })))
}
