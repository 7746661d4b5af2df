/**
 * The whole product as users run it: the real `retrobridge serve` process on
 * a free loopback port and a SQLite file, a whole retro driven through the
 * typed client (two sides, cards, reveal, themes, votes, notes, agreements,
 * export), then a restart on the same file that reads everything back.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { RetroBridgeClient } from "@retrobridge/adapter-http/client"
import { Agreements } from "@retrobridge/core"
import { startServer, type RunningServer } from "./fixtures/spawnServer.ts"

const dir = mkdtempSync(join(tmpdir(), "retrobridge-e2e-"))
const store = `sqlite:${join(dir, "retro.db")}`
const running: Array<RunningServer> = []

afterAll(async () => {
  for (const server of running) if (server.process.exitCode === null) await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

describe("retrobridge serve, end to end", () => {
  it("runs a whole retro over HTTP and keeps it across a restart", async () => {
    const first = await startServer(["--store", store, "--log-level", "error"])
    running.push(first)
    const client = (token?: string) => RetroBridgeClient.makeFetch({ baseUrl: first.url, token })

    // The team admin creates the team and a retro.
    const anonymous = await run(client())
    expect(await run(anonymous.healthz())).toEqual({ status: "ok" })
    expect(await run(anonymous.readyz())).toEqual({ status: "ready" })
    const team = await run(anonymous.teams.create({ payload: { name: "Checkout" } }))
    const admin = await run(client(team.adminToken))
    const retro = await run(admin.teams.createRetro({
      params: { teamId: team.teamId },
      payload: { title: "Checkout — Q4 retro", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }
    }))
    expect(retro.joinPath).toBe(`/join/${retro.retroId}#${retro.joinCode}`)
    const retroId = retro.retroId
    const facilitator = await run(client(retro.facilitatorToken))

    // Both sides join with the join code.
    const people = [
      { name: "Amara", side: "product" as const },
      { name: "Bo", side: "product" as const },
      { name: "Chen", side: "product" as const },
      { name: "Dana", side: "engineering" as const },
      { name: "Eli", side: "engineering" as const },
      { name: "Fatima", side: "engineering" as const }
    ]
    const participants = []
    const participantTokens: Array<string> = []
    for (const p of people) {
      const joined = await run(anonymous.retros.join({ params: { retroId }, payload: { joinCode: retro.joinCode, ...p } }))
      participantTokens.push(joined.participantToken)
      participants.push(await run(client(joined.participantToken)))
    }

    // Collection: every participant writes, one edits, one withdraws.
    await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "draft" } }))
    const texts = [
      ["friction", "Requirements changed after sprint planning twice"],
      ["wish-understood", "A missed launch date costs a partner commitment"],
      ["friction", "Estimates slipped on every payment integration"],
      ["friction", "We learn about tech debt only when a deadline is at risk"],
      ["friction", "The legacy payment service slows every change; tech debt keeps growing"],
      ["wish-understood", "Our estimates are treated as deadlines"],
      ["friction", "Flaky tests in CI cost us hours every week"],
      ["worked-well", "Feature flags let us ship in small slices"]
    ] as const
    const cardIds: Array<string> = []
    for (const [i, [prompt, text]] of texts.entries()) {
      const added = await run(participants[i % participants.length]!.retros.addCard({ params: { retroId }, payload: { prompt, text } }))
      expect(added.cardId).toMatch(/^card-[A-Za-z0-9_-]{22}$/)
      cardIds.push(added.cardId)
    }
    await run(participants[0]!.retros.editCard({ params: { retroId, cardId: cardIds[0]! }, payload: { text: "Requirements changed after sprint planning, twice in October" } }))
    const withdrawn = await run(participants[1]!.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Never mind" } }))
    await run(participants[1]!.retros.withdrawCard({ params: { retroId, cardId: withdrawn.cardId } }))

    // During collection a participant sees only their own cards; the facilitator sees counts.
    const amaraDuring = await run(participants[0]!.retros.view({ params: { retroId } }))
    expect(amaraDuring.myCards.map((c) => c.cardId).sort()).toEqual([cardIds[0], cardIds[6]].sort())
    expect(amaraDuring.cards).toBeUndefined()
    const facilitatorDuring = await run(facilitator.retros.view({ params: { retroId } }))
    expect(facilitatorDuring.cardCounts.total).toBe(texts.length)

    // Reveal, then themes with the suggester's proposals.
    expect((await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "collecting" } }))).phase).toBe("grouping")
    const revealed = await run(participants[3]!.retros.view({ params: { retroId } }))
    expect(revealed.cards?.map((c) => c.cardId).sort()).toEqual([...cardIds].sort())
    expect(JSON.stringify(revealed)).not.toContain("Amara\",\"side\":\"product\",\"text")

    const debt = await run(facilitator.retros.createTheme({ params: { retroId }, payload: { name: "technical-debt" } }))
    const est = await run(facilitator.retros.createTheme({ params: { retroId }, payload: { name: "estimates-predictability" } }))
    const req = await run(facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Unclear asks" } }))
    await run(facilitator.retros.renameTheme({ params: { retroId, themeId: req.themeId }, payload: { name: "requirements-clarity" } }))
    const proposals = await run(facilitator.retros.themeProposals({ params: { retroId } }))
    expect(proposals.length).toBeGreaterThan(0)
    let assigned = 0
    for (const proposal of proposals) {
      if (proposal.themeId === undefined) continue
      await run(facilitator.retros.assignCard({ params: { retroId, cardId: proposal.cardId }, payload: { themeId: proposal.themeId } }))
      assigned++
    }
    expect(assigned).toBeGreaterThan(0)
    await run(facilitator.retros.assignCard({ params: { retroId, cardId: cardIds[5]! }, payload: { themeId: est.themeId } }))

    // Dot voting.
    await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "grouping" } }))
    for (const p of participants) {
      await run(p.retros.castVote({ params: { retroId, themeId: debt.themeId } }))
      await run(p.retros.castVote({ params: { retroId, themeId: est.themeId } }))
    }
    await run(participants[0]!.retros.retractVote({ params: { retroId, themeId: est.themeId } }))
    await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "voting" } }))

    // Discussion notes.
    await run(facilitator.retros.focusTheme({ params: { retroId }, payload: { themeId: debt.themeId } }))
    await run(facilitator.retros.recordOptimizingFor({ params: { retroId, themeId: debt.themeId, side: "product" }, payload: { text: "Features partners wait for" } }))
    await run(facilitator.retros.recordOptimizingFor({ params: { retroId, themeId: debt.themeId, side: "engineering" }, payload: { text: "A changeable payment service" } }))
    await run(facilitator.retros.addHandoffNote({ params: { retroId, themeId: debt.themeId }, payload: { text: "Debt is raised only when a deadline is at risk" } }))
    await run(facilitator.retros.addInformationGap({ params: { retroId, themeId: debt.themeId }, payload: { side: "product", text: "What the debt costs each week" } }))
    await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "discussing" } }))

    // Agreements: validate a vague draft without saving, then accept a good one.
    const vague = await run(facilitator.retros.validateAgreement({
      params: { retroId },
      payload: { agreement: { statement: "Try to communicate better", commitments: [{ side: "product", text: "Try to share more" }], reviewBy: "2026-12-15" } }
    }))
    expect(vague.valid).toBe(false)
    expect(vague.violations.map((v) => v.code)).toContain("not-bilateral")
    const template = Agreements.templates("2026-10-01")[2]!.draft
    const checked = await run(facilitator.retros.validateAgreement({ params: { retroId }, payload: { agreement: { ...template, themeId: debt.themeId } } }))
    expect(checked).toEqual({ valid: true, violations: [] })
    const agreement = await run(facilitator.retros.acceptAgreement({ params: { retroId }, payload: { agreement: { ...template, themeId: debt.themeId } } }))
    await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "agreeing" } }))

    const viewBefore = await run(participants[2]!.retros.view({ params: { retroId } }))
    expect(viewBefore.phase).toBe("closed")
    expect(viewBefore.agreements.map((a) => a.agreementId)).toEqual([agreement.agreementId])
    const markdown = await run(facilitator.retros.exportMarkdown({ params: { retroId } }))
    expect(markdown).toContain("Checkout — Q4 retro")
    expect(markdown).toContain("Debt is raised only when a deadline is at risk")
    for (const p of people) expect(markdown).not.toContain(`${p.name}:`)

    expect(await first.stop()).toBe(0)

    // A restart on the same SQLite file serves the same retro to the same tokens.
    const second = await startServer(["--store", store, "--log-level", "error"])
    running.push(second)
    const again = (token: string) => RetroBridgeClient.makeFetch({ baseUrl: second.url, token })
    const viewAfter = await run(Effect.flatMap(again(participantTokens[2]!), (c) => c.retros.view({ params: { retroId } })))
    expect(stripClock(viewAfter)).toEqual(stripClock(viewBefore))
    expect(await run(Effect.flatMap(again(retro.facilitatorToken), (c) => c.retros.exportMarkdown({ params: { retroId } })))).toBe(markdown)
    const history = await run(Effect.flatMap(again(team.adminToken), (c) => c.teams.history({ params: { teamId: team.teamId } })))
    expect(history.retros.map((r) => r.retroId)).toEqual([retroId])
    expect(await second.stop()).toBe(0)
  })
})

const stripClock = (view: { readonly clock: unknown }) => ({ ...view, clock: undefined })
