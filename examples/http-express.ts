/**
 * Host 4 — an Express 5 portal that mounts RetroBridge under /api next to its
 * own routes, on a SQLite file (`RETROBRIDGE_DB`, default
 * portal-retros-express.db in the system's temp directory).
 *
 *   npx node --conditions=@retrobridge/source examples/http-express.ts    # Node 24 (the repository's own); PORT=… to move it
 *   curl -X POST 127.0.0.1:3002/api/teams -H 'content-type: application/json' -d '{"name":"Checkout"}'
 *
 * SIGTERM ends the live streams, closes the server and disposes the handler.
 */
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { toWebHandler } from "@retrobridge/adapter-http"
import { SqliteEventStore } from "@retrobridge/adapter-sqlite"
import express from "express"
import { serveThroughFetch } from "./support/nodeFetchBridge.ts"
import { closeOnSigterm, sigterm } from "./support/stopOnSigterm.ts"

const filename = process.env["RETROBRIDGE_DB"] ?? join(tmpdir(), "portal-retros-express.db")
const retrobridge = toWebHandler(SqliteEventStore.layer({ filename }), { shutdown: sigterm })

const app = express()
app.disable("x-powered-by")
app.get("/", (_req, res) => {
  res.type("text/plain").send("The portal's own page.\n")
})
// No `express.json()` (or any body parser) in front of the API: the request body is streamed to RetroBridge
// untouched, because the API enforces its own body limits (64 KiB of JSON, 5 MiB of CSV for imports) and decodes
// strictly (unknown fields, control characters and malformed JSON answer 400 with its `{ code, message, details }`
// body). A parser here would consume the stream, apply other limits and answer malformed JSON in Express's format.
// Nor compression: it would buffer the live stream's frames. `app.use` strips the mount point, so `req.url` is
// what the API routes on (/api/teams arrives as /teams).
app.use("/api", (req, res) => serveThroughFetch(retrobridge.handler, req, res, req.url))

const server = app.listen(Number(process.env["PORT"] ?? 3002), "127.0.0.1", () => {
  console.log(`portal on http://127.0.0.1:${(server.address() as AddressInfo).port}, RetroBridge under /api`)
})
closeOnSigterm(server, retrobridge.dispose)
