import { describe, expect, it } from "vitest"
import { parseSse } from "../src/live.ts"
import { routeOf } from "../src/route.ts"

describe("routeOf", () => {
  it("maps the app's paths to screens", () => {
    expect(routeOf("/join/r_abc")).toEqual({ screen: "participant", retroId: "r_abc" })
    expect(routeOf("/facilitate/r_abc")).toEqual({ screen: "facilitator", retroId: "r_abc" })
    expect(routeOf("/team/t_1")).toEqual({ screen: "team", teamId: "t_1" })
    expect(routeOf("/")).toEqual({ screen: "home" })
    expect(routeOf("/join/")).toEqual({ screen: "home" })
    expect(routeOf("/join/%E0%A4%A")).toEqual({ screen: "participant", retroId: "%E0%A4%A" })
  })
})

describe("parseSse", () => {
  const frames = (chunks: ReadonlyArray<string>) => {
    const out: Array<{ id?: string | undefined; event?: string | undefined; data: string; retry?: number | undefined }> = []
    let pending = { data: [] as Array<string> }
    for (const chunk of chunks) {
      pending = parseSse(chunk, pending, (f) => out.push({ id: f.id, event: f.event, data: f.data.join("\n"), retry: f.retry }))
    }
    return out
  }

  it("reads the server's frames: retry, view with id, heartbeat comments, gone", () => {
    expect(frames(["retry: 2000\n\nid: 14\nevent: view\ndata: {\"phase\":\"draft\"}\n\n: heartbeat\n\nevent: gone\ndata: {}\n\n"])).toEqual([
      { id: undefined, event: undefined, data: "", retry: 2000 },
      { id: "14", event: "view", data: "{\"phase\":\"draft\"}", retry: undefined },
      { id: undefined, event: "gone", data: "{}", retry: undefined }
    ])
  })

  it("joins a frame split across chunks at line ends", () => {
    expect(frames(["id: 3\nevent: view\n", "data: {\"a\":1}\n", "\n"])).toEqual([{ id: "3", event: "view", data: "{\"a\":1}", retry: undefined }])
  })

  it("keeps multi-line data and ignores unknown fields", () => {
    expect(frames(["event: view\nfoo: bar\ndata: one\ndata: two\n\n"])).toEqual([{ id: undefined, event: "view", data: "one\ntwo", retry: undefined }])
  })
})

describe("call", () => {
  it("a request the contract refuses before it is sent says what is wrong, not that the server could not be reached", async () => {
    // Nothing listens there: a request that went out would fail as unreachable.
    const g = globalThis as unknown as { location?: { origin: string } }
    g.location ??= { origin: "http://127.0.0.1:9" }
    const { ApiProblem, call } = await import("../src/api.ts")
    const problem = await call(`rbp_${"A".repeat(43)}`, (c) => c.retros.editCard({ params: { retroId: "r_1", cardId: "card-1" }, payload: { text: "   " } })).catch((e: unknown) => e)
    expect(problem).toBeInstanceOf(ApiProblem)
    expect(problem).toMatchObject({ code: "invalid-request", message: expect.stringMatching(/^Not sent: text must not be blank/) })
    const unreachable = await call(`rbp_${"A".repeat(43)}`, (c) => c.retros.editCard({ params: { retroId: "r_1", cardId: "card-1" }, payload: { text: "Specs arrive late" } })).catch((e: unknown) => e)
    expect(unreachable).toMatchObject({ code: "network" })
  })
})

describe("joinProblem", () => {
  it("says what a person following a join link can do, not which command or field the API named", async () => {
    const { ApiProblem } = await import("../src/api.ts")
    const { joinProblem } = await import("../src/flows.ts")
    const closed = joinProblem(new ApiProblem("not-allowed-in-phase", "JoinRetro is not allowed while the retro is grouping. Allowed in grouping: CreateTheme, …", { phase: "grouping" }, 409))
    expect(closed).toMatchObject({ code: "not-allowed-in-phase", message: expect.stringMatching(/^Joining is closed/) })
    for (const problem of [new ApiProblem("retro-not-found", "No retro r_1 for this token", {}, 404), new ApiProblem("invalid-request", "JoinRetro.joinCode is invalid (min-length)", { path: "joinCode" }, 400)]) {
      const reworded = joinProblem(problem) as Error
      expect(reworded.message).toMatch(/^This join link does not open a retro/)
      expect(reworded.message).not.toMatch(/JoinRetro|joinCode|token/)
    }
    const other = new ApiProblem("rate-limited", "Too many requests. Wait 58 seconds before trying again.", { retryAfterSeconds: 58 }, 429)
    expect(joinProblem(other)).toBe(other)
  })
})
