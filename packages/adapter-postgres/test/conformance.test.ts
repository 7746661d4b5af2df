import { Effect } from "effect"
import { retroBridgeSampleEvents } from "@retrobridge/core/testing"
import { eventStoreConformance } from "@retrobridge/store-conformance"
import type { FaultInjection } from "../src/internal/store.ts"
import { freshSchema, openStore, withPostgres } from "./helpers.ts"

withPostgres("EventStore conformance: postgres", (url) =>
  eventStoreConformance(
    "postgres",
    Effect.gen(function*() {
      const { admin, schema } = yield* freshSchema(url)
      const injected: FaultInjection = { failNextAppend: false }
      const store = yield* openStore(url, { schema }, injected)
      return {
        store,
        // Its own pool and LISTEN connection on the same schema: a second server process.
        openSecondInstance: openStore(url, { schema }),
        faults: {
          failNextAppend: Effect.sync(() => {
            injected.failNextAppend = true
          }),
          corruptEvent: (streamId: string, version: number) =>
            admin.unsafe(`UPDATE "${schema}".events SET data = '{not json' WHERE stream_id = $1 AND version = $2`, [streamId, version])
        }
      }
    }),
    { sampleEvents: retroBridgeSampleEvents() }
  ))
