/**
 * The retro's live view over Server-Sent Events.
 *
 * `EventSource` cannot send the Authorization header, so the stream is read
 * with fetch and a stream reader. After a dropped connection (network,
 * server restart, `event: shutdown`) it reconnects with `Last-Event-ID`, so
 * the server resumes where the app left off instead of resending the view.
 */
import type { View } from "./types.ts"

export type LiveStatus = "connecting" | "live" | "reconnecting" | "gone"

export interface LiveHandlers {
  readonly onView: (view: View, receivedAt: number) => void
  readonly onStatus: (status: LiveStatus) => void
}

interface Frame {
  id?: string
  event?: string
  data: Array<string>
  retry?: number
}

/** Parses whole lines of an SSE stream; returns the frame still being read. */
export const parseSse = (chunk: string, pending: Frame, emit: (frame: Frame) => void): Frame => {
  let frame = pending
  // `chunk` is whole lines, each ending in "\n": the piece after the last one is not a blank line.
  const lines = chunk.split("\n")
  lines.pop()
  for (const line of lines) {
    if (line === "") {
      if (frame.data.length > 0 || frame.event !== undefined || frame.retry !== undefined) emit(frame)
      frame = { data: [] }
      continue
    }
    if (line.startsWith(":")) continue
    const colon = line.indexOf(":")
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "")
    if (field === "id") frame.id = value
    else if (field === "event") frame.event = value
    else if (field === "data") frame.data.push(value)
    else if (field === "retry" && /^\d+$/.test(value)) frame.retry = Number(value)
  }
  return frame
}

const silenceMs = 35_000

/** Subscribes; returns the function that ends the subscription. */
export const subscribe = (retroId: string, token: string, handlers: LiveHandlers): () => void => {
  let stopped = false
  let lastEventId: string | undefined
  let retryMs = 2000
  let failures = 0
  let controller: AbortController | undefined
  let wake: (() => void) | undefined

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => { wake = undefined; resolve() }, ms)
      wake = () => { clearTimeout(timer); wake = undefined; resolve() }
    })
  // Coming back online should not wait for the back-off.
  const online = () => wake?.()
  // Going offline does not end an open fetch in every browser: end it, so the app says so and reconnects.
  const offline = () => controller?.abort()
  // The window's events, typed so that this module also typechecks in the Node-typed test project.
  const events = globalThis as unknown as Pick<EventTarget, "addEventListener" | "removeEventListener">
  events.addEventListener("online", online)
  events.addEventListener("offline", offline)
  const isOffline = () => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false
  // The server sends a heartbeat every 15 s: nothing for twice that means a half-open connection (a Wi-Fi drop).
  let lastByteAt = Date.now()
  const watchdog = setInterval(() => {
    if (Date.now() - lastByteAt > silenceMs) controller?.abort()
  }, 5_000)

  const connectOnce = async (): Promise<"again" | "gone"> => {
    controller = new AbortController()
    lastByteAt = Date.now()
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "text/event-stream" }
    if (lastEventId !== undefined) headers["last-event-id"] = lastEventId
    const response = await fetch(`/retros/${encodeURIComponent(retroId)}/events`, { headers, signal: controller.signal, cache: "no-store" })
    if (response.status === 401 || response.status === 403 || response.status === 404) return "gone"
    if (!response.ok || response.body === null) return "again"
    handlers.onStatus("live")
    failures = 0
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ""
    let pending: Frame = { data: [] }
    const state: { outcome: "again" | "gone" } = { outcome: "again" }
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      lastByteAt = Date.now()
      buffer += value.replace(/\r\n?/g, "\n")
      const cut = buffer.lastIndexOf("\n")
      if (cut === -1) continue
      const complete = buffer.slice(0, cut + 1)
      buffer = buffer.slice(cut + 1)
      pending = parseSse(complete, pending, (frame) => {
        if (frame.retry !== undefined) retryMs = frame.retry
        if (frame.event === "view") {
          if (frame.id !== undefined) lastEventId = frame.id
          try {
            handlers.onView(JSON.parse(frame.data.join("\n")) as View, Date.now())
          } catch {
            // A frame that does not parse is skipped; the next view replaces it anyway.
          }
        } else if (frame.event === "gone") {
          state.outcome = "gone"
        }
      })
      if (state.outcome === "gone") {
        controller.abort()
        break
      }
    }
    return state.outcome
  }

  void (async () => {
    handlers.onStatus("connecting")
    while (!stopped) {
      let outcome: "again" | "gone" = "again"
      try {
        outcome = await connectOnce()
      } catch {
        outcome = "again"
      }
      if (stopped) return
      if (outcome === "gone") {
        handlers.onStatus("gone")
        return
      }
      handlers.onStatus("reconnecting")
      failures++
      // Offline: wait for the browser to say it is back (the 'online' event wakes the sleep).
      await sleep(isOffline() ? 60_000 : Math.min(retryMs * Math.min(failures, 5), 15_000))
    }
  })()

  return () => {
    stopped = true
    events.removeEventListener("online", online)
    events.removeEventListener("offline", offline)
    clearInterval(watchdog)
    controller?.abort()
    wake?.()
  }
}
