/**
 * The one build setting shared by every package's tsup.config.ts: ESM + .d.ts for Node 24.
 */
import type { Options } from "tsup"

export const packageBuild = (entry: Record<string, string>, options: Options = {}): Options => ({
  entry,
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node24",
  tsconfig: "tsconfig.build.json",
  // tsup strips `node:` by default; `node:sqlite` has no unprefixed form, so a stripped
  // import is ERR_MODULE_NOT_FOUND for every consumer (test/packaging/dist.test.ts).
  removeNodeProtocol: false,
  ...options
})
