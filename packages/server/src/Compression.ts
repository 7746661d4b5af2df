/**
 * Gzip for what a browser may keep: the web app's files, the API reference
 * page and the OpenAPI document. The web app's script is about 420 KB, and a
 * participant joining over a café's Wi-Fi should not wait for it; gzip takes
 * it to about a third. The reference page is over 3 MB.
 *
 * Only answers that may be cached are touched (a `cache-control` without
 * `no-store`). API answers are `no-store` and pass as they are: they are
 * small, and some carry a secret (a token shown once) beside text the caller
 * chose, which is what a compression side channel needs.
 *
 * Those bodies are the same bytes on every request, so each is compressed
 * once and kept as long as the body itself is.
 *
 * @since 0.2.0
 */
import { gzipSync } from "node:zlib"
import { Context, Effect, Layer } from "effect"
import { HttpEffect, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

/** Smaller bodies gain less than the header costs. */
const minimumBytes = 1024

const compressible = /^(?:text\/|application\/(?:json|javascript|manifest\+json|xml)|image\/svg\+xml)/

/** Per body: its gzip, or null when gzip would not make it smaller. */
const compressed = new WeakMap<Uint8Array, Uint8Array | null>()

const gzipOf = (bytes: Uint8Array): Uint8Array | null => {
  let packed = compressed.get(bytes)
  if (packed === undefined) {
    const gzip = gzipSync(bytes, { level: 9 })
    compressed.set(bytes, packed = gzip.length < bytes.length ? gzip : null)
  }
  return packed
}

/**
 * Whether `Accept-Encoding` takes gzip: named (or `x-gzip`, or `*`) with a
 * weight above zero, and not refused by name (`gzip;q=0` wins over `*`).
 *
 * @since 0.2.0
 */
export const acceptsGzip = (header: string | undefined): boolean => {
  if (header === undefined) return false
  let named: boolean | undefined
  let any = false
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase())
    let weight = 1
    for (const param of params) {
      const match = /^q=([0-9.]+)$/.exec(param)
      if (match !== null) weight = Number(match[1])
    }
    if (coding === "gzip" || coding === "x-gzip") named = (named ?? false) || weight > 0
    else if (coding === "*") any = weight > 0
  }
  return named ?? any
}

const compress: HttpEffect.PreResponseHandler = (request, response) => {
  const body = response.body
  const cacheControl = response.headers["cache-control"]
  if (
    response.status !== 200 || body._tag !== "Uint8Array" || cacheControl === undefined || cacheControl.includes("no-store") ||
    response.headers["content-encoding"] !== undefined || body.contentLength < minimumBytes || !compressible.test(body.contentType)
  ) return Effect.succeed(response)
  const gzip = gzipOf(body.body)
  if (gzip === null) return Effect.succeed(response)
  // Caches must keep the two bodies apart, also for a client that asked for only one of them
  // (added to what the answer already varies on, such as CORS's Origin).
  const vary = withVary(response.headers["vary"])
  if (!acceptsGzip(request.headers["accept-encoding"])) return Effect.succeed(HttpServerResponse.setHeader(response, "vary", vary))
  return Effect.succeed(HttpServerResponse.uint8Array(gzip, {
    status: 200,
    contentType: body.contentType,
    headers: { ...response.headers, vary, "content-encoding": "gzip" }
  }))
}

const withVary = (existing: string | undefined): string => {
  if (existing === undefined || existing.trim() === "") return "accept-encoding"
  return existing.split(",").some((name) => name.trim().toLowerCase() === "accept-encoding" || name.trim() === "*") ? existing : `${existing}, accept-encoding`
}

/**
 * The middleware. It acts just before an answer is sent, after every other
 * middleware (the API's boundary sets the cache policy it reads), whatever
 * their order.
 *
 * @since 0.2.0
 */
export const layerCompression: Layer.Layer<never, never, HttpRouter.HttpRouter> = HttpRouter.middleware(
  (httpApp) =>
    Effect.contextWith((context: Context.Context<HttpServerRequest.HttpServerRequest>) => {
      // Only reads are ever cached: writes pass without the extra step.
      if (Context.get(context, HttpServerRequest.HttpServerRequest).method === "GET") HttpEffect.appendPreResponseHandlerUnsafe(context, compress)
      return httpApp
    }),
  { global: true }
) as Layer.Layer<never, never, HttpRouter.HttpRouter>
