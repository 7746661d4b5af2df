/**
 * Browser bundle sizes (esbuild, minified) of portals that import part of the core, from the
 * built packages (run `npm run build` first): RetroBridge's own share, gzip, compared with the
 * whole core's; and the total with effect.
 *
 *   npm run bench -- bundle
 */
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"
import { bundleEntries, measureBundle } from "./lib/bundle.ts"
import type { BenchRow } from "./lib/table.ts"

const kb = (bytes: number) => bytes / 1024

export default async function(): Promise<ReadonlyArray<BenchRow>> {
  const resolveDir = dirname(fileURLToPath(import.meta.url))
  const measured = await Promise.all(
    Object.entries(bundleEntries).map(async ([what, source]) => ({ what, m: await measureBundle(source, resolveDir) }))
  )
  const whole = measured.find((x) => x.what === "the whole core")!.m
  return measured.flatMap(({ what, m }): ReadonlyArray<BenchRow> => [
    {
      section: "bundle",
      what: `${what}: RetroBridge's own code`,
      figure: kb(m.ownGzipBytes),
      unit: "KB gzip",
      ...(m === whole ? {} : { baseline: { what: "the whole core", figure: kb(whole.ownGzipBytes) } })
    },
    {
      section: "bundle",
      what: `${what}: total with effect`,
      figure: kb(m.gzipBytes),
      unit: "KB gzip",
      ...(m === whole ? {} : { baseline: { what: "the whole core", figure: kb(whole.gzipBytes) } })
    }
  ])
}
