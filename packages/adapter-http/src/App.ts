/**
 * The whole HTTP application: the contract's routes and, around every
 * request, the boundary — request id, body size limit, error bodies for
 * what the router itself rejects, security headers, CORS and the access log.
 *
 * The access log follows the anonymity rule: method, route template, status,
 * duration and request id, and nothing else — never a token, a body, a
 * participant id or a concrete path (paths carry retro and card ids).
 *
 * @since 0.1.0
 */
import { Cause, Context, Effect, Layer } from "effect"
import { HttpIncomingMessage, HttpMiddleware, HttpRouter, HttpServer, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder, HttpApiError, HttpApiScalar, OpenApi } from "effect/http-api"
import { SchemaIssue } from "effect"
import type { Store } from "@retrobridge/core"
import { RetroBridgeApi } from "./Api.ts"
import { ClientAddress, RetroBridgeHandlers, RetroBridgeHttpOptionsService, type RetroBridgeHttpOptions } from "./Handlers.ts"
import { parseContentType } from "./internal/contentType.ts"

/** One line of the access log. @since 0.1.0 */
export interface AccessLogLine {
  readonly method: string
  /** The route template (`/retros/:retroId/cards`), never the concrete path. */
  readonly route: string
  readonly status: number
  readonly durationMs: number
  readonly requestId: string
}

/** @since 0.1.0 */
export interface RetroBridgeHttpConfig extends RetroBridgeHttpOptions {
  /** Origins allowed to call the API from a browser (CORS). Default: none. */
  readonly corsOrigins?: ReadonlyArray<string> | undefined
  /** Who may frame the API's pages (CSP `frame-ancestors`). Default: nobody (`'none'`). */
  readonly frameAncestors?: ReadonlyArray<string> | undefined
  /** Largest JSON body accepted, in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number | undefined
  /** Largest CSV import accepted, in bytes (default 5 MiB). */
  readonly maxCsvBytes?: number | undefined
  /** Serve `/openapi.json` (default true). */
  readonly openapi?: boolean | undefined
  /** Serve the interactive API reference at `/docs`, bundled in the package: no external requests (default true). */
  readonly docs?: boolean | undefined
  /**
   * Where unexpected failures go, with the request id (default: nowhere).
   * Carries the failure, never the request's body or token.
   */
  readonly errorLog?: ((entry: { readonly requestId: string; readonly error: string }) => void) | undefined
  /** Where access log lines go (default: nowhere). */
  readonly accessLog?: ((line: AccessLogLine) => void) | undefined
}

/** Filled in by the route that handled the request, read by the access log. */
class RouteInfo extends Context.Service<RouteInfo, { route: string }>()("@retrobridge/adapter-http/RouteInfo") {}

const errorJson = (status: number, code: string, message: string, details: Record<string, unknown> = {}) =>
  HttpServerResponse.jsonUnsafe({ code, message, details }, { status })

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

const pathText = (path: ReadonlyArray<PropertyKey> | undefined): string => {
  let out = ""
  for (const segment of path ?? []) {
    const key = typeof segment === "object" && segment !== null && "key" in segment ? (segment as { key: PropertyKey }).key : segment
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`
  }
  return out
}

/**
 * The methods each of the API's paths takes, to tell a wrong method on an
 * existing path (405 with `Allow`) from a path that does not exist (404).
 */
const makeAllowedMethods = (config: RetroBridgeHttpConfig) => {
  const byTemplate = new Map<string, Set<string>>()
  const add = (method: string, template: string) => {
    const methods = byTemplate.get(template) ?? new Set<string>()
    methods.add(method)
    if (method === "GET") methods.add("HEAD")
    byTemplate.set(template, methods)
  }
  for (const group of Object.values(RetroBridgeApi.groups)) {
    for (const endpoint of Object.values(group.endpoints)) add(endpoint.method, endpoint.path)
  }
  if (config.openapi !== false) add("GET", "/openapi.json")
  if (config.docs !== false) add("GET", "/docs")
  const segmentPattern = (segment: string) => segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^$()|[\]{}\\]/g, "\\$&")
  const routes = [...byTemplate].map(([template, methods]) => ({
    pattern: new RegExp(`^${template.split("/").map(segmentPattern).join("/")}$`),
    methods
  }))
  return (url: string): ReadonlyArray<string> | undefined => {
    const path = url.split("?")[0]!.replace(/\/{2,}/g, "/").replace(/(.)\/$/, "$1")
    const methods = new Set<string>()
    for (const route of routes) if (route.pattern.test(path)) for (const m of route.methods) methods.add(m)
    return methods.size === 0 ? undefined : [...methods].sort()
  }
}

/** Renders the failures the contract's own decoding and the router produce, in the API's error shape. */
const renderCause = (
  cause: Cause.Cause<unknown>,
  allowedMethods: (url: string) => ReadonlyArray<string> | undefined,
  routeNotFound: string
): HttpServerResponse.HttpServerResponse | undefined => {
  for (const reason of cause.reasons) {
    const error = Cause.isDieReason(reason) ? reason.defect : Cause.isFailReason(reason) ? reason.error : undefined
    if (HttpApiError.HttpApiSchemaError.is(error)) {
      if (error.kind === "Body" || error.kind === "ResponseHeaders") return undefined
      const where = error.kind === "Payload" ? "" : error.kind === "Params" ? "" : `${error.kind.toLowerCase()}.`
      const issues = formatIssues(error.cause.issue).issues.map((i) => ({
        path: where + pathText(i.path as ReadonlyArray<PropertyKey> | undefined),
        message: i.message
      }))
      const invalidJson = issues.length === 1 && issues[0]!.path === "" && issues[0]!.message.includes("valid JSON")
      if (error.kind === "Params") {
        // An id that cannot exist is simply not there.
        return errorJson(404, "not-found", "Nothing at this address. Check the ids in the path.", { path: issues[0]?.path ?? "" })
      }
      return invalidJson
        ? errorJson(400, "invalid-json", "The body is not valid JSON. Send a JSON object with Content-Type: application/json.", {})
        : errorJson(400, "invalid-request", `The request is not valid: ${issues.map((i) => `${i.path === "" ? "body" : i.path}: ${i.message}`).join("; ")}`, {
          ...(issues[0] === undefined ? {} : { path: issues[0].path }),
          issues
        })
    }
    const tag = typeof error === "object" && error !== null ? (error as { _tag?: unknown; reason?: { _tag?: unknown; reason?: unknown } }) : undefined
    if (tag?._tag === "HttpServerError") {
      const inner = tag.reason
      if (inner?._tag === "RouteNotFound") {
        const request = (inner as { request?: HttpServerRequest.HttpServerRequest }).request
        const allow = request === undefined ? undefined : allowedMethods(request.url)
        // A method the path takes, yet no route: an id longer than the router reads (see routerConfig).
        if (request !== undefined && allow !== undefined && !allow.includes(request.method)) {
          return HttpServerResponse.setHeader(
            errorJson(405, "method-not-allowed", `This endpoint takes ${allow.join(", ")}, not ${request.method}.`, { path: "method" }),
            "allow",
            allow.join(", ")
          )
        }
        return errorJson(404, "route-not-found", routeNotFound)
      }
      if (inner?._tag === "RequestParseError") {
        return inner.reason === "BodyTooLarge"
          ? errorJson(413, "body-too-large", "The body is larger than this endpoint accepts.")
          : errorJson(400, "invalid-body", "The body could not be read.")
      }
    }
  }
  return undefined
}

const retryAfterOf = (response: HttpServerResponse.HttpServerResponse): number | undefined => {
  const body = response.body
  if (body._tag !== "Uint8Array") return undefined
  try {
    const parsed = JSON.parse(body.text ?? new TextDecoder().decode(body.body)) as { details?: { retryAfterSeconds?: unknown } }
    const seconds = parsed.details?.retryAfterSeconds
    return typeof seconds === "number" ? seconds : undefined
  } catch {
    return undefined
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true })

/**
 * Whether a body is UTF-8, as JSON must be (RFC 8259). The platform decodes
 * bodies leniently, so a card written in another encoding ("Café" from a
 * windows-1252 tool) would be stored with U+FFFD in place of its letters and
 * acknowledged as if nothing were lost.
 */
const isUtf8 = (bytes: ArrayBuffer): boolean => {
  const view = new Uint8Array(bytes)
  let i = 0
  // Most bodies are ASCII: no decoding needed to know.
  while (i < view.length && view[i]! < 0x80) i++
  if (i === view.length) return true
  try {
    strictUtf8.decode(view.subarray(i))
    return true
  } catch {
    return false
  }
}

/** A body the contract reads as JSON: any content type but the CSV import's (the router answers 415 to those). */
const readsJson = (request: HttpServerRequest.HttpServerRequest): boolean => {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return false
  if (isCsvImport(request)) return false
  const contentType = request.headers["content-type"]
  return contentType === undefined || parseContentType(contentType).mediaType.startsWith("application/json")
}

const notUtf8Charset = (charset: string) => errorJson(
  415,
  "unsupported-charset",
  `JSON bodies are UTF-8, not "${charset}". Send the JSON encoded as UTF-8, with Content-Type: application/json (charset=utf-8 or no charset).`,
  { path: "Content-Type" }
)

/** The 415 of a body whose Content-Type the endpoint does not read: what arrived, and what to send. */
const unsupportedMediaType = (request: HttpServerRequest.HttpServerRequest) => {
  const takes = isCsvImport(request) ? "text/csv" : "application/json"
  const sent = request.headers["content-type"]?.trim().slice(0, 100)
  return errorJson(
    415,
    "unsupported-media-type",
    `This endpoint takes ${takes}, and the body came ${sent === undefined || sent === "" ? "without a Content-Type" : `as ${sent}`}. Send it with Content-Type: ${takes}.`,
    { path: "Content-Type" }
  )
}

const notUtf8 = errorJson(
  400,
  "invalid-json",
  "The body is not valid JSON: it is not UTF-8. Send the JSON encoded as UTF-8 with Content-Type: application/json.",
  {}
)

/** The largest body a request's endpoint takes: CSV imports of estimate history are the one large body. */
const bodyLimitOf = (config: RetroBridgeHttpConfig) => {
  const maxBodyBytes = config.maxBodyBytes ?? 64 * 1024
  const maxCsvBytes = config.maxCsvBytes ?? 5 * 1024 * 1024
  return (request: HttpServerRequest.HttpServerRequest): number => isCsvImport(request) ? maxCsvBytes : maxBodyBytes
}

const isCsvImport = (request: HttpServerRequest.HttpServerRequest): boolean => request.url.split("?")[0]!.endsWith("/estimates/import")

/** Records the matched route's template for the access log (see {@link layerRouteTemplate}). */
const recordRouteTemplate = (context: Context.Context<HttpRouter.RouteContext>): void => {
  const info = Context.getOrUndefined(context as Context.Context<HttpRouter.RouteContext | RouteInfo>, RouteInfo)
  if (info !== undefined) info.route = Context.get(context, HttpRouter.RouteContext).route.path
}

/**
 * The API's route middleware: the route's template for the access log, and
 * the refusals of a body before the contract reads it — a declared length
 * over the endpoint's limit (answered before a byte of it is read), JSON in
 * another charset, and JSON that is not UTF-8. A route middleware, so that
 * its answers pass the middleware inside the boundary (CORS) like any other:
 * a portal must be able to read why its request was refused. One middleware
 * rather than two: every request of the API passes here.
 */
const layerApiRoutes = (config: RetroBridgeHttpConfig): Layer.Layer<never, never, HttpRouter.HttpRouter> => {
  const bodyLimit = bodyLimitOf(config)
  return HttpRouter.middleware((httpApp) =>
    Effect.contextWith((context: Context.Context<HttpServerRequest.HttpServerRequest | HttpRouter.RouteContext>) => {
      recordRouteTemplate(context as Context.Context<HttpRouter.RouteContext>)
      const request = Context.get(context, HttpServerRequest.HttpServerRequest)
      const limit = bodyLimit(request)
      if (Number(request.headers["content-length"] ?? "0") > limit) {
        return Effect.succeed(errorJson(413, "body-too-large", `The body is larger than ${limit} bytes, the most this endpoint accepts.`, {}))
      }
      if (!readsJson(request)) return httpApp
      const charset = parseContentType(request.headers["content-type"]).charset?.toLowerCase()
      if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return Effect.succeed(notUtf8Charset(charset))
      // The body is read here, once (the request keeps it for the contract's decoding), to refuse what is not UTF-8.
      return Effect.flatMap(request.arrayBuffer, (bytes) => isUtf8(bytes) ? httpApp : Effect.succeed(notUtf8))
    })
    // Reading the body can fail (too large once it streams past the limit): the boundary renders that failure.
  ).layer as unknown as Layer.Layer<never, never, HttpRouter.HttpRouter>
}

const boundary = (config: RetroBridgeHttpConfig) => {
  const bodyLimit = bodyLimitOf(config)
  const frameAncestors = config.frameAncestors === undefined || config.frameAncestors.length === 0 ? "'none'" : config.frameAncestors.join(" ")
  const securityHeaders: Record<string, string> = {
    "content-security-policy": `default-src 'none'; frame-ancestors ${frameAncestors}`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    // Answers carry tokens and anonymous feedback: no cache may keep them.
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin"
  }
  if (frameAncestors === "'none'") securityHeaders["x-frame-options"] = "DENY"
  const log = config.accessLog
  const allowedMethods = makeAllowedMethods(config)
  // Point only at a description this configuration serves: a switched-off one answers 404 itself.
  const routeNotFound = config.openapi !== false
    ? "No such endpoint. See /openapi.json for the API."
    : config.docs !== false
    ? "No such endpoint. See /docs for the API."
    : "No such endpoint."
  const renderFailure = (requestId: string) => (cause: Cause.Cause<unknown>) => {
    const rendered = renderCause(cause, allowedMethods, routeNotFound)
    if (rendered === undefined) config.errorLog?.({ requestId, error: Cause.pretty(cause) })
    return Effect.succeed(rendered ?? errorJson(500, "internal", "The server failed to answer. The request id identifies this failure in the server's log.", {}))
  }
  const finish = (request: HttpServerRequest.HttpServerRequest, info: { route: string }, requestId: string, started: number, answered: HttpServerResponse.HttpServerResponse) => {
    let response = answered
    // The contract's own 415 has no body or a line of text; a handler's (an unknown charset) is an error body already.
    if (response.status === 415 && !(response.body._tag === "Uint8Array" && response.body.contentType.startsWith("application/json"))) {
      response = unsupportedMediaType(request)
    }
    let headers: Record<string, string> = { ...securityHeaders, "x-request-id": requestId }
    // A route that serves pages of its own (the reference server's web app) sets its own CSP and
    // cache policy; API answers never do, so they keep `default-src 'none'` and `no-store`.
    const ownCsp = response.headers["content-security-policy"]
    if (ownCsp !== undefined) {
      headers["content-security-policy"] = ownCsp
      headers["cache-control"] = response.headers["cache-control"] ?? "no-store"
    }
    if (info.route === "/docs" || info.route === "/openapi.json") {
      // They hold nothing of anyone's, and the page is megabytes: a browser may keep them a while.
      headers["cache-control"] = "public, max-age=300"
    }
    if (info.route === "/docs") {
      // The reference page runs its bundled script inline; it still may not load anything from elsewhere.
      headers["content-security-policy"] = `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'self'; frame-ancestors ${frameAncestors}`
    }
    if (response.status === 429 || response.status === 503) {
      const seconds = retryAfterOf(response)
      if (seconds !== undefined) headers = { ...headers, "retry-after": String(seconds) }
    }
    if (response.status === 401) headers = { ...headers, "www-authenticate": "Bearer" }
    if (response.status === 413 && request.headers["content-length"] === undefined) {
      // A body sent without a length and cut off at the limit: the rest may still be on its way, and the
      // server closes the connection once it has read too much of it. Say so, so the client's next
      // request goes out on a new connection instead of failing on this one.
      headers = { ...headers, connection: "close" }
    }
    response = HttpServerResponse.setHeaders(response, headers)
    if (log !== undefined) {
      log({ method: request.method, route: info.route, status: response.status, durationMs: Math.round((performance.now() - started) * 100) / 100, requestId })
    }
    return response
  }
  // Typed loosely on purpose: this boundary handles every failure (the router's types expect a middleware to pass some on).
  // Every request passes here, so it is plain steps rather than a generator (see docs/benchmarks.md, http notes).
  const fn = (httpApp: Effect.Effect<HttpServerResponse.HttpServerResponse, unknown, HttpServerRequest.HttpServerRequest>) =>
    Effect.contextWith((context: Context.Context<HttpServerRequest.HttpServerRequest>) => {
      const request = Context.get(context, HttpServerRequest.HttpServerRequest)
      const started = performance.now()
      const requestId = crypto.randomUUID()
      const info = { route: "(unmatched)" }
      const limit = bodyLimit(request)
      return httpApp.pipe(
        Effect.updateContext((outer: Context.Context<HttpServerRequest.HttpServerRequest>) =>
          Context.add(Context.add(outer, RouteInfo, info), HttpIncomingMessage.MaxBodySize, limit as never)),
        Effect.catchCause(renderFailure(requestId)),
        Effect.map((response) => finish(request, info, requestId, started, response))
      )
    })
  return HttpRouter.middleware(fn as never, { global: true }) as Layer.Layer<never, never, HttpRouter.HttpRouter>
}

/**
 * Records the matched route's template for the access log. The API's routes
 * have it; provide it to routes of your own served beside them (a portal's
 * pages, the reference server's web app), or their lines say `(unmatched)`.
 *
 * @since 0.2.0
 */
export const layerRouteTemplate: Layer.Layer<never, never, HttpRouter.HttpRouter> = HttpRouter.middleware((httpApp) =>
  Effect.contextWith((context: Context.Context<HttpRouter.RouteContext>) => {
    recordRouteTemplate(context)
    return httpApp
  })
).layer

/**
 * The application's routes and boundary, ready for `HttpRouter.serve` or
 * `HttpRouter.toWebHandler` (with {@link routerConfig}). Needs an `EventStore`.
 *
 * @since 0.1.0
 */
export const layerHttpApp = (config: RetroBridgeHttpConfig = {}): Layer.Layer<never, never, HttpRouter.HttpRouter | Store.EventStore> => {
  const api = HttpApiBuilder.layer(RetroBridgeApi, config.openapi === false ? {} : { openapiPath: "/openapi.json" }).pipe(
    Layer.provide(RetroBridgeHandlers),
    Layer.provide(layerApiRoutes(config)),
    Layer.provide(Layer.succeed(RetroBridgeHttpOptionsService)(config))
  )
  const docs = config.docs === false
    ? Layer.empty
    : HttpApiScalar.layer(RetroBridgeApi, { path: "/docs" }).pipe(Layer.provide(layerRouteTemplate))
  const cors = config.corsOrigins !== undefined && config.corsOrigins.length > 0
    ? HttpRouter.middleware(HttpMiddleware.cors({
      // A predicate, so an origin that is not listed gets no allow-origin header at all.
      allowedOrigins: (origin: string) => config.corsOrigins!.includes(origin),
      allowedHeaders: ["authorization", "content-type", "idempotency-key", "last-event-id"],
      exposedHeaders: ["x-request-id", "retry-after"],
      maxAge: 600
    }), { global: true })
    : Layer.empty
  return Layer.mergeAll(api, docs, boundary(config), cors) as unknown as Layer.Layer<never, never, HttpRouter.HttpRouter | Store.EventStore>
}

/**
 * The router settings the API's paths need; pass them as `routerConfig` to
 * `HttpRouter.serve` or `HttpRouter.toWebHandler` when serving
 * {@link layerHttpApp} yourself. Ids in paths are up to 128 characters (an
 * estimate's `itemId` is the team's own, such as a tracker's key) and up to
 * three times that percent-encoded; the router's default of 100 would answer
 * an accepted item's routes with 404.
 *
 * @since 0.2.0
 */
export const routerConfig = { maxParamLength: 3 * 128 } as const

/**
 * A Fetch-API handler (`(Request) => Promise<Response>`) for any Fetch host:
 * mount RetroBridge in a portal. `dispose` releases it.
 *
 * A Fetch `Request` does not say who sent it: pass the client's address as
 * `clientAddress` (the socket's, or what the platform reports) so that the
 * per-address limits tell clients apart. Without it, joining is limited per
 * retro only and creating teams shares one allowance among all clients.
 *
 * @since 0.1.0
 */
export const toWebHandler = (
  store: Layer.Layer<Store.EventStore, unknown>,
  config: RetroBridgeHttpConfig = {}
): {
  readonly handler: (request: Request, options?: { readonly clientAddress?: string | undefined }) => Promise<Response>
  readonly dispose: () => Promise<void>
} => {
  const app = layerHttpApp(config).pipe(Layer.provide(store), Layer.provide(HttpServer.layerServices))
  const web = HttpRouter.toWebHandler(app as Layer.Layer<never, never, HttpRouter.HttpRouter>, { disableLogger: true, routerConfig })
  return {
    handler: (request, options) =>
      options?.clientAddress === undefined || options.clientAddress === ""
        ? web.handler(request)
        : web.handler(request, Context.make(ClientAddress, options.clientAddress) as Context.Context<never>),
    dispose: web.dispose
  }
}

/** The OpenAPI 3.1 document of the contract. @since 0.1.0 */
export const openApiDocument = (): unknown => OpenApi.fromApi(RetroBridgeApi)

