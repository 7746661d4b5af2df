/**
 * The anonymity properties of issue 9 over random retros (late joins,
 * removals, edits, withdrawals, votes, agreements — each counted, and the
 * test fails if a kind never occurs).
 *
 * Every viewer: two runs that differ only in who wrote which card (across
 * sides when labels are hidden, within a side when shown) give the same
 * views, client events, errors, export and team history, up to the pattern
 * of secret-derived values. Decided once: the promise made at collection
 * start holds in every later output.
 */
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Retro, Team } from "@retrobridge/core"
import { anonymityScenarioRuns, coveringSeeds, secretDerivedPattern, type ScenarioRun, type ScenarioStats } from "@retrobridge/core/testing"

const errorOf = (e: { readonly _tag: string; readonly message: string }) => ({ tag: e._tag, message: e.message })

/** Everything anyone but a card's author can see while and after the run goes. */
const transcript = (run: ScenarioRun) => {
  let state: Retro.State = Retro.initialState
  const out: Array<unknown> = []
  const promises = new Set<string>()
  const breaches: Array<string> = []
  for (const command of run.commands) {
    const decided = Retro.decide(command, state)
    if (Result.isFailure(decided)) {
      out.push({ command: command._tag, error: errorOf(decided.failure) })
      continue
    }
    out.push({ command: command._tag, clientEvents: decided.success.map(Retro.toClientEvent) })
    for (const event of decided.success) state = Retro.evolve(state, event)
    if (state.status !== "active") continue
    const now = command.at + 1
    const views = [
      Retro.view(state, { role: "facilitator", secret: run.facilitatorSecret }, now),
      Retro.view(state, { role: "observer" }, now),
      ...state.participants.map((p) => Retro.view(state, { role: "participant", secret: run.people.find((x) => x.id === p.participantId)!.secret }, now))
    ]
    for (const v of views) {
      if (Result.isFailure(v)) throw new Error(v.failure.message)
      // A participant's own cards are theirs to see: they differ, by design, for the authors swapped.
      const { myCards: _mine, ...rest } = v.success
      out.push(rest)
      if (state.phase !== "draft") {
        promises.add(v.success.anonymity.sideLabels)
        const hidden = v.success.anonymity.sideLabels === "hidden"
        if (hidden && (v.success.cards ?? []).some((c) => c.side !== "undisclosed")) breaches.push("a side shown on a card")
        if (hidden && v.success.cardCounts.bySide !== undefined) breaches.push("per-side counts shown")
        if (!hidden && v.success.cardCounts.bySide === undefined && state.phase === "collecting") breaches.push("promised counts missing")
      }
    }
  }
  const md = Retro.markdown(state)
  out.push({ export: Result.isSuccess(md) ? md.success : errorOf(md.failure) })
  if (state.status === "active") out.push({ history: Team.history(state.details.teamId, [state]) })
  return { text: secretDerivedPattern(JSON.stringify(out)), promises, breaches, state }
}

const totals = { runs: 0, hidden: 0, shown: 0, lateJoins: 0, removals: 0, refusedRemovals: 0, edits: 0, withdrawals: 0, votes: 0, agreements: 0, movedCards: 0 }
const count = (stats: ScenarioStats) => {
  totals.runs++
  if (stats.labelsShown) totals.shown++
  else totals.hidden++
  totals.lateJoins += stats.lateJoins
  totals.removals += stats.removals
  totals.refusedRemovals += stats.refusedRemovals
  totals.edits += stats.edits
  totals.withdrawals += stats.withdrawals
  totals.votes += stats.votes
  totals.agreements += stats.agreements
  totals.movedCards += stats.movedCards
}

describe("anonymity properties over random retros (pure core)", () => {
  it("swapping authors the promise hides changes no view, client event, error, export or history", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const scenario = anonymityScenarioRuns(seed)
        count(scenario.stats)
        const a = transcript(scenario.original)
        const b = transcript(scenario.swapped)
        expect(b.text).toBe(a.text)
        // Decided once: one promise from collection start to the end, kept by every output.
        expect(a.promises.size).toBe(1)
        expect([...a.promises][0]).toBe(scenario.stats.labelsShown ? "shown" : "hidden")
        expect(a.breaches).toEqual([])
      }),
      // Two fixed retros (labels shown, labels hidden) that reach every case, then random ones.
      { numRuns: 40, examples: coveringSeeds.map((seed) => [seed] as [number]) }
    )
    // Each interesting case happened, or the property proved nothing about it.
    for (const [what, n] of Object.entries(totals)) expect(n, `${what} never occurred`).toBeGreaterThan(0)
  }, 240_000)

  it("the property can fail: a run that really differs is caught", () => {
    const scenario = anonymityScenarioRuns(7)
    const tampered: ScenarioRun = {
      ...scenario.swapped,
      commands: scenario.swapped.commands.map((c) => c._tag === "AddCard" ? { ...c, text: `${c.text}!` } : c)
    }
    expect(transcript(tampered).text).not.toBe(transcript(scenario.original).text)
  })
})
