/**
 * The core's hot paths: replaying a retro stream, deciding commands, the command
 * handler on a warm stream, and building views.
 *
 *   npm run bench -- core
 *
 * Every figure has a baseline measured in the same run: Decider.replay per event against
 * the per-event cost of a 100-event stream, decide against one HMAC-SHA-256 (the
 * least an AddCard must hash), the handler against a bare append on the same
 * store, a participant's view against the facilitator's. BENCH_MILLIS sets the
 * time per throughput measure (default 1000); BENCH_CORE=replay,decide,handler,view
 * runs only those parts.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import { Decider, Retro, Store } from "@retrobridge/core"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { SqliteEventStore } from "@retrobridge/adapter-sqlite"
// Not public: only the baseline (one HMAC, the least an AddCard must compute) uses it.
import { hmacSha256Hex } from "../packages/core/src/internal/Crypto.ts"
import { testSecret } from "@retrobridge/core/testing"
import type { BenchRow } from "./lib/table.ts"

const millis = Number(process.env["BENCH_MILLIS"] ?? 1000)
const T0 = Date.UTC(2026, 9, 1, 9, 0, 0)
const RETRO = "retro-bench"
const TEAM = "team-bench"
// Secrets are 32 random bytes as base64url; deterministic ones keep runs comparable.
const benchSecret = (label: string) => testSecret(`bench:${label}`)
const FACILITATOR = benchSecret("facilitator")
const JOIN = "join-code-bench-0001"
const SEED = "seed-bench-0001"

const people = Array.from({ length: 10 }, (_, i) => ({
  id: `p${i}`,
  name: `Person ${i}`,
  side: i % 2 === 0 ? "product" as const : "engineering" as const,
  secret: benchSecret(`person-${i}`)
}))

const texts = [
  "Requirements changed after sprint planning, twice, and nobody told QA",
  "Tech debt in the payment service slows every change we try to make",
  "Estimates are treated as deadlines by stakeholders outside the team",
  "The release went out on time thanks to the early API contract",
  "We wish product understood how long a schema migration really takes"
] as const
const prompts = ["friction", "friction", "wish-understood", "worked-well", "wish-understood"] as const

/**
 * A retro driven through the decider, so the events are exactly what the core
 * produces (ownership proofs, voter tags, reveal order included).
 */
const session = () => {
  let state: Retro.State = Retro.initialState
  const events: Array<Retro.Event> = []
  const send = (command: Retro.Command): void => {
    const decided = Retro.decide(command, state)
    if (Result.isFailure(decided)) throw new Error(`bench command ${command._tag} rejected: ${String(decided.failure)}`)
    for (const event of decided.success) {
      events.push(event)
      state = Retro.evolve(state, event)
    }
  }
  return { send, events }
}

const facilitated = (at: number) => ({ facilitatorSecret: FACILITATOR, at })

/** The id the core gives card `i` of a collecting session (written by person `i mod 10` under key `card-i`). */
const benchCardId = (i: number): string => Retro.cardIdOf(people[i % people.length]!.secret, RETRO, `card-${i}`)

/** Created, ten people joined, collecting, `cards` cards written (every tenth edited once). */
const collectingSession = (cards: number) => {
  const s = session()
  s.send({
    _tag: "CreateRetro",
    retroId: RETRO,
    teamId: TEAM,
    title: "Benchmark retro",
    trigger: "quarterly",
    date: "2026-10-01",
    facilitatorName: "Nora",
    facilitatorSecret: FACILITATOR,
    joinCode: JOIN,
    at: T0
  })
  for (const p of people) {
    s.send({ _tag: "JoinRetro", participantId: p.id, name: p.name, side: p.side, secret: p.secret, joinCode: JOIN, at: T0 + 1 })
  }
  s.send({ _tag: "AdvancePhase", ...facilitated(T0 + 60_000), from: "draft" })
  for (let i = 0; i < cards; i++) {
    const author = people[i % people.length]!
    // The core derives card ids from the author's secret and card key.
    const cardId = benchCardId(i)
    s.send({ _tag: "AddCard", secret: author.secret, cardKey: `card-${i}`, prompt: prompts[i % prompts.length]!, text: `${texts[i % texts.length]!} (#${i})`, at: T0 + 120_000 })
    if (i % 10 === 9) {
      s.send({ _tag: "EditCard", secret: author.secret, cardId, text: `${texts[(i + 1) % texts.length]!} (#${i}, edited)`, at: T0 + 120_000 })
    }
  }
  return s
}

/** The first events of a collecting retro with `cards` cards. */
const collectingEvents = (cards: number): Array<Retro.Event> => collectingSession(cards).events

/**
 * A whole retro of exactly `n` events: collection (about 70% of the events), reveal,
 * themes and assignments, votes, discussion.
 */
const retroEvents = (n: number): Array<Retro.Event> => {
  const cards = Math.floor(n * 0.6)
  const s = collectingSession(cards)
  const cardIds = Array.from({ length: cards }, (_, i) => benchCardId(i))
  s.send({ _tag: "AdvancePhase", ...facilitated(T0 + 20 * 60_000), from: "collecting", shuffleSeed: SEED })
  const themes = Math.max(3, Math.floor(n / 200))
  for (let t = 0; t < themes; t++) s.send({ _tag: "CreateTheme", ...facilitated(T0 + 21 * 60_000), themeId: `theme-${t}`, name: `Theme ${t}` })
  const votes = people.length * Retro.defaultSettings.voteBudget
  for (let i = 0; s.events.length < n - votes - 3 && i < cards * 2; i++) {
    s.send({ _tag: "AssignCard", ...facilitated(T0 + 22 * 60_000), cardId: cardIds[i % cards]!, themeId: `theme-${(i * 7 + (i >= cards ? 1 : 0)) % themes}` })
  }
  s.send({ _tag: "AdvancePhase", ...facilitated(T0 + 30 * 60_000), from: "grouping" })
  for (let v = 0; v < votes && s.events.length < n - 2; v++) {
    s.send({ _tag: "CastVote", secret: people[v % people.length]!.secret, themeId: `theme-${v % themes}`, at: T0 + 31 * 60_000 })
  }
  s.send({ _tag: "AdvancePhase", ...facilitated(T0 + 35 * 60_000), from: "voting" })
  while (s.events.length < n) {
    s.send({ _tag: "AddHandoffNote", ...facilitated(T0 + 36 * 60_000), themeId: "theme-0", noteId: `note-${s.events.length}`, text: "QA gets the build late" })
  }
  return s.events.slice(0, n)
}

/** Mean microseconds of `f` over about `budget` ms (at least `min` runs, after a warm-up). */
const microseconds = (f: () => unknown, budget = Math.min(millis, 400), min = 3): number => {
  for (let i = 0; i < 3; i++) f()
  let runs = 0
  const start = performance.now()
  while (runs < min || performance.now() - start < budget) {
    f()
    runs++
  }
  return ((performance.now() - start) * 1000) / runs
}

const fold = (events: ReadonlyArray<Retro.Event>): Retro.State => Decider.replay(Retro.decider, events)

const decided = (command: Retro.Command, state: Retro.State): void => {
  const result = Retro.decide(command, state)
  if (Result.isFailure(result)) throw new Error(`bench command ${command._tag} rejected: ${String(result.failure)}`)
}

const replayRows = (): Array<BenchRow> => {
  const sizes = [100, 1_000, 10_000] as const
  const perEvent = new Map<number, number>()
  let ms10k = 0
  for (const n of sizes) {
    const events = retroEvents(n)
    const us = microseconds(() => fold(events), Math.min(millis, 1500), 2)
    perEvent.set(n, us / n)
    if (n === 10_000) ms10k = us / 1000
  }
  const base = { what: "per event, 100-event retro", figure: perEvent.get(100)! }
  return [
    ...sizes.map((n) => ({
      section: "core",
      what: `Decider.replay, per event, ${n.toLocaleString("en-US")}-event retro`,
      figure: perEvent.get(n)!,
      unit: "µs",
      ...(n === 100 ? {} : { baseline: base })
    })),
    {
      section: "core",
      what: "pure Decider.replay of a 10,000-event retro (target ≤ 20 ms)",
      figure: ms10k,
      unit: "ms",
      baseline: { what: "100 × Decider.replay of a 100-event retro", figure: (perEvent.get(100)! * 10_000) / 1000 }
    }
  ]
}

const decideRows = (): Array<BenchRow> => {
  const hmac = microseconds(() => hmacSha256Hex(people[0]!.secret, `retrobridge/card:${RETRO}:card-x`))
  const baseline = { what: "one HMAC-SHA-256", figure: hmac }
  const author = people[3]!
  const at = T0 + 5 * 60_000
  const collecting = fold(collectingEvents(600))
  const revealed = retroEvents(1_000)
  // Grouping, voting and discussing states of the same retro, with 600 cards.
  const grouping = fold(revealed.slice(0, revealed.findIndex((e) => e._tag === "CardAssigned") + 50))
  const voting = fold(revealed.slice(0, revealed.findIndex((e) => e._tag === "VoteCast")))
  const discussing = fold(revealed)
  const facilitator = { facilitatorSecret: FACILITATOR, at: T0 + 40 * 60_000 }
  const cases: ReadonlyArray<readonly [string, Retro.Command, Retro.State]> = [
    ["AddCard", { _tag: "AddCard", secret: author.secret, cardKey: "card-new", prompt: "friction", text: texts[0], at }, collecting],
    ["EditCard", { _tag: "EditCard", secret: author.secret, cardId: benchCardId(3), text: "Changed my mind about this one", at }, collecting],
    ["WithdrawCard", { _tag: "WithdrawCard", secret: author.secret, cardId: benchCardId(3), at }, collecting],
    [
      "JoinRetro",
      { _tag: "JoinRetro", participantId: "p-new", name: "New", side: "product", secret: benchSecret("new-person"), joinCode: JOIN, at },
      collecting
    ],
    ["AssignCard", { _tag: "AssignCard", ...facilitator, cardId: benchCardId(500), themeId: "theme-1" }, grouping],
    ["CreateTheme", { _tag: "CreateTheme", ...facilitator, themeId: "theme-new", name: "Release handoffs" }, grouping],
    ["CastVote", { _tag: "CastVote", secret: author.secret, themeId: "theme-1", at }, voting],
    ["FocusTheme", { _tag: "FocusTheme", ...facilitator, themeId: "theme-1" }, discussing],
    ["AddHandoffNote", { _tag: "AddHandoffNote", ...facilitator, themeId: "theme-1", noteId: "note-new", text: "Build reaches QA late" }, discussing]
  ]
  // The handler decodes a command once at its boundary and `decide` recognises the decoded value, so
  // deciding is measured on decoded commands and decoding on its own.
  const decoder = Decider.makeCommandDecoder(Retro.Command)
  const rows: Array<BenchRow> = cases.map(([name, command, state]) => {
    const valid = decoder.decode(command)
    if (Result.isFailure(valid)) throw new Error(`bench command ${name} does not decode: ${String(valid.failure)}`)
    decided(valid.success, state)
    return {
      section: "core",
      what: `decide ${name}, 600-card retro (target ≤ 20 µs)`,
      figure: microseconds(() => Retro.decide(valid.success, state)),
      unit: "µs",
      baseline
    }
  })
  const addCard = cases[0]![1]
  rows.push({
    section: "core",
    what: "decode an AddCard command at the boundary (a fresh object each time)",
    figure: microseconds(() => decoder.decode({ ...addCard })),
    unit: "µs",
    baseline
  })
  return rows
}

const handlerRows = async (): Promise<Array<BenchRow>> => {
  const rows: Array<BenchRow> = []
  const prefill = collectingEvents(450).slice(0, 500)
  const encoded = prefill.map(Retro.eventCodec.encode)
  const measure = (label: string, store: Store.EventStore["Service"]) =>
    Effect.gen(function*() {
      // A bare append of one encoded card, on a stream of its own: what the store alone allows.
      const bareStream = "bare"
      let bare = 0
      const bareStart = performance.now()
      while (bare < 20 || performance.now() - bareStart < millis / 2) {
        yield* store.append({ streamId: bareStream, kind: "retro", teamId: TEAM, expectedVersion: bare, events: [encoded.at(-1)!] })
        bare++
      }
      const bareRate = bare / ((performance.now() - bareStart) / 1000)

      const streamId = Retro.streamId(RETRO)
      yield* store.append({ streamId, kind: "retro", teamId: TEAM, expectedVersion: 0, events: encoded })
      const handler = Store.commandHandler(store, { decider: Retro.decider, codec: Retro.eventCodec, commandSchema: Retro.Command })
      const loadStart = performance.now()
      const loaded = yield* handler.load(streamId)
      const loadMs = performance.now() - loadStart
      if (loaded.version !== 500) return yield* Effect.die(new Error(`loaded ${loaded.version} events`))
      let n = 0
      const addCard = () => {
        const author = people[n % people.length]!
        return handler.handle({
          streamId,
          kind: "retro",
          teamId: TEAM,
          command: { _tag: "AddCard", secret: author.secret, cardKey: `bench-card-${n}`, prompt: "friction", text: texts[n % texts.length]!, at: T0 + 5 * 60_000 }
        })
      }
      // Warm: the first command after load (and JIT).
      for (let i = 0; i < 5; i++, n++) yield* addCard()
      const start = performance.now()
      const cpuStart = process.cpuUsage()
      const first = n
      while (n - first < 20 || performance.now() - start < millis) {
        yield* addCard()
        n++
      }
      const rate = (n - first) / ((performance.now() - start) / 1000)
      const cpu = process.cpuUsage(cpuStart)
      // On a shared machine wall time includes waiting for a core; CPU time does not (SQLite's fsync waits are
      // not CPU, so this figure says what the core costs, not what the disk allows).
      const perCpuSecond = (n - first) / ((cpu.user + cpu.system) / 1e6)
      rows.push({
        section: "core",
        what: `AddCard through the handler, warm 500-event stream, ${label}${label === "memory" ? " (target ≥ 30,000)" : ""}`,
        figure: rate,
        unit: "ops/s",
        baseline: { what: `bare append of one event, ${label}`, figure: bareRate }
      })
      rows.push({
        section: "core",
        what: `AddCard through the handler per CPU-second of this process, warm 500-event stream, ${label}`,
        figure: perCpuSecond,
        unit: "ops/s",
        baseline: { what: "wall-clock rate above", figure: rate }
      })
      rows.push({
        section: "core",
        what: `handler load of a 500-event retro stream, ${label}`,
        figure: loadMs,
        unit: "ms"
      })
    })
  await Effect.runPromise(Effect.flatMap(MemoryEventStore.make, (store) => measure("memory", store)))
  const dir = mkdtempSync(join(tmpdir(), "retrobridge-core-bench-"))
  try {
    await Effect.runPromise(Effect.scoped(Effect.flatMap(
      SqliteEventStore.make({ filename: join(dir, "bench.db"), pollInterval: 0 }),
      (store) => measure("SQLite (WAL, synchronous=FULL)", store)
    )))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

const viewRows = (): Array<BenchRow> => {
  const rows: Array<BenchRow> = []
  const now = T0 + 10 * 60_000
  const facilitator: Retro.Viewer = { role: "facilitator", secret: FACILITATOR }
  const participant: Retro.Viewer = { role: "participant", secret: people[3]!.secret }
  const observer: Retro.Viewer = { role: "observer" }
  const ok = (v: Result.Result<Retro.View, Retro.ViewError>) => {
    if (Result.isFailure(v)) throw new Error(`view rejected: ${String(v.failure)}`)
    return v.success
  }
  const view = (state: Retro.State, viewer: Retro.Viewer) => ok(Retro.view(state, viewer, now))
  const revealed = retroEvents(1_000)
  const states: ReadonlyArray<readonly [string, Retro.State]> = [
    ["collecting, 600 cards", fold(collectingEvents(600))],
    ["discussing, 600 revealed cards", fold(revealed)]
  ]
  for (const [label, state] of states) {
    // A live connection keeps a session per viewer (Retro.makeViewSession); the one-off view is Retro.view.
    const sessions = [facilitator, participant, observer].map(Retro.makeViewSession)
    const [f, p, o] = sessions.map((session) => microseconds(() => ok(session.view(state, now))) / 1000) as [number, number, number]
    const baseline = { what: "facilitator's view", figure: f }
    rows.push({ section: "core", what: `facilitator's view (session), ${label}`, figure: f, unit: "ms" })
    rows.push({ section: "core", what: `participant's view (session), ${label}`, figure: p, unit: "ms", baseline })
    rows.push({ section: "core", what: `observer's view (session), ${label}`, figure: o, unit: "ms", baseline })
    rows.push({
      section: "core",
      what: `participant's one-off view (Retro.view, no session), ${label}`,
      figure: microseconds(() => view(state, participant)) / 1000,
      unit: "ms",
      baseline
    })
  }
  // A live retro: after each write, every connected person's view is rebuilt from their session.
  const live = collectingEvents(60).slice(0, -1)
  let state = fold(live)
  const viewers: ReadonlyArray<Retro.Viewer> = [facilitator, observer, ...people.map((p) => ({ role: "participant" as const, secret: p.secret }))]
  const sessions = viewers.map(Retro.makeViewSession)
  let i = 0
  const write = () => {
    state = Retro.evolve(state, { _tag: "CardEdited", cardId: benchCardId(i % 60), text: `edit ${i++}` })
  }
  const afterWrite = microseconds(() => {
    write()
    for (const session of sessions) ok(session.view(state, now))
  })
  const oneWrite = microseconds(write)
  const oneOff = microseconds(() => {
    write()
    for (const viewer of viewers) view(state, viewer)
  })
  rows.push({
    section: "core",
    what: "all 12 views (sessions) of a 10-person, 60-card retro after one write (target ≤ 1 ms)",
    figure: (afterWrite - oneWrite) / 1000,
    unit: "ms",
    baseline: { what: "12 one-off views (Retro.view)", figure: (oneOff - oneWrite) / 1000 }
  })
  return rows
}

/** BENCH_CORE=replay,decide,handler,view picks parts (default: all). */
const parts = new Set((process.env["BENCH_CORE"] ?? "replay,decide,handler,view").split(","))

export default async function(): Promise<ReadonlyArray<BenchRow>> {
  return [
    ...(parts.has("replay") ? replayRows() : []),
    ...(parts.has("decide") ? decideRows() : []),
    ...(parts.has("handler") ? await handlerRows() : []),
    ...(parts.has("view") ? viewRows() : [])
  ]
}
