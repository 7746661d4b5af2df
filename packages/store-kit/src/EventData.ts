/**
 * Encoding of event payloads for storage as JSON text.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { Store } from "@retrobridge/core"

/**
 * Each event's `data` as JSON text, or a `Store.StoreError` for the first one that
 * has no JSON form. `undefined`, a function or a symbol is refused rather
 * than stored as `null`, which would change the event; a cycle or a BigInt
 * is refused too.
 *
 * @since 0.1.0
 */
export const encodeEventData = (request: Store.AppendRequest): Result.Result<Array<string>, Store.StoreError> => {
  const encoded: Array<string> = []
  for (let i = 0; i < request.events.length; i++) {
    const data = request.events[i]!.data
    let json: string | undefined
    try {
      json = JSON.stringify(data)
    } catch (cause) {
      return Result.fail(new Store.StoreError({
        operation: "append",
        streamId: request.streamId,
        reason: `event ${i} data cannot be JSON-encoded: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause
      }))
    }
    if (json === undefined) {
      return Result.fail(new Store.StoreError({
        operation: "append",
        streamId: request.streamId,
        reason: `event ${i} data cannot be JSON-encoded: ${typeof data} is not a JSON value`
      }))
    }
    encoded.push(json)
  }
  return Result.succeed(encoded)
}
