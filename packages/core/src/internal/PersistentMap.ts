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

/**
 * `edit` is the token of the {@link PersistentMap.Builder} that made this
 * branch and may still change it in place; any other writer copies it. A
 * builder drops its token when it hands out a map, so a branch reachable from
 * a handed-out map is never written again.
 */
class Branch<V> {
  bitmap: number
  children: Array<Node<V>>
  readonly edit: EditToken | undefined
  constructor(bitmap: number, children: Array<Node<V>>, edit?: EditToken) {
    this.bitmap = bitmap
    this.children = children
    this.edit = edit
  }
}

/** Identity only: which builder owns a branch. */
interface EditToken {
  readonly _edit: true
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

/**
 * `withLeaf` for a builder: branches owned by `edit` change in place, others
 * are copied once and owned from then on. `added.value` tells whether the key
 * was new.
 */
const withLeafIn = <V>(node: Node<V> | undefined, shift: number, leaf: Leaf<V>, edit: EditToken, added: { value: boolean }): Node<V> => {
  if (node === undefined) {
    added.value = true
    return leaf
  }
  if (node instanceof Branch) {
    const bit = 1 << ((leaf.hash >>> shift) & MASK)
    const index = popcount(node.bitmap & (bit - 1))
    const target = node.edit === edit ? node : new Branch(node.bitmap, node.children.slice(), edit)
    if ((node.bitmap & bit) === 0) {
      added.value = true
      target.children.splice(index, 0, leaf)
      target.bitmap |= bit
      return target
    }
    target.children[index] = withLeafIn(target.children[index], shift + BITS, leaf, edit, added)
    return target
  }
  if (node.hash !== leaf.hash) {
    added.value = true
    return pair(shift, node, leaf)
  }
  // The usual update: the key's own leaf, replaced.
  if (node instanceof Leaf && node.key === leaf.key) return leaf
  // A true collision: rare; the persistent path is exact and cheap enough here.
  const leaves = node instanceof Leaf ? [node] : node.leaves
  if (!leaves.some((l) => l.key === leaf.key)) added.value = true
  return withLeaf(node, shift, leaf)
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

/** The private constructor, for the builder. */
let mapOf: <V>(root: Node<V> | undefined, size: number) => PersistentMap<V>

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

  /**
   * A builder starting from this map, for a batch of changes (a replay): it
   * changes in place the branches it made itself, so a batch of n changes
   * copies each branch at most once instead of once per change.
   */
  builder(): PersistentMap.Builder<V> {
    return new MapBuilder(this.#root, this.#size)
  }

  static {
    mapOf = (root, size) => size === 0 ? PersistentMap.#empty : new PersistentMap(root, size)
  }
}


/**
 * @since 0.2.0
 */
export declare namespace PersistentMap {
  /**
   * A privately mutable map: `set`/`delete` change it; `build()` hands out an
   * immutable {@link PersistentMap} that later changes to the builder never
   * reach (the builder keeps working, copying what it shares with that map).
   */
  export interface Builder<V> {
    readonly size: number
    get(key: string): V | undefined
    set(key: string, value: V): this
    delete(key: string): this
    build(): PersistentMap<V>
  }
}

class MapBuilder<V> implements PersistentMap.Builder<V> {
  #root: Node<V> | undefined
  #size: number
  #edit: EditToken = { _edit: true }
  readonly #added = { value: false }

  constructor(root: Node<V> | undefined, size: number) {
    this.#root = root
    this.#size = size
  }

  get size(): number {
    return this.#size
  }

  // A replay reads a card and then sets it: the key's hash is computed once for both.
  #lastKey: string | undefined
  #lastHash = 0

  #hash(key: string): number {
    if (key !== this.#lastKey) {
      this.#lastKey = key
      this.#lastHash = hashOf(key)
    }
    return this.#lastHash
  }

  get(key: string): V | undefined {
    return find(this.#root, this.#hash(key), key)?.value
  }

  set(key: string, value: V): this {
    this.#added.value = false
    this.#root = withLeafIn(this.#root, 0, new Leaf(this.#hash(key), key, value), this.#edit, this.#added)
    if (this.#added.value) this.#size++
    return this
  }

  delete(key: string): this {
    if (this.#root === undefined) return this
    const root = withoutKey(this.#root, 0, this.#hash(key), key)
    if (root !== this.#root) {
      this.#root = root
      this.#size--
    }
    return this
  }

  build(): PersistentMap<V> {
    // A fresh token: no branch the handed-out map reaches is ever written again.
    this.#edit = { _edit: true }
    return mapOf(this.#root, this.#size)
  }
}
