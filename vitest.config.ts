import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources, so tests never run against a stale dist/.
    conditions: ["@retrobridge/source"]
  },
  // Tests run in Vite's SSR environment, which ignores `resolve.conditions`; without this,
  // `@retrobridge/*` imports silently resolved to dist/.
  ssr: {
    resolve: { conditions: ["@retrobridge/source"] }
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["test/support/fastCheckSeed.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
