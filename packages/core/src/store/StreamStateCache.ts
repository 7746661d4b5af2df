/**
 * The command handler's memory of recent streams: for each stream, the state
 * its events fold into and the version that state reflects. A command on a
 * cached stream folds only the events appended after that version instead of
 * replaying the stream from its first event.
 *
 * A cached entry is a starting point, never an answer: the handler still
 * learns from the store whether the stream moved on (another process may
 * write to the same SQLite file or PostgreSQL database) and catches up by
 * version before it trusts a decision. Entries are least-recently-used first
 * out once the cache holds `maxStreams` of them.
 *
 * @since 0.2.0
 */

/** @since 0.2.0 */
export interface CachedStream<State> {
  readonly state: State
  /** The stream's version `state` reflects. */
  readonly version: number
}

/** @since 0.2.0 */
export interface StreamStateCache<State> {
  /** The entry of `streamId`, if cached; marks it most recently used. */
  readonly get: (streamId: string) => CachedStream<State> | undefined
  /**
   * Remembers `entry` unless the cache already holds a later version of the
   * stream (two commands on one stream may finish out of order).
   */
  readonly remember: (streamId: string, entry: CachedStream<State>) => void
  readonly forget: (streamId: string) => void
  /** How many streams are cached now. */
  readonly size: () => number
  /** Entries dropped to stay within `maxStreams` since the cache was made. */
  readonly evictions: () => number
}

/**
 * The default bound: a busy server's live retros, estimate logs and teams fit,
 * and each entry is one aggregate's state.
 *
 * @since 0.2.0
 */
export const defaultCachedStreams = 1_000

/**
 * A cache holding at most `maxStreams` streams (0 holds none).
 *
 * @since 0.2.0
 */
export const makeStreamStateCache = <State>(maxStreams: number = defaultCachedStreams): StreamStateCache<State> => {
  const bound = Math.max(0, Math.floor(maxStreams))
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, CachedStream<State>>()
  let evictions = 0
  return {
    get: (streamId) => {
      const entry = entries.get(streamId)
      if (entry !== undefined) {
        entries.delete(streamId)
        entries.set(streamId, entry)
      }
      return entry
    },
    remember: (streamId, entry) => {
      if (bound === 0) return
      const held = entries.get(streamId)
      if (held !== undefined && held.version > entry.version) return
      entries.delete(streamId)
      entries.set(streamId, entry)
      if (entries.size > bound) {
        const oldest = entries.keys().next().value as string
        entries.delete(oldest)
        evictions++
      }
    },
    forget: (streamId) => {
      entries.delete(streamId)
    },
    size: () => entries.size,
    evictions: () => evictions
  }
}
