import { describe, it } from "vitest"
import { Effect, Scope } from "effect"
import { SqliteEventStore } from "@retrobridge/adapter-sqlite"
// The property lives beside the core's own handler tests; every store runs the same one.
import { cachedStateEqualsReplay, expectCoverage } from "../../core/test/store/cachedStateProperty.ts"
import { tempDatabase } from "./helpers.ts"

describe("command handler state cache on SQLite", () => {
  it("property: handlers in two processes (a store instance each, one file), foreign writers, evictions and restarts: cached state equals a full replay", () =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const filename = yield* tempDatabase
      // Each "process" opens its own connection to the file, as a second server would.
      const open = (scope: Scope.Scope) => Scope.provide(SqliteEventStore.make({ filename, pollInterval: 0 }), scope)
      const coverage = yield* Effect.promise(() => cachedStateEqualsReplay(open, { numRuns: 25 }))
      expectCoverage(coverage)
    }))))
})
