/**
 * Host 1 — a plain Node `http` server that mounts RetroBridge under /api
 * next to the portal's own routes, through the Fetch-API web handler, on a
 * SQLite file (`RETROBRIDGE_DB`, default portal-retros.db in the system's
 * temp directory).
 *
 *   npx node --conditions=@retrobridge/source examples/http-node-server.ts    # Node 24 (the repository's own); PORT=… to move it
 *   curl -X POST 127.0.0.1:3000/api/teams -H 'content-type: application/json' -d '{"name":"Checkout"}'
 *
 * SIGTERM ends the live streams, closes the server and disposes the handler.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { toWebHandler } from "@retrobridge/adapter-http"
import { SqliteEventStore } from "@retrobridge/adapter-sqlite"
import { serveThroughFetch } from "./support/nodeFetchBridge.ts"
import { closeOnSigterm, sigterm } from "./support/stopOnSigterm.ts"

const filename = process.env["RETROBRIDGE_DB"] ?? join(tmpdir(), "portal-retros.db")
const retrobridge = toWebHandler(SqliteEventStore.layer({ filename }), {
  // The API is served from the portal's own origin, so browsers need no CORS; name other origins in `corsOrigins`.
  accessLog: (line) => console.log(JSON.stringify(line)),
  shutdown: sigterm
})

const server = createServer((req, res) => {
  const url = req.url ?? "/"
  if (!url.startsWith("/api/")) {
    res.writeHead(200, { "content-type": "text/plain" }).end("The portal's own page.\n")
    return
  }
  // The API's routes start at the root: strip the mount point.
  void serveThroughFetch(retrobridge.handler, req, res, url.slice("/api".length))
})

server.listen(Number(process.env["PORT"] ?? 3000), "127.0.0.1", () => {
  console.log(`portal on http://127.0.0.1:${(server.address() as AddressInfo).port}, RetroBridge under /api`)
})
closeOnSigterm(server, retrobridge.dispose)
