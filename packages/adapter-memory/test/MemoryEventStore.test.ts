import { describe, expect, it } from "vitest"
import { Context, Effect, Layer } from "effect"
import { Store } from "@retrobridge/core"
import { conformanceFactoryFromLayer, eventStoreConformance } from "@retrobridge/store-conformance"
import { MemoryEventStore } from "@retrobridge/adapter-memory"

// The layer is what applications use; it must pass on its own, built fresh per test.
eventStoreConformance("memory (layer)", conformanceFactoryFromLayer(MemoryEventStore.layer), { numRuns: 20 })

describe("MemoryEventStore", () => {
  it("keeps its own copy: mutating a payload or batch after appending changes nothing stored", () =>
    Effect.runPromise(Effect.gen(function*() {
      const store = yield* MemoryEventStore.make
      const data = { text: "before", tags: ["a"] }
      const batch = [{ type: "CardAdded", schemaVersion: 1, data }]
      yield* store.append({ streamId: "s", kind: "retro", teamId: "t", expectedVersion: 0, events: batch })
      data.text = "after"
      data.tags.push("b")
      batch.push({ type: "Sneaky", schemaVersion: 1, data })
      const [stored] = yield* store.read("s")
      expect(stored?.data).toEqual({ text: "before", tags: ["a"] })
      expect(yield* store.version("s")).toBe(1)
    })))

  it("each build of the layer is a separate store", () =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const a = Context.get(yield* Layer.build(MemoryEventStore.layer), Store.EventStore)
      const b = Context.get(yield* Layer.build(MemoryEventStore.layer), Store.EventStore)
      yield* a.append({ streamId: "s", kind: "team", teamId: "t", expectedVersion: 0, events: [{ type: "X", schemaVersion: 1, data: {} }] })
      expect(yield* b.version("s")).toBe(0)
    }))))

  it("reads a tail of a long stream without touching the rest", () =>
    Effect.runPromise(Effect.gen(function*() {
      const store = yield* MemoryEventStore.make
      for (let v = 0; v < 10_000; v++) {
        yield* store.append({ streamId: "long", kind: "retro", teamId: "t", expectedVersion: v, events: [{ type: "Tick", schemaVersion: 1, data: { v } }] })
      }
      const tail = yield* store.read("long", 9_997)
      expect(tail.map((e) => e.version)).toEqual([9_998, 9_999, 10_000])
      expect(tail.map((e) => e.data)).toEqual([{ v: 9_997 }, { v: 9_998 }, { v: 9_999 }])
    })))
})
