/**
 * Host 2 — any Fetch-API runtime (Deno, Bun, Cloudflare-style workers,
 * Next.js route handlers): the module exports `{ fetch }`. Here Node runs it
 * with a tiny Fetch server loop so the example is runnable as is, on the
 * memory store.
 *
 *   npx node --conditions=@retrobridge/source examples/http-fetch-host.ts    # Node 24 (the repository's own)
 *   curl -X POST 127.0.0.1:8787/teams -H 'content-type: application/json' -d '{"name":"Checkout"}'
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { toWebHandler } from "@retrobridge/adapter-http"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { serveThroughFetch } from "./support/nodeFetchBridge.ts"

const retrobridge = toWebHandler(MemoryEventStore.layer, { frameAncestors: ["https://portal.example"] })

/**
 * What a Fetch host needs: `export default { fetch }` (Deno.serve(app.fetch), Bun.serve(app), workers).
 * Pass the client's address where the runtime knows it, for the per-address rate limits: Deno's
 * `info.remoteAddr.hostname`, Bun's `server.requestIP(request)?.address`, a worker's
 * `request.headers.get("cf-connecting-ip")`; the Node loop below passes the socket's.
 */
const app = {
  fetch: (request: Request, options?: { readonly clientAddress?: string | undefined }): Promise<Response> => retrobridge.handler(request, options)
}
export default app

// Only when run directly: serve `app.fetch` on Node.
if (import.meta.url === `file://${process.argv[1]}`) {
  const server = createServer((req, res) => void serveThroughFetch(app.fetch, req, res, req.url ?? "/"))
  server.listen(Number(process.env["PORT"] ?? 8787), "127.0.0.1", () => {
    console.log(`Fetch host on http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  })
}
