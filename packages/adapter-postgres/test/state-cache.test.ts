import { it } from "vitest"
import { Effect, Scope } from "effect"
// The property lives beside the core's own handler tests; every store runs the same one.
import { cachedStateEqualsReplay, expectCoverage } from "../../core/test/store/cachedStateProperty.ts"
import { freshSchema, openStore, withPostgres } from "./helpers.ts"

withPostgres("command handler state cache on PostgreSQL", (url) => {
  it("property: handlers in two processes (a store instance and pool each, one schema), foreign writers, evictions and restarts: cached state equals a full replay", () =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const { schema } = yield* freshSchema(url)
      // Each "process" (and each restart) opens its own pool and listener on the schema.
      const open = (scope: Scope.Scope) => Scope.provide(openStore(url, { schema }), scope)
      const coverage = yield* Effect.promise(() => cachedStateEqualsReplay(open, { numRuns: 15, maxSteps: 30 }))
      expectCoverage(coverage)
    }))))
})
