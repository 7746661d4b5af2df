/**
 * Theme proposals over HTTP, through the typed client and in the
 * facilitator's live view: the ranked top three with scores and
 * explanations, learning from the team's earlier retros, and never from
 * another team's.
 */
import { Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { toWebHandler } from "@retrobridge/adapter-http"
import { Store } from "@retrobridge/core"
import { readSse } from "./fixtures/sse.ts"
import { typedClientOn } from "./fixtures/typedClient.ts"

const store = await Effect.runPromise(MemoryEventStore.make)
// Both tests join 24 people from one (unknown) address: more than the default join limit allows in a minute.
const { handler, dispose } = toWebHandler(Layer.succeed(Store.EventStore)(store), { joinLimit: { limit: 1_000, windowMs: 60_000 } })
afterAll(dispose)

const client = typedClientOn(handler)
const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

const people = [
  { name: "Amara", side: "product" },
  { name: "Bo", side: "product" },
  { name: "Chen", side: "product" },
  { name: "Dana", side: "engineering" },
  { name: "Eli", side: "engineering" },
  { name: "Fatima", side: "engineering" }
] as const

/** A retro of the team in its grouping phase, its cards written by its participants in turn. */
const retroInGrouping = async (teamId: string, adminToken: string, date: string, texts: ReadonlyArray<string>) => {
  const admin = await client(adminToken)
  const retro = await run(admin.teams.createRetro({
    params: { teamId },
    payload: { title: `Retro ${date}`, trigger: "quarterly", date, facilitatorName: "Nora" }
  }))
  const retroId = retro.retroId
  const facilitator = await client(retro.facilitatorToken)
  const anonymous = await client()
  const participants = []
  for (const p of people) {
    const joined = await run(anonymous.retros.join({ params: { retroId }, payload: { joinCode: retro.joinCode, ...p } }))
    participants.push(await client(joined.participantToken))
  }
  await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "draft" } }))
  const cardIds: Array<string> = []
  for (const [i, text] of texts.entries()) {
    const added = await run(participants[i % participants.length]!.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text } }))
    cardIds.push(added.cardId)
  }
  await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "collecting" } }))
  return { retroId, facilitator, facilitatorToken: retro.facilitatorToken, cardIds }
}

const newTeam = async (name: string) => run((await client()).teams.create({ payload: { name } }))

const nextCard = "The Zephyr go-live runbook is still incomplete"
const earlierCards = [
  "Nobody owned the Zephyr go-live runbook",
  "Zephyr go-live was postponed because the runbook was incomplete",
  "The go-live runbook for Zephyr missed the rollback steps"
]

describe("GET /retros/:retroId/theme-proposals", () => {
  it("ranks up to three proposals per card, learns from the team's earlier retro, and not from another team's", async () => {
    const atlas = await newTeam("Atlas")
    const borealis = await newTeam("Borealis")
    const next = await retroInGrouping(atlas.teamId, atlas.adminToken, "2026-12-15", [nextCard])
    const other = await retroInGrouping(borealis.teamId, borealis.adminToken, "2026-12-15", [nextCard])

    const before = await run(next.facilitator.retros.themeProposals({ params: { retroId: next.retroId } }))
    expect(before).toHaveLength(1)
    const [card] = before
    expect(card!.cardId).toBe(next.cardIds[0])
    expect(card!.proposals.length).toBeGreaterThan(0)
    expect(card!.proposals.length).toBeLessThanOrEqual(3)
    // The top level is the best proposal; the ranked list is best first, each with its score and explanation.
    expect(card!.name).toBe(card!.proposals[0]!.name)
    expect(card!.score).toBe(card!.proposals[0]!.score)
    for (const [i, p] of card!.proposals.entries()) {
      expect(p.explanation.length).toBe(p.reasons.length)
      expect(p.explanation.length).toBeGreaterThan(0)
      if (i > 0) expect(p.score).toBeLessThanOrEqual(card!.proposals[i - 1]!.score)
    }
    expect(card!.proposals.flatMap((p) => p.reasons).some((r) => r.kind === "team-history")).toBe(false)
    const otherBefore = await run(other.facilitator.retros.themeProposals({ params: { retroId: other.retroId } }))

    // Atlas groups an earlier retro: three go-live cards into its own "Release readiness" theme.
    const earlier = await retroInGrouping(atlas.teamId, atlas.adminToken, "2026-09-30", earlierCards)
    const readiness = await run(earlier.facilitator.retros.createTheme({ params: { retroId: earlier.retroId }, payload: { name: "Release readiness" } }))
    for (const cardId of earlier.cardIds) {
      await run(earlier.facilitator.retros.assignCard({ params: { retroId: earlier.retroId, cardId }, payload: { themeId: readiness.themeId } }))
    }

    const after = await run(next.facilitator.retros.themeProposals({ params: { retroId: next.retroId } }))
    expect(after).not.toEqual(before)
    const best = after[0]!.proposals[0]!
    expect(best.customName).toBe("Release readiness")
    expect(after[0]!.customName).toBe("Release readiness")
    expect(best.reasons.some((r) => r.kind === "team-history" && r.themeName === "Release readiness")).toBe(true)
    expect(best.explanation.some((e) => e.includes("earlier card") && e.includes("Release readiness"))).toBe(true)

    // Borealis wrote the same card: Atlas's grouping changes nothing for it.
    const otherAfter = await run(other.facilitator.retros.themeProposals({ params: { retroId: other.retroId } }))
    expect(otherAfter).toEqual(otherBefore)
    expect(otherAfter[0]!.proposals.map(({ name, score, reasons }) => ({ name, score, reasons })))
      .toEqual(before[0]!.proposals.map(({ name, score, reasons }) => ({ name, score, reasons })))
    expect(JSON.stringify(otherAfter)).not.toContain("Release readiness")
  })

  it("the facilitator's live view (SSE) proposes from the team's earlier retros too, from its first frame on", async () => {
    const atlas = await newTeam("Atlas live")
    const borealis = await newTeam("Borealis live")
    const earlier = await retroInGrouping(atlas.teamId, atlas.adminToken, "2026-09-30", earlierCards)
    const readiness = await run(earlier.facilitator.retros.createTheme({ params: { retroId: earlier.retroId }, payload: { name: "Release readiness" } }))
    for (const cardId of earlier.cardIds) {
      await run(earlier.facilitator.retros.assignCard({ params: { retroId: earlier.retroId, cardId }, payload: { themeId: readiness.themeId } }))
    }
    const next = await retroInGrouping(atlas.teamId, atlas.adminToken, "2026-12-15", [nextCard])
    const other = await retroInGrouping(borealis.teamId, borealis.adminToken, "2026-12-15", [nextCard])
    const watch = async (retroId: string, token: string) => {
      const response = await handler(new Request(`http://retrobridge.test/retros/${retroId}/events`, { headers: { authorization: `Bearer ${token}` } }))
      expect(response.status).toBe(200)
      return readSse(response.body!)
    }
    type Suggested = { cardId: string; suggestion?: { customName?: string; proposals: Array<{ reasons: Array<{ kind: string; themeName?: string }> }> } }
    const cardsOf = (data: string | undefined): Array<Suggested> => (JSON.parse(data!) as { cards: Array<Suggested> }).cards

    const live = await watch(next.retroId, next.facilitatorToken)
    const endpoint = await run(next.facilitator.retros.themeProposals({ params: { retroId: next.retroId } }))
    const first = cardsOf((await live.until((f) => f.event === "view")).data)
    expect(first[0]!.suggestion?.customName).toBe("Release readiness")
    expect(first[0]!.suggestion!.proposals[0]!.reasons.some((r) => r.kind === "team-history" && r.themeName === "Release readiness")).toBe(true)
    // The same ranking as the endpoint's.
    expect(first[0]!.suggestion!.proposals).toEqual(endpoint[0]!.proposals)

    // Still there in the frames that follow a write.
    await run(next.facilitator.retros.createTheme({ params: { retroId: next.retroId }, payload: { name: "Odds and ends" } }))
    const after = cardsOf((await live.until((f) => f.event === "view")).data)
    expect(after[0]!.suggestion?.customName).toBe("Release readiness")

    // Another team's live view learns nothing from Atlas.
    const otherLive = await watch(other.retroId, other.facilitatorToken)
    const otherFirst = await otherLive.until((f) => f.event === "view")
    expect(otherFirst.data).not.toContain("Release readiness")
    expect(cardsOf(otherFirst.data)[0]!.suggestion!.proposals.flatMap((p) => p.reasons).some((r) => r.kind === "team-history")).toBe(false)
    await live.close()
    await otherLive.close()
  })
})
