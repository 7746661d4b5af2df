/**
 * Small statistics toolkit for the estimates area: medians, order-statistic
 * confidence intervals, a seeded PRNG and an incremental sorted multiset.
 * Everything is deterministic: randomness only ever comes from a seed.
 *
 * @since 0.1.0
 */

/**
 * A seeded pseudo-random generator (mulberry32): the same seed always gives
 * the same sequence. Returns numbers in [0, 1).
 *
 * @since 0.1.0
 */
export const seededRandom = (seed: number): () => number => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A standard normal draw from a uniform generator (Box–Muller).
 *
 * @since 0.1.0
 */
export const standardNormal = (random: () => number): number => {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random()
  const v = random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/** Ascending numeric sort into a fresh typed array (no NaN in input). @since 0.1.0 */
export const sortedCopy = (values: ArrayLike<number>): Float64Array => {
  const out = Float64Array.from(values as ArrayLike<number>)
  out.sort()
  return out
}

/** Median of an ascending array; NaN when empty. @since 0.1.0 */
export const medianOfSorted = (sorted: ArrayLike<number>): number => {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const mid = n >> 1
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Ranks (1-based) of the order statistics that bound a distribution-free
 * confidence interval for the median: `[x(lower), x(upper)]` covers the
 * population median with probability at least `level`. Exact binomial
 * computation in log space, so it works for any n; `undefined` when n is
 * too small for any interval to reach the level (n < 6 at 95%).
 *
 * @since 0.1.0
 */
export const medianConfidenceRanks = (
  n: number,
  level = 0.95
): { readonly lower: number; readonly upper: number; readonly achieved: number } | undefined => {
  if (n < 1) return undefined
  const alphaHalf = (1 - level) / 2
  const log2n = n * Math.LN2
  // Walk the binomial(n, 1/2) CDF upward; j is the largest rank with P(B < j) ≤ α/2.
  let logC = 0
  let cdf = 0
  let j = 0
  for (let k = 0; k <= n; k++) {
    const next = cdf + Math.exp(logC - log2n)
    if (next > alphaHalf) break
    cdf = next
    j = k + 1
    logC += Math.log(n - k) - Math.log(k + 1)
  }
  if (j < 1) return undefined
  return { lower: j, upper: n + 1 - j, achieved: 1 - 2 * cdf }
}

/**
 * A multiset of numbers kept in ascending order, with O(√n) insertion and
 * rank queries: the incremental counterpart of sorting from scratch.
 *
 * @since 0.1.0
 */
export class SortedBag {
  private readonly blocks: Array<Array<number>> = [[]]
  private count = 0
  private static readonly maxBlock = 512

  get size(): number {
    return this.count
  }

  add(value: number): void {
    const blocks = this.blocks
    let lo = 0
    let hi = blocks.length - 1
    // First block whose last element is ≥ value (or the last block).
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const block = blocks[mid]!
      if (block[block.length - 1]! >= value) hi = mid
      else lo = mid + 1
    }
    const block = blocks[lo]!
    let a = 0
    let b = block.length
    while (a < b) {
      const m = (a + b) >> 1
      if (block[m]! <= value) a = m + 1
      else b = m
    }
    block.splice(a, 0, value)
    this.count++
    if (block.length > SortedBag.maxBlock * 2) {
      blocks.splice(lo + 1, 0, block.splice(SortedBag.maxBlock))
    }
  }

  /** The k-th smallest value, 1-based. */
  at(rank: number): number {
    let k = rank - 1
    for (const block of this.blocks) {
      if (k < block.length) return block[k]!
      k -= block.length
    }
    return Number.NaN
  }

  median(): number {
    const n = this.count
    if (n === 0) return Number.NaN
    const mid = n >> 1
    return n % 2 === 1 ? this.at(mid + 1) : (this.at(mid) + this.at(mid + 1)) / 2
  }
}
