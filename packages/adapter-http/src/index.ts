/**
 * @retrobridge/adapter-http — RetroBridge over HTTP: the contract, its
 * handlers on any `EventStore`, the application layer for a Node server and
 * a Fetch-API handler for any Fetch host. The typed client lives in
 * `@retrobridge/adapter-http/client`.
 *
 * @since 0.1.0
 */
export * from "./Api.ts"
export * from "./ApiError.ts"
export { retroNotFound, retroNotFoundForTeamToken, teamNotFound, teamNotFoundForRetroToken, toApiError, type DomainApiError } from "./ApiErrors.ts"
export { AuthorizationLive, ClientAddress, RetroBridgeHandlers, RetroBridgeHttpOptionsService, type RetroBridgeHttpOptions } from "./Handlers.ts"
export { layerHttpApp, layerRouteTemplate, openApiDocument, routerConfig, toWebHandler, type AccessLogLine, type RetroBridgeHttpConfig } from "./App.ts"
export { makeRateLimiter, type RateLimit, type RateLimiter } from "./RateLimiter.ts"
export { mintId, mintToken, parseToken, type TokenRole } from "./Tokens.ts"
