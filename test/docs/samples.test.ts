/**
 * Every TypeScript block (```ts / ```typescript) in README.md, docs/ and the packages' READMEs
 * is type-checked, strict, against the workspace packages' sources, so a sample cannot rot.
 *
 * Each block is its own module. A block that continues an earlier one of the same page says so
 * on its info line — ```ts continues — and is checked appended to the blocks before it.
 * A block may declare what it assumes exists with a leading `declare const …` (visible to readers).
 *
 * A block whose info line says `runs` (```ts runs, ```ts continues runs) is also run, as a
 * module on this Node with the packages' sources, and must finish without an error: a value
 * the types allow but the core refuses at run time (a hand-written secret) shows up only then.
 */
import { spawnSync } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import { repoRoot } from "../packaging/workspace.ts"

interface Sample {
  readonly page: string
  readonly line: number
  readonly code: string
  readonly runs: boolean
}

const markdownFiles = (): Array<string> => {
  const out = [join(repoRoot, "README.md")]
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name))
      else if (e.name.endsWith(".md")) out.push(join(dir, e.name))
    }
  }
  walk(join(repoRoot, "docs"))
  for (const pkg of readdirSync(join(repoRoot, "packages"))) {
    const readme = join(repoRoot, "packages", pkg, "README.md")
    try {
      readFileSync(readme)
      out.push(readme)
    } catch {
      // a package without a README: the tarball test reports that
    }
  }
  return out
}

/** The TypeScript blocks of one page, each with the line its code starts on. */
export const samplesOf = (page: string, text: string): Array<Sample> => {
  const samples: Array<Sample> = []
  const lines = text.split("\n")
  let previous = ""
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)(\s+.*)?$/.exec(lines[i]!)
    if (open === null) continue
    const indent = open[1]!.length
    const body: Array<string> = []
    let j = i + 1
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(indent))
    const own = body.join("\n")
    const info = (open[3] ?? "").trim().split(/\s+/)
    const code = info.includes("continues") ? `${previous}\n${own}` : own
    samples.push({ page, line: i + 2, code, runs: info.includes("runs") })
    previous = code
    i = j
  }
  return samples
}

const samples = markdownFiles().flatMap((file) => samplesOf(relative(repoRoot, file), readFileSync(file, "utf8")))

/**
 * The integrator guide's error tables, each checked against the union it documents: a module
 * that fails to type-check, naming the tag, when the code has an error the table lacks or the
 * table names one the code does not raise. Readers switch over these tags exhaustively.
 * The handler's table lists what it adds to the decider's errors.
 */
const errorTables = [
  { heading: "`Retro.Error` (from `Retro.decide`):", type: "Retro.Error[\"_tag\"]" },
  { heading: "The command handler adds `Store.HandleError`:", type: "Exclude<Store.HandleError[\"_tag\"], Retro.Error[\"_tag\"]>" }
] as const

/** The `_tag`s in the first column of the table after `heading`. */
export const tagsOfTable = (text: string, heading: string): Array<string> => {
  const at = text.indexOf(heading)
  if (at < 0) return []
  const tags: Array<string> = []
  let inTable = false
  for (const line of text.slice(at + heading.length).split("\n")) {
    if (line.startsWith("|")) inTable = true
    else if (inTable) break
    const tag = /^\| `(\w+)` \|/.exec(line)?.[1]
    if (tag !== undefined && tag !== "_tag") tags.push(tag)
  }
  return tags
}

const guidePage = "docs/integrator-guide.md"
const guideText = readFileSync(join(repoRoot, guidePage), "utf8")
for (const table of errorTables) {
  const listed = tagsOfTable(guideText, table.heading)
  const union = listed.length === 0 ? "never" : listed.map((t) => JSON.stringify(t)).join(" | ")
  samples.push({
    page: guidePage,
    line: guideText.slice(0, guideText.indexOf(table.heading)).split("\n").length,
    runs: false,
    code: [
      `import type { Retro, Store } from "@retrobridge/core"`,
      `type Listed = ${union}`,
      `type Declared = ${table.type}`,
      `export const everyErrorIsInTheTable: [Exclude<Declared, Listed>] extends [never] ? "yes" : { missingFromTheTable: Exclude<Declared, Listed> } = "yes"`,
      `export const everyRowIsAnError: [Exclude<Listed, Declared>] extends [never] ? "yes" : { notAnErrorOfThisType: Exclude<Listed, Declared> } = "yes"`
    ].join("\n")
  })
}

// The repository's own compiler settings (strict, exactOptionalPropertyTypes, the
// @retrobridge/source condition), minus the ones that only make sense for the repo itself.
const config = ts.getParsedCommandLineOfConfigFile(join(repoRoot, "tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: () => undefined
})!
const options: ts.CompilerOptions = { ...config.options, noUnusedLocals: false, noUnusedParameters: false, noEmit: true }

const virtualPath = (i: number) => join(repoRoot, "docs", `__sample_${i}.ts`)

const check = (): Map<number, Array<string>> => {
  const files = new Map(samples.map((s, i) => [virtualPath(i), `${s.code}\nexport {}\n`]))
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile
  host.getSourceFile = (name, languageVersion, onError) => {
    const text = files.get(name)
    return text !== undefined ? ts.createSourceFile(name, text, languageVersion, true) : getSourceFile.call(host, name, languageVersion, onError)
  }
  const fileExists = host.fileExists
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name)
  const readFile = host.readFile
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name)
  const program = ts.createProgram([...files.keys()], options, host)
  const problems = new Map<number, Array<string>>()
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const index = d.file === undefined ? -1 : [...files.keys()].indexOf(d.file.fileName)
    if (index < 0) continue
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0)
    const sample = samples[index]!
    // Report against the page: the first line of a continued block is the start of its chain.
    const message = `${sample.page} sample at line ${sample.line}, its line ${line + 1}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`
    problems.set(index, [...(problems.get(index) ?? []), message])
  }
  return problems
}

/**
 * Pages whose samples were broken when this check landed, each owned by someone fixing them
 * (see /work/coord/NOTES.md). Their problems are printed, not failed on — and a listed page
 * that has become clean fails the test, so the list only shrinks.
 */
const pending: ReadonlyMap<string, string> = new Map([])

describe("TypeScript samples in README.md and docs/", () => {
  it("finds samples to check", () => {
    expect(samples.length).toBeGreaterThan(10)
    for (const table of errorTables) expect(tagsOfTable(guideText, table.heading).length, table.heading).toBeGreaterThan(3)
  })

  it("every sample type-checks", () => {
    const problems = [...check().entries()]
    const failing = problems.filter(([i]) => !pending.has(samples[i]!.page)).flatMap(([, p]) => p)
    const tolerated = problems.filter(([i]) => pending.has(samples[i]!.page)).flatMap(([, p]) => p)
    if (tolerated.length > 0) console.warn(`docs samples still to fix (pending pages):\n${tolerated.join("\n")}`)
    expect(failing).toEqual([])
    const pagesWithProblems = new Set(problems.map(([i]) => samples[i]!.page))
    const cleanPending = [...pending.keys()].filter((page) => !pagesWithProblems.has(page))
    expect(cleanPending, "these pages are clean now: remove them from `pending`").toEqual([])
  }, 120_000)
})

describe("TypeScript samples marked `runs`", () => {
  const runnable = samples.filter((s) => s.runs)

  it("there are some", () => {
    expect(runnable.length).toBeGreaterThan(5)
  })

  // From stdin with the repository root as the working directory, so the packages resolve as they do for the examples.
  it.each(runnable.map((s) => [`${s.page}:${s.line}`, s] as const))("%s runs to the end", (_, sample) => {
    const result = spawnSync(process.execPath, ["--conditions=@retrobridge/source", "--no-warnings", "--input-type=module-typescript"], {
      cwd: repoRoot,
      input: sample.code,
      encoding: "utf8",
      timeout: 60_000
    })
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" })
  }, 70_000)
})
