import { defineConfig } from "vite"

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  resolve: {
    // Workspace packages build from their TypeScript sources, so `npm start` needs no package build first.
    conditions: ["@retrobridge/source", "module", "browser", "production"]
  },
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" }
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // The budget that matters is the participant's first load, checked by test/bundle.test.ts.
    chunkSizeWarningLimit: 1024
  }
})
