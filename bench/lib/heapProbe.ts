/**
 * Preloaded (`--expose-gc --import`) into a server a bench measures: on SIGUSR2 it
 * collects garbage fully and prints what the process still retains, so memory per
 * connection is read without the garbage that a resident-set reading includes.
 * Only benches load it; the server itself has no such hook.
 */
const collect = (globalThis as { gc?: (options?: { type: "major"; execution: "sync" }) => void }).gc
if (collect === undefined) throw new Error("heapProbe needs node --expose-gc")

process.on("SIGUSR2", () => {
  // Twice: objects with finalizers or weak references are freed on the second pass.
  collect()
  collect()
  const usage = process.memoryUsage()
  process.stdout.write(`heap-probe retained=${usage.heapUsed + usage.external} rss=${usage.rss}\n`)
})
