import { Effect } from "effect"
import { makeReferenceEventStore } from "@retrobridge/core/testing"
import { eventStoreConformance } from "@retrobridge/store-conformance"

// The suite must hold for its own reference model, or it would test adapters against a wrong oracle.
eventStoreConformance(
  "reference",
  Effect.map(makeReferenceEventStore, ({ store, faults }) => ({ store, openSecondInstance: Effect.succeed(store), faults }))
)
