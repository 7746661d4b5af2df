/**
 * Host 3 — a Hono portal that mounts RetroBridge under /api next to its own
 * routes, run on Node by `@hono/node-server`, on the memory store (or a
 * SQLite file when `RETROBRIDGE_DB` names one).
 *
 *   npx node --conditions=@retrobridge/source examples/http-hono.ts    # Node 24 (the repository's own); PORT=… to move it
 *   curl -X POST 127.0.0.1:3001/api/teams -H 'content-type: application/json' -d '{"name":"Checkout"}'
 *
 * SIGTERM ends the live streams, closes the server and disposes the handler.
 */
import type { Server } from "node:http"
import { serve } from "@hono/node-server"
import { getConnInfo } from "@hono/node-server/conninfo"
import { toWebHandler } from "@retrobridge/adapter-http"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { SqliteEventStore } from "@retrobridge/adapter-sqlite"
import { Hono } from "hono"
import { mount } from "hono/mount"
import { closeOnSigterm, sigterm } from "./support/stopOnSigterm.ts"

const filename = process.env["RETROBRIDGE_DB"]
const retrobridge = toWebHandler(filename === undefined ? MemoryEventStore.layer : SqliteEventStore.layer({ filename }), {
  shutdown: sigterm
})

const app = new Hono()
app.get("/", (c) => c.text("The portal's own page.\n"))
// `mount` hands the Fetch Request on with the route's prefix stripped: /api/teams arrives as /teams.
// Its body is not read on the way, so the API applies its own body limit and strict decoding. The
// second argument carries the client's address, which a Fetch Request does not, for the per-address limits.
app.all("/api/*", mount(retrobridge.handler, (c) => ({ clientAddress: getConnInfo(c).remote.address })))

const server = serve({ fetch: app.fetch, port: Number(process.env["PORT"] ?? 3001), hostname: "127.0.0.1" }, (info) => {
  console.log(`portal on http://127.0.0.1:${info.port}, RetroBridge under /api`)
}) as Server
closeOnSigterm(server, retrobridge.dispose)
