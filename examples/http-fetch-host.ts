/**
 * Host 2 — any Fetch-API runtime (Deno, Bun, Cloudflare-style workers,
 * Next.js route handlers): the module exports `{ fetch }`. Here Node runs it
 * with a tiny Fetch server loop so the example is runnable as is, on the
 * memory store.
 *
 *   node --conditions=@retrobridge/source examples/http-fetch-host.ts
 */
import { createServer } from "node:http"
import { Readable } from "node:stream"
import { toWebHandler } from "@retrobridge/adapter-http"
import { MemoryEventStore } from "@retrobridge/adapter-memory"

const retrobridge = toWebHandler(MemoryEventStore.layer, { frameAncestors: ["https://portal.example"] })

/** What a Fetch host needs: `export default { fetch }` (Deno.serve(app.fetch), Bun.serve(app), workers). */
const app = { fetch: (request: Request): Promise<Response> => retrobridge.handler(request) }
export default app

// Only when run directly: serve `app.fetch` on Node.
if (import.meta.url === `file://${process.argv[1]}`) {
  createServer(async (req, res) => {
    const hasBody = req.method !== "GET" && req.method !== "HEAD"
    const response = await app.fetch(new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers: req.headers as Record<string, string>,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {})
    }))
    res.writeHead(response.status, Object.fromEntries(response.headers))
    if (response.body === null) res.end()
    else Readable.fromWeb(response.body as never).pipe(res)
  }).listen(8787, "127.0.0.1", () => console.log("Fetch host on http://127.0.0.1:8787"))
}
