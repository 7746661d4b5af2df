/**
 * Live subscriptions shared by every stream of one store instance, for
 * adapters whose storage can only say "something changed" (a commit hook, a
 * NOTIFY, a poll).
 *
 * A subscriber never trusts what a notification says: a wake-up only means
 * "read again from the last version you emitted". That makes duplicated,
 * reordered, coalesced or spurious notifications harmless, and lets the
 * poller (another process wrote the file) wake everybody at once.
 *
 * @since 0.1.0
 */
import { Effect, Latch, Stream } from "effect"
import type { Scope } from "effect"
import type { Store } from "@retrobridge/core"

/**
 * How many events one read of a subscription pulls, so a long catch-up never loads a whole stream at once.
 *
 * @since 0.1.0
 */
export const SUBSCRIPTION_PAGE_SIZE = 1000

/**
 * The set of subscribers waiting per stream.
 *
 * @since 0.1.0
 */
export class Wakeups {
  private readonly byStream = new Map<string, Set<Latch.Latch>>()

  get size(): number {
    return this.byStream.size
  }

  register(streamId: string): Effect.Effect<Latch.Latch, never, Scope.Scope> {
    return Effect.acquireRelease(
      Effect.sync(() => {
        const latch = Latch.makeUnsafe(false)
        let set = this.byStream.get(streamId)
        if (set === undefined) {
          set = new Set()
          this.byStream.set(streamId, set)
        }
        set.add(latch)
        return latch
      }),
      (latch) =>
        Effect.sync(() => {
          const set = this.byStream.get(streamId)
          if (set === undefined) return
          set.delete(latch)
          if (set.size === 0) this.byStream.delete(streamId)
        })
    )
  }

  wake(streamId: string): void {
    const set = this.byStream.get(streamId)
    if (set !== undefined) for (const latch of set) Latch.openUnsafe(latch)
  }

  wakeAll(): void {
    for (const set of this.byStream.values()) for (const latch of set) Latch.openUnsafe(latch)
  }
}

/**
 * Catch-up then live, without a gap: the latch is registered before the first
 * read and closed before every read, so a commit that the read missed has
 * necessarily opened it afterwards.
 *
 * @since 0.1.0
 */
export const subscribeWithWakeups = (
  wakeups: Wakeups,
  readPage: (streamId: string, afterVersion: number, limit: number) => Effect.Effect<ReadonlyArray<Store.StoredEvent>, Store.StoreError>,
  streamId: string,
  fromVersion: number
): Stream.Stream<Store.StoredEvent, Store.StoreError> =>
  Stream.unwrap(Effect.map(wakeups.register(streamId), (latch) => {
    let last = fromVersion
    const pull: Effect.Effect<readonly [Store.StoredEvent, ...Array<Store.StoredEvent>], Store.StoreError> = Effect.suspend(() => {
      Latch.closeUnsafe(latch)
      return Effect.flatMap(readPage(streamId, last, SUBSCRIPTION_PAGE_SIZE), (page) => {
        const tail = page[page.length - 1]
        if (tail === undefined) return Effect.flatMap(latch.await, () => pull)
        last = tail.version
        return Effect.succeed(page as readonly [Store.StoredEvent, ...Array<Store.StoredEvent>])
      })
    })
    return Stream.fromPull(Effect.succeed(pull))
  }))
