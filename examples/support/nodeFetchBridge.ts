/**
 * Node's `http` request and response on one side, a Fetch-API handler
 * (`(Request) => Promise<Response>`, such as `toWebHandler(...).handler`) on
 * the other. Used by the node:http, Express and Fetch-host examples; Hono
 * brings its own bridge (`@hono/node-server`).
 *
 * Both directions stream: the request body goes on as the client sends it
 * (the handler applies its own body limit), and the response body leaves
 * chunk by chunk as the handler produces it, which is what a Server-Sent
 * Events stream needs.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"

/** RetroBridge's web handler takes the client's address beside the request: a Fetch `Request` does not carry it. */
export type FetchHandler = (request: Request, options?: { readonly clientAddress?: string | undefined }) => Promise<Response>

/**
 * `req` as a Fetch `Request` for `path`, the part of the URL the handler
 * routes on (below the mount point). Aborted when the client goes away
 * before its answer was sent.
 */
export const toFetchRequest = (req: IncomingMessage, res: ServerResponse, path: string): Request => {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  const aborted = new AbortController()
  res.once("close", () => {
    if (!res.writableFinished) aborted.abort()
  })
  const hasBody = req.method !== "GET" && req.method !== "HEAD"
  return new Request(`http://${req.headers.host ?? "localhost"}${path}`, {
    method: req.method ?? "GET",
    headers,
    signal: aborted.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {})
  })
}

/**
 * Sends `response` through `res`: the headers at once (flushed, so a client
 * of a live stream sees them before the first frame), then the body as it
 * comes. When the client goes away the body is cancelled, which ends a live
 * stream on the handler's side.
 */
export const sendFetchResponse = async (response: Response, res: ServerResponse): Promise<void> => {
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value)
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader("set-cookie", cookies)
  res.writeHead(response.status)
  if (response.body === null) {
    res.end()
    return
  }
  res.flushHeaders()
  try {
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>), res)
  } catch {
    // The client went away (or the body failed): pipeline has destroyed both sides, nothing is left to send.
  }
}

/** Hands `req` to `handler` as `path` and streams the answer back; a failure of the bridge itself answers 500. */
export const serveThroughFetch = async (handler: FetchHandler, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
  let response: Response
  try {
    // The socket's address, for the per-address rate limits (behind a reverse proxy, see `trustedProxyHops`).
    response = await handler(toFetchRequest(req, res, path), { clientAddress: req.socket.remoteAddress })
  } catch {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" })
    res.end("Internal error.\n")
    return
  }
  await sendFetchResponse(response, res)
}
