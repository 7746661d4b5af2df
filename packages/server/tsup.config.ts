import { defineConfig } from "tsup"

export default defineConfig({
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node24",
  tsconfig: "tsconfig.build.json"
})
