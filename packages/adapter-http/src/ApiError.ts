/**
 * The error answers of the API. Every one has the same JSON body,
 * `{ code, message, details }`: `code` is stable for programs, `message`
 * says what was wrong and what to do, `details.path` names the failing field
 * (`text`, `agreement.commitments[1].text`, …) and `details.issues` lists
 * every failing field of a rejected body.
 *
 * Shared by the server and the typed client (no server code here).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** One failing field of a request. @since 0.1.0 */
export const ApiIssue = Schema.Struct({
  path: Schema.String,
  message: Schema.String
})
/** @since 0.1.0 */
export type ApiIssue = typeof ApiIssue.Type

/** @since 0.1.0 */
export const ApiErrorDetails = Schema.Struct({
  /** The failing field's path, when one field is at fault. */
  path: Schema.optionalKey(Schema.String),
  /** Every failing field of a rejected body. */
  issues: Schema.optionalKey(Schema.Array(ApiIssue)),
  /** The rule of the method that was broken (`rule-violated`). */
  rule: Schema.optionalKey(Schema.String),
  /** The retro's phase, for phase conflicts. */
  phase: Schema.optionalKey(Schema.String),
  /** What the current phase allows, for phase conflicts. */
  allowed: Schema.optionalKey(Schema.Array(Schema.String)),
  /** Seconds to wait before retrying (also in the `Retry-After` header). */
  retryAfterSeconds: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})
/** @since 0.1.0 */
export type ApiErrorDetails = typeof ApiErrorDetails.Type

const fields = { code: Schema.String, message: Schema.String, details: ApiErrorDetails }

/**
 * The error classes' fields with their tag. The tag is filled in when a body
 * is decoded and left out when one is encoded: the answer stays
 * `{ code, message, details }`, which clients in other languages read, while
 * an Effect program matches the decoded error by its tag (`Effect.catchTag`).
 */
const tagged = <Tag extends string>(tag: Tag) => ({ _tag: Schema.tagDefaultOmit(tag), ...fields })

/** 400: the request is malformed (invalid JSON, wrong types, unknown fields or values). @since 0.1.0 */
export class BadRequest extends Schema.Error<BadRequest>("BadRequest")(tagged("BadRequest"), { httpApiStatus: 400 }) {}
/** 401: no bearer token, or not one this server minted. @since 0.1.0 */
export class Unauthorized extends Schema.Error<Unauthorized>("Unauthorized")(tagged("Unauthorized"), { httpApiStatus: 401 }) {}
/** 403: the token is valid here but its role may not do this. @since 0.1.0 */
export class Forbidden extends Schema.Error<Forbidden>("Forbidden")(tagged("Forbidden"), { httpApiStatus: 403 }) {}
/** 404: nothing by that id, as far as this token can tell. @since 0.1.0 */
export class NotFound extends Schema.Error<NotFound>("NotFound")(tagged("NotFound"), { httpApiStatus: 404 }) {}
/** 409: the request conflicts with the current state (phase, duplicate, idempotency key). @since 0.1.0 */
export class Conflict extends Schema.Error<Conflict>("Conflict")(tagged("Conflict"), { httpApiStatus: 409 }) {}
/** 413: the body is larger than this endpoint accepts. @since 0.1.0 */
export class PayloadTooLarge extends Schema.Error<PayloadTooLarge>("PayloadTooLarge")(tagged("PayloadTooLarge"), { httpApiStatus: 413 }) {}
/** 415: the body's `Content-Type` (or its charset) is not one this endpoint reads. @since 0.2.0 */
export class UnsupportedMediaType extends Schema.Error<UnsupportedMediaType>("UnsupportedMediaType")(tagged("UnsupportedMediaType"), { httpApiStatus: 415 }) {}
/** 422: well-formed, but it breaks a rule of the method. @since 0.1.0 */
export class Unprocessable extends Schema.Error<Unprocessable>("Unprocessable")(tagged("Unprocessable"), { httpApiStatus: 422 }) {}
/** 429: too many requests; retry after `details.retryAfterSeconds`. @since 0.1.0 */
export class TooManyRequests extends Schema.Error<TooManyRequests>("TooManyRequests")(tagged("TooManyRequests"), { httpApiStatus: 429 }) {}
/** 503: the store is unreachable or too busy; retry later. @since 0.1.0 */
export class Unavailable extends Schema.Error<Unavailable>("Unavailable")(tagged("Unavailable"), { httpApiStatus: 503 }) {}

/** Every error answer. @since 0.1.0 */
export type ApiError =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | PayloadTooLarge
  | UnsupportedMediaType
  | Unprocessable
  | TooManyRequests
  | Unavailable

/** The errors every endpoint may answer with. @since 0.1.0 */
export const CommonErrors = [BadRequest, NotFound, Conflict, Unprocessable, TooManyRequests, Unavailable, PayloadTooLarge] as const
/** …and those of endpoints that take a body. @since 0.2.0 */
export const BodyErrors = [UnsupportedMediaType] as const
/** …and those of endpoints that need a bearer token. @since 0.1.0 */
export const AuthErrors = [Unauthorized, Forbidden] as const

/** The HTTP status of each error class, for the server's own (non-HttpApi) answers. @since 0.1.0 */
export const apiErrorStatus = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Unprocessable: 422,
  TooManyRequests: 429,
  Unavailable: 503
} as const
