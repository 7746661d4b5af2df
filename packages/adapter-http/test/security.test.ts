/**
 * Who may call what, endpoint by endpoint, from a table that must cover the
 * whole contract: missing, malformed, wrong-retro and wrong-role tokens;
 * bad bodies for every body; and what no answer may ever contain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Effect } from "effect"
import { RetroBridgeApi } from "@retrobridge/adapter-http"
import { Estimates } from "@retrobridge/core"
import { makeHarness, setupRetro, setupTeam, type Harness, type RetroFixture } from "./fixtures/harness.ts"

type Who = "public" | "team-admin" | "facilitator" | "participant" | "member"

interface Row {
  readonly who: Who
  readonly path: (ids: Ids) => string
  readonly body?: unknown
  /** A non-JSON body (CSV imports). */
  readonly csv?: string
}

interface Ids {
  readonly teamId: string
  readonly retroId: string
  readonly cardId: string
}

const theme = "th_AAAAAAAAAAAAAAAAAAAAAA"
const report: unknown = JSON.parse(JSON.stringify(Estimates.accuracyReport(
  Estimates.importedSamples(Estimates.generateHistory({ seed: 11, count: 40, startOn: "2026-01-01", days: 270 })),
  { unit: "hours", quarter: "2026-Q3" }
)))
const draft = {
  statement: "Engineers share a range with every estimate",
  commitments: [{ side: "engineering", text: "Give a best/likely/worst range" }, { side: "product", text: "Quote the range to stakeholders" }],
  signal: "Every roadmap item shows a range in the weekly update",
  reviewBy: "2026-12-15"
}

/** Every endpoint of the contract (`group.endpoint`), with who may call it and a well-formed request. */
const table: Record<string, Row> = {
  "system.healthz": { who: "public", path: () => "/healthz" },
  "system.readyz": { who: "public", path: () => "/readyz" },
  "teams.create": { who: "public", path: () => "/teams", body: { name: "Another team" } },
  "teams.get": { who: "team-admin", path: (i) => `/teams/${i.teamId}` },
  "teams.rename": { who: "team-admin", path: (i) => `/teams/${i.teamId}`, body: { name: "Checkout & Payments" } },
  "teams.addMember": { who: "team-admin", path: (i) => `/teams/${i.teamId}/members`, body: { name: "Gil", side: "engineering", role: "engineer" } },
  "teams.changeMember": { who: "team-admin", path: (i) => `/teams/${i.teamId}/members/m_x`, body: { side: "engineering", role: "engineer" } },
  "teams.removeMember": { who: "team-admin", path: (i) => `/teams/${i.teamId}/members/m_x` },
  "teams.history": { who: "team-admin", path: (i) => `/teams/${i.teamId}/history` },
  "teams.createRetro": {
    who: "team-admin",
    path: (i) => `/teams/${i.teamId}/retros`,
    body: { title: "Q1 retro", trigger: "quarterly", date: "2027-01-10", facilitatorName: "Nora" }
  },
  "estimates.record": {
    who: "team-admin",
    path: (i) => `/teams/${i.teamId}/estimates`,
    body: { itemId: "W-1", title: "Checkout refactor", workType: "refactor", unit: "days", range: { best: 2, likely: 3, worst: 6 }, estimatedBy: "engineering", estimatedOn: "2026-09-01" }
  },
  "estimates.reEstimate": {
    who: "team-admin",
    path: (i) => `/teams/${i.teamId}/estimates/W-1/re-estimates`,
    body: { range: { best: 3, likely: 4, worst: 8 }, estimatedBy: "engineering", estimatedOn: "2026-09-05" }
  },
  "estimates.recordActual": { who: "team-admin", path: (i) => `/teams/${i.teamId}/estimates/W-1/actual`, body: { actual: 5, completedOn: "2026-09-20" } },
  "estimates.cancel": { who: "team-admin", path: (i) => `/teams/${i.teamId}/estimates/W-2/cancel`, body: { cancelledOn: "2026-09-20" } },
  "estimates.accuracy": { who: "team-admin", path: (i) => `/teams/${i.teamId}/estimates/accuracy`, body: { slice: { unit: "days" } } },
  "estimates.calibrate": {
    who: "team-admin",
    path: (i) => `/teams/${i.teamId}/estimates/calibrate`,
    body: { workType: "refactor", unit: "days", range: { best: 2, likely: 3, worst: 6 }, estimatedOn: "2026-10-01" }
  },
  "estimates.importCsv": { who: "team-admin", path: (i) => `/teams/${i.teamId}/estimates/import`, csv: "id,title\n" },
  "retros.join": { who: "public", path: (i) => `/retros/${i.retroId}/participants`, body: { joinCode: "x".repeat(43), name: "Zed", side: "product" } },
  "retros.checkJoin": { who: "public", path: (i) => `/retros/${i.retroId}/participants/check`, body: { joinCode: "x".repeat(43) } },
  "retros.view": { who: "member", path: (i) => `/retros/${i.retroId}` },
  "retros.changeSettings": { who: "facilitator", path: (i) => `/retros/${i.retroId}/settings`, body: { settings: { voteBudget: 4 } } },
  "retros.removeParticipant": { who: "facilitator", path: (i) => `/retros/${i.retroId}/participants/p_x` },
  "retros.advancePhase": { who: "facilitator", path: (i) => `/retros/${i.retroId}/phase`, body: { from: "voting" } },
  "retros.addCard": { who: "participant", path: (i) => `/retros/${i.retroId}/cards`, body: { prompt: "friction", text: "Specs arrive late" } },
  "retros.editCard": { who: "participant", path: (i) => `/retros/${i.retroId}/cards/${i.cardId}`, body: { text: "Specs arrive after the sprint started" } },
  "retros.withdrawCard": { who: "participant", path: (i) => `/retros/${i.retroId}/cards/${i.cardId}` },
  "retros.setReady": { who: "participant", path: (i) => `/retros/${i.retroId}/ready`, body: { ready: true } },
  "retros.extendTimebox": { who: "facilitator", path: (i) => `/retros/${i.retroId}/timebox-extensions`, body: { phase: "voting", minutes: 5 } },
  "retros.handOverFacilitation": { who: "facilitator", path: (i) => `/retros/${i.retroId}/facilitator`, body: { facilitatorName: "Sam", facilitatorSide: "product" } },
  "retros.importFromPreviousRetro": { who: "facilitator", path: (i) => `/retros/${i.retroId}/follow-ups/from-previous-retro` },
  "retros.previewImportFromPreviousRetro": { who: "facilitator", path: (i) => `/retros/${i.retroId}/follow-ups/from-previous-retro` },
  "retros.createTheme": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes`, body: { name: "technical-debt" } },
  "retros.renameTheme": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}`, body: { name: "Debt" } },
  "retros.assignCard": { who: "facilitator", path: (i) => `/retros/${i.retroId}/cards/${i.cardId}/theme`, body: { themeId: theme } },
  "retros.unassignCard": { who: "facilitator", path: (i) => `/retros/${i.retroId}/cards/${i.cardId}/theme` },
  "retros.mergeThemes": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/merge`, body: { intoThemeId: "th_other" } },
  "retros.splitTheme": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/split`, body: { name: "Part", cardIds: ["c_AAAAAAAAAAAAAAAAAAAAAA"] } },
  "retros.themeProposals": { who: "facilitator", path: (i) => `/retros/${i.retroId}/theme-proposals` },
  "retros.castVote": { who: "participant", path: (i) => `/retros/${i.retroId}/themes/${theme}/votes` },
  "retros.retractVote": { who: "participant", path: (i) => `/retros/${i.retroId}/themes/${theme}/votes` },
  "retros.focusTheme": { who: "facilitator", path: (i) => `/retros/${i.retroId}/focus`, body: { themeId: theme } },
  "retros.recordOptimizingFor": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/optimizing-for/product`, body: { text: "Dates" } },
  "retros.addHandoffNote": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/handoff-notes`, body: { text: "Ranges become dates" } },
  "retros.addInformationGap": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/information-gaps`, body: { side: "product", text: "Real cost" } },
  "retros.editDiscussionNote": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/notes/n_x`, body: { text: "Ranges become dates at planning" } },
  "retros.removeDiscussionNote": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/notes/n_x` },
  "retros.attachAccuracyReport": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/accuracy-report`, body: { report } },
  "retros.attachAccuracyReportFromTeamLog": { who: "facilitator", path: (i) => `/retros/${i.retroId}/themes/${theme}/accuracy-report/from-team-log`, body: { slice: { unit: "days" }, basis: "latest" } },
  "retros.agreementTemplates": { who: "facilitator", path: (i) => `/retros/${i.retroId}/agreement-templates` },
  "retros.validateAgreement": { who: "facilitator", path: (i) => `/retros/${i.retroId}/agreements/validate`, body: { agreement: draft } },
  "retros.acceptAgreement": { who: "facilitator", path: (i) => `/retros/${i.retroId}/agreements`, body: { agreement: draft } },
  "retros.withdrawAgreement": { who: "facilitator", path: (i) => `/retros/${i.retroId}/agreements/a_x` },
  "retros.importPreviousAgreements": { who: "facilitator", path: (i) => `/retros/${i.retroId}/follow-ups`, body: { fromRetroId: "r_prev", fromRetroDate: "2026-07-01", agreements: [] } },
  "retros.reviewAgreement": { who: "facilitator", path: (i) => `/retros/${i.retroId}/follow-ups/a_x`, body: { outcome: "kept", evidence: "Ranges in every update" } },
  "retros.events": { who: "member", path: (i) => `/retros/${i.retroId}/events` },
  "retros.exportMarkdown": { who: "member", path: (i) => `/retros/${i.retroId}/export.md` }
}

const send = (row: Row) => row.csv === undefined ? { body: row.body } : { raw: row.csv, headers: { "content-type": "text/csv" } }

const endpoints = Object.values(RetroBridgeApi.groups).flatMap((group) =>
  Object.entries(group.endpoints).map(([name, endpoint]) => ({ key: `${group.identifier}.${name}`, method: endpoint.method as string }))
)

let h: Harness
let team: { teamId: string; adminToken: string }
let otherTeam: { teamId: string; adminToken: string }
let a: RetroFixture
let b: RetroFixture

const streamVersions = async (): Promise<string> => {
  const versions: Array<string> = []
  for (const t of [team.teamId, otherTeam.teamId]) {
    for (const s of await Effect.runPromise(h.store.listStreams(t))) versions.push(`${s.streamId}@${s.version}`)
  }
  return versions.sort().join(",")
}

beforeAll(async () => {
  h = await makeHarness()
  team = await setupTeam(h)
  otherTeam = await setupTeam(h)
  a = await setupRetro(h, team.adminToken, team.teamId)
  b = await setupRetro(h, team.adminToken, team.teamId)
})
afterAll(() => h.dispose())

const methodOf = (key: string) => endpoints.find((e) => e.key === key)!.method

describe("the access table", () => {
  it("covers every endpoint of the contract", () => {
    expect(endpoints.map((e) => e.key).sort()).toEqual(Object.keys(table).sort())
  })

  const guarded = Object.entries(table).filter(([, row]) => row.who !== "public")

  it.each(guarded)("%s refuses a missing and a malformed token with 401", async (key, row) => {
    const ids = { teamId: team.teamId, retroId: a.retroId, cardId: a.cardIds[0]! }
    const before = await streamVersions()
    const missing = await h.call(methodOf(key), row.path(ids), { ...send(row) })
    expect(missing.status).toBe(401)
    expect(missing.json.code).toBe("token-missing")
    expect(missing.headers.get("www-authenticate")).toBe("Bearer")
    for (const token of ["nonsense", "rbf_short", `rbx_${"A".repeat(43)}`, `rbf_${"!".repeat(43)}`]) {
      const malformed = await h.call(methodOf(key), row.path(ids), { token, ...send(row) })
      expect(malformed.status).toBe(401)
      expect(malformed.json.code).toBe("token-malformed")
    }
    expect(await streamVersions()).toBe(before)
  })

  it.each(guarded)("%s answers a token of another retro or team exactly as if it did not exist", async (key, row) => {
    const before = await streamVersions()
    if (row.who === "team-admin") {
      const ids = { teamId: team.teamId, retroId: a.retroId, cardId: a.cardIds[0]! }
      const wrong = await h.call(methodOf(key), row.path(ids), { token: otherTeam.adminToken, ...send(row) })
      const absent = await h.call(methodOf(key), row.path({ ...ids, teamId: "t_absent" }), { token: otherTeam.adminToken, ...send(row) })
      expect(wrong.status).toBe(404)
      expect(wrong.text.replaceAll(team.teamId, "ID")).toBe(absent.text.replaceAll("t_absent", "ID"))
    } else {
      // Tokens of retro A, on retro B and on a retro that does not exist.
      const ids = { teamId: team.teamId, retroId: b.retroId, cardId: b.cardIds[0]! }
      for (const token of [a.facilitatorToken, a.participantTokens[0]!]) {
        const wrong = await h.call(methodOf(key), row.path(ids), { token, ...send(row) })
        const absent = await h.call(methodOf(key), row.path({ ...ids, retroId: "r_absent" }), { token, ...send(row) })
        expect(wrong.status).toBe(404)
        expect(wrong.text.replaceAll(b.retroId, "ID")).toBe(absent.text.replaceAll("r_absent", "ID"))
      }
    }
    expect(await streamVersions()).toBe(before)
  })

  it.each(guarded)("%s tells a token of the other kind (team or retro) which token it takes, the same whether the retro or team exists", async (key, row) => {
    const before = await streamVersions()
    if (row.who === "team-admin") {
      // A retro's tokens, on their own retro's team and on a team that does not exist.
      const ids = { teamId: team.teamId, retroId: a.retroId, cardId: a.cardIds[0]! }
      for (const token of [a.facilitatorToken, a.participantTokens[0]!]) {
        const own = await h.call(methodOf(key), row.path(ids), { token, ...send(row) })
        const absent = await h.call(methodOf(key), row.path({ ...ids, teamId: "t_absent" }), { token, ...send(row) })
        expect(own.status).toBe(404)
        expect(own.text.replaceAll(team.teamId, "ID")).toBe(absent.text.replaceAll("t_absent", "ID"))
        expect(own.json.message).toMatch(/admin token/)
      }
    } else {
      // The team admin's token, on its own team's retro, on another team's and on one that does not exist.
      const ids = { teamId: team.teamId, retroId: a.retroId, cardId: a.cardIds[0]! }
      const own = await h.call(methodOf(key), row.path(ids), { token: team.adminToken, ...send(row) })
      const others = await h.call(methodOf(key), row.path(ids), { token: otherTeam.adminToken, ...send(row) })
      const absent = await h.call(methodOf(key), row.path({ ...ids, retroId: "r_absent" }), { token: team.adminToken, ...send(row) })
      expect(own.status).toBe(404)
      expect(own.json.code).toBe("retro-not-found")
      expect(own.text.replaceAll(a.retroId, "ID")).toBe(absent.text.replaceAll("r_absent", "ID"))
      expect(others.text).toBe(own.text)
      expect(own.json.message).toMatch(/team admin token/)
      expect(own.json.message).toMatch(/facilitator/)
      expect(own.json.message).toMatch(/join/)
    }
    expect(await streamVersions()).toBe(before)
  })

  it.each(guarded)("%s refuses a token of the wrong role", async (key, row) => {
    const ids = { teamId: team.teamId, retroId: a.retroId, cardId: a.cardIds[0]! }
    const before = await streamVersions()
    const wrongRoles: Array<[string, number]> = row.who === "team-admin"
      ? [[a.facilitatorToken, 404], [a.participantTokens[0]!, 404]]
      : row.who === "facilitator"
      ? [[a.participantTokens[0]!, 403], [team.adminToken, 404]]
      : row.who === "participant"
      ? [[a.facilitatorToken, 403], [team.adminToken, 404]]
      : [[team.adminToken, 404]]
    for (const [token, status] of wrongRoles) {
      const reply = await h.call(methodOf(key), row.path(ids), { token, ...send(row) })
      expect({ status: reply.status, code: reply.json.code }).toEqual({ status, code: status === 403 ? "wrong-role" : row.who === "team-admin" ? "team-not-found" : "retro-not-found" })
    }
    expect(await streamVersions()).toBe(before)
  })
})

describe("bad bodies", () => {
  const withBody = Object.entries(table).filter(([, row]) => row.body !== undefined)
  const tokenFor = (row: Row): string | undefined =>
    row.who === "team-admin" ? team.adminToken : row.who === "facilitator" ? a.facilitatorToken : row.who === "participant" ? a.participantTokens[1] : undefined

  it.each(withBody)("%s answers every malformed body with a 4xx error body and changes nothing", async (key, row) => {
    const ids = { teamId: team.teamId, retroId: a.retroId, cardId: a.cardIds[1]! }
    const token = tokenFor(row)
    const before = await streamVersions()
    const body = row.body as Record<string, unknown>
    const wrongTypes = Object.fromEntries(Object.keys(body).map((k) => [k, 12345]))
    const unknownEnum = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" && /^[a-z-]+$/.test(v) && ["side", "prompt", "from", "trigger", "outcome", "role"].includes(k) ? "no-such-value" : v]))
    const controlChars = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" && ["name", "text", "title", "evidence"].includes(k) ? `evil\u0000\u001b[2Jtext` : v]))
    const cases: Array<[string, { raw?: string | Uint8Array; body?: unknown }]> = [
      ["invalid JSON", { raw: "{\"oops\": " }],
      ["an array", { body: [1, 2] }],
      ["wrong types", { body: wrongTypes }],
      ["an unknown field", { body: { ...body, authorId: "p_1" } }],
      ["oversized", { raw: JSON.stringify({ ...body, pad: "x".repeat(70 * 1024) }) }]
    ]
    if (JSON.stringify(unknownEnum) !== JSON.stringify(body)) cases.push(["an unknown enum value", { body: unknownEnum }])
    if (JSON.stringify(controlChars) !== JSON.stringify(body)) cases.push(["control characters", { body: controlChars }])
    const textKey = Object.keys(body).find((k) => typeof body[k] === "string" && !["side", "prompt", "from", "trigger", "outcome", "role", "joinCode"].includes(k))
    if (textKey !== undefined) {
      // "Café" as a spreadsheet in windows-1252 writes it: é is the one byte 0xE9, which is not UTF-8.
      const json = new TextEncoder().encode(JSON.stringify({ ...body, [textKey]: "Caf#" }))
      cases.push(["bytes that are not UTF-8", { raw: json.map((b) => b === 0x23 ? 0xe9 : b) }])
    }
    for (const [what, request] of cases) {
      const reply = await h.call(methodOf(key), row.path(ids), { token, ...request })
      expect(reply.status, `${key} with ${what}: ${reply.text}`).toBeGreaterThanOrEqual(400)
      expect(reply.status, `${key} with ${what}`).toBeLessThan(500)
      expect(Object.keys(reply.json).sort(), `${key} with ${what}`).toEqual(["code", "details", "message"])
      if (what === "oversized") expect(reply.status).toBe(413)
      if (what === "invalid JSON" || what === "bytes that are not UTF-8") expect(reply.json.code, `${key} with ${what}`).toBe("invalid-json")
    }
    expect(await streamVersions()).toBe(before)
  })

  it("names the failing field's path", async () => {
    const reply = await h.call("POST", `/retros/${a.retroId}/agreements/validate`, {
      token: a.facilitatorToken,
      body: { agreement: { ...draft, commitments: [{ side: "engineering", text: 5 }] } }
    })
    expect(reply.status).toBe(400)
    expect(reply.json.details.path).toBe("agreement.commitments[0].text")
  })
})

describe("what no answer contains", () => {
  it("no reply carries another person's token, a secret, or an author next to a card", async () => {
    // Make every kind of reply happen once more after the tables above.
    await h.call("GET", `/retros/${a.retroId}`, { token: a.facilitatorToken })
    await h.call("GET", `/retros/${a.retroId}`, { token: a.participantTokens[2] })
    await h.call("POST", `/retros/${a.retroId}/phase`, { token: a.facilitatorToken, body: { from: "collecting" } })
    await h.call("GET", `/retros/${a.retroId}`, { token: a.participantTokens[2] })
    await h.call("GET", `/retros/${a.retroId}/theme-proposals`, { token: a.facilitatorToken })
    const secretsOf = (token: string) => [token, token.slice(4)]
    for (const reply of h.replies) {
      const minted = /"(adminToken|facilitatorToken|participantToken)":"([^"]+)"/g
      // Minted tokens appear only in the reply that mints them; strip those, then nothing secret may remain.
      const rest = reply.text.replace(minted, "")
      for (const f of [a, b]) {
        for (const token of [f.facilitatorToken, ...f.participantTokens]) {
          for (const secret of secretsOf(token)) expect(rest).not.toContain(secret)
        }
      }
      expect(rest).not.toMatch(/tokenHash|ownerProof|voterTag|participantId"\s*:\s*"[^"]+"\s*,\s*"(prompt|text)/)
      // A revealed card never sits next to a participant's name.
      if (reply.json?.cards !== undefined) {
        for (const card of reply.json.cards as Array<Record<string, unknown>>) {
          expect(Object.keys(card)).not.toContain("participantId")
          expect(Object.keys(card)).not.toContain("author")
          expect(Object.keys(card)).not.toContain("name")
        }
      }
    }
  })

  it("the access log has only method, route template, status, duration and request id", () => {
    expect(h.accessLog.length).toBeGreaterThan(100)
    for (const line of h.accessLog) {
      expect(Object.keys(line).sort()).toEqual(["durationMs", "method", "requestId", "route", "status"])
      expect(line.route).not.toMatch(/r_[A-Za-z0-9_-]{22}|c_[A-Za-z0-9_-]{22}|t_[A-Za-z0-9_-]{22}/)
    }
    const text = JSON.stringify(h.accessLog)
    for (const token of [a.facilitatorToken, ...a.participantTokens, team.adminToken]) expect(text).not.toContain(token.slice(4))
  })

  it("every reply has a request id and the security headers", () => {
    for (const reply of h.replies) {
      expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
      expect(reply.headers.get("x-content-type-options")).toBe("nosniff")
      expect(reply.headers.get("cache-control")).toBe("no-store")
      expect(reply.headers.get("content-security-policy")).toContain("frame-ancestors 'none'")
    }
  })
})
