import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { MemoryEventStore } from "@retrobridge/adapter-memory"
// The property lives beside the core's own handler tests; every store runs the same one.
import { cachedStateEqualsReplay, expectCoverage } from "../../core/test/store/cachedStateProperty.ts"

describe("command handler state cache on the memory store", () => {
  it("property: after random writers, evictions and restarts, cached state equals a full replay", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make)
    const coverage = await cachedStateEqualsReplay(() => Effect.succeed(store), { numRuns: 60 })
    expectCoverage(coverage)
    expect(coverage.caughtUpFromCache).toBeGreaterThan(0)
  })
})
