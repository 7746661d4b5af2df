/**
 * The live-retro flow over HTTP, through the typed client: the ready check
 * (a count only), handing facilitation over (the old token then gets the
 * answer for a retro that does not exist), extending a timebox that ran out,
 * and reviewing last quarter's agreements inside the new retro.
 */
import { Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { toWebHandler } from "@retrobridge/adapter-http"
import { Retro, Store } from "@retrobridge/core"
import { people } from "./fixtures/harness.ts"
import { typedClientOn } from "./fixtures/typedClient.ts"
import { readSse } from "./fixtures/sse.ts"

const store = await Effect.runPromise(MemoryEventStore.make)
// Many joins and retros from one test address: the rate limits are the boundary tests' subject, not these.
const generous = { limit: 10_000, windowMs: 60_000 }
const { handler, dispose } = toWebHandler(Layer.succeed(Store.EventStore)(store), { joinLimit: generous, createTeamLimit: generous })
afterAll(dispose)

const client = typedClientOn(handler)
const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)
/** The typed error an effect fails with, as plain data (the test fails if it succeeds). */
const failure = async <A, E>(effect: Effect.Effect<A, E>) => {
  const e = await Effect.runPromise(Effect.flip(effect)) as { _tag: string; code: string; message: string; details: Record<string, unknown> }
  // The class of the answer (Forbidden, NotFound, …), i.e. its HTTP status.
  return { _tag: e.constructor.name, code: e.code, message: e.message, details: e.details }
}

const newTeam = async () => {
  const team = await run((await client()).teams.create({ payload: { name: "Checkout" } }))
  return { ...team, admin: await client(team.adminToken) }
}

/** A retro of the team in collection, everyone joined. */
const retroCollecting = async (team: Awaited<ReturnType<typeof newTeam>>, date = "2026-10-01", previousRetro?: { retroId: string; date: string }) => {
  const retro = await run(team.admin.teams.createRetro({
    params: { teamId: team.teamId },
    payload: { title: `Retro ${date}`, trigger: "quarterly", date, facilitatorName: "Nora", ...(previousRetro === undefined ? {} : { previousRetro }) }
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
  return { retroId, facilitator, facilitatorToken: retro.facilitatorToken, participants }
}

describe("PUT /retros/:retroId/ready (the ready check)", () => {
  it("participants say they are done and can take it back; everyone sees only how many", async () => {
    const team = await newTeam()
    const { retroId, facilitator, participants } = await retroCollecting(team)
    const [amara, bo, , dana] = participants
    await run(amara!.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs arrive late" } }))
    await run(amara!.retros.setReady({ params: { retroId }, payload: { ready: true } }))
    await run(dana!.retros.setReady({ params: { retroId }, payload: { ready: true } }))
    // Saying it twice counts once.
    await run(dana!.retros.setReady({ params: { retroId }, payload: { ready: true } }))
    await run(bo!.retros.setReady({ params: { retroId }, payload: { ready: true } }))
    await run(bo!.retros.setReady({ params: { retroId }, payload: { ready: false } }))

    const seen = await run(facilitator.retros.view({ params: { retroId } }))
    expect(seen.readyCheck).toEqual({ ready: 2, joined: 6 })
    expect(seen.myReady).toBeUndefined()
    const asAmara = await run(amara!.retros.view({ params: { retroId } }))
    expect(asAmara.myReady).toBe(true)
    expect(asAmara.readyCheck).toEqual({ ready: 2, joined: 6 })
    expect((await run(bo!.retros.view({ params: { retroId } }))).myReady).toBe(false)
    // Nothing in any answer says who: no name or participant id next to the count.
    expect(JSON.stringify(seen.readyCheck)).not.toMatch(/Amara|Dana|p_/)

    // Only participants; the facilitator's token gets 403; after collection, 409.
    const wrongRole = await failure(facilitator.retros.setReady({ params: { retroId }, payload: { ready: true } }))
    expect(wrongRole).toMatchObject({ _tag: "Forbidden", code: "wrong-role" })
    await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "collecting" } }))
    const over = await failure(amara!.retros.setReady({ params: { retroId }, payload: { ready: false } }))
    expect(over).toMatchObject({ _tag: "Conflict", code: "not-allowed-in-phase" })
    expect((await run(facilitator.retros.view({ params: { retroId } }))).readyCheck).toBeUndefined()
  })

  it("the stored ready events carry no participant, no name and no time of their own", async () => {
    const team = await newTeam()
    const { retroId, participants, facilitatorToken: facilitatorTokenOf } = await retroCollecting(team)
    await run(participants[0]!.retros.setReady({ params: { retroId }, payload: { ready: true } }))
    await run(participants[0]!.retros.setReady({ params: { retroId }, payload: { ready: false } }))
    const rows = await Effect.runPromise(store.read(`retro:${retroId}`))
    const ready = rows.filter((r) => r.type === "ReadyMarked" || r.type === "ReadyUnmarked")
    expect(ready.map((r) => r.type)).toEqual(["ReadyMarked", "ReadyUnmarked"])
    const { clock } = await run((await client(facilitatorTokenOf)).retros.view({ params: { retroId } }))
    const collectingStarted = new Date(clock!.startedAt).toISOString()
    for (const row of ready) {
      expect(Object.keys(row.data as object)).toEqual(["mark"])
      expect(row.recordedAt).toBe(collectingStarted)
    }
    const [marked, unmarked] = ready.map((r) => (r.data as { mark: string }).mark)
    expect(marked).not.toBe(unmarked)
  })
})

describe("POST /retros/:retroId/facilitator (handing facilitation over)", () => {
  it("mints a new facilitator token, shown once; the old one then gets the answer for a retro that does not exist", async () => {
    const team = await newTeam()
    const { retroId, facilitator, facilitatorToken, participants } = await retroCollecting(team)
    // The old facilitator's live stream, open on the projector.
    const projector = readSse((await handler(new Request(`http://retrobridge.test/retros/${retroId}/events`, { headers: { authorization: `Bearer ${facilitatorToken}` } }))).body!)
    await projector.until((frame) => frame.event === "view")
    const handed = await run(facilitator.retros.handOverFacilitation({ params: { retroId }, payload: { facilitatorName: "Sam" } }))
    // …ends: the token no longer opens this retro.
    expect((await projector.until((frame) => frame.event !== "view")).event).toBe("gone")
    expect(await projector.next()).toBeUndefined()
    expect(handed.facilitatorToken).toMatch(/^rbf_[A-Za-z0-9_-]{43}$/)
    expect(handed.facilitatorToken).not.toBe(facilitatorToken)

    const next = await client(handed.facilitatorToken)
    const view = await run(next.retros.view({ params: { retroId } }))
    expect(view.facilitatorName).toBe("Sam")
    expect(view.viewer).toBe("facilitator")
    expect(JSON.stringify(view)).not.toContain(handed.facilitatorToken.slice(4))

    const nowhere = await failure((await client(facilitatorToken)).retros.view({ params: { retroId: "r_AAAAAAAAAAAAAAAAAAAAAA" } }))
    for (const attempt of [
      facilitator.retros.view({ params: { retroId } }),
      facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "collecting" } }),
      facilitator.retros.handOverFacilitation({ params: { retroId }, payload: { facilitatorName: "Nora again" } })
    ]) {
      const refused = await failure(attempt as Effect.Effect<unknown, unknown>)
      expect(refused).toMatchObject({ _tag: "NotFound", code: "retro-not-found" })
      expect({ ...refused, message: "" }).toEqual({ ...nowhere, message: "" })
    }
    // The new facilitator runs the retro; participants are not affected.
    await run(participants[0]!.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Handovers lose context" } }))
    expect((await run(next.retros.advancePhase({ params: { retroId }, payload: { from: "collecting" } }))).phase).toBe("grouping")
    // A participant cannot take over.
    expect(await failure(participants[0]!.retros.handOverFacilitation({ params: { retroId }, payload: { facilitatorName: "Amara" } })))
      .toMatchObject({ _tag: "Forbidden", code: "wrong-role" })
  })
})

describe("POST /retros/:retroId/facilitator, retried", () => {
  it("a retry with the same Idempotency-Key answers the same new token and hands over once", async () => {
    const team = await newTeam()
    const { retroId, facilitatorToken } = await retroCollecting(team)
    const retrying = await client(facilitatorToken, "handover-1")
    const first = await run(retrying.retros.handOverFacilitation({ params: { retroId }, payload: { facilitatorName: "Sam" } }))
    const again = await run(retrying.retros.handOverFacilitation({ params: { retroId }, payload: { facilitatorName: "Sam" } }))
    expect(again).toEqual(first)
    const rows = await Effect.runPromise(store.read(`retro:${retroId}`))
    expect(rows.filter((r) => r.type === "FacilitationHandedOver")).toHaveLength(1)
    expect((await run((await client(first.facilitatorToken)).retros.view({ params: { retroId } }))).facilitatorName).toBe("Sam")
  })
})

describe("POST /retros/:retroId/timebox-extensions (when a part runs out)", () => {
  it("extends the current part, shows the new deadline, and refuses a stale or unbounded extension with a clear error", async () => {
    const team = await newTeam()
    const { retroId, facilitator, participants } = await retroCollecting(team)
    const before = await run(facilitator.retros.view({ params: { retroId } }))
    expect(before.clock).toMatchObject({ phase: "collecting", timeboxMs: 20 * 60_000, extendedMs: 0 })
    expect(before.clock!.deadlineAt).toBe(before.clock!.startedAt + 20 * 60_000)
    expect(before.parts.map((p) => [p.part, p.timeboxMs])).toEqual([["collect", 20 * 60_000], ["themes", 40 * 60_000], ["agree", 30 * 60_000]])

    await run(facilitator.retros.extendTimebox({ params: { retroId }, payload: { phase: "collecting", minutes: 5 } }))
    const after = await run(facilitator.retros.view({ params: { retroId } }))
    expect(after.clock).toMatchObject({ timeboxMs: 25 * 60_000, extendedMs: 5 * 60_000, deadlineAt: before.clock!.startedAt + 25 * 60_000 })
    expect(after.phases.at(-1)).toMatchObject({ phase: "collecting", timeboxMs: 25 * 60_000, extendedMs: 5 * 60_000 })
    expect(after.parts[0]).toMatchObject({ part: "collect", timeboxMs: 25 * 60_000 })

    expect(await failure(facilitator.retros.extendTimebox({ params: { retroId }, payload: { phase: "voting", minutes: 5 } })))
      .toMatchObject({ _tag: "Conflict", code: "phase-mismatch", details: { path: "phase", phase: "collecting" } })
    for (let i = 0; i < 3; i++) await run(facilitator.retros.extendTimebox({ params: { retroId }, payload: { phase: "collecting", minutes: 60 } }))
    const bounded = await failure(facilitator.retros.extendTimebox({ params: { retroId }, payload: { phase: "collecting", minutes: 60 } }))
    expect(bounded).toMatchObject({ _tag: "Unprocessable", code: "rule-violated", details: { rule: "timebox-extension-bounded" } })
    expect(bounded.message).toContain("at most 35 minutes")
    expect(await failure(participants[0]!.retros.extendTimebox({ params: { retroId }, payload: { phase: "collecting", minutes: 5 } })))
      .toMatchObject({ _tag: "Forbidden" })
  })
})

describe("POST /retros/:retroId/follow-ups/from-previous-retro (last quarter's agreements)", () => {
  it("brings the team's previous retro's agreements into the new retro, where the facilitator reviews them with evidence", async () => {
    const team = await newTeam()
    const q3 = await retroCollecting(team, "2026-07-01")
    await run(q3.participants[0]!.retros.addCard({ params: { retroId: q3.retroId }, payload: { prompt: "friction", text: "Estimates become deadlines" } }))
    for (const from of ["collecting", "grouping"] as const) {
      if (from === "grouping") {
        const theme = await run(q3.facilitator.retros.createTheme({ params: { retroId: q3.retroId }, payload: { name: "estimates-predictability" } }))
        expect(theme.themeId).toBeTruthy()
      }
      await run(q3.facilitator.retros.advancePhase({ params: { retroId: q3.retroId }, payload: { from } }))
    }
    await run(q3.facilitator.retros.advancePhase({ params: { retroId: q3.retroId }, payload: { from: "voting" } }))
    await run(q3.facilitator.retros.advancePhase({ params: { retroId: q3.retroId }, payload: { from: "discussing" } }))
    const draft = {
      statement: "Engineers share a range with every estimate",
      commitments: [{ side: "engineering" as const, text: "Give a best/likely/worst range" }, { side: "product" as const, text: "Quote the range to stakeholders" }],
      signal: "Every roadmap item shows a range in the weekly update",
      reviewBy: "2026-09-30"
    }
    // The method's templates come dated for this retro, naming its theme, and are accepted as they are.
    const { templates, defaultReviewBy } = await run(q3.facilitator.retros.agreementTemplates({ params: { retroId: q3.retroId } }))
    expect(defaultReviewBy > "2026-07-01").toBe(true)
    const ranges = templates.find((t) => t.themeKey === "estimates-predictability")!
    expect(ranges.themeId).toBeDefined()
    expect(ranges.draft.themeId).toBe(ranges.themeId)
    expect(await run(q3.facilitator.retros.validateAgreement({ params: { retroId: q3.retroId }, payload: { agreement: ranges.draft } }))).toEqual({ valid: true, violations: [] })
    expect(await failure(q3.participants[0]!.retros.agreementTemplates({ params: { retroId: q3.retroId } }))).toMatchObject({ _tag: "Forbidden" })
    const { agreementId } = await run(q3.facilitator.retros.acceptAgreement({ params: { retroId: q3.retroId }, payload: { agreement: draft } }))

    const q4 = await retroCollecting(team, "2026-10-01")
    const imported = await run(q4.facilitator.retros.importFromPreviousRetro({ params: { retroId: q4.retroId } }))
    expect(imported).toMatchObject({ fromRetroId: q3.retroId, fromRetroDate: "2026-07-01", imported: 1 })
    await run(q4.facilitator.retros.reviewAgreement({
      params: { retroId: q4.retroId, agreementId },
      payload: { outcome: "partly-kept", evidence: "Ranges in 7 of 10 weekly updates" }
    }))
    const view = await run(q4.facilitator.retros.view({ params: { retroId: q4.retroId } }))
    expect(view.followUps).toMatchObject([{ agreement: { agreementId, statement: draft.statement }, outcome: "partly-kept", evidence: "Ranges in 7 of 10 weekly updates" }])
    // Participants follow the review live.
    expect((await run(q4.participants[0]!.retros.view({ params: { retroId: q4.retroId } }))).followUps).toHaveLength(1)

    // Once only; a participant cannot; a team's first retro has nothing to review.
    expect(await failure(q4.facilitator.retros.importFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", details: { rule: "import-once" } })
    expect(await failure(q4.participants[0]!.retros.importFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toMatchObject({ _tag: "Forbidden" })
    expect(await failure(q3.facilitator.retros.importFromPreviousRetro({ params: { retroId: q3.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", details: { rule: "previous-retro-exists" } })
    // Another team's retro is never "the previous one".
    const other = await newTeam()
    const elsewhere = await retroCollecting(other, "2026-12-01")
    expect(await failure(elsewhere.facilitator.retros.importFromPreviousRetro({ params: { retroId: elsewhere.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", details: { rule: "previous-retro-exists" } })
  })
})

/** A retro of the team taken to agreeing, with `agreements` accepted (0 for a retro that made none). */
const retroWithAgreements = async (team: Awaited<ReturnType<typeof newTeam>>, date: string, agreements: number, previousRetro?: { retroId: string; date: string }) => {
  const retro = await retroCollecting(team, date, previousRetro)
  const { retroId, facilitator } = retro
  await run(retro.participants[0]!.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Estimates become deadlines" } }))
  await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "collecting" } }))
  await run(facilitator.retros.createTheme({ params: { retroId }, payload: { name: "estimates-predictability" } }))
  for (const from of ["grouping", "voting", "discussing"] as const) await run(facilitator.retros.advancePhase({ params: { retroId }, payload: { from } }))
  for (let i = 0; i < agreements; i++) {
    await run(facilitator.retros.acceptAgreement({
      params: { retroId },
      payload: {
        agreement: {
          statement: `Engineers share a range with every estimate (${i + 1})`,
          commitments: [{ side: "engineering", text: "Give a best/likely/worst range" }, { side: "product", text: "Quote the range to stakeholders" }],
          signal: "Every roadmap item shows a range in the weekly update",
          // Within the quarter the method allows.
          reviewBy: new Date(Date.parse(date) + 80 * 86_400_000).toISOString().slice(0, 10)
        }
      }
    }))
  }
  return retro
}

describe("GET /retros/:retroId/follow-ups/from-previous-retro (what the import would load, written nowhere)", () => {
  it("answers the previous retro and how many agreements the import would bring, or the import's own refusal, and writes nothing", async () => {
    const team = await newTeam()
    const first = await retroCollecting(team, "2026-04-01")
    // The retro's stream in the store: a read that wrote anything would move it.
    const version = (r: { retroId: string }) => run(store.version(Retro.streamId(r.retroId)))
    const before = await version(first)
    expect(before).toBeGreaterThan(0)
    expect(await failure(first.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: first.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", code: "rule-violated", details: { rule: "previous-retro-exists" } })
    expect(await version(first)).toBe(before)

    const q3 = await retroWithAgreements(team, "2026-07-01", 3)
    const q4 = await retroCollecting(team, "2026-10-01")
    const q4Before = await version(q4)
    // The facilitator's token alone: no team admin token needed to know what the button would load.
    expect(await run(q4.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toEqual({ fromRetroId: q3.retroId, fromRetroDate: "2026-07-01", agreements: 3 })
    expect(await version(q4)).toBe(q4Before)
    expect(await failure(q4.participants[0]!.retros.previewImportFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toMatchObject({ _tag: "Forbidden", code: "wrong-role" })
    // The facilitator of another retro of the same team learns nothing about this one.
    expect(await failure(q3.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toMatchObject({ _tag: "NotFound", code: "retro-not-found" })

    // What it said is what the import does; after it, the import's own refusal.
    expect(await run(q4.facilitator.retros.importFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toMatchObject({ fromRetroId: q3.retroId, fromRetroDate: "2026-07-01", imported: 3 })
    expect(await failure(q4.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", details: { rule: "import-once" } })
    // Once cards are revealed the import is over, and the answer says so as the import would.
    const later = await newTeam()
    await retroWithAgreements(later, "2026-07-01", 1)
    const grouping = await retroCollecting(later, "2026-10-01")
    await run(grouping.facilitator.retros.advancePhase({ params: { retroId: grouping.retroId }, payload: { from: "collecting" } }))
    const late = await failure(grouping.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: grouping.retroId } }))
    expect(late).toMatchObject({ _tag: "Conflict", code: "not-allowed-in-phase" })
    expect(late).toEqual(await failure(grouping.facilitator.retros.importFromPreviousRetro({ params: { retroId: grouping.retroId } })))
  })

  it("says when the previous retro made no agreements, and never looks at another team's retros", async () => {
    const team = await newTeam()
    await retroWithAgreements(team, "2026-07-01", 0)
    const next = await retroCollecting(team, "2026-10-01")
    expect(await failure(next.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: next.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", details: { rule: "previous-retro-has-agreements" } })

    const other = await newTeam()
    const elsewhere = await retroCollecting(other, "2026-12-01")
    expect(await failure(elsewhere.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: elsewhere.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", details: { rule: "previous-retro-exists" } })
  })

  it("a retro naming a previous retro whose agreements another retro already reviewed has nothing to load, and the import agrees", async () => {
    const team = await newTeam()
    const q2 = await retroWithAgreements(team, "2026-04-01", 1)
    const named = { retroId: q2.retroId, date: "2026-04-01" }
    const q3 = await retroCollecting(team, "2026-07-01", named)
    expect(await run(q3.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: q3.retroId } })))
      .toEqual({ fromRetroId: q2.retroId, fromRetroDate: "2026-04-01", agreements: 1 })
    await run(q3.facilitator.retros.importFromPreviousRetro({ params: { retroId: q3.retroId } }))
    // A later retro naming q2 again: each agreement is reviewed once, at the next retro.
    const q4 = await retroCollecting(team, "2026-10-01", named)
    expect(await failure(q4.facilitator.retros.previewImportFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", details: { rule: "previous-agreements-reviewed-once" } })
    expect(await failure(q4.facilitator.retros.importFromPreviousRetro({ params: { retroId: q4.retroId } })))
      .toMatchObject({ _tag: "Unprocessable", details: { rule: "previous-agreements-reviewed-once" } })
  })
})
