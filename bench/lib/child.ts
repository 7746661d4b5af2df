/**
 * The benches' server processes: spawned under the source condition, ready when
 * they print their URL (waited for as the server's tests wait, `whenListening`),
 * and read from outside through /proc (CPU time) and, when started with
 * `heapProbe`, through the probe (memory retained after full collections, and
 * the resident set then).
 */
import { spawn, type ChildProcess } from "node:child_process"
import { closeSync, openSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { whenListening } from "../../packages/server/test/fixtures/spawnServer.ts"

export interface Child {
  readonly url: URL
  readonly process: ChildProcess
  /** SIGTERM, then the exit. */
  readonly stop: () => Promise<unknown>
}

/** A path in the repository. */
export const repoPath = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url))

const heapProbe = fileURLToPath(new URL("./heapProbe.ts", import.meta.url))

export interface StartOptions {
  /** The line that says the child is ready; its first group is the URL, or a port on 127.0.0.1. */
  readonly listening?: RegExp
  /** Node options before the script (`--cpu-prof`, …). */
  readonly nodeArgs?: ReadonlyArray<string>
  /** The child's stderr goes to this file (an access log) rather than through the bench, which also generates the load. */
  readonly stderrFile?: string
  /** Loads the heap probe, so that {@link retainedKb} can read the child. */
  readonly heapProbe?: boolean
}

/** Spawns `node <script> …args` and resolves once it prints the `listening` line. */
export const startChild = async (script: string, args: ReadonlyArray<string>, options: StartOptions = {}): Promise<Child> => {
  const stderr = options.stderrFile === undefined ? "pipe" : openSync(options.stderrFile, "w")
  const child = spawn(process.execPath, [
    "--conditions=@retrobridge/source",
    "--no-warnings",
    ...(options.heapProbe === true ? ["--expose-gc", `--import=${heapProbe}`] : []),
    ...(options.nodeArgs ?? []),
    script,
    ...args
  ], { stdio: ["ignore", "pipe", stderr] })
  if (typeof stderr === "number") closeSync(stderr)
  const name = `${script} ${args.join(" ")}${options.stderrFile === undefined ? "" : ` (stderr in ${options.stderrFile})`}`
  const running = await whenListening(child, options.listening ?? /listening on (http:\/\/\S+)/, name)
  return { url: new URL(running.url.startsWith("http") ? running.url : `http://127.0.0.1:${running.url}`), process: child, stop: running.stop }
}

/** `retrobridge serve` on a free loopback port, silent, with limits that a load would otherwise hit. */
export const startRetroBridge = (store: string, options: StartOptions & { readonly accessLog?: boolean; readonly extraArgs?: ReadonlyArray<string> } = {}) =>
  startChild(repoPath("packages/server/src/bin.ts"), [
    "serve",
    "--port", "0",
    "--store", store,
    "--log-level", options.accessLog === true ? "info" : "silent",
    "--write-limit", "100000000",
    "--join-limit", "100000",
    ...(options.extraArgs ?? [])
  ], options)

/** The process's user + system CPU time so far, in milliseconds. */
export const cpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
  return (Number(fields[11]) + Number(fields[12])) * 1000 / 100
}

/**
 * What a child started with `heapProbe` retains, in KB, after full collections: the JS heap in use
 * plus memory held outside it (buffers). Unlike the resident set, it holds no garbage and no pages
 * the heap keeps for later, so the growth between two readings is what the added objects cost.
 */
export const retainedKb = (child: Child): Promise<{ readonly retainedKb: number; readonly rssKb: number }> =>
  new Promise((resolve, reject) => {
    let out = ""
    const timer = setTimeout(() => reject(new Error("the heap probe did not answer (was the child started with heapProbe?)")), 10_000)
    const onData = (c: Buffer) => {
      out += c.toString()
      const match = /heap-probe retained=(\d+) rss=(\d+)/.exec(out)
      if (match === null) return
      clearTimeout(timer)
      child.process.stdout!.off("data", onData)
      resolve({ retainedKb: Number(match[1]) / 1024, rssKb: Number(match[2]) / 1024 })
    }
    child.process.stdout!.on("data", onData)
    child.process.kill("SIGUSR2")
  })
