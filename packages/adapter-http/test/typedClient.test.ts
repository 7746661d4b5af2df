/**
 * What a program using the typed client sees when a request fails: the
 * API's error classes, matched by tag as any Effect error is
 * (`Effect.catchTag`), while the server's JSON error body stays
 * `{ code, message, details }` for clients in other languages; and the two
 * failures that are not the server's answer, `SchemaError` and
 * `HttpClientError`.
 */
import { Effect, Layer, Schema } from "effect"
import { FetchHttpClient } from "effect/http"
import { afterAll, describe, expect, it } from "vitest"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { openApiDocument, toWebHandler } from "@retrobridge/adapter-http"
import { Conflict, NotFound, RetroBridgeClient, Unprocessable, UnsupportedMediaType } from "@retrobridge/adapter-http/client"
import { Store } from "@retrobridge/core"
import { typedClientOn } from "./fixtures/typedClient.ts"

const store = await Effect.runPromise(MemoryEventStore.make)
const { handler, dispose } = toWebHandler(Layer.succeed(Store.EventStore)(store))
afterAll(dispose)
const client = typedClientOn(handler)
const absentRetro = "r_AAAAAAAAAAAAAAAAAAAAAA"

describe("the typed client's errors", () => {
  it("are tagged with their class: Effect.catchTag and catchTags match them", async () => {
    const team = await Effect.runPromise((await client()).teams.create({ payload: { name: "Checkout" } }))
    const admin = await client(team.adminToken)
    const caught = await Effect.runPromise(admin.retros.view({ params: { retroId: absentRetro } }).pipe(
      Effect.as("viewed"),
      Effect.catchTag("NotFound", (error) => Effect.succeed(`${error._tag} ${error.code}`))
    ))
    expect(caught).toBe("NotFound retro-not-found")

    const missing = await Effect.runPromise(Effect.flip(admin.estimates.reEstimate({
      params: { teamId: team.teamId, itemId: "W-404" },
      payload: { range: { best: 1, likely: 2, worst: 3 }, estimatedBy: "engineering", estimatedOn: "2026-09-05" }
    })))
    expect(missing).toBeInstanceOf(Unprocessable)
    expect(missing).toMatchObject({ _tag: "Unprocessable", code: "estimate-item-not-found" })
    const handled = await Effect.runPromise(Effect.flip(admin.estimates.reEstimate({
      params: { teamId: team.teamId, itemId: "W-404" },
      payload: { range: { best: 1, likely: 2, worst: 3 }, estimatedBy: "engineering", estimatedOn: "2026-09-05" }
    })).pipe(Effect.flip, Effect.catchTags({
      Unprocessable: (error) => Effect.succeed(error.code),
      Conflict: (error) => Effect.succeed(error.code)
    })))
    expect(handled).toBe("estimate-item-not-found")
  })

  it("keep the tag out of the JSON body and do not need it: other clients read { code, message, details }", async () => {
    const reply = await handler(new Request(`http://retrobridge.test/retros/${absentRetro}/participants`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ joinCode: "x".repeat(43), name: "Zed", side: "product" })
    }))
    expect(reply.status).toBe(404)
    const body = await reply.json() as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(["code", "details", "message"])
    // Decoding a body as the server sends it gives the tagged class.
    const decoded = Schema.decodeUnknownSync(NotFound)(body)
    expect(decoded).toBeInstanceOf(NotFound)
    expect(decoded._tag).toBe("NotFound")
    expect(Schema.encodeSync(Conflict)(new Conflict({ code: "already-done", message: "Done.", details: {} }))).toEqual({ code: "already-done", message: "Done.", details: {} })
  })

  it("a request the contract refuses is a SchemaError and is never sent", async () => {
    let sent = 0
    const counting = (request: Request) => {
      sent++
      return handler(request)
    }
    const anonymous = await typedClientOn(counting)()
    const refused = await Effect.runPromise(Effect.flip(anonymous.teams.create({ payload: { name: "x".repeat(1_000) } })))
    expect(refused._tag).toBe("SchemaError")
    expect(sent).toBe(0)
  })

  it("an answer the contract does not declare, or no answer, is an HttpClientError", async () => {
    const down = await Effect.runPromise(RetroBridgeClient.make({ baseUrl: "http://retrobridge.test" }).pipe(
      Effect.provide(FetchHttpClient.layer),
      Effect.provideService(FetchHttpClient.Fetch, () => Promise.reject(new TypeError("fetch failed")))
    ))
    const unreachable = await Effect.runPromise(Effect.flip(down.healthz()))
    expect(unreachable).toMatchObject({ _tag: "HttpClientError", reason: { _tag: "TransportError" } })

    const failing = await Effect.runPromise(RetroBridgeClient.make({ baseUrl: "http://retrobridge.test" }).pipe(
      Effect.provide(FetchHttpClient.layer),
      Effect.provideService(FetchHttpClient.Fetch, () =>
        Promise.resolve(Response.json({ code: "internal", message: "The server failed to answer.", details: {} }, { status: 500 })))
    ))
    const undeclared = await Effect.runPromise(Effect.flip(failing.healthz()))
    expect(undeclared._tag).toBe("HttpClientError")
  })

  it("a 415 of an endpoint that takes a body is an UnsupportedMediaType, as the contract states", async () => {
    const refusing = await Effect.runPromise(RetroBridgeClient.make({ baseUrl: "http://retrobridge.test", token: `rbt_${"A".repeat(43)}` }).pipe(
      Effect.provide(FetchHttpClient.layer),
      Effect.provideService(FetchHttpClient.Fetch, () =>
        Promise.resolve(Response.json({ code: "unsupported-media-type", message: "Send JSON.", details: { path: "Content-Type" } }, { status: 415 })))
    ))
    const refused = await Effect.runPromise(Effect.flip(refusing.teams.rename({ params: { teamId: "t_1" }, payload: { name: "Checkout" } })))
    expect(refused).toBeInstanceOf(UnsupportedMediaType)
    expect(refused).toMatchObject({ _tag: "UnsupportedMediaType", code: "unsupported-media-type" })
  })
})

describe("/openapi.json's error bodies", () => {
  it("describe what the server sends, { code, message, details }, without the client's tag", () => {
    const doc = openApiDocument() as {
      paths: Record<string, any>
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: ReadonlyArray<string> }> }
    }
    const notFound = doc.paths["/retros/{retroId}"].get.responses["404"].content["application/json"].schema.$ref as string
    const schema = doc.components.schemas[notFound.split("/").pop()!]!
    expect(Object.keys(schema.properties!).sort()).toEqual(["code", "details", "message"])
    expect([...schema.required!].sort()).toEqual(["code", "details", "message"])
  })
})
