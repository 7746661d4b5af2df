/**
 * The server side of the contract: each endpoint turns its request into a
 * core command (with server-minted ids, secrets and time), runs it through
 * the core's command handler over the `EventStore` in context, and answers
 * with as little as the caller needs.
 *
 * Every rule of the method stays in the core; this module only checks who
 * may call what and translates errors.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Redacted, Result, Semaphore, Stream } from "effect"
import { HttpIncomingMessage, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { Agreements, Estimates, Retro, Store, Team, Themes } from "@retrobridge/core"
import { Authorization, BearerToken, RetroBridgeApi } from "./Api.ts"
import { BadRequest, Conflict, Forbidden, PayloadTooLarge, TooManyRequests, Unauthorized, Unavailable, Unprocessable, type ApiError, type UnsupportedMediaType } from "./ApiError.ts"
import { retroNotFound, retroNotFoundForTeamToken, teamNotFound, teamNotFoundForRetroToken, toApiError } from "./ApiErrors.ts"

/** What a handler fails with: a 415 is answered as a response (by the boundary, or by the CSV import before reading), never failed with. */
type HandlerError = Exclude<ApiError, UnsupportedMediaType>
import { parseContentType } from "./internal/contentType.ts"
import { makeLiveViews } from "./LiveViews.ts"
import { makeRateLimiter, type RateLimit } from "./RateLimiter.ts"
import { mintId, mintToken, parseToken, randomSecret, scopedIdempotencyKey, type TokenRole } from "./Tokens.ts"

/**
 * Limits and switches of the HTTP layer.
 *
 * @since 0.1.0
 */
export interface RetroBridgeHttpOptions {
  /**
   * Joining by code, per client address (default 20 per minute): join codes cannot be brute-forced.
   * Checking a code without joining (`POST /retros/{retroId}/participants/check`) has an allowance of
   * its own of the same size, so that everyone who opens the link can still join.
   */
  readonly joinLimit?: RateLimit | undefined
  /** Writes per token (default 600 per minute). */
  readonly writeLimit?: RateLimit | undefined
  /** Creating teams, per client address (default 30 per hour). */
  readonly createTeamLimit?: RateLimit | undefined
  /** Responses kept to answer `Idempotency-Key` retries (default 10,000). */
  readonly idempotencyCacheSize?: number | undefined
  /** Milliseconds between SSE heartbeat comments (default 15,000). */
  readonly sseHeartbeatMs?: number | undefined
  /** Completes when the server is stopping: every SSE stream then says `event: shutdown` and ends. */
  readonly shutdown?: Effect.Effect<void> | undefined
  /**
   * How long, in milliseconds, a retry under the same `Idempotency-Key` may
   * receive again a token its first request minted (default 120,000: long
   * enough for a client to retry a lost answer). Afterwards the retry is
   * answered 409 `already-done`, and this process forgets the token.
   * @since 0.2.0
   */
  readonly mintedTokenRetryMs?: number | undefined
  /**
   * Live-update streams one token may hold open at once (default 10: a
   * projector, a laptop and a phone, each with a tab or two). Each open
   * stream holds memory on the server for as long as it stays open.
   * @since 0.2.0
   */
  readonly maxStreamsPerToken?: number | undefined
  /**
   * How many reverse proxies in front of the server append the address they
   * saw to `X-Forwarded-For` (default 0). The per-address limits then take
   * the client's address from that header, counting this many entries from
   * its right: what the nearest trusted proxy saw. With 0 the header is
   * ignored, since a client can write anything in it.
   * @since 0.2.0
   */
  readonly trustedProxyHops?: number | undefined
}

/** @since 0.1.0 */
export class RetroBridgeHttpOptionsService extends Context.Reference<RetroBridgeHttpOptions>(
  "@retrobridge/adapter-http/Options",
  { defaultValue: () => ({}) }
) {}

/**
 * The client's address, when a Fetch host knows it and the request does not
 * carry it: `toWebHandler`'s handler provides it from its `clientAddress`.
 *
 * @since 0.2.0
 */
export class ClientAddress extends Context.Service<ClientAddress, string>()("@retrobridge/adapter-http/ClientAddress") {}

/** One address, one key: without a port (some proxies write `1.2.3.4:5678`, `[2001:db8::1]:443`), IPv4-mapped IPv6 as IPv4. */
const normalAddress = (address: string | undefined): string | undefined => {
  if (address === undefined) return undefined
  let bare = address.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(bare)
  if (bracketed !== null) bare = bracketed[1]!
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(bare)
  if (withPort !== null) bare = withPort[1]!
  bare = bare.toLowerCase()
  return bare.startsWith("::ffff:") && bare.includes(".") ? bare.slice(7) : bare
}

/**
 * The client's address for the per-address limits: given by the host, else the connection's, else
 * (with `hops` trusted proxies) the entry of `X-Forwarded-For` that the nearest trusted proxy wrote.
 * Undefined when nobody says (a Fetch host that passes no address).
 */
const addressOf = (context: Context.Context<HttpServerRequest.HttpServerRequest>, hops: number): string | undefined => {
  const given = Context.getOrUndefined(context as Context.Context<HttpServerRequest.HttpServerRequest | ClientAddress>, ClientAddress)
  const request = Context.get(context, HttpServerRequest.HttpServerRequest)
  const peer = given ?? (request.remoteAddress._tag === "Some" ? request.remoteAddress.value : undefined)
  if (hops <= 0) return normalAddress(peer)
  // Nearest first: the peer (the last proxy), then what each proxy appended, right to left.
  const chain = [peer, ...(request.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "").reverse()]
  return normalAddress(chain[Math.min(hops, chain.length - 1)])
}

/** Views are plain objects with optional fields left `undefined`; the wire carries JSON, which has no `undefined`. */
const asJson = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A

const addedCardId = (events: ReadonlyArray<Retro.Event>): string | undefined => {
  for (const event of events) if (event._tag === "CardAdded") return event.cardId
  return undefined
}

const accessStreamId = (teamId: string): string => `access:team:${teamId}`

const sha256Hex = async (text: string): Promise<string> => {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))
  return Buffer.from(digest).toString("hex")
}

const constantTimeEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}


/**
 * The ids one request mints, one per kind: asking twice for a kind gives the
 * same id, so a command and its answer agree.
 */
type Ids = (kind: "th" | "n" | "a" | "m") => string

const randomIds = (): Ids => {
  const minted = new Map<string, string>()
  return (kind) => {
    let id = minted.get(kind)
    if (id === undefined) minted.set(kind, id = mintId(kind))
    return id
  }
}

/**
 * Ids derived from a request's scoped idempotency key (itself a hash of the
 * caller's token, the route and the client's key), so every process mints
 * the same ones for a retry. As unguessable as random ids to anyone without
 * the token, and they carry no time or order.
 */
const idsFromKey = async (key: string): Promise<Ids> => {
  const seed = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`retrobridge/ids\u0000${key}`)))
  const minted = new Map<string, string>()
  return (kind) => {
    let id = minted.get(kind)
    if (id === undefined) {
      // 16 bytes per kind; no request mints more than two kinds.
      const slice = minted.size * 16
      minted.set(kind, id = `${kind}_${seed.toString("base64url", slice % 32, slice % 32 + 16)}`)
    }
    return id
  }
}

const sseEncoder = new TextEncoder()
const refusedStream = sseEncoder.encode(`event: refused\ndata: {"code":"too-many-streams"}\n\n`)

/** A small LRU of answered idempotent requests. */
interface CachedAnswer {
  readonly bodyHash: string
  readonly answer: unknown
  /** For an answer carrying a minted token: until when a retry may have it again. */
  readonly replayUntil?: number | undefined
}

const makeIdempotencyCache = (size: number) => {
  const entries = new Map<string, CachedAnswer>()
  return {
    get: (key: string) => entries.get(key),
    delete: (key: string) => entries.delete(key),
    set: (key: string, value: CachedAnswer) => {
      entries.set(key, value)
      if (entries.size > size) {
        const oldest = entries.keys().next().value
        if (oldest !== undefined) entries.delete(oldest)
      }
    }
  }
}

const alreadyDone = () =>
  new Conflict({
    code: "already-done",
    message:
      "A request with this Idempotency-Key already succeeded; nothing was done twice. What it minted (a token, a join code) is shown only once, and the server keeps no copy beyond a short retry window, so it cannot be shown again. For a new request, use a new key.",
    details: { path: "Idempotency-Key" }
  })

/** The authorization middleware: checks the token's format, never its owner (that needs the retro). @since 0.1.0 */
export const AuthorizationLive = Layer.succeed(Authorization)({
  bearer: (httpEffect, { credential }) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const header = request.headers["authorization"]
      if (header === undefined || header === "") {
        return yield* new Unauthorized({
          code: "token-missing",
          message: "This endpoint needs `Authorization: Bearer <token>` with the token you were given when you created the team or retro, or joined it.",
          details: { path: "Authorization" }
        })
      }
      const token = Redacted.value(credential)
      const parsed = parseToken(token)
      if (parsed === undefined) {
        return yield* new Unauthorized({
          code: "token-malformed",
          message: "The Authorization header does not carry a RetroBridge token. Send `Authorization: Bearer <token>` exactly as the server gave it.",
          details: { path: "Authorization" }
        })
      }
      return yield* Effect.provideService(httpEffect, BearerToken, { ...parsed, token })
    })
})

const makeHandlerKit = Effect.gen(function*() {
  const store = yield* Store.EventStore
  const handlers = yield* Store.makeHandlers
  const options = yield* RetroBridgeHttpOptionsService
  const joinLimiter = makeRateLimiter(options.joinLimit ?? { limit: 20, windowMs: 60_000 })
  // Its own allowance: every join link's page checks first, and a shared one would halve what an office
  // behind one address can join in a minute. A guesser gains one more try per join, nothing that counts.
  const joinCheckLimiter = makeRateLimiter(options.joinLimit ?? { limit: 20, windowMs: 60_000 })
  const writeLimiter = makeRateLimiter(options.writeLimit ?? { limit: 600, windowMs: 60_000 })
  const createTeamLimiter = makeRateLimiter(options.createTeamLimit ?? { limit: 30, windowMs: 3_600_000 })
  const idempotency = makeIdempotencyCache(options.idempotencyCacheSize ?? 10_000)
  const hops = options.trustedProxyHops ?? 0
  /** The client's address, or undefined when the host does not say (see `addressOf`). */
  const clientAddress = Effect.map(Effect.context<HttpServerRequest.HttpServerRequest>(), (context) => addressOf(context, hops))

  /** Open live-update streams per token (see `maxStreamsPerToken`). */
  const openStreams = new Map<string, number>()
  const maxStreamsPerToken = options.maxStreamsPerToken ?? 10
  const tooManyStreams = () => new TooManyRequests({
    code: "too-many-streams",
    message: `This token already holds ${maxStreamsPerToken} live-update streams open, the most one token may. Close one (another tab or device) and try again.`,
    details: { path: "Authorization", retryAfterSeconds: 5 }
  })
  /**
   * The stream counted for its token while it runs. Opens that race past the handler's check are
   * caught when their streams start: the extra ones say so (`event: refused`) and end.
   */
  const countedStream = (token: string, frames: Stream.Stream<Uint8Array>): Stream.Stream<Uint8Array> =>
    Stream.unwrap(Effect.sync(() => {
      const held = (openStreams.get(token) ?? 0) + 1
      if (held > maxStreamsPerToken) return Stream.make(refusedStream)
      openStreams.set(token, held)
      return frames.pipe(Stream.ensuring(Effect.sync(() => {
        const left = (openStreams.get(token) ?? 1) - 1
        if (left <= 0) openStreams.delete(token)
        else openStreams.set(token, left)
      })))
    }))
  const streamSlotFree = (token: string) =>
    (openStreams.get(token) ?? 0) < maxStreamsPerToken ? Effect.void : Effect.fail(tooManyStreams())

  const limited = (limiter: ReturnType<typeof makeRateLimiter>, key: string) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const wait = limiter.take(key, now)
      return wait === undefined ? Effect.void : Effect.fail(new TooManyRequests({
        code: "rate-limited",
        message: `Too many requests. Wait ${wait} seconds before trying again.`,
        details: { retryAfterSeconds: wait }
      }))
    })

  // One write at a time per retro: concurrent writes to one retro would otherwise decide against
  // the same cached state, and all but one would conflict and replay (or exhaust their retries)
  // when a store commits several appends in one group. Writes to different retros still overlap.
  const lanes = new Map<string, { readonly semaphore: Semaphore.Semaphore; users: number }>()
  const oneAtATime = <A, E, R>(retroId: string, write: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.suspend(() => {
      let lane = lanes.get(retroId)
      if (lane === undefined) {
        lane = { semaphore: Semaphore.makeUnsafe(1), users: 0 }
        lanes.set(retroId, lane)
      }
      const held = lane
      held.users++
      return Semaphore.withPermit(held.semaphore, write).pipe(Effect.ensuring(Effect.sync(() => {
        if (--held.users === 0) lanes.delete(retroId)
      })))
    })

  const loadRetro = (retroId: string) =>
    handlers.retros.load(Retro.streamId(retroId)).pipe(Effect.mapError((e) => toApiError(e, { retroId })))

  /**
   * The team's grouping evidence from its other revealed retros, so that theme proposals learn from how
   * this team groups. Only the retro's own team is read: another team's grouping never shapes them.
   */
  const teamThemeEvidence = Effect.fnUntraced(function*(state: Retro.Active) {
    const { teamId, retroId } = state.details
    const streams = yield* store.listStreams(teamId, "retro").pipe(Effect.mapError((e) => toApiError(e, { retroId })))
    const retros: Array<Retro.Active> = []
    for (const stream of streams) {
      if (stream.streamId === Retro.streamId(retroId)) continue
      const earlier = yield* handlers.retros.load(stream.streamId).pipe(Effect.mapError((e) => toApiError(e, { retroId })))
      if (earlier.state.status === "active" && earlier.state.revealOrder !== undefined) retros.push(earlier.state)
    }
    return Themes.teamEvidence(teamId, retros)
  })

  /** Only the facilitator's view of revealed cards carries theme proposals, so only it needs the team's evidence. */
  const learnsFromTeam = (state: Retro.State, role: BearerToken["Service"]["role"]): state is Retro.Active =>
    role === "facilitator" && state.status === "active" && state.revealOrder !== undefined

  /**
   * Does the token belong to this retro, in the role it claims? With `teamLearning`, the view is the one
   * the facilitator's screen shows, its theme proposals learning from the team's earlier retros (the
   * token is proved before any other retro is read).
   */
  const viewAs = Effect.fnUntraced(function*(retroId: string, bearer: BearerToken["Service"], teamLearning = false) {
    const { state, version } = yield* loadRetro(retroId)
    if (bearer.role === "team-admin") return yield* retroNotFoundForTeamToken(retroId)
    const now = yield* Clock.currentTimeMillis
    const viewer = { role: bearer.role, secret: bearer.secret }
    let view = Retro.view(state, viewer, now)
    if (Result.isFailure(view)) return yield* toApiError(view.failure, { retroId })
    if (teamLearning && learnsFromTeam(state, bearer.role)) {
      view = Retro.view(state, viewer, now, { themeEvidence: yield* teamThemeEvidence(state) })
      if (Result.isFailure(view)) return yield* toApiError(view.failure, { retroId })
    }
    return { state, version, view: view.success }
  })

  /** A token of the retro, of the wrong role: 403; any other token: the retro's 404. */
  const refuseRole = Effect.fnUntraced(function*(retroId: string, bearer: BearerToken["Service"], need: TokenRole) {
    yield* viewAs(retroId, bearer)
    return yield* new Forbidden({
      code: "wrong-role",
      message: `This needs the ${need}'s token; yours is a ${bearer.role}'s token for this retro.`,
      details: { path: "Authorization" }
    })
  })

  /**
   * Answers a retry of the same request with the same `Idempotency-Key`
   * from this process's cache; runs `write` otherwise and caches its answer.
   * A retry that reaches another process (or outlives the cache) is answered
   * by the store's durable record of the key: `write` gets the ids it mints
   * from `ids`, which derives them from the key, so the retry decides the same
   * command and the store answers it with the first outcome.
   */
  const idempotent = <A, E extends ApiError>(route: string, bodyForHash: unknown, write: (key: string | undefined, ids: Ids) => Effect.Effect<A, E, never>) =>
    idempotentWith(route, bodyForHash, write, false)

  const idempotentWith = <A, E extends ApiError>(
    route: string,
    bodyForHash: unknown,
    write: (key: string | undefined, ids: Ids) => Effect.Effect<A, E, never>,
    mintsToken: boolean
  ) =>
    Effect.contextWith((context: Context.Context<HttpServerRequest.HttpServerRequest>) => {
      const clientKey = Context.get(context, HttpServerRequest.HttpServerRequest).headers["idempotency-key"]
      return clientKey === undefined ? write(undefined, randomIds()) : keyed(route, bodyForHash, clientKey, write, mintsToken)
    })

  const mintedTokenRetryMs = options.mintedTokenRetryMs ?? 120_000

  const validClientKey = (clientKey: string): boolean => clientKey.length > 0 && clientKey.length <= 200
  /** The client's key, scoped to whoever sent it and to the route: one caller's key never answers another's request. */
  const scopedKeyOf = (route: string, clientKey: string) =>
    Effect.gen(function*() {
      const bearer = yield* Effect.serviceOption(BearerToken)
      // Without a token (joining, creating a team) the key is scoped to the client's address: a cached
      // answer carries a freshly minted token, which must never go to someone who only guessed the key.
      const owner = bearer._tag === "Some" ? bearer.value.token : `anonymous:${(yield* clientAddress) ?? "unknown"}`
      return yield* Effect.promise(() => scopedIdempotencyKey(owner, route, clientKey))
    })

  /**
   * Whether this request is a keyed retry of a write that may have gone through (this process's
   * cache or the store knows its key): such a retry must get its first outcome, whatever the
   * state says now. A key never seen is a new request.
   */
  const mayBeKeyedRetry = (route: string) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const clientKey = request.headers["idempotency-key"]
      if (clientKey === undefined || !validClientKey(clientKey)) return false
      const key = yield* scopedKeyOf(route, clientKey)
      if (idempotency.get(key) !== undefined) return true
      return (yield* store.findIdempotent(key).pipe(Effect.orElseSucceed(() => undefined))) !== undefined
    })

  const keyed = <A, E extends ApiError>(
    route: string,
    bodyForHash: unknown,
    clientKey: string,
    write: (key: string | undefined, ids: Ids) => Effect.Effect<A, E, never>,
    mintsToken: boolean
  ) =>
    Effect.gen(function*() {
      if (!validClientKey(clientKey)) {
        return yield* new BadRequest({ code: "idempotency-key-invalid", message: "Idempotency-Key must be 1-200 characters (a UUID is a good choice).", details: { path: "Idempotency-Key" } })
      }
      const key = yield* scopedKeyOf(route, clientKey)
      const bodyHash = yield* Effect.promise(() => sha256Hex(JSON.stringify(bodyForHash ?? null)))
      const seen = idempotency.get(key)
      if (seen !== undefined) {
        if (seen.bodyHash !== bodyHash) {
          return yield* new Conflict({
            code: "idempotency-key-reused",
            message: "This Idempotency-Key was already used with another body. Nothing was written; use a new key for a new request.",
            details: { path: "Idempotency-Key" }
          })
        }
        if (seen.replayUntil !== undefined && (yield* Clock.currentTimeMillis) > seen.replayUntil) {
          // A minted token is not kept around for whoever learns the key later: a token handed over, a join
          // from the same office's address. The retry window is over; the answer is what another process gives.
          idempotency.delete(key)
          return yield* alreadyDone()
        }
        return seen.answer as A
      }
      const answer = yield* write(key, yield* Effect.promise(() => idsFromKey(key)))
      idempotency.set(key, { bodyHash, answer, replayUntil: mintsToken ? (yield* Clock.currentTimeMillis) + mintedTokenRetryMs : undefined })
      return answer
    })

  /**
   * Runs a retro command for the token's holder. `need` is the role the
   * command is for; another role of the same retro gets 403, anything else
   * the retro's 404.
   */
  const retroCommand = <A>(
    retroId: string,
    need: "facilitator" | "participant",
    route: string,
    body: unknown,
    command: (secret: string, at: number, ids: Ids) => Retro.Command,
    answer: (handled: Store.Handled<Retro.State, Retro.Event>, ids: Ids) => A,
    options?: {
      /** What makes a keyed retry the same request, for a command built from more than its body (see `Store.HandleRequest`). */
      readonly fingerprint?: string
      /** The caller took this request's write allowance already (it did work before the command), so it counts once. */
      readonly limited?: true
    }
  ): Effect.Effect<A, HandlerError, BearerToken | HttpServerRequest.HttpServerRequest> =>
    // The path of every retro write: plain steps, no generators (see docs/benchmarks.md, http notes).
    Effect.contextWith((context: Context.Context<BearerToken>): Effect.Effect<A, HandlerError, HttpServerRequest.HttpServerRequest> => {
      const bearer = Context.get(context, BearerToken)
      if (bearer.role !== need) return refuseRole(retroId, bearer, need)
      const write = (key: string | undefined, ids: Ids) =>
        oneAtATime(retroId, Effect.flatMap(Clock.currentTimeMillis, (at) =>
          handlers.retros.handle({
            streamId: Retro.streamId(retroId),
            kind: "retro",
            teamId: "",
            command: command(bearer.secret, at, ids),
            idempotencyKey: key,
            fingerprint: key === undefined ? undefined : options?.fingerprint
          }))).pipe(
          Effect.matchEffect({
            onSuccess: (handled) => Effect.succeed(answer(handled, ids)),
            // A success proves the token (the core checked its secret). A failure is explained only to
            // a member of this retro: anyone else gets the retro's not-found, whatever the core found first.
            onFailure: (e) => Effect.flatMap(viewAs(retroId, bearer), () => Effect.fail(toApiError(e, { retroId })))
          })
        )
      const once = idempotent(route, { retroId, body }, write)
      return options?.limited === true ? once : Effect.flatMap(limited(writeLimiter, bearer.token), () => once)
    })

  const ack = (handled: { readonly version: number }) => ({ version: handled.version })

  /**
   * A write that mints a token (a team, a retro, a join, a hand-over), under
   * `Idempotency-Key` like every write. The token was shown once and no store
   * keeps it in clear, so a retry that this process's cache cannot answer (it
   * reached another process, or the cache forgot) is refused when the store
   * holds a record of its key: never carried out twice. The cache answers a
   * retry with the token only within `mintedTokenRetryMs`.
   */
  const mintingToken = <A, E extends ApiError>(
    route: string,
    bodyForHash: unknown,
    scope: { readonly retroId?: string; readonly teamId?: string },
    write: (key: string | undefined) => Effect.Effect<A, E>
  ) =>
    idempotentWith(route, bodyForHash, (key) =>
      key === undefined ? write(key) : Effect.gen(function*() {
        const seen = yield* store.findIdempotent(key).pipe(Effect.mapError((e) => toApiError(e, scope)))
        if (seen !== undefined) return yield* alreadyDone()
        // Two retries racing through two processes: the store lets one record the key, the other conflicts.
        return yield* Effect.catchIf(write(key), (e) => e instanceof Conflict && e.code === "idempotency-key-reused", () => Effect.fail(alreadyDone()))
      }), true)

  /** Verifies a team admin token against the team's stored verifier. */
  const teamAdmin = Effect.fnUntraced(function*(teamId: string) {
    const bearer = yield* BearerToken
    if (bearer.role !== "team-admin") return yield* teamNotFoundForRetroToken(teamId)
    const events = yield* store.read(accessStreamId(teamId)).pipe(Effect.mapError((e) => toApiError(e, { teamId })))
    const issued = events.find((e) => e.type === "TeamAdminTokenIssued")
    const verifier = (issued?.data as { readonly verifier?: unknown } | undefined)?.verifier
    const presented = yield* Effect.promise(() => sha256Hex(`retrobridge/team-admin:${teamId}:${bearer.secret}`))
    if (typeof verifier !== "string" || !constantTimeEqual(verifier, presented)) return yield* teamNotFound(teamId)
    return bearer
  })

  const teamCommand = <A>(
    teamId: string,
    route: string,
    body: unknown,
    command: (at: number, ids: Ids) => Team.Command,
    answer: (handled: Store.Handled<Team.State, Team.Event>, ids: Ids) => A
  ) =>
    Effect.gen(function*() {
      const bearer = yield* teamAdmin(teamId)
      yield* limited(writeLimiter, bearer.token)
      return yield* idempotent(route, { teamId, body }, (key, ids) =>
        Effect.gen(function*() {
          const at = yield* Clock.currentTimeMillis
          const handled = yield* handlers.teams.handle({
            streamId: Team.streamId(teamId),
            kind: "team",
            teamId,
            command: command(at, ids),
            idempotencyKey: key
          }).pipe(Effect.mapError((e) => toApiError(e, { teamId })))
          return answer(handled, ids)
        }))
    })

  // A report of a large log takes a quarter of a second or more of one core to compute (100,000
  // items), and the same question comes again: a second tab, a retried attach, a portal polling.
  // Reports are kept per version of the team's log and per question, so a repeat costs a lookup; a
  // log that changes starts its team's set afresh. The most recently asked teams' are kept.
  const reportsKept = { teams: 64, questionsPerTeam: 16 }
  const reports = new Map<string, { readonly version: number; readonly byQuestion: Map<string, Estimates.AccuracyReport> }>()
  const accuracyReportOf = (
    teamId: string,
    log: { readonly state: Estimates.LogState; readonly version: number },
    slice: Omit<Estimates.ReportSlice, "teamId">,
    basis: "initial" | "latest" | undefined
  ): Estimates.AccuracyReport => {
    const held = reports.get(teamId)
    reports.delete(teamId)
    const team = held !== undefined && held.version === log.version ? held : { version: log.version, byQuestion: new Map<string, Estimates.AccuracyReport>() }
    reports.set(teamId, team)
    if (reports.size > reportsKept.teams) reports.delete(reports.keys().next().value!)
    const question = Store.fingerprintOf({ slice, basis: basis ?? "initial" })
    const kept = team.byQuestion.get(question)
    if (kept !== undefined) return kept
    const report = Estimates.accuracyReport(Estimates.samplesOf(log.state, basis === undefined ? {} : { basis }), { ...slice, teamId })
    team.byQuestion.set(question, report)
    if (team.byQuestion.size > reportsKept.questionsPerTeam) team.byQuestion.delete(team.byQuestion.keys().next().value!)
    return report
  }

  /**
   * What importing the previous retro's agreements would bring into this retro, for its facilitator
   * (anyone else gets the refusal every retro endpoint gives). Every retro of this retro's team is read,
   * also when the retro names its previous one: whether another retro already reviewed those agreements
   * is only known from the others. No other team's retro is read.
   */
  const followUpFromPreviousRetro = Effect.fnUntraced(function*(retroId: string, bearer: BearerToken["Service"]) {
    if (bearer.role !== "facilitator") return yield* refuseRole(retroId, bearer, "facilitator")
    const { state } = yield* viewAs(retroId, bearer)
    if (state.status !== "active") return yield* retroNotFound(retroId)
    const streams = yield* store.listStreams(state.details.teamId, "retro").pipe(Effect.mapError((e) => toApiError(e, { retroId })))
    const teamRetros: Array<Retro.Active> = []
    for (const stream of streams) {
      if (stream.streamId === Retro.streamId(retroId)) continue
      const { state: other } = yield* handlers.retros.load(stream.streamId).pipe(Effect.mapError((e) => toApiError(e, { retroId })))
      if (other.status === "active") teamRetros.push(other)
    }
    const found = Retro.followUpFromPreviousRetro(state, teamRetros)
    if (Result.isFailure(found)) return yield* toApiError(found.failure, { retroId })
    return { state, ...found.success }
  })

  return { options, store, handlers, clientAddress, writeLimiter, limited, countedStream, streamSlotFree, joinLimiter, joinCheckLimiter, createTeamLimiter, loadRetro, viewAs, teamThemeEvidence, refuseRole, retroCommand, teamAdmin, teamCommand, idempotent, mintingToken, ack, accuracyReportOf, followUpFromPreviousRetro, mayBeKeyedRetry }
})

/**
 * What every group's handlers share, built once: the command handlers (and their per-stream state
 * caches), the rate limiters (one write allowance per token, whatever it writes), the idempotency
 * cache and the write lanes.
 */
class HandlerKit extends Context.Service<HandlerKit, Effect.Success<typeof makeHandlerKit>>()("@retrobridge/adapter-http/HandlerKit") {}

const storeUnavailable = () => new Unavailable({ code: "store-unavailable", message: "The store cannot be reached.", details: { retryAfterSeconds: 5 } })

/** @since 0.1.0 */
export const SystemHandlers = HttpApiBuilder.group(RetroBridgeApi, "system", Effect.fnUntraced(function*(handlers) {
  const store = yield* Store.EventStore
  return handlers
    .handle("healthz", () => Effect.succeed({ status: "ok" as const }))
    .handle("readyz", () =>
      store.version("readyz:probe").pipe(
        Effect.as({ status: "ready" as const }),
        Effect.mapError(storeUnavailable),
        // A store behind a network partition never answers: a probe must, or the orchestrator waits on it.
        Effect.timeoutOrElse({ duration: "3 seconds", orElse: () => Effect.fail(storeUnavailable()) })
      ))
}))

/** @since 0.1.0 */
export const TeamsHandlers = HttpApiBuilder.group(RetroBridgeApi, "teams", Effect.fnUntraced(function*(handlers) {
  const kit = yield* HandlerKit
  return handlers
    .handle("create", ({ payload }) =>
      Effect.gen(function*() {
        // Without an address (a Fetch host that passes none) every client shares one allowance.
        const address = yield* kit.clientAddress
        yield* kit.limited(kit.createTeamLimiter, address ?? "unknown")
        return yield* kit.mintingToken("POST /teams", payload, {}, (key) =>
          Effect.gen(function*() {
            const teamId = mintId("t")
            const admin = mintToken("team-admin")
            const verifier = yield* Effect.promise(() => sha256Hex(`retrobridge/team-admin:${teamId}:${admin.secret}`))
            const at = yield* Clock.currentTimeMillis
            const command = { _tag: "CreateTeam" as const, teamId, name: payload.name, at }
            // Decided before anything is written: the verifier and the key's durable record go first (below),
            // and a command the core refuses must leave neither behind, or the corrected retry is "already done".
            const decided = Team.decide(command, Team.initialState)
            if (Result.isFailure(decided)) return yield* Effect.fail(toApiError(decided.failure, { teamId }))
            // The verifier first: a team without one could never be administered.
            yield* kit.store.append({
              streamId: accessStreamId(teamId),
              kind: "team",
              teamId,
              expectedVersion: 0,
              events: [{ type: "TeamAdminTokenIssued", schemaVersion: 1, data: { verifier } }],
              // The durable record of the key, so no other process creates the team again.
              ...(key === undefined ? {} : { idempotency: { key, fingerprint: yield* Effect.promise(() => sha256Hex(JSON.stringify(payload))) } })
            }).pipe(Effect.mapError((e) => toApiError(e, { teamId })))
            yield* kit.handlers.teams.handle({
              streamId: Team.streamId(teamId),
              kind: "team",
              teamId,
              command
            }).pipe(Effect.mapError((e) => toApiError(e, { teamId })))
            return { teamId, adminToken: admin.token }
          }))
      }))
    .handle("get", ({ params }) =>
      Effect.gen(function*() {
        yield* kit.teamAdmin(params.teamId)
        const { state } = yield* kit.handlers.teams.load(Team.streamId(params.teamId)).pipe(
          Effect.mapError((e) => toApiError(e, { teamId: params.teamId }))
        )
        if (state.status !== "active") return yield* teamNotFound(params.teamId)
        return { teamId: state.teamId, name: state.name, members: state.members }
      }))
    .handle("rename", ({ params, payload }) =>
      kit.teamCommand(params.teamId, "PATCH /teams/:teamId", payload, (at) => ({ _tag: "RenameTeam", name: payload.name, at }), kit.ack))
    .handle("addMember", ({ params, payload }) =>
      kit.teamCommand(
        params.teamId,
        "POST /teams/:teamId/members",
        payload,
        (at, ids) => ({ _tag: "AddTeamMember", memberId: ids("m"), name: payload.name, side: payload.side, role: payload.role, at }),
        (h, ids) => ({ memberId: ids("m"), version: h.version })
      ))
    .handle("changeMember", ({ params, payload }) =>
      kit.teamCommand(
        params.teamId,
        "PUT /teams/:teamId/members/:memberId",
        { ...payload, memberId: params.memberId },
        (at) => ({ _tag: "ChangeTeamMember", memberId: params.memberId, side: payload.side, role: payload.role, at }),
        kit.ack
      ))
    .handle("removeMember", ({ params }) =>
      kit.teamCommand(params.teamId, "DELETE /teams/:teamId/members/:memberId", params, (at) => ({ _tag: "RemoveTeamMember", memberId: params.memberId, at }), kit.ack))
    .handle("history", ({ params }) =>
      Effect.gen(function*() {
        yield* kit.teamAdmin(params.teamId)
        const streams = yield* kit.store.listStreams(params.teamId, "retro").pipe(Effect.mapError((e) => toApiError(e, { teamId: params.teamId })))
        const retros: Array<Retro.Active> = []
        for (const stream of streams) {
          const { state } = yield* kit.handlers.retros.load(stream.streamId).pipe(Effect.mapError((e) => toApiError(e, { teamId: params.teamId })))
          if (state.status === "active") retros.push(state)
        }
        return asJson(Team.history(params.teamId, retros))
      }))
    .handle("createRetro", ({ params, payload }) =>
      Effect.gen(function*() {
        const bearer = yield* kit.teamAdmin(params.teamId)
        yield* kit.limited(kit.createTeamLimiter, bearer.token)
        return yield* kit.mintingToken("POST /teams/:teamId/retros", { teamId: params.teamId, payload }, { teamId: params.teamId }, (key) =>
          Effect.gen(function*() {
            const retroId = mintId("r")
            const facilitator = mintToken("facilitator")
            const joinCode = randomSecret()
            const at = yield* Clock.currentTimeMillis
            yield* kit.handlers.retros.handle({
              streamId: Retro.streamId(retroId),
              kind: "retro",
              teamId: params.teamId,
              idempotencyKey: key,
              command: {
                _tag: "CreateRetro",
                retroId,
                teamId: params.teamId,
                title: payload.title,
                trigger: payload.trigger,
                date: payload.date,
                ...(payload.releaseName === undefined ? {} : { releaseName: payload.releaseName }),
                facilitatorName: payload.facilitatorName,
                ...(payload.facilitatorSide === undefined ? {} : { facilitatorSide: payload.facilitatorSide }),
                facilitatorSecret: facilitator.secret,
                joinCode,
                ...(payload.previousRetro === undefined ? {} : { previousRetro: payload.previousRetro }),
                ...(payload.settings === undefined ? {} : { settings: payload.settings }),
                at
              }
            }).pipe(Effect.mapError((e) => toApiError(e, { teamId: params.teamId })))
            return { retroId, facilitatorToken: facilitator.token, joinCode, joinPath: `/join/${retroId}#${joinCode}` }
          }))
      }))
}))

/** @since 0.1.0 */
export const RetrosHandlers = HttpApiBuilder.group(RetroBridgeApi, "retros", Effect.fnUntraced(function*(handlers) {
  const kit = yield* HandlerKit
  const live = makeLiveViews(kit.store, kit.handlers.retros, {
    heartbeatMs: kit.options.sseHeartbeatMs,
    shutdown: kit.options.shutdown,
    themeEvidence: kit.teamThemeEvidence
  })
  const F = "facilitator" as const
  const P = "participant" as const
  return handlers
    .handle("join", ({ params, payload }) =>
      Effect.gen(function*() {
        const address = yield* kit.clientAddress
        // Per address: guessing a code is slow from any one place. A join code has 256 bits, so guesses
        // spread over many addresses get nowhere either; an allowance per retro on top would only let one
        // guesser lock the real participants out, and stop a large retro from joining in its first minute.
        // Without an address, per retro: one allowance shared by every client would let one of them lock
        // everyone out of every retro.
        yield* kit.limited(kit.joinLimiter, address !== undefined ? `address:${address}` : `retro:${params.retroId}`)
        return yield* kit.mintingToken("POST /retros/:retroId/participants", { retroId: params.retroId, payload }, { retroId: params.retroId }, (key) =>
          Effect.gen(function*() {
            const participant = mintToken("participant")
            const at = yield* Clock.currentTimeMillis
            yield* kit.handlers.retros.handle({
              streamId: Retro.streamId(params.retroId),
              kind: "retro",
              teamId: "",
              idempotencyKey: key,
              command: {
                _tag: "JoinRetro",
                participantId: mintId("p"),
                name: payload.name,
                side: payload.side,
                secret: participant.secret,
                joinCode: payload.joinCode,
                at
              }
            }).pipe(Effect.mapError((e) => toApiError(e, { retroId: params.retroId })))
            return { participantToken: participant.token }
          }))
      }))
    .handle("checkJoin", ({ params, payload }) =>
      Effect.gen(function*() {
        const address = yield* kit.clientAddress
        // Keyed as joins are (see "join"), so guessing codes through the check is as slow as through joining.
        yield* kit.limited(kit.joinCheckLimiter, address !== undefined ? `address:${address}` : `retro:${params.retroId}`)
        const { state } = yield* kit.loadRetro(params.retroId)
        const at = yield* Clock.currentTimeMillis
        // The join's own command, decided and never stored, so the check and the join cannot disagree.
        // Its participant, name and secret are thrown away: fresh ones clash with nobody in the retro.
        const decided = Retro.decide({
          _tag: "JoinRetro",
          participantId: mintId("p"),
          name: mintId("k"),
          side: "product",
          secret: randomSecret(),
          joinCode: payload.joinCode,
          at
        }, state)
        if (Result.isFailure(decided)) return yield* toApiError(decided.failure, { retroId: params.retroId })
        return { joinable: true as const }
      }))
    .handle("view", ({ params }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        const { view } = yield* kit.viewAs(params.retroId, bearer, true)
        return asJson(view)
      }))
    .handle("changeSettings", ({ params, payload }) =>
      kit.retroCommand(params.retroId, F, "PATCH settings", payload, (facilitatorSecret, at) => ({ _tag: "ChangeSettings", facilitatorSecret, settings: payload.settings, at }), kit.ack))
    .handle("removeParticipant", ({ params }) =>
      kit.retroCommand(params.retroId, F, "DELETE participant", params, (facilitatorSecret, at) => ({ _tag: "RemoveParticipant", facilitatorSecret, participantId: params.participantId, at }), kit.ack))
    .handle("advancePhase", ({ params, payload }) =>
      kit.retroCommand(
        params.retroId,
        F,
        "POST phase",
        payload,
        (facilitatorSecret, at) => ({
          _tag: "AdvancePhase",
          facilitatorSecret,
          from: payload.from,
          // The reveal order is seeded by the server: nobody, the facilitator included, can choose it.
          ...(payload.from === "collecting" ? { shuffleSeed: randomSecret() } : {}),
          at
        }),
        (h) => ({ phase: h.state.status === "active" ? h.state.phase : payload.from, version: h.version })
      ))
    .handle("addCard", ({ params, payload }) => {
      // The author's own name for the card, random; the core derives the card's id from it and the secret.
      const cardKey = mintId("k")
      return kit.retroCommand(
        params.retroId,
        P,
        "POST cards",
        payload,
        (secret, at) => ({ _tag: "AddCard", secret, cardKey, prompt: payload.prompt, text: payload.text, at }),
        (h) => ({ cardId: addedCardId(h.events) ?? "", version: h.version })
      )
    })
    .handle("editCard", ({ params, payload }) =>
      kit.retroCommand(params.retroId, P, "PATCH card", { ...payload, cardId: params.cardId }, (secret, at) => ({ _tag: "EditCard", secret, cardId: params.cardId, text: payload.text, at }), kit.ack))
    .handle("withdrawCard", ({ params }) =>
      kit.retroCommand(params.retroId, P, "DELETE card", params, (secret, at) => ({ _tag: "WithdrawCard", secret, cardId: params.cardId, at }), kit.ack))
    .handle("setReady", ({ params, payload }) =>
      kit.retroCommand(params.retroId, P, "PUT ready", payload, (secret, at) => ({ _tag: "SetReady", secret, ready: payload.ready, at }), kit.ack))
    .handle("extendTimebox", ({ params, payload }) =>
      kit.retroCommand(
        params.retroId,
        F,
        "POST timebox-extensions",
        payload,
        (facilitatorSecret, at) => ({ _tag: "ExtendTimebox", facilitatorSecret, phase: payload.phase, minutes: payload.minutes, at }),
        kit.ack
      ))
    .handle("handOverFacilitation", ({ params, payload }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        if (bearer.role !== F) return yield* kit.refuseRole(params.retroId, bearer, F)
        yield* kit.limited(kit.writeLimiter, bearer.token)
        return yield* kit.mintingToken("POST /retros/:retroId/facilitator", { retroId: params.retroId, payload }, { retroId: params.retroId }, (key) =>
          // The new token is random, never derived from the key: a retry this process cannot answer is refused.
          Effect.gen(function*() {
            const next = mintToken("facilitator")
            const at = yield* Clock.currentTimeMillis
            const handled = yield* kit.handlers.retros.handle({
              streamId: Retro.streamId(params.retroId),
              kind: "retro",
              teamId: "",
              idempotencyKey: key,
              command: {
                _tag: "HandOverFacilitation",
                facilitatorSecret: bearer.secret,
                newFacilitatorSecret: next.secret,
                facilitatorName: payload.facilitatorName,
                ...(payload.facilitatorSide === undefined ? {} : { facilitatorSide: payload.facilitatorSide }),
                at
              }
            }).pipe(
              // As for every write: a failure is explained only to this retro's facilitator.
              Effect.catch((e) => Effect.flatMap(kit.viewAs(params.retroId, bearer), () => Effect.fail(toApiError(e, { retroId: params.retroId }))))
            )
            return { facilitatorToken: next.token, version: handled.version }
          }))
      }))
    .handle("previewImportFromPreviousRetro", ({ params }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        const { state, fromRetroId, fromRetroDate, agreements } = yield* kit.followUpFromPreviousRetro(params.retroId, bearer)
        // The import's own command, decided and not stored: whatever the import would refuse now (loaded
        // already, a phase past loading), this answers the same, so the offer and the import never disagree.
        const at = yield* Clock.currentTimeMillis
        const decided = Retro.decide({ _tag: "ImportPreviousAgreements", facilitatorSecret: bearer.secret, fromRetroId, fromRetroDate, agreements, at }, state)
        if (Result.isFailure(decided)) return yield* toApiError(decided.failure, { retroId: params.retroId })
        return { fromRetroId, fromRetroDate, agreements: agreements.length }
      }))
    .handle("importFromPreviousRetro", ({ params }) =>
      Effect.gen(function*() {
        const { fromRetroId, fromRetroDate, agreements } = yield* kit.followUpFromPreviousRetro(params.retroId, yield* BearerToken)
        return yield* kit.retroCommand(
          params.retroId,
          F,
          "POST follow-ups from previous retro",
          { fromRetroId },
          (facilitatorSecret, at) => ({ _tag: "ImportPreviousAgreements", facilitatorSecret, fromRetroId, fromRetroDate, agreements, at }),
          (h) => ({ fromRetroId, fromRetroDate, imported: agreements.length, version: h.version })
        )
      }))
    .handle("createTheme", ({ params, payload }) => {
      return kit.retroCommand(params.retroId, F, "POST themes", payload, (facilitatorSecret, at, ids) => ({ _tag: "CreateTheme", facilitatorSecret, themeId: ids("th"), name: payload.name, at }), (h, ids) => ({ themeId: ids("th"), version: h.version }))
    })
    .handle("renameTheme", ({ params, payload }) =>
      kit.retroCommand(params.retroId, F, "PATCH theme", { ...payload, themeId: params.themeId }, (facilitatorSecret, at) => ({ _tag: "RenameTheme", facilitatorSecret, themeId: params.themeId, name: payload.name, at }), kit.ack))
    .handle("assignCard", ({ params, payload }) =>
      kit.retroCommand(params.retroId, F, "PUT card theme", { ...payload, cardId: params.cardId }, (facilitatorSecret, at) => ({ _tag: "AssignCard", facilitatorSecret, cardId: params.cardId, themeId: payload.themeId, at }), kit.ack))
    .handle("unassignCard", ({ params }) =>
      kit.retroCommand(params.retroId, F, "DELETE card theme", params, (facilitatorSecret, at) => ({ _tag: "UnassignCard", facilitatorSecret, cardId: params.cardId, at }), kit.ack))
    .handle("mergeThemes", ({ params, payload }) =>
      kit.retroCommand(params.retroId, F, "POST merge", { ...payload, themeId: params.themeId }, (facilitatorSecret, at) => ({ _tag: "MergeThemes", facilitatorSecret, sourceThemeId: params.themeId, targetThemeId: payload.intoThemeId, at }), kit.ack))
    .handle("splitTheme", ({ params, payload }) => {
      return kit.retroCommand(
        params.retroId,
        F,
        "POST split",
        { ...payload, themeId: params.themeId },
        (facilitatorSecret, at, ids) => ({ _tag: "SplitTheme", facilitatorSecret, themeId: params.themeId, newThemeId: ids("th"), name: payload.name, cardIds: payload.cardIds, at }),
        (h, ids) => ({ themeId: ids("th"), version: h.version })
      )
    })
    .handle("themeProposals", ({ params }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        if (bearer.role !== F) return yield* kit.refuseRole(params.retroId, bearer, F)
        // The facilitator's own view, its proposals learning from the team's earlier retros.
        const { view } = yield* kit.viewAs(params.retroId, bearer, true)
        const proposals = []
        for (const card of view.cards ?? []) {
          const s = card.suggestion
          if (s === undefined) continue
          const { proposals: ranked, ...best } = s
          proposals.push({ cardId: card.cardId, ...best, proposals: ranked })
        }
        return asJson(proposals)
      }))
    .handle("castVote", ({ params }) =>
      kit.retroCommand(params.retroId, P, "POST vote", params, (secret, at) => ({ _tag: "CastVote", secret, themeId: params.themeId, at }), kit.ack))
    .handle("retractVote", ({ params }) =>
      kit.retroCommand(params.retroId, P, "DELETE vote", params, (secret, at) => ({ _tag: "RetractVote", secret, themeId: params.themeId, at }), kit.ack))
    .handle("focusTheme", ({ params, payload }) =>
      kit.retroCommand(params.retroId, F, "POST focus", payload, (facilitatorSecret, at) => ({ _tag: "FocusTheme", facilitatorSecret, themeId: payload.themeId, at }), kit.ack))
    .handle("recordOptimizingFor", ({ params, payload }) =>
      kit.retroCommand(
        params.retroId,
        F,
        "PUT optimizing-for",
        { ...payload, themeId: params.themeId, side: params.side },
        (facilitatorSecret, at) => ({ _tag: "RecordOptimizingFor", facilitatorSecret, themeId: params.themeId, side: params.side, text: payload.text, at }),
        kit.ack
      ))
    .handle("addHandoffNote", ({ params, payload }) => {
      return kit.retroCommand(
        params.retroId,
        F,
        "POST handoff-note",
        { ...payload, themeId: params.themeId },
        (facilitatorSecret, at, ids) => ({ _tag: "AddHandoffNote", facilitatorSecret, themeId: params.themeId, noteId: ids("n"), text: payload.text, at }),
        (h, ids) => ({ noteId: ids("n"), version: h.version })
      )
    })
    .handle("addInformationGap", ({ params, payload }) => {
      return kit.retroCommand(
        params.retroId,
        F,
        "POST information-gap",
        { ...payload, themeId: params.themeId },
        (facilitatorSecret, at, ids) => ({ _tag: "AddInformationGap", facilitatorSecret, themeId: params.themeId, noteId: ids("n"), side: payload.side, text: payload.text, at }),
        (h, ids) => ({ noteId: ids("n"), version: h.version })
      )
    })
    .handle("editDiscussionNote", ({ params, payload }) =>
      kit.retroCommand(
        params.retroId,
        F,
        "PUT note",
        { ...payload, themeId: params.themeId, noteId: params.noteId },
        (facilitatorSecret, at) => ({ _tag: "EditDiscussionNote", facilitatorSecret, themeId: params.themeId, noteId: params.noteId, text: payload.text, at }),
        kit.ack
      ))
    .handle("removeDiscussionNote", ({ params }) =>
      kit.retroCommand(params.retroId, F, "DELETE note", params, (facilitatorSecret, at) => ({ _tag: "RemoveDiscussionNote", facilitatorSecret, themeId: params.themeId, noteId: params.noteId, at }), kit.ack))
    .handle("attachAccuracyReport", ({ params, payload }) =>
      kit.retroCommand(
        params.retroId,
        F,
        "PUT accuracy-report",
        { ...payload, themeId: params.themeId },
        (facilitatorSecret, at) => ({ _tag: "AttachAccuracyReport", facilitatorSecret, themeId: params.themeId, report: payload.report, at }),
        kit.ack
      ))
    .handle("attachAccuracyReportFromTeamLog", ({ params, payload }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        if (bearer.role !== F) return yield* kit.refuseRole(params.retroId, bearer, F)
        // Counted before the log is read: reading and reporting a large log is the costly part, refused or not.
        yield* kit.limited(kit.writeLimiter, bearer.token)
        // The token is proved before the team's log is read: a token of another retro learns nothing of any log.
        const { state } = yield* kit.viewAs(params.retroId, bearer)
        if (state.status !== "active") return yield* retroNotFound(params.retroId)
        const route = "POST accuracy-report from team log"
        const attachOf = (report: Estimates.AccuracyReport) => (facilitatorSecret: string, at: number): Retro.Command =>
          ({ _tag: "AttachAccuracyReport", facilitatorSecret, themeId: params.themeId, report, at })
        const teamId = state.details.teamId
        // The retro's own refusals (another theme, a phase that takes no report) do not depend on the report:
        // asked first, with an empty one, so a request the retro refuses costs no reading and reporting of a
        // large log. A keyed retry of an attach that went through still gets its first outcome below.
        const ruled = Retro.decide(attachOf(Estimates.accuracyReport([], { ...payload.slice, teamId }))(bearer.secret, yield* Clock.currentTimeMillis), state)
        if (Result.isFailure(ruled) && !(yield* kit.mayBeKeyedRetry(route))) return yield* toApiError(ruled.failure, { retroId: params.retroId })
        // Only this retro's team's log, and only the report of it leaves the server.
        const log = yield* kit.handlers.estimates.load(Estimates.logStreamId(teamId)).pipe(
          Effect.mapError((e) => toApiError(e, { retroId: params.retroId }))
        )
        const report = kit.accuracyReportOf(teamId, log, payload.slice, payload.basis)
        const attach = attachOf(report)
        if (report.summary.count === 0) {
          // An empty report would put "no data" in front of the room. A log only gains completed items, so a
          // keyed retry of an attach that went through never lands here.
          return yield* new Unprocessable({
            code: "estimate-slice-empty",
            message: `The team's estimate log has no completed items in ${payload.slice.unit}${Object.keys(payload.slice).length > 1 ? " in this slice" : ""}, so nothing was attached. Choose the unit the team estimates in or a wider slice, or have the team's admin import its estimate history.`,
            details: { path: "slice" }
          })
        }
        const body = { ...payload, themeId: params.themeId }
        // A retry is the same request when it asks for the same slice: it gets the first outcome even when the
        // log has gained items since, which would otherwise make its report, and so its command, differ.
        return yield* kit.retroCommand(params.retroId, F, route, body, attach, kit.ack, {
          fingerprint: Store.fingerprintOf({ route, retroId: params.retroId, body }),
          limited: true
        })
      }))
    .handle("agreementTemplates", ({ params }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        if (bearer.role !== F) return yield* kit.refuseRole(params.retroId, bearer, F)
        const { state } = yield* kit.viewAs(params.retroId, bearer)
        if (state.status !== "active") return yield* retroNotFound(params.retroId)
        return {
          defaultReviewBy: Agreements.defaultReviewDate(state.details.date),
          templates: Agreements.templates(state.details.date).map((t) => {
            const theme = state.themes.find((th) => th.builtIn === t.themeKey)
            // Ready to accept as it is: the draft names this retro's theme when there is one.
            return theme === undefined
              ? { id: t.id, title: t.title, themeKey: t.themeKey, draft: t.draft }
              : { id: t.id, title: t.title, themeKey: t.themeKey, themeId: theme.themeId, draft: { ...t.draft, themeId: theme.themeId } }
          })
        }
      }))
    .handle("validateAgreement", ({ params, payload }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        if (bearer.role !== F) return yield* kit.refuseRole(params.retroId, bearer, F)
        const { state } = yield* kit.viewAs(params.retroId, bearer)
        if (state.status !== "active") return yield* retroNotFound(params.retroId)
        const violations = Agreements.validate(payload.agreement, { decidedOn: state.details.date })
        return { valid: violations.length === 0, violations }
      }))
    .handle("acceptAgreement", ({ params, payload }) => {
      return kit.retroCommand(
        params.retroId,
        F,
        "POST agreement",
        payload,
        (facilitatorSecret, at, ids) => ({ _tag: "AcceptAgreement", facilitatorSecret, agreementId: ids("a"), agreement: payload.agreement, at }),
        (h, ids) => ({ agreementId: ids("a"), version: h.version })
      )
    })
    .handle("withdrawAgreement", ({ params }) =>
      kit.retroCommand(params.retroId, F, "DELETE agreement", params, (facilitatorSecret, at) => ({ _tag: "WithdrawAgreement", facilitatorSecret, agreementId: params.agreementId, at }), kit.ack))
    .handle("importPreviousAgreements", ({ params, payload }) =>
      kit.retroCommand(
        params.retroId,
        F,
        "POST follow-ups",
        payload,
        (facilitatorSecret, at) => ({ _tag: "ImportPreviousAgreements", facilitatorSecret, fromRetroId: payload.fromRetroId, fromRetroDate: payload.fromRetroDate, agreements: payload.agreements, at }),
        kit.ack
      ))
    .handle("reviewAgreement", ({ params, payload }) =>
      kit.retroCommand(
        params.retroId,
        F,
        "PUT follow-up",
        { ...payload, agreementId: params.agreementId },
        (facilitatorSecret, at) => ({ _tag: "ReviewAgreement", facilitatorSecret, agreementId: params.agreementId, outcome: payload.outcome, evidence: payload.evidence, at }),
        kit.ack
      ))
    .handleRaw("events", ({ params, request }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        const retroId = params.retroId
        // The same view the live updates send after it (for the facilitator, with the team's evidence).
        const first = yield* kit.viewAs(retroId, bearer, true)
        yield* kit.streamSlotFree(bearer.token)
        // Only the digits of a version this server sent: "0x8", "8e0" or " 8" are not ids it wrote.
        const claimed = request.headers["last-event-id"]
        const lastEventId = claimed !== undefined && /^\d{1,15}$/.test(claimed) ? Number(claimed) : Number.NaN
        const firstJson = JSON.stringify(first.view)
        // Only the very version the viewer has spares it the view: an id ahead of the store (a database restored
        // from a backup, another deployment's id) gets the store's view, which is the truth now.
        const resumed = lastEventId === first.version
        const opening = resumed ? "retry: 2000\n\n" : `retry: 2000\n\nid: ${first.version}\nevent: view\ndata: ${firstJson}\n\n`
        // Shared with every other viewer of the retro in this process (heartbeats and the shutdown notice included);
        // a slow reader skips to the newest view.
        const updates = live.frames(retroId, { role: bearer.role === "facilitator" ? "facilitator" : "participant", secret: bearer.secret }, { version: first.version, json: firstJson })
        // Let go of the opening once it is sent: a stream stays open for hours, and the view in it is kilobytes.
        let openingBytes: Uint8Array | undefined = sseEncoder.encode(opening)
        const sendOpening = Effect.sync(() => {
          const bytes = openingBytes!
          openingBytes = undefined
          return bytes
        })
        const body = kit.countedStream(bearer.token, Stream.concat(Stream.fromEffect(sendOpening), updates))
        return HttpServerResponse.stream(body, {
          contentType: "text/event-stream",
          headers: { "cache-control": "no-store", "x-accel-buffering": "no" }
        })
      }))
    .handle("exportMarkdown", ({ params }) =>
      Effect.gen(function*() {
        const bearer = yield* BearerToken
        const { state } = yield* kit.viewAs(params.retroId, bearer)
        const markdown = Retro.markdown(state)
        if (Result.isFailure(markdown)) return yield* toApiError(markdown.failure, { retroId: params.retroId })
        return markdown.success
      }))
}))

/**
 * The decoder for a CSV body in `charset` (UTF-8 when none is named), or undefined for a charset the
 * platform does not know. Fatal, so a file in another encoding than the one named (a spreadsheet's
 * Windows-1252 "CSV" sent as UTF-8) is refused rather than imported with its letters replaced.
 */
const csvDecoder = (charset: string | undefined): InstanceType<typeof TextDecoder> | undefined => {
  try {
    return new TextDecoder(charset === undefined || charset === "" ? "utf-8" : charset, { fatal: true })
  } catch {
    return undefined
  }
}

/**
 * Feeds a CSV request body to the importer chunk by chunk, as it arrives, and lets the server's other
 * requests run between chunks: the whole import is one long step only in its final command. The body
 * limit the boundary set for the request (`MaxBodySize`) is counted here, as the body streams.
 */
/**
 * Reads a CSV body into the importer as it arrives, and answers the text's
 * hash: with the query, what determines the import, so a retry's fingerprint
 * is known without encoding the command it built (tens of thousands of items).
 */
const readCsvBody = (request: HttpServerRequest.HttpServerRequest, importer: Estimates.CsvImporter, decoder: InstanceType<typeof TextDecoder>) =>
  Effect.gen(function*() {
    const hasher = Store.makeHasher128()
    const limit = yield* HttpIncomingMessage.MaxBodySize
    const maxBytes = limit === undefined ? Number.POSITIVE_INFINITY : Number(limit)
    // Streaming, so a character split between two chunks is decoded whole.
    let bytes = 0
    let line = 1
    // The end of what was decoded so far: where a character the next chunk completes begins.
    let tail: Uint8Array = new Uint8Array(0)
    const decode = (chunk?: Uint8Array) => {
      let text: string
      try {
        text = chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true })
      } catch {
        // A chunk is read whole, so the line it started on is not the line at fault: find the byte.
        return Effect.fail(notDecodable(chunk === undefined ? line : lineOfInvalidByte(tail, chunk, decoder.encoding, line), decoder.encoding))
      }
      if (chunk !== undefined) tail = lastBytes(tail, chunk)
      for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) line++
      hasher.update(text)
      importer.push(text)
      return Effect.void
    }
    yield* request.stream.pipe(
      Stream.mapError(() => new BadRequest({ code: "invalid-body", message: "The body could not be read.", details: {} })),
      Stream.runForEach((chunk): Effect.Effect<void, PayloadTooLarge | Unprocessable> => {
        bytes += chunk.byteLength
        if (bytes > maxBytes) {
          return Effect.fail(new PayloadTooLarge({ code: "body-too-large", message: `The body is larger than ${maxBytes} bytes, the most this endpoint accepts.`, details: {} }))
        }
        return Effect.andThen(decode(chunk), Effect.yieldNow)
      })
    )
    yield* decode()
    return hasher.digest()
  })

/** The last three bytes of what was read: the most a UTF-8 character left unfinished can have. */
const lastBytes = (tail: Uint8Array, chunk: Uint8Array): Uint8Array => {
  if (chunk.length >= 3) return chunk.slice(chunk.length - 3)
  const joined = new Uint8Array(tail.length + chunk.length)
  joined.set(tail)
  joined.set(chunk, tail.length)
  return joined.slice(Math.max(0, joined.length - 3))
}

/**
 * The bytes of a UTF-8 character the previous chunk began and did not finish (the decoder holds them
 * back until the next chunk). Other charsets' pending bytes are not known here: their search starts
 * at the chunk, which is exact for the single-byte charsets spreadsheets save in.
 */
const unfinishedUtf8 = (tail: Uint8Array): Uint8Array => {
  for (let i = tail.length - 1; i >= 0; i--) {
    const byte = tail[i]!
    if ((byte & 0xc0) === 0x80) continue
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return tail.length - i < length ? tail.subarray(i) : new Uint8Array(0)
  }
  return new Uint8Array(0)
}

/**
 * The line of the first byte of `chunk` that is not text in `encoding`, `line` being the line the
 * chunk starts on. Only after the decoder refused the chunk: the longest start of it that decodes (a
 * binary search, each step a fresh decoder) ends where the first invalid byte begins, and the newlines
 * before that byte are counted.
 */
const lineOfInvalidByte = (tail: Uint8Array, chunk: Uint8Array, encoding: string, line: number): number => {
  const pending = encoding === "utf-8" ? unfinishedUtf8(tail) : new Uint8Array(0)
  const bytes = new Uint8Array(pending.length + chunk.length)
  bytes.set(pending)
  bytes.set(chunk, pending.length)
  const decodes = (end: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, end), { stream: true })
      return true
    } catch {
      return false
    }
  }
  // decodes(good) holds, decodes(bad) does not; the decoder refused the whole, so bad starts there.
  let good = 0
  let bad = bytes.length
  if (decodes(bad)) return line
  while (bad - good > 1) {
    const middle = (good + bad) >>> 1
    if (decodes(middle)) good = middle
    else bad = middle
  }
  // A character still unfinished at `good` (stream mode holds it back) begins the invalid sequence.
  const text = new TextDecoder(encoding).decode(bytes.subarray(0, good), { stream: true })
  let at = line
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) at++
  return at
}

const notDecodable = (line: number, encoding: string) =>
  new Unprocessable({
    code: "csv-invalid",
    message: encoding === "utf-8"
      ? `The file is not UTF-8 text (line ${line} has the first byte that is not): it was probably saved in another encoding. Export or save it as "CSV UTF-8" and import it again, or name its encoding in Content-Type (charset=windows-1252); nothing was imported.`
      : `The file is not ${encoding} text (line ${line} has the first byte that is not). Name the encoding it is in, or send it as UTF-8; nothing was imported.`,
    details: { issues: [{ path: `line ${line}, row`, message: `not ${encoding === "utf-8" ? "UTF-8" : encoding} text` }] }
  })

/** @since 0.1.0 */
export const EstimatesHandlers = HttpApiBuilder.group(RetroBridgeApi, "estimates", Effect.fnUntraced(function*(handlers) {
  const kit = yield* HandlerKit
  const logCommand = <A>(teamId: string, route: string, body: unknown, command: Estimates.LogCommand, answer: (h: { readonly version: number }) => A) =>
    Effect.gen(function*() {
      const bearer = yield* kit.teamAdmin(teamId)
      yield* kit.limited(kit.writeLimiter, bearer.token)
      return yield* kit.idempotent(route, { teamId, body }, (key) =>
        kit.handlers.estimates.handle({ streamId: Estimates.logStreamId(teamId), kind: "estimates", teamId, command, idempotencyKey: key }).pipe(
          Effect.mapError((e) => toApiError(e, { teamId })),
          Effect.map(answer)
        ))
    })
  /** The team's estimate log, for its admin. */
  const loadLog = Effect.fnUntraced(function*(teamId: string) {
    yield* kit.teamAdmin(teamId)
    return yield* kit.handlers.estimates.load(Estimates.logStreamId(teamId)).pipe(Effect.mapError((e) => toApiError(e, { teamId })))
  })
  // A team's log replayed for calibration once per version of the log rather than once per query
  // (a whole second on a log of 100,000 items); the most recently used teams' are kept.
  const calibratorsKept = 64
  const calibrators = new Map<string, { readonly version: number; readonly calibrator: Estimates.HistoryCalibrator }>()
  const calibratorFor = Effect.fnUntraced(function*(teamId: string) {
    const { state, version } = yield* loadLog(teamId)
    const cached = calibrators.get(teamId)
    calibrators.delete(teamId)
    const current = cached !== undefined && cached.version === version
      ? cached
      : { version, calibrator: Estimates.makeHistoryCalibrator(Estimates.samplesOf(state)) }
    calibrators.set(teamId, current)
    if (calibrators.size > calibratorsKept) calibrators.delete(calibrators.keys().next().value!)
    return current.calibrator
  })
  return handlers
    .handle("record", ({ params, payload }) =>
      logCommand(params.teamId, "POST estimates", payload, { _tag: "RecordEstimate", teamId: params.teamId, ...payload }, kit.ack))
    .handle("reEstimate", ({ params, payload }) =>
      logCommand(params.teamId, "POST re-estimate", { ...payload, itemId: params.itemId }, { _tag: "ReEstimate", teamId: params.teamId, itemId: params.itemId, ...payload }, kit.ack))
    .handle("recordActual", ({ params, payload }) =>
      logCommand(params.teamId, "PUT actual", { ...payload, itemId: params.itemId }, { _tag: "RecordActual", teamId: params.teamId, itemId: params.itemId, ...payload }, kit.ack))
    .handle("cancel", ({ params, payload }) =>
      logCommand(params.teamId, "POST cancel", { ...payload, itemId: params.itemId }, { _tag: "CancelWorkItem", teamId: params.teamId, itemId: params.itemId, ...payload }, kit.ack))
    .handle("accuracy", ({ params, payload }) =>
      Effect.map(loadLog(params.teamId), (log) => kit.accuracyReportOf(params.teamId, log, payload.slice, payload.basis)))
    .handle("calibrate", ({ params, payload }) =>
      Effect.map(calibratorFor(params.teamId), (calibrator) =>
        calibrator.calibrate({
          workType: payload.workType,
          unit: payload.unit,
          range: payload.range,
          estimatedOn: payload.estimatedOn,
          ...(payload.estimator === undefined ? {} : { estimator: payload.estimator })
        })))
    // Raw: the CSV is read as it arrives rather than buffered whole, so a large import never holds the
    // server up for the whole file (the contract, the client and the OpenAPI document still say text/csv).
    .handleRaw("importCsv", ({ params, query, request }) =>
      Effect.gen(function*() {
        const bearer = yield* kit.teamAdmin(params.teamId)
        yield* kit.limited(kit.writeLimiter, bearer.token)
        const { mediaType, charset } = parseContentType(request.headers["content-type"])
        // The boundary turns a bare 415 into the API's error body.
        if (mediaType !== "text/csv") return HttpServerResponse.empty({ status: 415 })
        const decoder = csvDecoder(charset)
        if (decoder === undefined) {
          return HttpServerResponse.jsonUnsafe({
            code: "unsupported-charset",
            message: `The charset "${charset}" is not one this server reads. Send the CSV as UTF-8 (the default), or name the encoding it is in, e.g. charset=windows-1252.`,
            details: { path: "Content-Type" }
          }, { status: 415 })
        }
        // The core's generic CSV layout (see Estimates.historyToCsv); tool presets come with the estimates work.
        const importer = Estimates.makeCsvImporter({
          teamId: params.teamId,
          ...(query.defaultUnit === undefined ? {} : { defaultUnit: query.defaultUnit }),
          ...(query.defaultSide === undefined ? {} : { defaultSide: query.defaultSide }),
          ...(query.utcOffset === undefined ? {} : { utcOffset: query.utcOffset }),
          ...(query.source === undefined ? {} : { source: query.source })
        })
        const csvHash = yield* readCsvBody(request, importer, decoder)
        const imported = importer.finish()
        if (Result.isFailure(imported)) {
          const problems = imported.failure.problems
          return yield* new Unprocessable({
            code: "csv-invalid",
            message: imported.failure.message,
            details: { issues: problems.slice(0, 100).map((p) => ({ path: `line ${p.line}, ${p.column}`, message: p.reason })) }
          })
        }
        const { command, workTypeSuggestions, skipped, completedWithoutActual } = imported.success
        // A retry is the same request when it sends the same text with the same query (which shapes the items
        // too): the text's hash, taken as it was read, stands for the command, whose own fingerprint (encoding
        // and writing out every item) took half a second of one step on the largest file.
        const requestPrint = { teamId: params.teamId, query, csv: csvHash }
        return yield* kit.idempotent("POST estimates import", requestPrint, (key) =>
          kit.handlers.estimates.handle({
            streamId: Estimates.logStreamId(params.teamId),
            kind: "estimates",
            teamId: params.teamId,
            command,
            idempotencyKey: key,
            fingerprint: key === undefined ? undefined : `csv-import:${Store.fingerprintOf(requestPrint)}`
          }).pipe(
            Effect.mapError((e) => toApiError(e, { teamId: params.teamId })),
            Effect.map((h) => ({
              version: h.version,
              items: command.items.length,
              completedWithoutActual,
              skipped: skipped.length,
              workTypeSuggestions: asJson(workTypeSuggestions) as ReadonlyArray<unknown>
            }))
          ))
      }))
}))

/**
 * Every handler of the contract, on the `EventStore` in context.
 *
 * @since 0.1.0
 */
export const RetroBridgeHandlers = Layer.mergeAll(SystemHandlers, TeamsHandlers, RetrosHandlers, EstimatesHandlers).pipe(
  Layer.provide(Layer.effect(HandlerKit)(makeHandlerKit)),
  Layer.provideMerge(AuthorizationLive)
)
