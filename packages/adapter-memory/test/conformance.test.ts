import { Effect } from "effect"
import { retroBridgeSampleEvents } from "@retrobridge/core/testing"
import { eventStoreConformance } from "@retrobridge/store-conformance"
import { MemoryEventStore } from "@retrobridge/adapter-memory"

eventStoreConformance(
  "memory",
  Effect.map(MemoryEventStore.makeWithFaults, ({ store, faults }) => ({
    store,
    // Memory storage lives in one process, so a "second instance" is another handle on the same store.
    openSecondInstance: Effect.succeed(store),
    faults
  })),
  { sampleEvents: retroBridgeSampleEvents() }
)
