/**
 * Live views shared per retro: one store subscription however many viewers,
 * one view per viewer class, a stalled viewer holding back nobody, and the
 * subscription released when the last viewer leaves.
 */
import { Effect, Fiber, Stream } from "effect"
import { Store } from "@retrobridge/core"
import { parseToken } from "@retrobridge/adapter-http"
import { makeLiveViews } from "../src/LiveViews.ts"
import { describe, expect, it } from "vitest"
import { makeHarness, setupRetro, setupTeam } from "./fixtures/harness.ts"

const decoder = new TextDecoder()
const idOf = (frame: Uint8Array) => Number(/^id: (\d+)/.exec(decoder.decode(frame))?.[1] ?? Number.NaN)

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!check()) throw new Error(`timed out waiting for ${what}`)
}

describe("LiveViews", () => {
  it("shares one subscription and one view per viewer class; a stalled viewer delays nobody; the last to leave releases the subscription", async () => {
    const h = await makeHarness({ writeLimit: { limit: 10_000, windowMs: 60_000 } })
    const team = await setupTeam(h)
    const retro = await setupRetro(h, team.adminToken, team.teamId)
    let subscriptions = 0
    const store: Store.EventStore["Service"] = {
      ...h.store,
      subscribe: (streamId, from) => {
        subscriptions++
        return h.store.subscribe(streamId, from)
      }
    }
    const handlers = await Effect.runPromise(Effect.provideService(Store.makeHandlers, Store.EventStore, store))
    const live = makeLiveViews(store, handlers.retros)
    const streamId = `retro:${retro.retroId}`
    const from = { version: await Effect.runPromise(h.store.version(streamId)), json: "" }
    const watcher = (i: number) => ({ role: "participant" as const, secret: parseToken(retro.participantTokens[i]!)!.secret })

    const received: Array<Array<Uint8Array>> = [[], [], []]
    const fibers = [watcher(0), watcher(0), watcher(1)].map((w, i) =>
      Effect.runFork(Stream.runForEach(live.frames(retro.retroId, w, from), (frame) => Effect.sync(() => received[i]!.push(frame)))))
    let stalledGot = 0
    // Takes one frame, then never reads again.
    const stalled = Effect.runFork(Stream.runForEach(live.frames(retro.retroId, watcher(2), from), () => Effect.sync(() => stalledGot++).pipe(Effect.andThen(Effect.never))))

    for (let i = 0; i < 30; i++) {
      const reply = await h.call("POST", `/retros/${retro.retroId}/cards`, { token: retro.participantTokens[i % 6]!, body: { prompt: "friction", text: `Card ${i} about late specs` } })
      expect(reply.status).toBe(201)
    }
    const last = await Effect.runPromise(h.store.version(streamId))
    await until(() => received.every((frames) => frames.length > 0 && idOf(frames.at(-1)!) === last), "every viewer to reach the last version")
    expect(stalledGot).toBe(1)
    expect(subscriptions).toBe(1)
    // Same class, same bytes: the view was computed and encoded once for both.
    expect(received[0]!.at(-1)).toBe(received[1]!.at(-1))
    expect(decoder.decode(received[2]!.at(-1))).not.toBe(decoder.decode(received[0]!.at(-1)))

    for (const fiber of [...fibers, stalled]) await Effect.runPromise(Fiber.interrupt(fiber))
    const again: Array<Uint8Array> = []
    const next = Effect.runFork(Stream.runForEach(live.frames(retro.retroId, watcher(0), { version: last, json: "" }), (frame) => Effect.sync(() => again.push(frame))))
    await h.call("POST", `/retros/${retro.retroId}/cards`, { token: retro.participantTokens[0]!, body: { prompt: "friction", text: "One more" } })
    await until(() => again.length > 0, "the new viewer's frame")
    expect(idOf(again.at(-1)!)).toBe(last + 1)
    // The first hub let go of its subscription when its last viewer left; this viewer started another.
    expect(subscriptions).toBe(2)
    await Effect.runPromise(Fiber.interrupt(next))
    await h.dispose()
  })
})
