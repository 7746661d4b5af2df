/**
 * Counts of log ratios ln(actual / likely) in fixed bins: the empirical
 * distribution behind every histogram-based calibration method.
 *
 * @internal
 * @since 0.2.0
 */

/** Histogram resolution of log ratios: 1/256 ≈ 0.39% relative. */
const BinWidth = 1 / 256
/** Log ratios are clamped to ±8 (a factor of ~3000), far beyond any real overrun. */
const MaxLogRatio = 8
const Offset = Math.round(MaxLogRatio / BinWidth)
const BinCount = 2 * Offset + 1

const binOf = (logRatio: number): number =>
  Math.round((logRatio > MaxLogRatio ? MaxLogRatio : logRatio < -MaxLogRatio ? -MaxLogRatio : logRatio) / BinWidth) + Offset

/**
 * Counts of log ratios in fixed bins, in a Fenwick tree: O(log bins) to add
 * an item or find the k-th smallest, whatever the number of items.
 */
export class LogRatioHistogram {
  private readonly tree = new Int32Array(BinCount + 1)
  private n = 0
  private cacheN = -1
  private q10 = 0
  private q50 = 0
  private q90 = 0
  /** Bumped on every change, so callers can cache what they derive. */
  version = 0
  private static readonly topBit = 1 << Math.floor(Math.log2(BinCount))

  get size(): number {
    return this.n
  }

  add(logRatio: number): void {
    // Bins are centred on multiples of the width, so r = 0 (booked the estimate) maps back to exactly 0.
    for (let i = binOf(logRatio) + 1; i <= BinCount; i += i & -i) this.tree[i]!++
    this.n++
    this.version++
  }

  /** Removes one item with this log ratio (which must have been added). */
  remove(logRatio: number): void {
    for (let i = binOf(logRatio) + 1; i <= BinCount; i += i & -i) this.tree[i]!--
    this.n--
    this.version++
  }

  /** The k-th smallest log ratio (1-based), as its bin centre. */
  kth(k: number): number {
    let pos = 0
    let remaining = k
    for (let step = LogRatioHistogram.topBit; step > 0; step >>= 1) {
      const next = pos + step
      if (next <= BinCount && this.tree[next]! < remaining) {
        pos = next
        remaining -= this.tree[next]!
      }
    }
    return (pos - Offset) * BinWidth
  }

  /** Items in bins 0..bin (inclusive). */
  countUpTo(bin: number): number {
    let sum = 0
    for (let i = bin + 1; i > 0; i -= i & -i) sum += this.tree[i]!
    return sum
  }

  /**
   * Moves an interval end off a cluster of tied values sitting at the
   * nominal level. The share of items strictly beyond the end jumps by the
   * whole cluster at a tie, so no end gives exactly 10%: choose the side of
   * the cluster whose tail share is closer to the nominal one, with the
   * finite-sample count (n + 1). Ends more than 5% away from the cluster,
   * and lone values, are left alone.
   */
  snapToTies(end: number, p: number, side: "lower" | "upper"): number {
    const n = this.n
    if (n < 2) return end
    const rank = Math.min(n, Math.max(1, side === "lower" ? Math.ceil(p * (n + 1)) : Math.floor((1 - p) * (n + 1))))
    const value = this.kth(rank)
    if (Math.abs(end - value) > 0.05) return end
    const bin = Math.round(value / BinWidth) + Offset
    const upTo = this.countUpTo(bin)
    const before = bin === 0 ? 0 : this.countUpTo(bin - 1)
    const inBin = upTo - before
    if (inBin < 2) return end
    const beyondIfInside = (side === "lower" ? before : n - upTo) / (n + 1)
    const beyondIfOutside = beyondIfInside + inBin / (n + 1)
    const inside = Math.abs(beyondIfInside - p) <= Math.abs(beyondIfOutside - p)
    const half = BinWidth / 2
    return side === "lower"
      ? inside ? Math.min(end, value - half) : Math.max(end, value + half)
      : inside ? Math.max(end, value + half) : Math.min(end, value - half)
  }

  /** Prediction quantile at level p: rank p·(n + 1), interpolated between neighbours. */
  quantile(p: number): number {
    const n = this.n
    const h = p * (n + 1)
    if (h <= 1) return this.kth(1)
    if (h >= n) return this.kth(n)
    const lo = Math.floor(h)
    const a = this.kth(lo)
    const frac = h - lo
    return frac === 0 ? a : a + frac * (this.kth(lo + 1) - a)
  }

  /** P10, P50 and P90 prediction quantiles, computed once per change. */
  decile(p: 0.1 | 0.5 | 0.9): number {
    if (this.cacheN !== this.version) {
      this.q10 = this.quantile(0.1)
      this.q50 = this.quantile(0.5)
      this.q90 = this.quantile(0.9)
      this.cacheN = this.version
    }
    return p === 0.1 ? this.q10 : p === 0.5 ? this.q50 : this.q90
  }
}
