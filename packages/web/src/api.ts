/**
 * The typed client of the public HTTP API, as promises for the UI.
 * Every failure becomes an {@link ApiProblem} whose message is the server's
 * sentence (what was wrong and what to do).
 */
import { RetroBridgeClient } from "@retrobridge/adapter-http/client"
import { Effect } from "effect"

export type Client = RetroBridgeClient

export class ApiProblem extends Error {
  readonly code: string
  readonly status: number | undefined
  readonly details: { readonly path?: string | undefined; readonly issues?: ReadonlyArray<{ readonly path: string; readonly message: string }> | undefined; readonly [k: string]: unknown }
  constructor(code: string, message: string, details: ApiProblem["details"] = {}, status?: number) {
    super(message)
    this.code = code
    this.details = details
    this.status = status
  }
}

const statusOf: Record<string, number> = {
  BadRequest: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, Conflict: 409, PayloadTooLarge: 413, UnsupportedMediaType: 415, Unprocessable: 422, TooManyRequests: 429, Unavailable: 503
}

const toProblem = (error: unknown): ApiProblem => {
  // The typed client checks a request against the contract before sending it: the server was never asked.
  if (typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "SchemaError") {
    const first = String((error as { message?: unknown }).message ?? "").split("\n")[0]!.trim()
    return new ApiProblem("invalid-request", `Not sent: ${first === "" ? "the request is not valid" : first}.`)
  }
  if (typeof error === "object" && error !== null && "code" in error && "message" in error) {
    const e = error as { _tag?: string; code: string; message: string; details?: ApiProblem["details"] }
    return new ApiProblem(e.code, e.message, e.details ?? {}, e._tag === undefined ? undefined : statusOf[e._tag])
  }
  return new ApiProblem(
    "network",
    "The server could not be reached. Check the connection and try again; nothing you typed is lost."
  )
}

/**
 * A fresh Idempotency-Key. Not `crypto.randomUUID`: it exists only in secure contexts, and phones
 * often reach a team's server over plain http on the LAN; `getRandomValues` works everywhere.
 */
export const newKey = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("")

// Typed through globalThis so this module also typechecks in the Node-typed test project.
const base = () => (globalThis as unknown as { location: { origin: string } }).location.origin
const clients = new Map<string, Client>()

const clientFor = (token: string | undefined, idempotencyKey?: string): Client => {
  if (idempotencyKey !== undefined) {
    return Effect.runSync(RetroBridgeClient.makeFetch({ baseUrl: base(), token, idempotencyKey }))
  }
  const key = token ?? ""
  let client = clients.get(key)
  if (client === undefined) {
    client = Effect.runSync(RetroBridgeClient.makeFetch({ baseUrl: base(), token }))
    clients.set(key, client)
  }
  return client
}

/**
 * Runs one call. `idempotencyKey` names one logical write: sent again with
 * the same key (the user retries after a dropped answer), the server answers
 * the first outcome instead of writing twice. `idempotent: true` gives the
 * call a fresh key (it only guards the client's own retries).
 */
export const call = <A>(
  token: string | undefined,
  f: (client: Client) => Effect.Effect<A, unknown>,
  options?: { readonly idempotent?: boolean; readonly idempotencyKey?: string }
): Promise<A> =>
  Effect.runPromise(
    Effect.suspend(() => f(clientFor(token, options?.idempotencyKey ?? (options?.idempotent === true ? newKey() : undefined)))).pipe(
      Effect.mapError(toProblem),
      Effect.catchDefect((defect) => Effect.fail(toProblem(defect)))
    )
  ).catch((e: unknown) => {
    throw e instanceof ApiProblem ? e : toProblem(e)
  })

export const problemText = (e: unknown): string => e instanceof Error ? e.message : String(e)
