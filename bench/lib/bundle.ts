/**
 * Browser bundles of a consumer's entry module, measured: what a portal that imports
 * part of RetroBridge ships. Shared by bench/bundle.bench.ts and the tarball consumer test.
 */
import { gzipSync } from "node:zlib"
import * as esbuild from "esbuild"

export interface BundleMeasure {
  /** Minified bundle, everything included. */
  readonly bytes: number
  readonly gzipBytes: number
  /** The same bundle with `effect` left out: RetroBridge's own share. */
  readonly ownBytes: number
  readonly ownGzipBytes: number
  /** Our modules that contributed code, as paths relative to the package (e.g. "dist/retro/RetroView.js"). */
  readonly ownModules: ReadonlyArray<string>
}

const ours = /[\\/](?:@retrobridge[\\/][^\\/]+|packages[\\/][^\\/]+)[\\/](dist[\\/].*)$/

const build = (contents: string, resolveDir: string, external: ReadonlyArray<string>) =>
  esbuild.build({
    stdin: { contents, resolveDir, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2023",
    write: false,
    metafile: true,
    external: [...external],
    logLevel: "silent"
  })

/**
 * Bundles `contents` (a module importing RetroBridge packages, resolved from `resolveDir`)
 * for the browser. Fails, as esbuild does, on any `node:` import.
 */
export const measureBundle = async (contents: string, resolveDir: string): Promise<BundleMeasure> => {
  const full = await build(contents, resolveDir, [])
  const own = await build(contents, resolveDir, ["effect", "effect/*", "@effect/*"])
  const code = full.outputFiles[0]!.contents
  const ownCode = own.outputFiles[0]!.contents
  const inputs = Object.values(full.metafile.outputs)[0]!.inputs
  const ownModules = Object.entries(inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .flatMap(([path]) => {
      const m = ours.exec(path)
      return m === null ? [] : [m[1]!.replace(/\\/g, "/")]
    })
    .sort()
  return {
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    ownBytes: ownCode.length,
    ownGzipBytes: gzipSync(ownCode).length,
    ownModules
  }
}

/** The consumer entries the bench reports and the consumer test checks. */
export const bundleEntries = {
  "Agreements.validate only": `import { Agreements } from "@retrobridge/core"\nconsole.log(Agreements.validate)`,
  "Retro.decide + evolve + view": `import { Retro } from "@retrobridge/core"\nconsole.log(Retro.decide, Retro.evolve, Retro.view)`,
  "Estimates.accuracyReport + calibrate": `import { Estimates } from "@retrobridge/core"\nconsole.log(Estimates.accuracyReport, Estimates.calibrate)`,
  "Retro.CardText from @retrobridge/core/Retro": `import * as Retro from "@retrobridge/core/Retro"\nconsole.log(Retro.CardText)`,
  "the typed client (@retrobridge/adapter-http/client)": `import { RetroBridgeClient } from "@retrobridge/adapter-http/client"\nconsole.log(RetroBridgeClient)`,
  "the whole core": `import * as core from "@retrobridge/core"\nconsole.log(core)`
} as const

/**
 * Modules of deciding, suggesting themes, reading CSV and generating histories, which a schema or the
 * typed client has no use for. (Calibration is not among them: the `Calibrated` answer's schema lives there.)
 */
export const decidingModules = /dist\/(retro\/(RetroDecider|RetroPolicy|RetroView|RetroMarkdown)|themes\/(ThemeExamples|Suggester|ThemeLexicon)|estimates\/(Csv|Replay|Generate|EstimateLogDecider))\.js$/

/** Modules the retro-only and agreement-only bundles must not contain (estimate log, CSV, calibration). */
export const estimatesOnlyModules = /dist\/estimates\/(Csv|Calibration|Replay|Generate|EstimateLog|Stats|LogRatio)/
