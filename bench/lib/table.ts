/**
 * The one shape every benchmark module returns, and the Markdown table `bench/run.ts`
 * prints and writes to docs/benchmarks.md.
 *
 * A module is a file `bench/<section>*.bench.ts` whose default export is
 * `async () => ReadonlyArray<BenchRow>`. Baselines are measured in the same run, so a
 * ratio compares two numbers from the same machine under the same load.
 */
export interface BenchRow {
  /** "core", "store", "estimates", "http", "suggester", "bundle", … */
  readonly section: string
  /** What was measured, e.g. "AddCard through handler, warm 500-event stream, memory". */
  readonly what: string
  readonly figure: number
  /** "ops/s", "ms", "µs", "KB gzip", "%", … */
  readonly unit: string
  /** What `figure` is compared with, measured in the same run. */
  readonly baseline?: { readonly what: string; readonly figure: number }
}

/** A benchmark module's default export. */
export type BenchModule = () => Promise<ReadonlyArray<BenchRow>>

/** Three significant digits for small numbers, thousands separators for large ones. */
export const formatFigure = (n: number): string => {
  if (!Number.isFinite(n)) return String(n)
  const abs = Math.abs(n)
  if (abs >= 1000) return Math.round(n).toLocaleString("en-US")
  if (abs >= 100) return n.toFixed(0)
  if (abs >= 10) return n.toFixed(1)
  if (abs >= 1) return n.toFixed(2)
  if (abs === 0) return "0"
  return n.toPrecision(3)
}

/** figure ÷ baseline figure, or "" without a baseline. */
export const formatRatio = (row: BenchRow): string => {
  if (row.baseline === undefined || row.baseline.figure === 0) return ""
  const ratio = row.figure / row.baseline.figure
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ")

export const tableHeader = [
  "| section | what | figure | unit | baseline | ratio |",
  "|---|---|---:|---|---|---:|"
] as const

export const tableLine = (row: BenchRow): string => {
  const baseline = row.baseline === undefined ? "" : `${row.baseline.what}: ${formatFigure(row.baseline.figure)} ${row.unit}`
  return `| ${cell(row.section)} | ${cell(row.what)} | ${formatFigure(row.figure)} | ${cell(row.unit)} | ${cell(baseline)} | ${formatRatio(row)} |`
}

/** The Markdown table for `rows`, in the order given. */
export const markdownTable = (rows: ReadonlyArray<BenchRow>): string =>
  [...tableHeader, ...rows.map(tableLine)].join("\n")
