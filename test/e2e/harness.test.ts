/**
 * The browser tests' own instruments, checked against a page built to trip them: the network
 * guard catches a request to another host, the response recorder reads a live event stream as
 * it arrives, and the axe scan reports a critical violation. Without this, a guard that never
 * fires would let the app tests pass for the wrong reason.
 */
import { createServer, type Server } from "node:http"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { scan } from "./support/axe.ts"
import { guardedContext, launchBrowser } from "./support/browser.ts"
import { recordResponses } from "./support/network.ts"

let browser: Browser
let server: Server
let url: string

const page = `<!doctype html><html lang="en"><head><title>Trap</title></head><body><main>
<h1>Trap</h1><img src="http://192.0.2.1/pixel.png" alt="x"><button></button><pre id="out"></pre>
<script>
fetch("/events").then(async (r) => {
  const reader = r.body.getReader(); const decoder = new TextDecoder()
  for (;;) { const { done, value } = await reader.read(); if (done) break; document.getElementById("out").textContent += decoder.decode(value) }
})
</script></main></body></html>`

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" })
      res.write("retry: 2000\n\n")
      // The secret arrives after the stream opened, as a later live update would.
      setTimeout(() => res.write(`id: 1\nevent: view\ndata: {"text":"secret-card-text"}\n\n`), 200)
      return
    }
    res.writeHead(200, { "content-type": "text/html" })
    res.end(page)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/`
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe("browser test instruments", () => {
  it("guard, recorder and axe each catch what they are for", async () => {
    const guarded = await guardedContext(browser, url)
    const recorder = await recordResponses(guarded.context, guarded.page)
    await guarded.page.goto(url)
    await guarded.page.locator("#out").getByText("secret-card-text", { exact: false }).waitFor()
    await recorder.flush()

    expect(guarded.externalRequests).toEqual(["GET http://192.0.2.1/pixel.png"])
    expect(recorder.find("secret-card-text").length).toBe(1)
    expect(recorder.find("never-sent")).toEqual([])
    const report = await scan(guarded.page, "trap")
    expect(report.serious.some((v) => v.startsWith("critical button-name"))).toBe(true)
    await recorder.detach()
    await guarded.context.close()
  })
})
