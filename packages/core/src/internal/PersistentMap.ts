/**
 * An immutable map from strings, with structural sharing: `with` and
 * `without` return a new map that shares every part the change does not
 * touch (a hash array mapped trie: O(log32 n) nodes copied per change), so
 * folding one event into a large state never copies the whole collection.
 *
 * It reads like a `ReadonlyMap`. Iteration follows the keys' hashes: the
 * same keys always come out in the same order, whatever order they were added
 * in (so no view can leak submission order through it).
 *
 * @since 0.2.0
 */

const BITS = 5
const MASK = (1 << BITS) - 1

class Leaf<V> {
  readonly hash: number
  readonly key: string
  readonly value: V
  constructor(hash: number, key: string, value: V) {
    this.hash = hash
    this.key = key
    this.value = value
  }
}

/** Entries whose 32-bit hashes collide, kept in key order. */
class Collision<V> {
  readonly hash: number
  readonly leaves: ReadonlyArray<Leaf<V>>
  constructor(hash: number, leaves: ReadonlyArray<Leaf<V>>) {
    this.hash = hash
    this.leaves = leaves
  }
}

class Branch<V> {
  readonly bitmap: number
  readonly children: ReadonlyArray<Node<V>>
  constructor(bitmap: number, children: ReadonlyArray<Node<V>>) {
    this.bitmap = bitmap
    this.children = children
  }
}

type Node<V> = Leaf<V> | Collision<V> | Branch<V>

/** A 32-bit string hash (FNV-1a, then a murmur3 finaliser so that similar ids spread). */
const hashOf = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

const find = <V>(root: Node<V> | undefined, hash: number, key: string): Leaf<V> | undefined => {
  let node = root
  let shift = 0
  while (node !== undefined) {
    if (node instanceof Branch) {
      const bit = 1 << ((hash >>> shift) & MASK)
      if ((node.bitmap & bit) === 0) return undefined
      node = node.children[popcount(node.bitmap & (bit - 1))]
      shift += BITS
    } else if (node instanceof Leaf) {
      return node.key === key ? node : undefined
    } else {
      return node.hash === hash ? node.leaves.find((leaf) => leaf.key === key) : undefined
    }
  }
  return undefined
}

/** A branch holding two nodes of different hashes, split at the first level where they differ. */
const pair = <V>(shift: number, a: Leaf<V> | Collision<V>, b: Leaf<V> | Collision<V>): Branch<V> => {
  const ia = (a.hash >>> shift) & MASK
  const ib = (b.hash >>> shift) & MASK
  if (ia === ib) return new Branch(1 << ia, [pair(shift + BITS, a, b)])
  return new Branch((1 << ia) | (1 << ib), ia < ib ? [a, b] : [b, a])
}

const withLeaf = <V>(node: Node<V> | undefined, shift: number, leaf: Leaf<V>): Node<V> => {
  if (node === undefined) return leaf
  if (node instanceof Branch) {
    const bit = 1 << ((leaf.hash >>> shift) & MASK)
    const index = popcount(node.bitmap & (bit - 1))
    const children = node.children.slice()
    if ((node.bitmap & bit) === 0) {
      children.splice(index, 0, leaf)
      return new Branch(node.bitmap | bit, children)
    }
    children[index] = withLeaf(children[index], shift + BITS, leaf)
    return new Branch(node.bitmap, children)
  }
  if (node.hash !== leaf.hash) return pair(shift, node, leaf)
  const leaves = node instanceof Leaf ? [node] : node.leaves
  const kept = leaves.filter((l) => l.key !== leaf.key)
  if (kept.length === 0) return leaf
  return new Collision(leaf.hash, [...kept, leaf].sort((x, y) => x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
}

const withoutKey = <V>(node: Node<V>, shift: number, hash: number, key: string): Node<V> | undefined => {
  if (node instanceof Branch) {
    const bit = 1 << ((hash >>> shift) & MASK)
    if ((node.bitmap & bit) === 0) return node
    const index = popcount(node.bitmap & (bit - 1))
    const child = node.children[index]!
    const next = withoutKey(child, shift + BITS, hash, key)
    if (next === child) return node
    const children = node.children.slice()
    if (next !== undefined) {
      children[index] = next
      return new Branch(node.bitmap, children)
    }
    if (children.length === 1) return undefined
    children.splice(index, 1)
    return new Branch(node.bitmap & ~bit, children)
  }
  if (node instanceof Leaf) return node.key === key ? undefined : node
  const kept = node.leaves.filter((l) => l.key !== key)
  if (kept.length === node.leaves.length) return node
  return kept.length === 1 ? kept[0] : new Collision(node.hash, kept)
}

/** Every leaf, depth first (one generator frame, however deep the trie). */
function* leavesOf<V>(root: Node<V> | undefined): Generator<Leaf<V>, undefined> {
  if (root === undefined) return
  const stack: Array<Node<V>> = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node instanceof Leaf) yield node
    else if (node instanceof Collision) yield* node.leaves
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!)
  }
}

/**
 * @since 0.2.0
 */
export class PersistentMap<V> implements ReadonlyMap<string, V> {
  readonly #root: Node<V> | undefined
  readonly #size: number

  private constructor(root: Node<V> | undefined, size: number) {
    this.#root = root
    this.#size = size
  }

  static readonly #empty = new PersistentMap<never>(undefined, 0)

  /** The empty map. */
  static empty<V>(): PersistentMap<V> {
    return PersistentMap.#empty
  }

  /** A map of `entries` (a later duplicate key wins). */
  static from<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>()
    for (const [key, value] of entries) map = map.with(key, value)
    return map
  }

  get size(): number {
    return this.#size
  }

  get(key: string): V | undefined {
    return find(this.#root, hashOf(key), key)?.value
  }

  has(key: string): boolean {
    return find(this.#root, hashOf(key), key) !== undefined
  }

  /** A map with `key` set to `value`; this one unchanged. */
  with(key: string, value: V): PersistentMap<V> {
    const hash = hashOf(key)
    const existing = find(this.#root, hash, key)
    if (existing !== undefined && existing.value === value) return this
    return new PersistentMap(withLeaf(this.#root, 0, new Leaf(hash, key, value)), this.#size + (existing === undefined ? 1 : 0))
  }

  /** A map without `key`; this one unchanged. */
  without(key: string): PersistentMap<V> {
    if (this.#root === undefined) return this
    const root = withoutKey(this.#root, 0, hashOf(key), key)
    return root === this.#root ? this : new PersistentMap(root, this.#size - 1)
  }

  *entries(): MapIterator<[string, V]> {
    for (const leaf of leavesOf(this.#root)) yield [leaf.key, leaf.value]
  }

  *keys(): MapIterator<string> {
    for (const leaf of leavesOf(this.#root)) yield leaf.key
  }

  *values(): MapIterator<V> {
    for (const leaf of leavesOf(this.#root)) yield leaf.value
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries()
  }

  forEach(f: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const leaf of leavesOf(this.#root)) f.call(thisArg, leaf.value, leaf.key, this)
  }

  get [Symbol.toStringTag](): string {
    return "PersistentMap"
  }

  /** As a plain object, in iteration order. */
  toJSON(): Record<string, V> {
    return Object.fromEntries(this.entries())
  }
}
