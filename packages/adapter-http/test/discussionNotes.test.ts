/**
 * Correcting and taking back discussion notes over HTTP: `PUT` and `DELETE`
 * `/retros/{retroId}/themes/{themeId}/notes/{noteId}`, for a handoff note or an information gap alike.
 */
import { describe, expect, it } from "vitest"
import { makeHarness, setupRetro, setupTeam, type Harness } from "./fixtures/harness.ts"

/** A retro in discussion with one theme, a handoff note and an information gap on it. */
const discussingWithNotes = async (h: Harness) => {
  const team = await setupTeam(h)
  const retro = await setupRetro(h, team.adminToken, team.teamId)
  const as = { token: retro.facilitatorToken }
  const advance = async (from: string) => expect((await h.call("POST", `/retros/${retro.retroId}/phase`, { ...as, body: { from } })).status).toBe(200)
  await advance("collecting")
  const themeId = (await h.call("POST", `/retros/${retro.retroId}/themes`, { ...as, body: { name: "technical-debt" } })).json.themeId as string
  await advance("grouping")
  await advance("voting")
  const handoff = await h.call("POST", `/retros/${retro.retroId}/themes/${themeId}/handoff-notes`, { ...as, body: { text: "Debt is invisble at planing" } })
  const gap = await h.call("POST", `/retros/${retro.retroId}/themes/${themeId}/information-gaps`, { ...as, body: { side: "product", text: "Incident cost" } })
  expect([handoff.status, gap.status]).toEqual([201, 201])
  return { retro, themeId, handoffId: handoff.json.noteId as string, gapId: gap.json.noteId as string, as, advance }
}

const note = (retroId: string, themeId: string, noteId: string) => `/retros/${retroId}/themes/${themeId}/notes/${noteId}`

const themeIn = async (h: Harness, retroId: string, token: string, themeId: string) =>
  ((await h.call("GET", `/retros/${retroId}`, { token })).json.themes as Array<{ themeId: string; handoffNotes: unknown; informationGaps: unknown }>)
    .find((t) => t.themeId === themeId)!

describe("PUT and DELETE /retros/{retroId}/themes/{themeId}/notes/{noteId}", () => {
  it("corrects and takes back a handoff note and an information gap; every view and the export follow", async () => {
    const h = await makeHarness()
    const { retro, themeId, handoffId, gapId, as } = await discussingWithNotes(h)

    const edited = await h.call("PUT", note(retro.retroId, themeId, handoffId), { ...as, body: { text: "Debt is invisible at planning" } })
    expect(edited.status, edited.text).toBe(200)
    expect(Object.keys(edited.json)).toEqual(["version"])
    const gapEdited = await h.call("PUT", note(retro.retroId, themeId, gapId), { ...as, body: { text: "What an incident costs" } })
    expect(gapEdited.status).toBe(200)
    const participant = retro.participantTokens[0]!
    expect(await themeIn(h, retro.retroId, participant, themeId)).toMatchObject({
      handoffNotes: [{ noteId: handoffId, text: "Debt is invisible at planning" }],
      informationGaps: [{ noteId: gapId, side: "product", text: "What an incident costs" }]
    })
    const exported = await h.call("GET", `/retros/${retro.retroId}/export.md`, as)
    expect(exported.text).toContain("Debt is invisible at planning")
    expect(exported.text).not.toContain("invisble")

    const removed = await h.call("DELETE", note(retro.retroId, themeId, handoffId), as)
    expect(removed.status, removed.text).toBe(200)
    expect(removed.json.version).toBeGreaterThan(gapEdited.json.version)
    expect(await themeIn(h, retro.retroId, participant, themeId)).toMatchObject({ handoffNotes: [], informationGaps: [{ noteId: gapId }] })
    expect((await h.call("GET", `/retros/${retro.retroId}/export.md`, as)).text).not.toContain("Debt is invisible")

    // Gone is gone: the note's not-found, naming the path's noteId.
    const again = await h.call("DELETE", note(retro.retroId, themeId, handoffId), as)
    expect(again.status).toBe(404)
    expect(again.json).toMatchObject({ code: "not-found", details: { path: "noteId" } })
    const onGone = await h.call("PUT", note(retro.retroId, themeId, handoffId), { ...as, body: { text: "Back?" } })
    expect(onGone.status).toBe(404)
    await h.dispose()
  })

  it("the facilitator's alone, and only while discussing", async () => {
    const h = await makeHarness()
    const { retro, themeId, handoffId, as, advance } = await discussingWithNotes(h)
    const byParticipant = await h.call("PUT", note(retro.retroId, themeId, handoffId), { token: retro.participantTokens[0]!, body: { text: "Mine now" } })
    expect(byParticipant.status).toBe(403)
    expect((await h.call("DELETE", note(retro.retroId, themeId, handoffId), { token: retro.participantTokens[0]! })).status).toBe(403)
    const blank = await h.call("PUT", note(retro.retroId, themeId, handoffId), { ...as, body: { text: "   " } })
    expect(blank.status).toBe(400)
    expect(blank.json.details.path).toBe("text")
    await advance("discussing")
    const late = await h.call("PUT", note(retro.retroId, themeId, handoffId), { ...as, body: { text: "Too late" } })
    expect(late.status).toBe(409)
    expect(late.json.code).toBe("not-allowed-in-phase")
    expect(late.json.message).toContain("PUT /retros/{retroId}/themes/{themeId}/notes/{noteId}")
    expect((await h.call("DELETE", note(retro.retroId, themeId, handoffId), as)).status).toBe(409)
    expect((await themeIn(h, retro.retroId, retro.participantTokens[0]!, themeId)).handoffNotes).toEqual([{ noteId: handoffId, text: "Debt is invisble at planing" }])
    await h.dispose()
  })

  it("a retry under the same Idempotency-Key answers the first outcome and writes once", async () => {
    const h = await makeHarness()
    const { retro, themeId, handoffId, gapId, as } = await discussingWithNotes(h)
    const headers = { "idempotency-key": "note-4c1e9b7a-0d2f-4a8e-b6c3-5f7e9a1d2b3c" }
    const first = await h.call("DELETE", note(retro.retroId, themeId, gapId), { ...as, headers })
    const retry = await h.call("DELETE", note(retro.retroId, themeId, gapId), { ...as, headers })
    expect(first.status).toBe(200)
    expect(retry.json).toEqual(first.json)
    const editKey = { "idempotency-key": "note-9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" }
    const edit = await h.call("PUT", note(retro.retroId, themeId, handoffId), { ...as, body: { text: "Fixed" }, headers: editKey })
    const other = await h.call("PUT", note(retro.retroId, themeId, handoffId), { ...as, body: { text: "Fixed differently" }, headers: editKey })
    expect(edit.status).toBe(200)
    expect(other.status).toBe(409)
    expect(other.json.code).toBe("idempotency-key-reused")
    await h.dispose()
  })
})
