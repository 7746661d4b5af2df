/**
 * Drives a whole cross-functional retro through the core, on the in-memory
 * event store: a team of eight (three PMs, five engineers) and a neutral
 * facilitator, 30 anonymous cards, three friction themes, dot voting,
 * discussion notes, two agreements. Prints what the facilitator is told at
 * setup and the Markdown summary.
 *
 *   npm run example
 */
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { Agreements, Primitives, Retro, Store, Team } from "@retrobridge/core"
import { Effect, Result } from "effect"

// Time, ids and randomness are inputs of the core: the example fixes them, so its output is reproducible.
const start = Date.UTC(2026, 9, 1, 13, 0)
const minute = 60_000
const retroId = "checkout-2026-q4"
const teamId = "checkout"
// Secrets are 32 random bytes from a CSPRNG, made on each person's own device; nobody else ever sees them.
const newSecret = () => Retro.secretFromBytes(crypto.getRandomValues(new Uint8Array(32)))
const facilitatorSecret = newSecret()
const joinCode = "join-checkout-q4-51b2e8"

const people: ReadonlyArray<{ id: string; name: string; side: Primitives.Side; role: "product-manager" | "tech-lead" | "senior-engineer" }> = [
  { id: "amara", name: "Amara", side: "product", role: "product-manager" },
  { id: "bo", name: "Bo", side: "product", role: "product-manager" },
  { id: "chen", name: "Chen", side: "product", role: "product-manager" },
  { id: "dana", name: "Dana", side: "engineering", role: "tech-lead" },
  { id: "eli", name: "Eli", side: "engineering", role: "senior-engineer" },
  { id: "fatima", name: "Fatima", side: "engineering", role: "senior-engineer" },
  { id: "goran", name: "Goran", side: "engineering", role: "senior-engineer" },
  { id: "hana", name: "Hana", side: "engineering", role: "tech-lead" }
]
const secrets = new Map(people.map((p) => [p.id, newSecret()]))
const secretOf = (id: string) => secrets.get(id)!

type Prompt = "worked-well" | "friction" | "wish-understood"
const cards: ReadonlyArray<[author: string, prompt: Prompt, text: string]> = [
  ["amara", "friction", "Requirements changed after sprint planning twice in October"],
  ["amara", "wish-understood", "A missed launch date costs us a partner commitment, not just a slide"],
  ["amara", "worked-well", "The checkout redesign demo landed well with stakeholders"],
  ["bo", "friction", "Estimates slipped on every integration with the payment provider"],
  ["bo", "wish-understood", "Roadmap priorities come from contracts we signed months ago"],
  ["bo", "friction", "We learn about tech debt only when a deadline is already at risk"],
  ["chen", "friction", "Acceptance criteria were unclear for the refund flow"],
  ["chen", "worked-well", "Engineers joined customer calls and asked sharp questions"],
  ["chen", "wish-understood", "Stakeholders ask me for a single date, not a range"],
  ["chen", "friction", "Scope creep on the wallet feature came from sales, not from us"],
  ["dana", "friction", "The legacy payment service slows every change; tech debt keeps growing"],
  ["dana", "wish-understood", "Our estimates are treated as deadlines and commitments"],
  ["dana", "friction", "Specs arrive after the sprint started, so we build twice"],
  ["dana", "worked-well", "Feature flags let us ship the redesign in small slices"],
  ["eli", "friction", "Flaky tests in CI cost us hours every week"],
  ["eli", "wish-understood", "A quick fix now becomes an incident in three months"],
  ["eli", "friction", "Migration to the new ledger was underestimated by weeks"],
  ["fatima", "friction", "Requirements changed mid-sprint without anyone telling QA"],
  ["fatima", "worked-well", "Pairing with product on edge cases saved a release"],
  ["fatima", "wish-understood", "Complexity is invisible: three services and a migration for one button"],
  ["fatima", "friction", "We cut corners on tests to hit the date and paid for it with an incident"],
  ["goran", "friction", "Story points estimates never match the actual effort on integrations"],
  ["goran", "wish-understood", "Refactoring is not gold-plating; it keeps us fast"],
  ["goran", "worked-well", "On-call load dropped after the retry queue refactor"],
  ["goran", "friction", "Deadline pressure made us skip the design review"],
  ["hana", "friction", "Refactor of the checkout service keeps getting deprioritized"],
  ["hana", "wish-understood", "Engineering needs the why behind a priority, not just the date"],
  ["hana", "friction", "Underestimated the fraud-check integration by a factor of two"],
  ["hana", "worked-well", "Weekly sync between tech leads and PMs caught two blockers early"],
  ["amara", "friction", "Unclear requirements on the loyalty points rules caused rework"]
]

const program = Effect.gen(function*() {
  const { retros, teams } = yield* Store.makeHandlers
  let clock = start
  const tick = (minutes = 0.25) => (clock += minutes * minute)

  // The team and its roster.
  yield* teams.handle({ streamId: Team.streamId(teamId), kind: "team", teamId, command: { _tag: "CreateTeam", teamId, name: "Checkout", at: clock } })
  for (const p of people) {
    yield* teams.handle({
      streamId: Team.streamId(teamId),
      kind: "team",
      teamId,
      command: { _tag: "AddTeamMember", memberId: p.id, name: p.name, side: p.side, role: p.role, at: tick() }
    })
  }

  const send = (command: Retro.Command) =>
    retros.handle({ streamId: Retro.streamId(retroId), kind: "retro", teamId, command }).pipe(
      Effect.mapError((e) => new Error(`${command._tag} rejected: ${e.message}`)),
      Effect.orDie
    )
  const facilitator = { facilitatorSecret }

  yield* send({
    _tag: "CreateRetro",
    retroId,
    teamId,
    title: "Checkout — Q4 2026 product–engineering retro",
    trigger: "quarterly",
    date: "2026-10-01",
    facilitatorName: "Nora (neutral facilitator, Platform team)",
    facilitatorSecret,
    joinCode,
    previousRetro: { retroId: "checkout-2026-q3", date: "2026-07-02" },
    at: tick()
  })
  for (const p of people) {
    yield* send({ _tag: "JoinRetro", participantId: p.id, name: p.name, side: p.side, secret: secretOf(p.id), joinCode, at: tick() })
  }

  const setup = Retro.view((yield* retros.load(Retro.streamId(retroId))).state, { role: "facilitator", secret: facilitatorSecret }, clock)
  if (Result.isSuccess(setup)) {
    console.log("Facilitator setup check:")
    console.log(setup.success.warnings.length === 0 ? "  no warnings" : setup.success.warnings.map((w) => `  - ${w.message}`).join("\n"))
    for (const side of ["product", "engineering"] as const) {
      console.log(`  ${side} cards labelled: ${setup.success.sideLabels[side].shown ? "yes" : "no"} (${setup.success.sideLabels[side].reason})`)
    }
    console.log()
  }

  // Part 1 — dual-perspective collection (20 min).
  yield* send({ _tag: "AdvancePhase", ...facilitator, from: "draft", at: tick(1) })
  // Each author names their own drafts (a counter will do); the core derives ids that carry no time, order or author.
  const drafts = new Map<string, number>()
  for (const [author, prompt, text] of cards) {
    const cardKey = `draft-${(drafts.get(author) ?? 0) + 1}`
    drafts.set(author, (drafts.get(author) ?? 0) + 1)
    yield* send({ _tag: "AddCard", secret: secretOf(author), cardKey, prompt, text, at: tick(0.5) })
  }
  yield* send({ _tag: "AdvancePhase", ...facilitator, from: "collecting", shuffleSeed: "q4-reveal-4b1d9e", at: (clock = start + 22 * minute) })

  // Part 2 — grouping into friction themes, following the suggester where it is confident.
  const themes = { req: "theme-requirements", debt: "theme-tech-debt", est: "theme-estimates" }
  yield* send({ _tag: "CreateTheme", ...facilitator, themeId: themes.req, name: "requirements-clarity", at: tick() })
  yield* send({ _tag: "CreateTheme", ...facilitator, themeId: themes.debt, name: "technical-debt", at: tick() })
  yield* send({ _tag: "CreateTheme", ...facilitator, themeId: themes.est, name: "estimates-predictability", at: tick() })
  const grouping = Retro.view((yield* retros.load(Retro.streamId(retroId))).state, { role: "facilitator", secret: facilitatorSecret }, clock)
  if (Result.isFailure(grouping)) return yield* Effect.die(grouping.failure)
  let grouped = 0
  for (const card of grouping.success.cards ?? []) {
    const themeId = card.suggestion?.themeId
    if (themeId !== undefined && card.prompt !== "worked-well") {
      yield* send({ _tag: "AssignCard", ...facilitator, cardId: card.cardId, themeId, at: tick(0.1) })
      grouped++
    }
  }
  yield* send({ _tag: "AdvancePhase", ...facilitator, from: "grouping", at: (clock = start + 32 * minute) })

  // Dot voting: three votes each, anonymous.
  const votes: Record<string, ReadonlyArray<string>> = {
    amara: [themes.req, themes.req, themes.est],
    bo: [themes.est, themes.est, themes.debt],
    chen: [themes.req, themes.est, themes.est],
    dana: [themes.debt, themes.debt, themes.est],
    eli: [themes.debt, themes.est, themes.req],
    fatima: [themes.req, themes.debt, themes.debt],
    goran: [themes.est, themes.est, themes.debt],
    hana: [themes.debt, themes.est, themes.req]
  }
  for (const [who, themeIds] of Object.entries(votes)) {
    for (const themeId of themeIds) yield* send({ _tag: "CastVote", secret: secretOf(who), themeId, at: tick(0.1) })
  }
  yield* send({ _tag: "AdvancePhase", ...facilitator, from: "voting", at: (clock = start + 37 * minute) })

  // Theme discussion: the three questions per theme.
  yield* send({ _tag: "FocusTheme", ...facilitator, themeId: themes.est, at: tick() })
  yield* send({ _tag: "RecordOptimizingFor", ...facilitator, themeId: themes.est, side: "product", text: "A date stakeholders can plan around", at: tick() })
  yield* send({ _tag: "RecordOptimizingFor", ...facilitator, themeId: themes.est, side: "engineering", text: "Not being held to a guess made before the work was understood", at: tick() })
  yield* send({ _tag: "AddHandoffNote", ...facilitator, themeId: themes.est, noteId: "est-h1", text: "Engineers give a range; it reaches stakeholders as a single date", at: tick() })
  yield* send({ _tag: "AddInformationGap", ...facilitator, themeId: themes.est, noteId: "est-g1", side: "product", text: "How far off integration estimates usually are", at: tick() })
  yield* send({ _tag: "AddInformationGap", ...facilitator, themeId: themes.est, noteId: "est-g2", side: "engineering", text: "Which dates are contractual and which are soft", at: tick() })
  yield* send({ _tag: "FocusTheme", ...facilitator, themeId: themes.debt, at: (clock = start + 46 * minute) })
  yield* send({ _tag: "RecordOptimizingFor", ...facilitator, themeId: themes.debt, side: "product", text: "Features customers and partners are waiting for", at: tick() })
  yield* send({ _tag: "RecordOptimizingFor", ...facilitator, themeId: themes.debt, side: "engineering", text: "Keeping the payment service changeable and on-call quiet", at: tick() })
  yield* send({ _tag: "AddHandoffNote", ...facilitator, themeId: themes.debt, noteId: "debt-h1", text: "Debt is raised only when a deadline is already at risk", at: tick() })
  yield* send({ _tag: "AddInformationGap", ...facilitator, themeId: themes.debt, noteId: "debt-g1", side: "product", text: "The cost of the debt: incidents, slowdowns, hours lost to flaky tests", at: tick() })
  yield* send({ _tag: "FocusTheme", ...facilitator, themeId: themes.req, at: (clock = start + 54 * minute) })
  yield* send({ _tag: "AddHandoffNote", ...facilitator, themeId: themes.req, noteId: "req-h1", text: "Scope changes after planning reach engineers but not QA", at: tick() })
  yield* send({ _tag: "AdvancePhase", ...facilitator, from: "discussing", at: (clock = start + 62 * minute) })

  // Part 3 — specific agreements, from the method's templates.
  const [ranges, , debtCost] = Agreements.templates("2026-10-01")
  yield* send({ _tag: "AcceptAgreement", ...facilitator, agreementId: "agr-ranges", agreement: { ...ranges!.draft, themeId: themes.est }, at: tick(5) })
  yield* send({ _tag: "AcceptAgreement", ...facilitator, agreementId: "agr-debt-cost", agreement: { ...debtCost!.draft, themeId: themes.debt }, at: tick(10) })
  yield* send({ _tag: "AdvancePhase", ...facilitator, from: "agreeing", at: (clock = start + 91 * minute) })

  const { state } = yield* retros.load(Retro.streamId(retroId))
  const markdown = Retro.markdown(state)
  if (Result.isFailure(markdown)) return yield* Effect.die(markdown.failure)
  console.log(`${cards.length} cards from ${people.length} people, ${grouped} grouped by suggestion into 3 themes, 2 agreements.\n`)
  console.log(markdown.success)
})

Effect.runPromise(program.pipe(Effect.provide(MemoryEventStore.layer))).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
