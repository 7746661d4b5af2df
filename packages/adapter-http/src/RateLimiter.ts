/**
 * Fixed-window rate limits in memory, per key (a client address, a token,
 * a retro). Bounded: at most `maxKeys` keys are tracked; the oldest windows
 * are dropped first.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export interface RateLimit {
  /** Requests allowed per window. */
  readonly limit: number
  /** Window length in milliseconds. */
  readonly windowMs: number
}

/** @since 0.1.0 */
export interface RateLimiter {
  /** Counts one request for `key`; undefined when allowed, else the seconds until the window ends. */
  readonly take: (key: string, now: number) => number | undefined
}

/** @since 0.1.0 */
export const makeRateLimiter = (limit: RateLimit, maxKeys = 100_000): RateLimiter => {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    take: (key, now) => {
      let window = windows.get(key)
      if (window === undefined || now - window.start >= limit.windowMs) {
        if (window !== undefined) windows.delete(key)
        window = { start: now, count: 0 }
        windows.set(key, window)
        if (windows.size > maxKeys) {
          const oldest = windows.keys().next().value
          if (oldest !== undefined) windows.delete(oldest)
        }
      }
      window.count++
      if (window.count <= limit.limit) return undefined
      return Math.max(1, Math.ceil((window.start + limit.windowMs - now) / 1000))
    }
  }
}
