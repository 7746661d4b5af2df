/**
 * The store administrator's attacks, run against any store: play random
 * retros through the command handler, then read every raw row of every
 * table (no secrets, no server logs) and try to attribute cards.
 *
 * Each store's test supplies `rowsAfter`: play the commands on a fresh store
 * and dump its tables. The property and the attacks live here, once.
 */
import { Effect } from "effect"
import fc from "fast-check"
import { expect } from "vitest"
import { Retro, Store } from "@retrobridge/core"
import { anonymityScenarioRuns, coveringSeeds, secretDerivedPattern, type ScenarioRun } from "@retrobridge/core/testing"
import { sha256Hex } from "../../src/internal/Crypto.ts"

export type Row = Readonly<Record<string, unknown>>
export type Tables = Readonly<Record<string, ReadonlyArray<Row>>>

/** Plays a scenario run through the retro command handler on `store` (refused commands included). */
export const playRun = (store: Store.EventStore["Service"], run: ScenarioRun) =>
  Effect.gen(function*() {
    const handlers = yield* Effect.provideService(Store.makeHandlers, Store.EventStore, store)
    const streamId = Retro.streamId(run.retroId)
    for (const [i, command] of run.commands.entries()) {
      // Keys are the same in both runs: a host must not use keys that encode time (see the threat model).
      yield* Effect.ignore(
        handlers.retros.handle({ streamId, kind: "retro", teamId: run.teamId, command, idempotencyKey: `${run.retroId}:${i}` })
      )
    }
  })

const anonymousTypes = new Set(["CardAdded", "CardEdited", "CardWithdrawn", "VoteCast", "VoteRetracted", "ReadyMarked", "ReadyUnmarked"])

const asText = (value: unknown): string => value instanceof Date ? value.toISOString() : typeof value === "string" ? value : JSON.stringify(value)
const dataOf = (row: Row): Record<string, unknown> => {
  const raw = row["data"]
  return (typeof raw === "string" ? JSON.parse(raw) : raw) as Record<string, unknown>
}
const isoOf = (value: unknown): string => new Date(asText(value)).toISOString()

/** The rows of the retro's stream, in version order. */
const eventRows = (tables: Tables, retroId: string): ReadonlyArray<Row> =>
  [...(tables["events"] ?? [])]
    .filter((r) => r["stream_id"] === Retro.streamId(retroId))
    .sort((a, b) => Number(a["version"]) - Number(b["version"]))

/**
 * The attacks of issue 9 on one run's rows; returns what the attacker got
 * (counts), failing the test when an attack succeeds.
 */
export const attackRows = (tables: Tables, run: ScenarioRun, threshold: number) => {
  const text = JSON.stringify(tables, (_k, v) => v instanceof Date ? v.toISOString() : typeof v === "bigint" ? Number(v) : v)
  // No secret, and no bare (unkeyed) hash of one, anywhere in the store.
  for (const secret of [run.facilitatorSecret, ...run.people.map((p) => p.secret)]) {
    expect(text).not.toContain(secret)
    expect(text).not.toContain(sha256Hex(`retrobridge/token:${secret}`))
  }
  const rows = eventRows(tables, run.retroId)
  const phaseStarts = new Set(rows.filter((r) => r["type"] === "PhaseAdvanced" || r["type"] === "RetroCreated").map((r) => new Date(dataOf(r)["at"] as number).toISOString()))
  // Who could have written each card, from the rows alone: whoever was present (joined, not yet
  // removed) at its place in the stream, narrowed to its stored side if it has one.
  const present = new Map<string, string>()
  let cardsAttacked = 0
  let smallestSet = Infinity
  const readyMarks = new Set<string>()
  for (const row of rows) {
    const data = dataOf(row)
    if (row["type"] === "ParticipantJoined") present.set(data["participantId"] as string, data["side"] as string)
    if (row["type"] === "ParticipantRemoved") present.delete(data["participantId"] as string)
    if (anonymousTypes.has(row["type"] as string)) {
      // Recorded at a phase start, never at the instant of writing or voting.
      expect(phaseStarts.has(isoOf(row["recorded_at"])), `${row["type"]} recorded at ${asText(row["recorded_at"])}`).toBe(true)
      for (const key of Object.keys(data)) expect(["at", "recordedAt", "time"]).not.toContain(key)
    }
    if (row["type"] === "ReadyMarked" || row["type"] === "ReadyUnmarked") {
      // One field, a mark never seen before: nothing names the person or pairs a "done" with its undo.
      expect(Object.keys(data)).toEqual(["mark"])
      expect(readyMarks.has(data["mark"] as string), "a ready mark repeats").toBe(false)
      readyMarks.add(data["mark"] as string)
    }
    if (row["type"] === "CardAdded") {
      const side = data["side"] as string | undefined
      const candidates = [...present.values()].filter((s) => side === undefined || s === side).length
      smallestSet = Math.min(smallestSet, candidates)
      expect(candidates, `a card's anonymity set from the rows: ${candidates}`).toBeGreaterThanOrEqual(threshold)
      cardsAttacked++
    }
  }
  return { cardsAttacked, smallestSet, readyMarks: readyMarks.size }
}

/** The rows with the store's own clock (appends other than cards and votes) blanked: the runs differ in wall time only there. */
const comparable = (tables: Tables): string => {
  const out: Record<string, Array<string>> = {}
  for (const [table, rows] of Object.entries(tables)) {
    out[table] = rows.map((row) => {
      const copy: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(row)) {
        if (k === "data") copy[k] = dataOf(row)
        else if (/(_at|At)$/.test(k) && !anonymousTypes.has(row["type"] as string)) copy[k] = "<store clock>"
        else copy[k] = v instanceof Date ? v.toISOString() : typeof v === "bigint" ? Number(v) : v
      }
      return JSON.stringify(copy, Object.keys(copy).sort())
    })
      // Ordered by what does not depend on a secret (versions, keys), so patterns number alike in both runs.
      .map((text) => ({ text, order: text.replace(/card-[A-Za-z0-9_-]{22}|\b[0-9a-f]{64}\b|\b[0-9a-f]{32}\b/g, "#") }))
      .sort((x, y) => x.order < y.order ? -1 : x.order > y.order ? 1 : 0)
      .map((row) => row.text)
  }
  return JSON.stringify(out)
}

/**
 * Property: two runs that differ only in who wrote which card store rows
 * that are identical once secret-derived values are replaced by their
 * pattern of equality; and every attack above fails on every run.
 */
export const storeAnonymityProperty = async (
  rowsAfter: (run: ScenarioRun) => Promise<Tables>,
  numRuns: number
) => {
  const totals = { runs: 0, hidden: 0, shown: 0, lateJoins: 0, removals: 0, votes: 0, agreements: 0, movedCards: 0, cardsAttacked: 0, readyMarks: 0 }
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
      const scenario = anonymityScenarioRuns(seed)
      const a = await rowsAfter(scenario.original)
      const b = await rowsAfter(scenario.swapped)
      const threshold = Math.max(3, (scenario.original.commands[0] as { settings?: { anonymityThreshold?: number } }).settings?.anonymityThreshold ?? 3)
      const attackA = attackRows(a, scenario.original, threshold)
      attackRows(b, scenario.swapped, threshold)
      expect(JSON.parse(secretDerivedPattern(comparable(b)))).toEqual(JSON.parse(secretDerivedPattern(comparable(a))))
      const s = scenario.stats
      totals.runs++
      if (s.labelsShown) totals.shown++
      else totals.hidden++
      totals.lateJoins += s.lateJoins
      totals.removals += s.removals
      totals.votes += s.votes
      totals.agreements += s.agreements
      totals.movedCards += s.movedCards
      totals.cardsAttacked += attackA.cardsAttacked
      totals.readyMarks += attackA.readyMarks
    }),
    // Two fixed retros (labels shown, labels hidden) that reach every case, then random ones.
    { numRuns, examples: coveringSeeds.map((seed) => [seed] as [number]) }
  )
  return totals
}

export const expectEveryCase = (totals: Readonly<Record<string, number>>) => {
  for (const [what, n] of Object.entries(totals)) expect(n, `${what} never occurred`).toBeGreaterThan(0)
}
