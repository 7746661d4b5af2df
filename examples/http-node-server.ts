/**
 * Host 1 — a plain Node `http` server that mounts RetroBridge under /api
 * next to the portal's own routes, through the Fetch-API web handler.
 *
 *   node --conditions=@retrobridge/source examples/http-node-server.ts
 *   curl -X POST localhost:3000/api/teams -H 'content-type: application/json' -d '{"name":"Checkout"}'
 */
import { createServer } from "node:http"
import { Readable } from "node:stream"
import { toWebHandler } from "@retrobridge/adapter-http"
import { SqliteEventStore } from "@retrobridge/adapter-sqlite"

const { handler, dispose } = toWebHandler(SqliteEventStore.layer({ filename: "portal-retros.db" }), {
  corsOrigins: ["http://localhost:3000"],
  accessLog: (line) => console.log(JSON.stringify(line))
})

const server = createServer(async (req, res) => {
  if (!req.url?.startsWith("/api/")) {
    res.writeHead(200, { "content-type": "text/plain" }).end("The portal's own page.\n")
    return
  }
  // The API's routes start at the root: strip the mount point.
  const url = new URL(req.url.slice("/api".length), `http://${req.headers.host ?? "localhost"}`)
  const hasBody = req.method !== "GET" && req.method !== "HEAD"
  const request = new Request(url, {
    method: req.method ?? "GET",
    headers: req.headers as Record<string, string>,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {})
  })
  const response = await handler(request)
  res.writeHead(response.status, Object.fromEntries(response.headers))
  if (response.body === null) res.end()
  else Readable.fromWeb(response.body as never).pipe(res)
})

server.listen(3000, "127.0.0.1", () => console.log("portal on http://127.0.0.1:3000, RetroBridge under /api"))
process.on("SIGTERM", () => server.close(() => void dispose()))
