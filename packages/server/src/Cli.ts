/**
 * `retrobridge serve [--port 8080] [--host 127.0.0.1] [--store sqlite:./retrobridge.db]
 * [--log-level info] [--cors-origin <origin>]... [--frame-ancestor <origin>]... [--no-openapi]`
 *
 * Prints the URL once listening; SIGTERM and SIGINT shut it down after
 * in-flight requests finish. Start-up failures print one sentence and exit 1.
 * `--help` and `--version` print on stdout and exit 0; a usage error prints
 * the usage on stderr and exits 2.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { Cause, Deferred, Effect, Exit } from "effect"
import { HttpServer } from "effect/http"
import { defaultServeOptions, redactStoreSpec, serverLayer, type LogLevel, type ServeOptions } from "./Server.ts"

const usage = `Usage: retrobridge serve [options]
       retrobridge --help | --version

Options:
  --port <n>              port to listen on (default 8080; 0 picks a free one)
  --host <addr>           address to listen on (default 127.0.0.1)
  --store <url>           sqlite:<file> (default sqlite:./retrobridge.db), memory:, or postgres://…
  --log-level <level>     silent | error | info | debug (default info)
  --cors-origin <origin>  allow browser calls from this origin (repeatable)
  --frame-ancestor <src>  allow framing by this origin (repeatable; default none)
  --no-openapi            do not serve /openapi.json
  --no-docs               do not serve the API reference page at /docs
  --web-dir <dir>         the web app's build to serve at / (default: the app shipped with the server;
                          packages/web/dist in a RetroBridge checkout)
  --no-web                serve the API only
  --shutdown-timeout <s>  seconds in-flight requests get on shutdown (default 10)
  --write-limit <n>       writes per token per minute (default 600)
  --join-limit <n>        join attempts per client address per minute, and as many join-code checks
                          in an allowance of their own (default 20)
  --trust-proxy <n>       reverse proxies in front that append to X-Forwarded-For (default 0: the
                          header is ignored); the per-address limits then use the address the
                          nearest of them saw
  -h, --help              print this help
  --version               print the version

Environment: PORT, HOST, RETROBRIDGE_STORE, RETROBRIDGE_LOG_LEVEL, RETROBRIDGE_CORS_ORIGINS (comma-separated),
RETROBRIDGE_TRUST_PROXY.`

/**
 * What the command line asks for: to serve with these options, the help or
 * the version (printed on stdout, exit 0), or nothing it understands (the
 * message and the usage on stderr, exit 2).
 *
 * @since 0.2.0
 */
export type CommandLine =
  | { readonly _tag: "Serve"; readonly options: ServeOptions }
  | { readonly _tag: "Help"; readonly text: string }
  | { readonly _tag: "Version"; readonly text: string }
  | { readonly _tag: "UsageError"; readonly text: string }

// Read only when asked for: importing the package as a library reads no file.
const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { readonly version: string }).version

/**
 * Reads `serve`'s options from arguments and environment (arguments win), or
 * the text to print instead: the usage (asked for, or after a usage error),
 * the version, or what is wrong with an option.
 *
 * @since 0.1.0
 */
export const parseServeArgs = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = process.env): ServeOptions | string => {
  const command = parseCommandLine(args, env)
  return command._tag === "Serve" ? command.options : command.text
}

/**
 * Reads the command line: `serve` with its options from arguments and
 * environment (arguments win), `--help` or `--version`.
 *
 * @since 0.2.0
 */
export const parseCommandLine = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = process.env): CommandLine => {
  const usageError = (text: string): CommandLine => ({ _tag: "UsageError", text })
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        port: { type: "string" },
        host: { type: "string" },
        store: { type: "string" },
        "log-level": { type: "string" },
        "cors-origin": { type: "string", multiple: true },
        "frame-ancestor": { type: "string", multiple: true },
        "no-openapi": { type: "boolean" },
        "no-docs": { type: "boolean" },
        "web-dir": { type: "string" },
        "no-web": { type: "boolean" },
        "shutdown-timeout": { type: "string" },
        "write-limit": { type: "string" },
        "join-limit": { type: "string" },
        "trust-proxy": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" }
      },
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    return usageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`)
  }
  const { values, positionals } = parsed
  if (values.help === true) return { _tag: "Help", text: usage }
  if (values.version === true) return { _tag: "Version", text: packageVersion() }
  if (positionals[0] !== "serve" || positionals.length > 1) return usageError(usage)
  const portText = values.port ?? env["PORT"] ?? String(defaultServeOptions.port)
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(`--port must be a whole number from 0 to 65535, not "${portText}".`)
  const logLevel = (values["log-level"] ?? env["RETROBRIDGE_LOG_LEVEL"] ?? defaultServeOptions.logLevel) as LogLevel
  if (!["silent", "error", "info", "debug"].includes(logLevel)) return usageError(`--log-level must be silent, error, info or debug, not "${logLevel}".`)
  const timeout = Number(values["shutdown-timeout"] ?? defaultServeOptions.shutdownTimeoutSeconds)
  if (!Number.isFinite(timeout) || timeout < 0) return usageError(`--shutdown-timeout must be a number of seconds.`)
  const limitOf = (text: string | undefined, name: string): number | undefined | string => {
    if (text === undefined) return undefined
    const n = Number(text)
    return Number.isInteger(n) && n > 0 ? n : `--${name} must be a whole number above 0, not "${text}".`
  }
  const writeLimit = limitOf(values["write-limit"], "write-limit")
  if (typeof writeLimit === "string") return usageError(writeLimit)
  const joinLimit = limitOf(values["join-limit"], "join-limit")
  if (typeof joinLimit === "string") return usageError(joinLimit)
  const trustText = values["trust-proxy"] ?? env["RETROBRIDGE_TRUST_PROXY"]
  const trustedProxyHops = trustText === undefined ? undefined : Number(trustText)
  if (trustedProxyHops !== undefined && (!Number.isInteger(trustedProxyHops) || trustedProxyHops < 0 || trustedProxyHops > 10)) {
    return usageError(`--trust-proxy must be the number of reverse proxies in front of the server, 0 to 10, not "${trustText}".`)
  }
  const envOrigins = env["RETROBRIDGE_CORS_ORIGINS"]?.split(",").map((s) => s.trim()).filter((s) => s !== "") ?? []
  const options: ServeOptions = {
    port,
    host: values.host ?? env["HOST"] ?? defaultServeOptions.host,
    store: values.store ?? env["RETROBRIDGE_STORE"] ?? defaultServeOptions.store,
    logLevel,
    corsOrigins: values["cors-origin"] ?? envOrigins,
    frameAncestors: values["frame-ancestor"] ?? [],
    openapi: values["no-openapi"] !== true,
    docs: values["no-docs"] !== true,
    shutdownTimeoutSeconds: timeout,
    ...(values["no-web"] === true ? { web: false as const } : values["web-dir"] === undefined ? {} : { web: values["web-dir"] }),
    ...(writeLimit === undefined ? {} : { writeLimitPerMinute: writeLimit }),
    ...(joinLimit === undefined ? {} : { joinLimitPerMinute: joinLimit }),
    ...(trustedProxyHops === undefined ? {} : { trustedProxyHops })
  }
  return { _tag: "Serve", options }
}

/**
 * Runs the CLI until a signal stops it.
 *
 * @since 0.1.0
 */
export const run = (args: ReadonlyArray<string>): void => {
  const command = parseCommandLine(args)
  if (command._tag !== "Serve") {
    // Asked-for output goes where a pipe reads it; a usage error where an operator sees it.
    const asked = command._tag !== "UsageError"
    ;(asked ? process.stdout : process.stderr).write(command.text + "\n")
    process.exitCode = asked ? 0 : 2
    return
  }
  const options = command.options
  // Completed on SIGTERM/SIGINT: live-update streams say goodbye and end, so the server can close.
  const stopping = Deferred.makeUnsafe<void>()
  const program = Effect.gen(function*() {
    const server = yield* HttpServer.HttpServer
    const address = server.address
    const port = "port" in address ? address.port : options.port
    const host = options.host.includes(":") ? `[${options.host}]` : options.host
    const url = `http://${host}:${port}`
    // The one line scripts wait for: stdout, then nothing else there.
    process.stdout.write(`RetroBridge listening on ${url} (store: ${redactStoreSpec(options.store)})\n`)
    return yield* Effect.never
  }).pipe(Effect.provide(serverLayer(options, Deferred.await(stopping))))

  const controller = Effect.runFork(program)
  let stopped = false
  const stop = (signal: string) => {
    if (stopped) return
    stopped = true
    Effect.runSync(Deferred.succeed(stopping, undefined))
    if (options.logLevel !== "silent") process.stderr.write(JSON.stringify({ level: "info", msg: `${signal}: shutting down` }) + "\n")
    // A store that cannot close (a database behind a network partition never answers the goodbye)
    // would keep the process up forever: after the shutdown timeout and a grace period, it ends anyway.
    // Acknowledged writes are committed already; exit 1 says the store was not closed cleanly.
    const deadline = setTimeout(() => {
      process.stderr.write(JSON.stringify({
        level: "error",
        msg: `the store did not close within ${storeCloseGraceSeconds} s after the ${options.shutdownTimeoutSeconds} s shutdown timeout; exiting without waiting for it`
      }) + "\n")
      process.exit(1)
    }, (options.shutdownTimeoutSeconds + storeCloseGraceSeconds) * 1000)
    deadline.unref()
    controller.interruptUnsafe()
  }
  process.on("SIGTERM", () => stop("SIGTERM"))
  process.on("SIGINT", () => stop("SIGINT"))
  controller.addObserver((exit) => {
    if (Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)) {
      const failure = Cause.squash(exit.cause)
      const message = typeof failure === "object" && failure !== null && "message" in failure ? String(failure.message) : String(failure)
      process.stderr.write(`retrobridge: ${message}\n`)
      process.exitCode = 1
    }
    if (options.logLevel !== "silent" && stopped) process.stderr.write(JSON.stringify({ level: "info", msg: "stopped" }) + "\n")
  })
}

/** Seconds the store gets to close after the shutdown timeout before the process ends without it. */
const storeCloseGraceSeconds = 5

