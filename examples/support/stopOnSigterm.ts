/**
 * SIGTERM for the host examples, in the order a portal wants it: RetroBridge's
 * live streams say `event: shutdown` and end (so their clients reconnect
 * elsewhere instead of holding the server open), the server stops accepting
 * and closes once the requests in flight are done (connections still open
 * after 5 seconds are cut), then the handler is disposed (the store closed)
 * and the process exits on its own with code 0.
 */
import type { Server } from "node:http"
import { Effect } from "effect"

const terminating = new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()))

/** For `toWebHandler`'s `shutdown` option: completes on SIGTERM, which ends every live stream. */
export const sigterm: Effect.Effect<void> = Effect.promise(() => terminating)

/** On SIGTERM: close `server`, then `dispose()` the handler. */
export const closeOnSigterm = (server: Server, dispose: () => Promise<void>): void => {
  void terminating.then(() => {
    // `close` only closes the keep-alive connections idle at this moment; those whose answer (a live stream
    // ending) is still being sent become idle later, and would hold the server open until the client drops them.
    const sweep = setInterval(() => server.closeIdleConnections(), 100)
    server.close(() => {
      clearInterval(sweep)
      void dispose()
    })
    setTimeout(() => server.closeAllConnections(), 5_000).unref()
  })
}
