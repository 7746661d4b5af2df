/**
 * The HTTP benchmark's baselines, each a child process: the same card
 * submission (bearer token check, JSON body with a prompt enum and a text of
 * at most 2,000 characters, 201 with a fresh card id) on a bare `node:http`
 * handler, on fastify with its JSON-schema validation, and on a minimal Effect
 * `HttpApi` endpoint served the way `retrobridge serve` serves (Node's server,
 * no per-request logger) — the floor of the framework RetroBridge is built on.
 *
 * `core` is the ceiling of any host: the bare handler with RetroBridge's own
 * rule in it — the core's command handler deciding `AddCard` on the memory
 * store (the participant's secret checked by the core, the card's id derived
 * from it) — and nothing of the HTTP layer's boundary (no request id, security
 * headers, rate limit, idempotency or per-retro write lane). Whatever a host
 * does, it cannot answer a submission for less CPU than this.
 *
 *   node bench/http/baselines.ts bare|fastify|effect [tokens-json]
 *   node bench/http/baselines.ts core [writers-json]
 *
 * Prints `listening <port>` once ready. For the first three the tokens are
 * the second argument (a JSON array); every token may write to every retro.
 * `core` takes the writers (`[{ retroId, token }]`, participants' tokens of
 * another server) and holds the same retros, in collection, with the same
 * participants' secrets.
 */
import { randomBytes } from "node:crypto"
import { Retro, Store } from "@retrobridge/core"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { createServer, type IncomingMessage } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Schema } from "effect"
import { HttpRouter, HttpServer, HttpServerRequest } from "effect/http"
import { HttpApi, HttpApiBuilder, HttpApiEndpoint, HttpApiError, HttpApiGroup, HttpApiSchema } from "effect/http-api"
import Fastify from "fastify"

type Prompt = "worked-well" | "friction" | "wish-understood"
const prompts = new Set<string>(["worked-well", "friction", "wish-understood"] satisfies Array<Prompt>)
const isPrompt = (value: unknown): value is Prompt => typeof value === "string" && prompts.has(value)
const tokens = new Set<string>(JSON.parse(process.argv[3] ?? "[]") as Array<string>)
const cards: Array<{ retroId: string; cardId: string; prompt: string; text: string }> = []
const route = /^\/retros\/([A-Za-z0-9_-]+)\/cards$/

const bearerOk = (header: string | undefined): boolean =>
  header !== undefined && header.startsWith("Bearer ") && tokens.has(header.slice(7))

/** Reads and checks the card body as every baseline does; undefined when it is not a card. */
const readCard = (req: IncomingMessage, answer: (card: { prompt: Prompt; text: string } | undefined) => void) => {
  const chunks: Array<Buffer> = []
  let size = 0
  req.on("data", (chunk: Buffer) => {
    size += chunk.length
    if (size <= 65536) chunks.push(chunk)
  })
  req.on("end", () => {
    let body: { prompt?: unknown; text?: unknown }
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof body
    } catch {
      return answer(undefined)
    }
    if (size > 65536 || !isPrompt(body.prompt) || typeof body.text !== "string" || body.text.trim() === "" || body.text.length > 2000 || Object.keys(body).length !== 2) {
      return answer(undefined)
    }
    answer({ prompt: body.prompt, text: body.text })
  })
}

type Reply = (status: number, body: string) => void

/**
 * The bare `node:http` card route both bare baselines share: 404 off the route, 401 without an
 * `authorized` token, 400 for a body that is not a card; `accept` answers the rest.
 */
const serveCardsBare = (
  authorized: (header: string | undefined) => boolean,
  accept: (retroId: string, card: { prompt: Prompt; text: string }, header: string, reply: Reply) => void
) => {
  const server = createServer((req, res) => {
    const reply: Reply = (status, body) => void res.writeHead(status, { "content-type": "application/json" }).end(body)
    const match = req.method === "POST" ? route.exec(req.url ?? "") : null
    if (match === null) return reply(404, '{"code":"route-not-found"}')
    const header = req.headers.authorization
    if (!authorized(header)) return reply(401, '{"code":"token-missing"}')
    readCard(req, (card) => card === undefined ? reply(400, '{"code":"invalid-request"}') : accept(match[1]!, card, header!, reply))
  })
  server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as { port: number }).port}`))
}

const mode = process.argv[2]
if (mode === "bare") {
  serveCardsBare(bearerOk, (retroId, card, _header, reply) => {
    const cardId = `c_${randomBytes(16).toString("base64url")}`
    cards.push({ retroId, cardId, prompt: card.prompt, text: card.text })
    reply(201, JSON.stringify({ cardId, version: cards.length }))
  })
} else if (mode === "fastify") {
  const app = Fastify({ logger: false, bodyLimit: 65536 })
  app.post("/retros/:retroId/cards", {
    schema: {
      body: {
        type: "object",
        additionalProperties: false,
        required: ["prompt", "text"],
        properties: { prompt: { enum: [...prompts] }, text: { type: "string", minLength: 1, maxLength: 2000, pattern: "\\S" } }
      },
      params: { type: "object", properties: { retroId: { type: "string", pattern: "^[A-Za-z0-9_-]+$" } } }
    },
    preHandler: async (request, reply) => {
      if (!bearerOk(request.headers.authorization)) await reply.code(401).send({ code: "token-missing" })
    }
  }, async (request, reply) => {
    const { prompt, text } = request.body as { prompt: string; text: string }
    const cardId = `c_${randomBytes(16).toString("base64url")}`
    cards.push({ retroId: (request.params as { retroId: string }).retroId, cardId, prompt, text })
    return reply.code(201).send({ cardId, version: cards.length })
  })
  app.listen({ port: 0, host: "127.0.0.1" }).then(() => console.log(`listening ${(app.server.address() as { port: number }).port}`))
} else if (mode === "effect") {
  const Card = Schema.Struct({
    prompt: Schema.Literals([...prompts]),
    text: Schema.String.pipe(Schema.check(Schema.isPattern(/\S/)), Schema.check(Schema.isMaxLength(2000)))
  })
  const Api = HttpApi.make("baseline").add(HttpApiGroup.make("cards").add(
    HttpApiEndpoint.post("addCard", "/retros/:retroId/cards", {
      params: { retroId: Schema.String.pipe(Schema.check(Schema.isPattern(/^[A-Za-z0-9_-]+$/))) },
      payload: Card,
      success: Schema.Struct({ cardId: Schema.String, version: Schema.Number }).pipe(HttpApiSchema.status(201)),
      error: HttpApiError.Unauthorized
    })
  ))
  const Cards = HttpApiBuilder.group(Api, "cards", (handlers) =>
    handlers.handle("addCard", ({ params, payload }) =>
      Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
        if (!bearerOk(request.headers["authorization"])) return Effect.fail(new HttpApiError.Unauthorized())
        const cardId = `c_${randomBytes(16).toString("base64url")}`
        cards.push({ retroId: params.retroId, cardId, prompt: payload.prompt, text: payload.text })
        return Effect.succeed({ cardId, version: cards.length })
      })))
  const server = HttpRouter.serve(HttpApiBuilder.layer(Api).pipe(Layer.provide(Cards)), { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
  )
  Effect.runFork(Layer.launch(Layer.effectDiscard(Effect.flatMap(HttpServer.HttpServer, (s) =>
    Effect.sync(() => console.log(`listening ${(s.address as { port: number }).port}`)))).pipe(Layer.provide(server))))
} else if (mode === "core") {
  const writers = JSON.parse(process.argv[3] ?? "[]") as Array<{ retroId: string; token: string }>
  const secretOf = (token: string) => token.slice(4) // `rbp_<secret>`, as the server mints them
  const handlers = await Effect.runPromise(Store.makeHandlers.pipe(Effect.provide(MemoryEventStore.layer)))
  const handle = (retroId: string, command: Retro.Command, teamId = "") =>
    handlers.retros.handle({ streamId: Retro.streamId(retroId), kind: "retro", teamId, command })
  const at = Date.now()
  const retroIds = [...new Set(writers.map((w) => w.retroId))]
  for (const retroId of retroIds) {
    const facilitatorSecret = randomBytes(32).toString("base64url")
    const joinCode = randomBytes(32).toString("base64url")
    await Effect.runPromise(handle(retroId, { _tag: "CreateRetro", retroId, teamId: "t_bench", title: "Bench", trigger: "quarterly", date: "2026-10-01", facilitatorName: "Nora", facilitatorSecret, joinCode, at }, "t_bench"))
    for (const [i, w] of writers.filter((w) => w.retroId === retroId).entries()) {
      await Effect.runPromise(handle(retroId, { _tag: "JoinRetro", participantId: `p_${retroId}_${i}`, name: `P${i}`, side: i < 3 ? "product" : "engineering", secret: secretOf(w.token), joinCode, at }))
    }
    await Effect.runPromise(handle(retroId, { _tag: "AdvancePhase", facilitatorSecret, from: "draft", at }))
  }
  serveCardsBare((header) => header !== undefined && header.startsWith("Bearer rbp_") && header.length === 54, (retroId, card, header, reply) => {
    const cardKey = `k_${randomBytes(16).toString("base64url")}`
    Effect.runPromise(handle(retroId, { _tag: "AddCard", secret: secretOf(header.slice(7)), cardKey, prompt: card.prompt, text: card.text, at: Date.now() })).then(
      (handled) => {
        let cardId = ""
        for (const event of handled.events) if (event._tag === "CardAdded") cardId = event.cardId
        reply(201, JSON.stringify({ cardId, version: handled.version }))
      },
      // The core refuses (a wrong secret is an unknown participant): the retro's not-found, as the server answers.
      () => reply(404, '{"code":"not-found"}')
    )
  })
} else {
  console.error("usage: baselines.ts bare|fastify|effect [tokens-json] | core [writers-json]")
  process.exit(2)
}
