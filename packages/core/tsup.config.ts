import { defineConfig } from "tsup"
import { packageBuild } from "../../tsup.base.ts"

export default defineConfig(packageBuild({
  index: "src/index.ts",
  "testing/index": "src/testing/index.ts",
  "adapter-kit/index": "src/adapter-kit/index.ts"
}))
