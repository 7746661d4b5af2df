/**
 * The seven anonymity findings of issue 9, each reproduced as the attacker
 * tried it (public API only), and checked to be closed.
 */
import { Effect, Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Retro, Store, Team } from "@retrobridge/core"
import { makeReferenceEventStore } from "@retrobridge/core/testing"
import { sha256Hex } from "../../src/internal/Crypto.ts"
import { retroRecordedAt } from "../../src/retro/Anonymity.ts"
import {
  active,
  addCard,
  advance,
  cardsAdded,
  create,
  engs,
  f,
  FACILITATOR,
  join,
  MIN,
  personOf,
  pms,
  remove,
  run,
  secretOf,
  T0,
  viewOf
} from "./scenario.ts"

const everyViewer = (state: Retro.State, participants: ReadonlyArray<{ secret: string }>) => [
  viewOf(state, { role: "facilitator", secret: FACILITATOR }),
  viewOf(state, { role: "observer" }),
  ...participants.map((p) => viewOf(state, { role: "participant", secret: p.secret }))
]

const markdownOf = (state: Retro.State): string => {
  const md = Retro.markdown(state)
  if (Result.isFailure(md)) throw new Error(md.failure.message)
  return md.success
}

describe("finding 1 — 'undisclosed' must not name the small side", () => {
  it("with 2 PMs and 6 engineers (threshold 3) no card shows any side, in any view or the export", () => {
    const product = pms(2), engineering = engs(6)
    const { state } = run([
      create(3),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "Requirements moved after planning"),
      addCard(engineering[0]!, "k1", "Tech debt slows every change"),
      advance("collecting", T0 + 22 * MIN)
    ])
    for (const view of everyViewer(state, [...product, ...engineering])) {
      expect(view.sideLabels.product.shown).toBe(false)
      expect(view.sideLabels.engineering.shown).toBe(false)
      for (const card of view.cards ?? []) expect(card.side).toBe("undisclosed")
    }
    const md = markdownOf(state)
    expect(md).not.toMatch(/\((Product|Engineering)\)/)
    const warning = viewOf(state, { role: "facilitator", secret: FACILITATOR }).warnings.find((w) => w.code === "side-undisclosed")
    expect(warning?.message).toMatch(/no card shows/i)
  })

  it("with 1 PM, her cards are not singled out either", () => {
    const product = pms(1), engineering = engs(5)
    const { state } = run([
      create(3),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "Nobody asked product about the cut"),
      addCard(engineering[0]!, "k1", "Deploys are slow"),
      advance("collecting", T0 + 22 * MIN)
    ])
    const sides = new Set(viewOf(state, { role: "facilitator", secret: FACILITATOR }).cards!.map((c) => c.side))
    expect([...sides]).toEqual(["undisclosed"])
  })
})

describe("finding 2 — late joiners cannot flip labels after the fact", () => {
  it("two PMs joining one second before the reveal leave the lone PM's card undisclosed everywhere", () => {
    const [pm1] = pms(1), engineering = engs(5)
    const late = pms(2, "late")
    const before = run([
      create(3),
      join(pm1!),
      ...engineering.map((p) => join(p)),
      advance("draft", T0 + 2 * MIN)
    ])
    // She is told, before writing, what the retro promises.
    const promised = viewOf(before.state, { role: "participant", secret: pm1!.secret })
    expect(promised.anonymity.sideLabels).toBe("hidden")
    expect(promised.anonymity.decided).toBe(true)
    const { state } = run([
      addCard(pm1!, "k1", "I was overruled on the release scope"),
      ...late.map((p) => join(p, T0 + 21 * MIN)),
      advance("collecting", T0 + 22 * MIN - 1000)
    ], before.state)
    for (const view of everyViewer(state, [pm1!, ...late, ...engineering])) {
      expect(view.anonymity.sideLabels).toBe("hidden")
      for (const card of view.cards ?? []) expect(card.side).toBe("undisclosed")
    }
    expect(markdownOf(state)).not.toMatch(/\(Product\)/)
  })

  it("the promise is previewed in the draft, to participants too", () => {
    const { state } = run([create(3), ...pms(3).map((p) => join(p)), ...engs(3).map((p) => join(p))])
    const view = viewOf(state, { role: "participant", secret: pms(1)[0]!.secret })
    expect(view.anonymity.sideLabels).toBe("shown")
    expect(view.anonymity.decided).toBe(false)
    expect(view.anonymity.explanation).toMatch(/If collection started now/)
  })
})

describe("finding 3 — the database administrator cannot attribute cards from the rows", () => {
  it("card events store no side when labels are hidden, so order between joins narrows nothing", () => {
    const [pm1] = pms(1), laterPms = pms(2, "late"), engineering = engs(3)
    const { events } = run([
      create(3),
      join(pm1!),
      ...engineering.map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(pm1!, "k1", "Scope moved twice"),
      addCard(pm1!, "k2", "Nobody read the spec"),
      ...laterPms.map((p) => join(p, T0 + 8 * MIN)),
      addCard(laterPms[0]!, "k1", "Estimates became deadlines"),
      addCard(engineering[0]!, "k1", "Flaky CI")
    ])
    const cards = cardsAdded(events)
    expect(cards).toHaveLength(4)
    for (const card of cards) expect("side" in card && card.side !== undefined).toBe(false)
  })

  it("with labels shown, the side is stored (it is shown anyway) and nothing else", () => {
    const product = pms(3), engineering = engs(3)
    const { events } = run([
      create(3),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "Scope moved twice")
    ])
    const [card] = cardsAdded(events)
    expect(Object.keys(card!).sort()).toEqual(["_tag", "cardId", "ownerProof", "prompt", "side", "text"])
    expect(card!.side).toBe("product")
  })

  it("removals during collection cannot shrink a card's anonymity set below the threshold", () => {
    const product = pms(3), engineering = engs(3)
    const started = run([create(3), ...[...product, ...engineering].map((p) => join(p)), advance("draft", T0 + 2 * MIN)])
    // Labels are shown: removing one PM would leave the remaining two PMs' cards attributable to two people.
    const removed = Retro.decide(remove(product[0]!, T0 + 3 * MIN), started.state)
    expect(Result.isFailure(removed) && removed.failure._tag).toBe("AnonymitySetTooSmall")
    // In the draft nothing has been written: removal is free.
    const draft = run([create(3), ...[...product, ...engineering].map((p) => join(p))])
    expect(Result.isSuccess(Retro.decide(remove(product[0]!), draft.state))).toBe(true)
  })

  it("a card is not edited or withdrawn once too few of those present when it was written are still here", () => {
    // Each edit proves its author is still present. Who was there when the card was added, less whoever
    // left since, is who could have written it: a store reader intersects the two.
    const [pm1] = pms(1)
    const [e1, e2, e3, e4, e5] = engs(5)
    const edit = (text: string, at: number) => ({ _tag: "EditCard", secret: e1!.secret, cardId: "", text, at }) as unknown as Retro.Command
    const started = run([
      create(3),
      ...[pm1!, e1!, e2!, e3!].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(e1!, "k1", "The PM team changes scope after planning every sprint")
    ])
    const [card] = cardsAdded(started.events)
    const cardId = card!.cardId
    const withId = (c: Retro.Command) => ({ ...c, cardId }) as Retro.Command
    // Removals that each keep the roster at the threshold, as checkRemoval allows.
    const shrunk = run([remove(e3!, T0 + 6 * MIN), join(e4!, T0 + 7 * MIN), remove(pm1!, T0 + 8 * MIN)], started.state)
    // Of {pm1, e1, e2, e3}, only e1 and e2 are still here: an edit now would say the author is one of two.
    for (const command of [withId(edit("Scope changes after planning", T0 + 9 * MIN)), withId({ _tag: "WithdrawCard", secret: e1!.secret, cardId: "", at: T0 + 9 * MIN } as unknown as Retro.Command)]) {
      const decided = Retro.decide(command, shrunk.state)
      expect(Result.isFailure(decided) && decided.failure).toMatchObject({ _tag: "AnonymitySetTooSmall", action: command._tag === "EditCard" ? "edit-card" : "withdraw-card", threshold: 3 })
    }
    // While three of them remain, the author still hides among three.
    const oneLeft = run([remove(e3!, T0 + 6 * MIN), join(e4!, T0 + 7 * MIN)], started.state)
    expect(Result.isSuccess(Retro.decide(withId(edit("Scope changes after planning", T0 + 9 * MIN)), oneLeft.state))).toBe(true)
    // A card written after the removals hides among those present then.
    const later = run([join(e5!, T0 + 9 * MIN), addCard(e1!, "k2", "Specs arrive late")], shrunk.state)
    const laterId = cardsAdded(later.events)[0]!.cardId
    expect(Result.isSuccess(Retro.decide({ ...edit("Specs arrive after the sprint starts", T0 + 10 * MIN), cardId: laterId } as Retro.Command, later.state))).toBe(true)
  })

  it("card and vote events are recorded at the phase's start, not the instant of writing", () => {
    const product = pms(3), engineering = engs(3)
    const { state } = run([create(3), ...[...product, ...engineering].map((p) => join(p)), advance("draft", T0 + 2 * MIN)])
    const decided = Retro.decide(addCard(product[0]!, "k1", "Scope moved", "friction", T0 + 9 * MIN + 17), state)
    if (Result.isFailure(decided)) throw new Error(decided.failure.message)
    expect(retroRecordedAt(state, decided.success)).toBe(T0 + 2 * MIN)
    expect(retroRecordedAt(state, [{ _tag: "ParticipantRemoved" }])).toBeUndefined()
  })

  it("starting collection with fewer people than the threshold fails and says whom to invite", () => {
    const { state } = run([create(3), join(pms(1)[0]!), join(engs(1)[0]!)])
    const decided = Retro.decide(advance("draft", T0 + 2 * MIN), state)
    expect(Result.isFailure(decided)).toBe(true)
    if (Result.isSuccess(decided)) return
    expect(decided.failure._tag).toBe("AnonymitySetTooSmall")
    expect(decided.failure.message).toMatch(/Invite at least 1 more participant/)
  })

  it("the threshold cannot be set below 3: the schema refuses 2, and a retro stored with 2 is read as 3", () => {
    expect(Result.isFailure(Schema.decodeUnknownResult(Retro.Command)(create(2)))).toBe(true)
    expect(Result.isSuccess(Schema.decodeUnknownResult(Retro.Command)(create(3)))).toBe(true)
    const product = pms(2), engineering = engs(1)
    // A retro stored by an earlier release with a threshold of 2.
    const created = run([create(3)]).events[0]!
    if (created._tag !== "RetroCreated") throw new Error("unreachable")
    const old = Retro.evolve(Retro.initialState, { ...created, settings: { ...created.settings, anonymityThreshold: 2 } })
    const { state } = run([...[...product, ...engineering].map((p) => join(p))], old)
    expect(viewOf(state, { role: "observer" }).anonymity.threshold).toBe(3)
    const started = run([advance("draft", T0 + 2 * MIN)], state).state
    // Three people in all meet 3, but two PMs do not: labels hidden, although a threshold of 2 would show them.
    expect(viewOf(started, { role: "observer" }).anonymity.sideLabels).toBe("hidden")
  })
})

describe("finding 4 — card ids carry no time, order or author", () => {
  it("the core derives the id; a time-like key does not show up in it", () => {
    const product = pms(3), engineering = engs(3)
    const { state } = run([create(3), ...[...product, ...engineering].map((p) => join(p)), advance("draft", T0 + 2 * MIN)])
    const key = "2026-10-01T09-05-00Z-1"
    const a = run([addCard(product[0]!, key, "One")], state)
    const b = run([addCard(product[1]!, key, "One")], state)
    const idA = cardsAdded(a.events)[0]!.cardId, idB = cardsAdded(b.events)[0]!.cardId
    expect(idA).toMatch(/^card-[A-Za-z0-9_-]{22}$/)
    expect(idA).not.toContain("2026")
    expect(idA).not.toBe(idB)
    expect(idA).toBe(Retro.cardIdOf(product[0]!.secret, "retro-anon", key))
    // The same key twice names the same card: a retried AddCard is recognised.
    const again = Retro.decide(addCard(product[0]!, key, "One again"), a.state)
    expect(Result.isFailure(again) && again.failure._tag).toBe("DuplicateId")
  })

  it("a withdrawn card's key cannot name a new card: two cards with one id would tie both texts to one author in the store", () => {
    const product = pms(3), engineering = engs(3)
    const { state, events } = run([
      create(3),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "First thought")
    ])
    const cardId = cardsAdded(events)[0]!.cardId
    const withdrawn = run([{ _tag: "WithdrawCard", secret: product[0]!.secret, cardId, at: T0 + 6 * MIN }], state).state
    const again = Retro.decide(addCard(product[0]!, "k1", "Second thought"), withdrawn)
    expect(Result.isFailure(again) && again.failure._tag).toBe("DuplicateId")
  })

  it("a caller-chosen cardId is not accepted any more", () => {
    const fields = Object.keys((Retro.Command as any).cases.AddCard.fields)
    expect(fields).not.toContain("cardId")
    expect(fields).toContain("cardKey")
  })
})

describe("finding 5 — secrets are strong, verifiers keyed per retro, idempotency data holds no secret", () => {
  it("a guessable secret is rejected with a typed error", () => {
    const { state } = run([create(3)])
    for (const weak of ["correct-horse-battery-staple", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "x".repeat(44)]) {
      const decided = Retro.decide({ ...join(personOf("w", "product")), secret: weak } as Retro.Command, state)
      expect(Result.isFailure(decided)).toBe(true)
      if (Result.isFailure(decided)) expect(decided.failure.message).toMatch(/base64url/)
    }
    const facilitatorWeak = Retro.decide({ ...create(3), facilitatorSecret: "facilitator-secret-0001" } as Retro.Command, Retro.initialState)
    expect(Result.isFailure(facilitatorWeak)).toBe(true)
  })

  it("the stored verifier is keyed per retro, not a bare SHA-256", () => {
    const p = personOf("pm1", "product")
    const one = run([create(3, "retro-one"), join(p)]).events.find((e) => e._tag === "ParticipantJoined")!
    const two = run([create(3, "retro-two"), join(p)]).events.find((e) => e._tag === "ParticipantJoined")!
    if (one._tag !== "ParticipantJoined" || two._tag !== "ParticipantJoined") throw new Error("unreachable")
    expect(one.tokenHash).not.toBe(two.tokenHash)
    expect(one.tokenHash).not.toBe(sha256Hex(`retrobridge/token:${p.secret}`))
  })

  it("the facilitator never learns a participant's secret or verifier: not in any view or client event", () => {
    const product = pms(3), engineering = engs(3)
    const { state, events } = run([
      create(3),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "Scope moved"),
      advance("collecting", T0 + 22 * MIN)
    ])
    const seen = JSON.stringify([viewOf(state, { role: "facilitator", secret: FACILITATOR }), events.map(Retro.toClientEvent)])
    for (const p of [...product, ...engineering]) expect(seen).not.toContain(p.secret)
    for (const e of events) if (e._tag === "ParticipantJoined") expect(seen).not.toContain(e.tokenHash)
    for (const e of cardsAdded(events)) expect(seen).not.toContain(e.ownerProof)
  })

  it("idempotency records hold neither a secret nor anything derived from it", async () => {
    const p = personOf("pm1", "product")
    const recorded = await Effect.runPromise(Effect.gen(function*() {
      const { store } = yield* makeReferenceEventStore
      const handlers = yield* Effect.provideService(Store.makeHandlers, Store.EventStore, store)
      const streamId = Retro.streamId("retro-anon")
      const handle = (command: Retro.Command, key: string) =>
        handlers.retros.handle({ streamId, kind: "retro", teamId: "team-anon", command, idempotencyKey: key })
      yield* handle(create(3), "k-create")
      yield* handle(join(p), "k-join")
      return yield* store.findIdempotent("k-join")
    }))
    expect(recorded).toBeDefined()
    const text = JSON.stringify(recorded)
    expect(text).not.toContain(p.secret)
    // Changing only the secret leaves the fingerprint as it is: no secret went into it.
    const other = { ...join(p), secret: secretOf("someone-else") } as Retro.Command
    const fingerprintOf = (command: Retro.Command) =>
      Store.fingerprintOf(Retro.fingerprintInput(command))
    expect(fingerprintOf(other)).toBe(fingerprintOf(join(p)))
    expect(recorded!.fingerprint).toBe(fingerprintOf(join(p)))
  })
})

describe("finding 6 — hidden per-side counts never appear later", () => {
  it("a third PM joining during collection does not reveal what the first two wrote", () => {
    const product = pms(2), engineering = engs(4)
    const third = personOf("pm3", "product")
    const { state } = run([
      create(3),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "One"),
      addCard(product[1]!, "k1", "Two"),
      addCard(engineering[0]!, "k1", "Three"),
      join(third, T0 + 10 * MIN)
    ])
    for (const view of everyViewer(state, [...product, ...engineering, third])) {
      expect(view.cardCounts.total).toBe(3)
      expect(view.cardCounts.bySide).toBeUndefined()
    }
  })
})

describe("finding 7 — edges", () => {
  it("a participant is told, before writing, that edited and withdrawn texts stay in the store", () => {
    const p = personOf("pm1", "product")
    const { state } = run([create(3), join(p)])
    const view = viewOf(state, { role: "participant", secret: p.secret })
    expect(view.anonymity.storeKeeps).toMatch(/edited card's earlier text and a withdrawn card's text stay in the store/)
  })

  it("team history leaves out a retro still collecting (its hidden prompts)", () => {
    const product = pms(3), engineering = engs(3)
    const revealed = run([
      create(3, "retro-old"),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "Old"),
      advance("collecting", T0 + 22 * MIN)
    ])
    const collecting = run([
      { ...create(3, "retro-new"), date: "2027-01-05" } as Retro.Command,
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "Hidden friction", "friction")
    ])
    const history = Team.history("team-anon", [active(revealed.state), active(collecting.state)])
    expect(history.retros.map((r) => r.retroId)).toEqual(["retro-old"])
  })

  it("a card that does not exist and one that is not yours give the same error", () => {
    const product = pms(3), engineering = engs(3)
    const { state, events } = run([
      create(3),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "Mine")
    ])
    const existing = cardsAdded(events)[0]!.cardId
    const missing = Retro.cardIdOf(secretOf("nobody"), "retro-anon", "k1")
    const probe = (cardId: string) => {
      const decided = Retro.decide({ _tag: "EditCard", secret: product[1]!.secret, cardId, text: "x", at: T0 + 6 * MIN }, state)
      if (Result.isSuccess(decided)) throw new Error("probe accepted")
      return { tag: decided.failure._tag, message: decided.failure.message.replace(cardId, "<id>") }
    }
    expect(probe(existing)).toEqual(probe(missing))
    const withdraw = (cardId: string) => {
      const decided = Retro.decide({ _tag: "WithdrawCard", secret: product[1]!.secret, cardId, at: T0 + 6 * MIN }, state)
      return Result.isFailure(decided) ? decided.failure._tag : "accepted"
    }
    expect(withdraw(existing)).toBe(withdraw(missing))
  })

  it("votes are stored under a per-voter pseudonym with no instant of voting", () => {
    const product = pms(3), engineering = engs(3)
    const { events } = run([
      create(3),
      ...[...product, ...engineering].map((p) => join(p)),
      advance("draft", T0 + 2 * MIN),
      addCard(product[0]!, "k1", "Scope moved"),
      advance("collecting", T0 + 22 * MIN),
      f({ _tag: "CreateTheme", themeId: "t1", name: "Requirements clarity" }, T0 + 23 * MIN),
      advance("grouping", T0 + 30 * MIN),
      { _tag: "CastVote", secret: product[0]!.secret, themeId: "t1", at: T0 + 31 * MIN }
    ])
    const vote = events.find((e) => e._tag === "VoteCast")!
    expect(Object.keys(vote).sort()).toEqual(["_tag", "themeId", "voterTag"])
  })
})
