import { Effect } from "effect"
import { eventStoreConformance, makeReferenceEventStore } from "@retrobridge/core/testing"

// The suite must hold for its own reference model, or it would test adapters against a wrong oracle.
eventStoreConformance(
  "reference",
  Effect.map(makeReferenceEventStore, ({ store, faults }) => ({ store, openSecondInstance: Effect.succeed(store), faults }))
)
