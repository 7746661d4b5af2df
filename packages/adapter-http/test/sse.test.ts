/**
 * Live updates: each viewer's own redacted view, resumable, with
 * heartbeats; a reader that stops reading holds back nobody.
 */
import { Deferred, Effect } from "effect"
import { describe, expect, it } from "vitest"
import { makeHarness, setupRetro, setupTeam } from "./fixtures/harness.ts"
import { readSse } from "./fixtures/sse.ts"

const views = (frame: { event?: string }) => frame.event === "view"

describe("GET /retros/{retroId}/events", () => {
  it("sends each viewer its own view as it changes: counts only while collecting, never another's card", async () => {
    const h = await makeHarness({ sseHeartbeatMs: 60_000 })
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const amara = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.participantTokens[0]!)).body!)
    const nora = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.facilitatorToken)).body!)
    const firstAmara = await amara.until(views)
    const firstNora = await nora.until(views)
    expect(JSON.parse(firstAmara.data!).viewer).toBe("participant")
    expect(JSON.parse(firstNora.data!).viewer).toBe("facilitator")
    expect(JSON.parse(firstAmara.data!).cardCounts.total).toBe(6)

    const secret = "A thought only Bo may see until the reveal"
    const added = await h.call("POST", `/retros/${retro.retroId}/cards`, { token: retro.participantTokens[1]!, body: { prompt: "friction", text: secret } })
    const nextAmara = await amara.until(views)
    const nextNora = await nora.until(views)
    for (const frame of [nextAmara, nextNora]) {
      expect(Number(frame.id)).toBe(Number(firstAmara.id) + 1)
      expect(JSON.parse(frame.data!).cardCounts.total).toBe(7)
      expect(frame.data).not.toContain(secret)
      expect(frame.data).not.toContain(added.json.cardId)
    }
    await amara.close()
    await nora.close()
    await h.dispose()
  })

  it("sends a viewer nothing when only what it may not see changed: the moment of another's edit or vote would say who acted", async () => {
    const h = await makeHarness({ sseHeartbeatMs: 60_000 })
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const facilitator = { token: retro.facilitatorToken }
    const amara = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.participantTokens[0]!)).body!)
    const opening = await amara.until(views)
    const quiet = async () => {
      const frame = await amara.until(views, 400).catch((e: Error) => e)
      expect(frame, "a view frame after a change hidden from this viewer").toBeInstanceOf(Error)
    }
    // Bo edits his own card while cards are hidden: a write happened, Amara's view did not change.
    const bosCard = retro.cardIds[1]!
    expect((await h.call("PATCH", `/retros/${retro.retroId}/cards/${bosCard}`, { token: retro.participantTokens[1]!, body: { text: "Edited: tech debt slows every change" } })).status).toBe(200)
    await quiet()
    // A change she can see still reaches her, and at once.
    expect((await h.call("POST", `/retros/${retro.retroId}/cards`, { token: retro.participantTokens[2]!, body: { prompt: "worked-well", text: "Pairing on specs" } })).status).toBe(201)
    const counted = await amara.until(views)
    expect(JSON.parse(counted.data!).cardCounts.total).toBe(JSON.parse(opening.data!).cardCounts.total + 1)

    expect((await h.call("POST", `/retros/${retro.retroId}/phase`, { ...facilitator, body: { from: "collecting" } })).status).toBe(200)
    const theme = await h.call("POST", `/retros/${retro.retroId}/themes`, { ...facilitator, body: { name: "Tech debt" } })
    for (const cardId of retro.cardIds) await h.call("PUT", `/retros/${retro.retroId}/cards/${cardId}/theme`, { ...facilitator, body: { themeId: theme.json.themeId } })
    expect((await h.call("POST", `/retros/${retro.retroId}/phase`, { ...facilitator, body: { from: "grouping" } })).status).toBe(200)
    const voting = await amara.until((f) => views(f) && JSON.parse(f.data!).phase === "voting")
    // Votes are secret while voting: Dana's vote, and her taking it back, send Amara nothing.
    const vote = `/retros/${retro.retroId}/themes/${theme.json.themeId}/votes`
    expect((await h.call("POST", vote, { token: retro.participantTokens[3]!, body: {} })).status).toBe(200)
    await quiet()
    expect((await h.call("DELETE", vote, { token: retro.participantTokens[3]! })).status).toBe(200)
    await quiet()
    // Her own vote changes her view.
    expect((await h.call("POST", vote, { token: retro.participantTokens[0]!, body: {} })).status).toBe(200)
    const mine = await amara.until(views)
    expect(Number(mine.id)).toBeGreaterThan(Number(voting.id))
    expect(JSON.parse(mine.data!).myVotes.used).toBe(1)
    await amara.close()
    await h.dispose()
  })

  it("limits the live streams one token holds open at once: 429 with Retry-After beyond it, a slot again once one closes", async () => {
    const h = await makeHarness({ sseHeartbeatMs: 60_000, maxStreamsPerToken: 2 })
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const token = retro.participantTokens[0]!
    const path = `/retros/${retro.retroId}/events`
    const first = readSse((await h.open(path, token)).body!)
    const second = readSse((await h.open(path, token)).body!)
    await first.until(views)
    await second.until(views)
    const third = await h.open(path, token)
    expect(third.status).toBe(429)
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(await third.json()).toMatchObject({ code: "too-many-streams", details: { path: "Authorization" } })
    // Another token of the retro has its own allowance.
    const other = readSse((await h.open(path, retro.participantTokens[1]!)).body!)
    await other.until(views)
    await first.close()
    await other.close()
    // The server notices the closed stream when it next writes to it (at once here: the reader cancelled).
    let again: Response | undefined
    for (let attempt = 0; attempt < 50 && again?.status !== 200; attempt++) {
      if (again !== undefined) await new Promise((resolve) => setTimeout(resolve, 20))
      again = await h.open(path, token)
    }
    expect(again!.status).toBe(200)
    await again!.body!.cancel()
    await second.close()

    // Opens that race past the check (answered before any of their streams started) are held to the limit
    // when their streams start: the extra ones say so and end.
    const racing = await Promise.all(Array.from({ length: 5 }, () => h.open(path, retro.participantTokens[2]!)))
    const outcomes = await Promise.all(racing.map(async (response) => {
      if (response.status !== 200) return response.status
      const frame = await readSse(response.body!).until((f) => f.event === "view" || f.event === "refused")
      return frame.event
    }))
    // All five were answered before any stream started (the web handler starts a body when it is read).
    expect(outcomes.filter((o) => o === "view")).toHaveLength(2)
    expect(outcomes.filter((o) => o === "refused")).toHaveLength(3)
    for (const response of racing) await response.body?.cancel().catch(() => undefined)
    await h.dispose()
  })

  it("resumes after Last-Event-ID without repeating what the viewer has, and sends heartbeats", async () => {
    const h = await makeHarness({ sseHeartbeatMs: 30 })
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const first = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.facilitatorToken)).body!)
    const seen = await first.until(views)
    await first.close()
    const resumed = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.facilitatorToken, { "last-event-id": seen.id! })).body!)
    expect(await resumed.next()).toEqual({ retry: "2000" })
    expect((await resumed.next())?.comment).toBe("heartbeat")
    await h.call("POST", `/retros/${retro.retroId}/phase`, { token: retro.facilitatorToken, body: { from: "collecting" } })
    const after = await resumed.until(views)
    expect(Number(after.id)).toBeGreaterThan(Number(seen.id))
    expect(JSON.parse(after.data!).phase).toBe("grouping")
    await resumed.close()
    await h.dispose()
  })

  it("sends the view when Last-Event-ID is ahead of the store (a database restored from a backup) or not a version", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const first = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.facilitatorToken)).body!)
    const seen = await first.until(views)
    await first.close()
    // Spellings that Number() would read as the version are not ids this server wrote.
    for (const claimed of [String(Number(seen.id) + 5), "yesterday", `0x${Number(seen.id).toString(16)}`, `${seen.id}e0`, `${seen.id}.0`, `+${seen.id}`]) {
      const stream = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.facilitatorToken, { "last-event-id": claimed })).body!)
      const view = await stream.until(views)
      expect(view.id, claimed).toBe(seen.id)
      // The same state (the clocks in a view move with time).
      expect(JSON.parse(view.data!)).toMatchObject({ phase: JSON.parse(seen.data!).phase, participantCount: JSON.parse(seen.data!).participantCount })
      await stream.close()
    }
    await h.dispose()
  })

  it("a reader that never reads does not delay the others", async () => {
    const h = await makeHarness({ sseHeartbeatMs: 60_000, writeLimit: { limit: 10_000, windowMs: 60_000 } })
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    const stalled = await h.open(`/retros/${retro.retroId}/events`, retro.participantTokens[2]!)
    const live = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.participantTokens[3]!)).body!)
    await live.until(views)
    for (let i = 0; i < 60; i++) {
      await h.call("POST", `/retros/${retro.retroId}/cards`, { token: retro.participantTokens[i % 6]!, body: { prompt: "friction", text: `Card ${i} about tech debt` } })
    }
    const last = await live.until((f) => views(f) && JSON.parse(f.data!).cardCounts.total === 66)
    expect(last.event).toBe("view")
    await stalled.body!.cancel()
    await live.close()
    await h.dispose()
  })

  it("tells a removed participant it is gone, and ends every stream on shutdown", async () => {
    const stop = Effect.runSync(Deferred.make<void>())
    const h = await makeHarness({ sseHeartbeatMs: 60_000, shutdown: Deferred.await(stop) })
    const team = await setupTeam(h)
    const retro = (await h.call("POST", `/teams/${team.teamId}/retros`, {
      token: team.adminToken,
      body: { title: "Q4", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora" }
    })).json
    const joined = (await h.call("POST", `/retros/${retro.retroId}/participants`, { body: { joinCode: retro.joinCode, name: "Zed", side: "product" } })).json
    const zed = readSse((await h.open(`/retros/${retro.retroId}/events`, joined.participantToken)).body!)
    const nora = readSse((await h.open(`/retros/${retro.retroId}/events`, retro.facilitatorToken)).body!)
    const zedView = JSON.parse((await zed.until(views)).data!)
    await nora.until(views)
    const participantId = (await h.call("GET", `/retros/${retro.retroId}`, { token: retro.facilitatorToken })).json.participants[0].participantId
    expect(zedView.participants.map((p: { participantId: string }) => p.participantId)).toContain(participantId)
    await h.call("DELETE", `/retros/${retro.retroId}/participants/${participantId}`, { token: retro.facilitatorToken })
    expect((await zed.until((f) => f.event !== "view")).event).toBe("gone")
    expect(await zed.next()).toBeUndefined()
    Effect.runSync(Deferred.succeed(stop, undefined))
    expect((await nora.until((f) => f.event !== "view")).event).toBe("shutdown")
    expect(await nora.next()).toBeUndefined()
    await h.dispose()
  })

  it("refuses tokens like every other endpoint", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const a = await setupRetro(h, team.adminToken, team.teamId)
    const b = await setupRetro(h, team.adminToken, team.teamId)
    expect((await h.open(`/retros/${b.retroId}/events`, a.facilitatorToken)).status).toBe(404)
    expect((await h.open(`/retros/${b.retroId}/events`, "nonsense")).status).toBe(401)
    expect((await h.open(`/retros/${b.retroId}/events`, team.adminToken)).status).toBe(404)
    await h.dispose()
  })
})
