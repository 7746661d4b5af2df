#!/usr/bin/env node
/**
 * The `retrobridge` command.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"

/*
 * The CLI's static imports load node:sqlite (and syntax and APIs of the Node the package needs)
 * before any of its code runs, so on an older Node it would die with a stack trace. This module
 * imports nothing else: it checks the version against the package's `engines` first, and loads
 * the CLI only when the Node is new enough.
 */
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { engines: { node: string } }
const parts = (version: string): Array<number> => version.split(".").map((part) => Number.parseInt(part, 10) || 0)
const needed = /\d+(\.\d+)*/.exec(manifest.engines.node)?.[0] ?? "0"
const found = process.versions.node
const tooOld = ((): boolean => {
  const [have, need] = [parts(found), parts(needed)]
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) < need[i]!
  }
  return false
})()

if (tooOld) {
  process.stderr.write(`retrobridge needs Node.js ${needed} or later, and ${process.execPath} is Node.js ${found}: run it with a newer node.\n`)
  process.exitCode = 1
} else {
  const { run } = await import("./Cli.ts")
  run(process.argv.slice(2))
}
