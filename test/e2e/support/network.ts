/**
 * Everything the server sent to one page, read from Chromium's network layer (CDP), including
 * the live-update stream as it arrives: the anonymity test checks that no byte of another
 * participant's card reached a participant before the reveal, not only that none was rendered.
 */
import type { BrowserContext, CDPSession, Page } from "playwright-core"

export interface NetworkRecorder {
  /** The bodies received so far, one string per response (streams as far as they got). */
  readonly bodies: () => Array<string>
  /** Bodies that contain `text`, each cut to 200 characters around it. */
  readonly find: (text: string) => Array<string>
  /** Waits until every body read that was asked for has been answered. */
  readonly flush: () => Promise<void>
  readonly detach: () => Promise<void>
}

export const recordResponses = async (context: BrowserContext, page: Page): Promise<NetworkRecorder> => {
  const cdp: CDPSession = await context.newCDPSession(page)
  // Chunks per request, in arrival order; a stream's buffered start goes first.
  const chunks = new Map<string, Array<string>>()
  const streams = new Set<string>()
  const pending: Array<Promise<unknown>> = []
  const add = (requestId: string, text: string, first = false) => {
    const list = chunks.get(requestId) ?? []
    if (first) list.unshift(text)
    else list.push(text)
    chunks.set(requestId, list)
  }
  const decode = (base64: string) => Buffer.from(base64, "base64").toString("utf8")

  await cdp.send("Network.enable", { maxTotalBufferSize: 64 * 1024 * 1024, maxResourceBufferSize: 16 * 1024 * 1024 })
  cdp.on("Network.responseReceived", (event) => {
    if (event.response.mimeType !== "text/event-stream") return
    streams.add(event.requestId)
    // From here on Network.dataReceived carries the stream's bytes; this returns what came before.
    pending.push(
      cdp.send("Network.streamResourceContent", { requestId: event.requestId })
        .then((r) => add(event.requestId, decode(r.bufferedData), true))
        .catch(() => undefined)
    )
  })
  cdp.on("Network.dataReceived", (event) => {
    if (streams.has(event.requestId) && event.data !== undefined) add(event.requestId, decode(event.data))
  })
  cdp.on("Network.loadingFinished", (event) => {
    if (streams.has(event.requestId)) return
    pending.push(
      cdp.send("Network.getResponseBody", { requestId: event.requestId })
        .then((r) => add(event.requestId, r.base64Encoded ? decode(r.body) : r.body))
        // A body Chromium did not keep (a redirect, a 204): nothing to read.
        .catch(() => undefined)
    )
  })

  const flush = async () => {
    for (let seen = 0; seen < pending.length;) {
      const batch = pending.slice(seen)
      seen = pending.length
      await Promise.allSettled(batch)
    }
  }
  const bodies = () => [...chunks.values()].map((list) => list.join(""))
  return {
    bodies,
    find: (text) =>
      bodies().filter((b) => b.includes(text)).map((b) => {
        const at = b.indexOf(text)
        return b.slice(Math.max(0, at - 100), at + text.length + 100)
      }),
    flush,
    detach: async () => {
      await flush()
      await cdp.detach().catch(() => undefined)
    }
  }
}
