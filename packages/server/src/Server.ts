/**
 * The reference server: the HTTP application of `@retrobridge/adapter-http`
 * on Node's HTTP server, over the store named by a URL.
 *
 * @since 0.1.0
 */
import { accessSync, constants, existsSync, mkdirSync } from "node:fs"
import { createServer, type Server } from "node:http"
import { dirname, resolve } from "node:path"
import { NodeHttpServer } from "@effect/platform-node"
import { Cause, Effect, Layer, Redacted, Schema, Stream } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { layerHttpApp, layerRouteTemplate, routerConfig, type AccessLogLine, type RetroBridgeHttpConfig } from "@retrobridge/adapter-http"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
import { PostgresEventStore } from "@retrobridge/adapter-postgres"
import { SqliteEventStore } from "@retrobridge/adapter-sqlite"
import { Store } from "@retrobridge/core"
import { layerCompression } from "./Compression.ts"
import { defaultWebDir, layerWebApp, webDirProblem } from "./WebApp.ts"

/** Log levels of the server's own output. @since 0.1.0 */
export type LogLevel = "silent" | "error" | "info" | "debug"

/** @since 0.1.0 */
export interface ServeOptions {
  readonly port: number
  readonly host: string
  /** `sqlite:<file>`, `memory:` or a `postgres://` URL. */
  readonly store: string
  readonly logLevel: LogLevel
  readonly corsOrigins: ReadonlyArray<string>
  readonly frameAncestors: ReadonlyArray<string>
  readonly openapi: boolean
  /** Serve the API reference page at /docs. */
  readonly docs: boolean
  /** Seconds in-flight requests get to finish on shutdown. */
  readonly shutdownTimeoutSeconds: number
  /** Writes per token per minute (default 600). */
  readonly writeLimitPerMinute?: number | undefined
  /** Join attempts per address and per retro per minute (default 20). */
  readonly joinLimitPerMinute?: number | undefined
  /** Reverse proxies in front that append to `X-Forwarded-For` (default 0: the header is ignored). @since 0.2.0 */
  readonly trustedProxyHops?: number | undefined
  /** The web app's build to serve at `/` (default `defaultWebDir`: the checkout's packages/web/dist, else the copy shipped in this package; a directory named here without index.html fails the start); `false` serves the API only. */
  readonly web?: string | false | undefined
}

/** @since 0.1.0 */
export const defaultServeOptions: ServeOptions = {
  port: 8080,
  host: "127.0.0.1",
  store: "sqlite:./retrobridge.db",
  logLevel: "info",
  corsOrigins: [],
  frameAncestors: [],
  openapi: true,
  docs: true,
  shutdownTimeoutSeconds: 10
}

/**
 * The server could not start; `message` says why and what to do.
 *
 * @since 0.1.0
 */
export class StartupError extends Schema.TaggedError<StartupError>()("StartupError", {
  message: Schema.String
}) {}

const mapLayerError = <A, E, R>(layer: Layer.Layer<A, E, R>, f: (error: unknown) => string): Layer.Layer<A, StartupError, R> =>
  Layer.catchCause(layer, (cause) => Layer.effectContext(Effect.fail(new StartupError({ message: f(Cause.squash(cause)) })))) as Layer.Layer<A, StartupError, R>

const messageOf = (e: unknown): string => typeof e === "object" && e !== null && "message" in e ? String((e as { message: unknown }).message) : String(e)

const failed = (message: string): Layer.Layer<Store.EventStore, StartupError> =>
  Layer.effectContext(Effect.fail(new StartupError({ message })))

/**
 * A store spec as it may be printed: a URL's password masked, up to the last
 * "@" (a password written without percent-encoding may hold "/", "#" or "@").
 *
 * @since 0.2.0
 */
export const redactStoreSpec = (spec: string): string => spec.replace(/^([a-z]+:\/\/[^:@/]*):.*@/, "$1:***@")

/**
 * The event store a store URL names. Checks what can be checked before
 * opening, so a wrong setting fails with a sentence, not a stack trace.
 *
 * @since 0.1.0
 */
export const storeLayer = (spec: string): Layer.Layer<Store.EventStore, StartupError> => {
  if (spec === "memory:" || spec === "memory") return MemoryEventStore.layer
  if (spec.startsWith("sqlite:")) {
    const filename = resolve(spec.slice("sqlite:".length) || "./retrobridge.db")
    const directory = dirname(filename)
    try {
      if (!existsSync(directory)) mkdirSync(directory, { recursive: true })
      accessSync(directory, constants.W_OK)
      if (existsSync(filename)) accessSync(filename, constants.R_OK | constants.W_OK)
    } catch {
      return failed(`Cannot write the SQLite database ${filename}: the file or its directory is not writable. Choose another path with --store sqlite:<file>.`)
    }
    return mapLayerError(SqliteEventStore.layer({ filename }), (e) => `Cannot open the SQLite database ${filename}: ${messageOf(e)}`)
  }
  if (spec.startsWith("postgres://") || spec.startsWith("postgresql://")) {
    const redacted = redactStoreSpec(spec)
    let url: URL
    try {
      url = new URL(spec)
    } catch {
      return failed(
        `The PostgreSQL URL ${redacted} is not a valid URL. Check the host and port, and percent-encode special characters in the user name and password (/ as %2F, # as %23, @ as %40).`
      )
    }
    // `?schema=<name>` picks the schema holding the store's tables (several stores can share a database).
    const schema = url.searchParams.get("schema") ?? undefined
    url.searchParams.delete("schema")
    return mapLayerError(
      PostgresEventStore.layerPool({ connection: { url: Redacted.make(url.toString()), connectTimeout: "5 seconds" }, ...(schema === undefined ? {} : { schema }) }),
      (e) => {
        const reason = messageOf(e)
        // Only a connection failure is worth "check that it runs": a schema or migration problem is not one.
        return /connect|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timed? ?out|getaddrinfo|authentication|password|does not exist/i.test(reason)
          ? `Cannot reach PostgreSQL at ${redacted}: ${reason}. Check that the server runs and the URL is right.`
          : `Cannot use PostgreSQL at ${redacted} as the store: ${reason}.`
      }
    )
  }
  return failed(`Unknown store "${spec}". Use sqlite:<file> (the default: sqlite:./retrobridge.db), memory: or a postgres:// URL.`)
}

/*
 * Log lines go to stderr once per event-loop turn, all lines of the turn in one write: stderr to a
 * pipe or file is written synchronously, about 6 µs of CPU per write against about 0.6 µs per line
 * when a turn's lines share one. Error lines flush at once, with what came before them, so order
 * holds; a pending turn is written before the process exits.
 */
let pendingLines: Array<string> = []
const flushLines = () => {
  if (pendingLines.length === 0) return
  const text = pendingLines.join("")
  pendingLines = []
  process.stderr.write(text)
}
let flushOnExit = false
const stderrLine = (line: string, now = false) => {
  if (!flushOnExit) {
    flushOnExit = true
    process.once("exit", flushLines)
  }
  if (pendingLines.length === 0 && !now) setImmediate(flushLines)
  pendingLines.push(line + "\n")
  if (now) flushLines()
}

/**
 * The store, with its failures logged: clients get 503 `store-unavailable`
 * and a request id, and the operator needs the reason (a corrupted file, a
 * full disk, a database that went away). Each distinct reason is logged once
 * per minute, with how often it recurred since, so an outage does not flood
 * the log. Stream ids stay out of the line, as they stay out of the access log.
 */
const withStoreFailuresLogged = (log: (line: Record<string, unknown>) => void) => (store: Store.EventStore["Service"]): Store.EventStore["Service"] => {
  const lastLogged = new Map<string, { at: number; repeats: number }>()
  const note = (error: unknown) => Effect.sync(() => {
    if (!(error instanceof Store.StoreError)) return
    const key = `${error.operation}\u0000${error.reason}`
    const now = Date.now()
    const seen = lastLogged.get(key)
    if (seen !== undefined && now - seen.at < 60_000) {
      seen.repeats++
      return
    }
    if (lastLogged.size > 1_000) lastLogged.clear()
    lastLogged.set(key, { at: now, repeats: 0 })
    log({ level: "error", msg: "store failed", operation: error.operation, reason: error.reason, ...(seen === undefined ? {} : { repeatsSinceLastLine: seen.repeats }) })
  })
  return {
    append: (request) => Effect.tapError(store.append(request), note),
    read: (streamId, fromVersion) => Effect.tapError(store.read(streamId, fromVersion), note),
    version: (streamId) => Effect.tapError(store.version(streamId), note),
    listStreams: (teamId, kind) => Effect.tapError(store.listStreams(teamId, kind), note),
    findIdempotent: (key) => Effect.tapError(store.findIdempotent(key), note),
    subscribe: (streamId, fromVersion) => Stream.tapError(store.subscribe(streamId, fromVersion), note)
  }
}

/**
 * The server as a layer: build it to listen, release it to shut down
 * (in-flight requests finish first, up to the shutdown timeout).
 *
 * @since 0.1.0
 */
export const serverLayer = (options: ServeOptions, shutdown?: Effect.Effect<void>): Layer.Layer<HttpServer.HttpServer, StartupError> => {
  const config: RetroBridgeHttpConfig = {
    ...(shutdown === undefined ? {} : { shutdown }),
    ...(options.writeLimitPerMinute === undefined ? {} : { writeLimit: { limit: options.writeLimitPerMinute, windowMs: 60_000 } }),
    ...(options.joinLimitPerMinute === undefined ? {} : { joinLimit: { limit: options.joinLimitPerMinute, windowMs: 60_000 } }),
    ...(options.trustedProxyHops === undefined ? {} : { trustedProxyHops: options.trustedProxyHops }),
    corsOrigins: options.corsOrigins,
    frameAncestors: options.frameAncestors,
    openapi: options.openapi,
    docs: options.docs,
    ...(options.logLevel === "debug" || options.logLevel === "info"
      ? { accessLog: (line: AccessLogLine) => stderrLine(JSON.stringify({ level: "info", msg: "request", ...line })) }
      : {}),
    ...(options.logLevel === "silent"
      ? {}
      : { errorLog: (entry: { readonly requestId: string; readonly error: string }) => stderrLine(JSON.stringify({ level: "error", msg: "request failed", ...entry }), true) })
  }
  // A directory the operator named and that holds no build is a mistake to report, not a page to serve;
  // without one, the default directory's page says how to get a build.
  const webProblem = typeof options.web === "string" ? webDirProblem(options.web) : undefined
  const web = options.web === false
    ? Layer.empty
    : webProblem !== undefined
    ? Layer.effectDiscard(Effect.fail(new StartupError({ message: webProblem })))
    : layerWebApp({ dir: options.web ?? defaultWebDir, frameAncestors: options.frameAncestors }).pipe(Layer.provide(layerRouteTemplate))
  const store = options.logLevel === "silent"
    ? storeLayer(options.store)
    : Layer.effect(Store.EventStore, Effect.map(Store.EventStore, withStoreFailuresLogged((line) => stderrLine(JSON.stringify(line), true))))
      .pipe(Layer.provide(storeLayer(options.store)))
  const app = Layer.mergeAll(layerHttpApp(config), web, layerCompression).pipe(Layer.provide(store))
  const connections = connectionsClosedOnStop(options.shutdownTimeoutSeconds * 1000)
  const listen = NodeHttpServer.layer(connections.createServer, {
    port: options.port,
    host: options.host,
    gracefulShutdownTimeout: `${options.shutdownTimeoutSeconds} seconds`
  })
  const listenWithErrors = mapLayerError(listen, (e) => {
    const code = (e as { cause?: { code?: unknown } }).cause?.code
    return code === "EADDRINUSE"
      ? `Port ${options.port} on ${options.host} is already in use. Stop the other process or pick another port with --port.`
      : code === "EACCES"
      ? `Not allowed to listen on ${options.host}:${options.port}. Use a port above 1023, or another host.`
      : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
      ? `Cannot listen on ${options.host}: no such address on this machine. Use --host 127.0.0.1 or 0.0.0.0.`
      : `Cannot listen on ${options.host}:${options.port}: ${messageOf((e as { cause?: unknown }).cause ?? e)}`
  })
  const closeOnStop = Layer.effectDiscard(Effect.gen(function*() {
    if (shutdown !== undefined) yield* Effect.forkScoped(Effect.andThen(shutdown, Effect.sync(connections.stop)))
    yield* Effect.addFinalizer(() => Effect.sync(connections.stop))
  }))
  return HttpRouter.serve(app, { disableLogger: true, disableListenLog: true, routerConfig }).pipe(
    Layer.provideMerge(listenWithErrors),
    Layer.provideMerge(closeOnStop)
  ) as Layer.Layer<HttpServer.HttpServer, StartupError>
}

/**
 * Node's server, with what stopping needs beyond `server.close()`: browsers
 * keep idle connections open and the web app reconnects its live stream over
 * them when the server says goodbye, so `close()` alone would wait for them
 * indefinitely. Once stopping, every answer closes its connection, connections
 * are closed as soon as they go idle, and whatever is still open when the
 * shutdown timeout ends is cut.
 */
const connectionsClosedOnStop = (graceMs: number) => {
  let server: Server | undefined
  let stopping = false
  const stop = () => {
    if (stopping || server === undefined) return
    stopping = true
    const node = server
    node.closeIdleConnections()
    setTimeout(() => node.closeAllConnections(), graceMs).unref()
  }
  return {
    stop,
    createServer: (): Server => {
      const node = createServer()
      server = node
      // Before the application's listener, so the answer it writes already says `Connection: close`.
      node.prependListener("request", (_request, response) => {
        if (stopping) response.shouldKeepAlive = false
        // A connection whose last answer just finished is idle from the next turn on.
        response.once("finish", () => {
          if (stopping) setImmediate(() => node.closeIdleConnections())
        })
      })
      return node
    }
  }
}
