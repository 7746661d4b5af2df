/**
 * The typed client of the RetroBridge API, derived from the same contract
 * the server implements. It imports no server code.
 *
 * ```ts
 * import { RetroBridgeClient } from "@retrobridge/adapter-http/client"
 * const client = yield* RetroBridgeClient.make({ baseUrl: "http://127.0.0.1:8080", token })
 * const { cardId } = yield* client.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "…" } })
 * ```
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient } from "effect/http-api"
import { RetroBridgeApi } from "./Api.ts"

export * from "./ApiError.ts"
export { RetroBridgeApi } from "./Api.ts"

/** @since 0.1.0 */
export type RetroBridgeClient = HttpApiClient.ForApi<typeof RetroBridgeApi>

/** @since 0.1.0 */
export interface RetroBridgeClientOptions {
  /** Where the API is served, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string
  /** A token the server minted; sent as `Authorization: Bearer`. */
  readonly token?: string | undefined
  /** Sent as `Idempotency-Key` on every request of this client (give each logical write its own client, or none). */
  readonly idempotencyKey?: string | undefined
}

/**
 * Builds a client for one token (each role of each retro has its own).
 * Needs an `HttpClient` (e.g. `FetchHttpClient.layer`); see {@link makeFetch}.
 *
 * @since 0.1.0
 */
export const make = (options: RetroBridgeClientOptions): Effect.Effect<RetroBridgeClient, never, HttpClient.HttpClient> =>
  HttpApiClient.make(RetroBridgeApi, {
    baseUrl: options.baseUrl,
    transformClient: (client) =>
      HttpClient.mapRequest(client, (request) => {
        let r = request
        if (options.token !== undefined) r = HttpClientRequest.bearerToken(r, options.token)
        if (options.idempotencyKey !== undefined) r = HttpClientRequest.setHeader(r, "idempotency-key", options.idempotencyKey)
        return r
      })
  }) as Effect.Effect<RetroBridgeClient, never, HttpClient.HttpClient>

/**
 * A client on the platform's `fetch`.
 *
 * @since 0.1.0
 */
export const makeFetch = (options: RetroBridgeClientOptions): Effect.Effect<RetroBridgeClient> =>
  make(options).pipe(Effect.provide(FetchHttpClient.layer))

/** @since 0.1.0 */
export const RetroBridgeClient = { make, makeFetch }
