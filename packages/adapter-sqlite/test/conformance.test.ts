import { DatabaseSync } from "node:sqlite"
import { Effect } from "effect"
import { retroBridgeSampleEvents } from "@retrobridge/core/testing"
import { eventStoreConformance } from "@retrobridge/store-conformance"
import { makeWithFaults } from "../src/internal/store.ts"
import type { FaultInjection } from "../src/internal/store.ts"
import { tempDatabase } from "./helpers.ts"

eventStoreConformance(
  "sqlite",
  Effect.gen(function*() {
    const filename = yield* tempDatabase
    const injected: FaultInjection = { failNextAppend: false }
    // A short poll keeps cross-instance delivery quick; correctness never depends on it.
    const store = yield* makeWithFaults({ filename, pollInterval: "20 millis" }, injected)
    return {
      store,
      // Another connection on the same file: what a second process sees.
      openSecondInstance: makeWithFaults({ filename, pollInterval: "20 millis" }, undefined),
      faults: {
        failNextAppend: Effect.sync(() => {
          injected.failNextAppend = true
        }),
        corruptEvent: (streamId: string, version: number) =>
          Effect.sync(() => {
            const raw = new DatabaseSync(filename)
            try {
              raw.prepare("UPDATE events SET data = '{not json' WHERE stream_id = ? AND version = ?").run(streamId, version)
            } finally {
              raw.close()
            }
          })
      }
    }
  }),
  { sampleEvents: retroBridgeSampleEvents() }
)
