/**
 * Builds the package in the current directory: `tsc -p tsconfig.build.json` into dist/,
 * one .js + .d.ts (+ maps) per source file, with every call made while a module is
 * loaded marked `/* @__PURE__ *\/`.
 *
 * Why not a bundle: with one file per module and `"sideEffects": false`, a consumer's
 * bundler drops every module the consumer does not use. Why the annotations: a module
 * that IS used still runs its top-level `Schema.Struct(...)`, `Schema.TaggedError()(...)`
 * calls, which a bundler must assume have side effects — so everything they reference
 * stays too. Marking them pure at build time (instead of by hand in every source file)
 * lets the bundler drop unused schemas, classes and the modules only they use.
 * Only calls in top-level initializers, class heritage clauses and static fields are
 * marked; nothing inside a function body, and no top-level expression statement.
 *
 *   node ../../scripts/build-package.ts                  (the `build` script of every package)
 *   node scripts/build-package.ts packages/core …        (or --workspaces: every workspace, in order: `npm run build`)
 *   node ../../scripts/build-package.ts --check          (every package's `prepack`: fails when dist/ was
 *                                                        not built from the sources the package holds now)
 *
 * A build records what it was built from in dist/.built-from (a SHA-256 of the config and every
 * source file); `--check` compares. Without it, `npm pack` and `npm publish` shipped whatever
 * dist/ was there: JavaScript from before the latest commits, next to the src/ of the commits.
 */
import { createHash } from "node:crypto"
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"


const annotate = (context: ts.TransformationContext) => {
  const markCalls = (node: ts.Node): ts.Node => {
    // Function bodies run later (or never): their calls are not load-time side effects.
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return node
    const visited = ts.visitEachChild(node, markCalls, context)
    if (ts.isCallExpression(visited) || ts.isNewExpression(visited)) {
      ts.addSyntheticLeadingComment(visited, ts.SyntaxKind.MultiLineCommentTrivia, " @__PURE__ ", false)
    }
    return visited
  }
  const markExpression = <T extends ts.Node>(node: T): T => markCalls(node) as T

  const markClass = <C extends ts.ClassDeclaration | ts.ClassExpression>(node: C): C => {
    const heritage = node.heritageClauses?.map((clause) =>
      clause.token === ts.SyntaxKind.ExtendsKeyword
        ? context.factory.updateHeritageClause(clause, clause.types.map((t) =>
          context.factory.updateExpressionWithTypeArguments(t, markExpression(t.expression), t.typeArguments)
        ))
        : clause
    )
    const members = node.members.map((member) =>
      ts.isPropertyDeclaration(member) && member.initializer !== undefined &&
        member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)
        ? context.factory.updatePropertyDeclaration(
          member,
          member.modifiers,
          member.name,
          member.questionToken ?? member.exclamationToken,
          member.type,
          markExpression(member.initializer)
        )
        : member
    )
    return (ts.isClassDeclaration(node)
      ? context.factory.updateClassDeclaration(node, node.modifiers, node.name, node.typeParameters, heritage, members)
      : context.factory.updateClassExpression(node, node.modifiers, node.name, node.typeParameters, heritage, members)) as C
  }

  const markInitializer = (expression: ts.Expression): ts.Expression =>
    ts.isClassExpression(expression) ? markClass(expression) : markExpression(expression)

  return (file: ts.SourceFile): ts.SourceFile =>
    context.factory.updateSourceFile(
      file,
      file.statements.map((statement) => {
        if (ts.isVariableStatement(statement)) {
          return context.factory.updateVariableStatement(
            statement,
            statement.modifiers,
            context.factory.updateVariableDeclarationList(
              statement.declarationList,
              statement.declarationList.declarations.map((d) =>
                d.initializer === undefined
                  ? d
                  : context.factory.updateVariableDeclaration(d, d.name, d.exclamationToken, d.type, markInitializer(d.initializer))
              )
            )
          )
        }
        if (ts.isClassDeclaration(statement)) return markClass(statement)
        return statement
      })
    )
}

// Declaration files of dependencies (effect above all) are parsed once and shared by every
// package built in this process: `npm run build` builds all workspaces in one run.
const sharedSourceFiles = new Map<string, ts.SourceFile>()

const readConfig = (packageDir: string): ts.ParsedCommandLine => {
  const configPath = resolve(packageDir, "tsconfig.build.json")
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
    }
  })
  if (parsed === undefined) throw new Error(`cannot read ${configPath}`)
  return parsed
}

const builtFromFile = (packageDir: string, parsed: ts.ParsedCommandLine) =>
  join(resolve(packageDir, parsed.options.outDir ?? "dist"), ".built-from")

/** What a build of the package reads of its own: the config and every source file, by path and content. */
const sourcesHash = (packageDir: string, parsed: ts.ParsedCommandLine): string => {
  const hash = createHash("sha256")
  hash.update(JSON.stringify(parsed.options))
  for (const file of [...parsed.fileNames].sort()) {
    hash.update(`\0${relative(packageDir, file)}\0`)
    hash.update(readFileSync(file))
  }
  return hash.digest("hex")
}

/** Whether dist/ was built from the sources the package holds now; prints why not. */
const check = (packageDir: string): boolean => {
  const parsed = readConfig(packageDir)
  const recorded = builtFromFile(packageDir, parsed)
  const built = existsSync(recorded) ? readFileSync(recorded, "utf8").trim() : undefined
  if (built === sourcesHash(packageDir, parsed)) return true
  process.stderr.write(built === undefined
    ? `${packageDir} has no build (dist/.built-from is missing): run npm run build at the repository root before packing\n`
    : `${packageDir}: dist/ was built from other sources than src/ holds now (a source changed since the build): run npm run build at the repository root before packing\n`)
  return false
}

/** Builds one package; returns false (after printing them) on diagnostics. */
const build = (packageDir: string): boolean => {
  const parsed = readConfig(packageDir)
  // Taken before compiling: a source saved during the build makes the record stale, not wrong.
  const sources = sourcesHash(packageDir, parsed)

  rmSync(resolve(packageDir, parsed.options.outDir ?? "dist"), { recursive: true, force: true })
  const host = ts.createCompilerHost(parsed.options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    // Only immutable inputs: files under node_modules (workspace packages resolve to their real
    // paths under packages/, whose dist/ changes as the build goes).
    if (!fileName.includes("/node_modules/")) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate)
    const format = typeof languageVersionOrOptions === "object" ? `${languageVersionOrOptions.languageVersion}:${languageVersionOrOptions.impliedNodeFormat}` : String(languageVersionOrOptions)
    const key = `${format}:${fileName}`
    const cached = sharedSourceFiles.get(key)
    if (cached !== undefined) return cached
    const file = getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate)
    if (file !== undefined) sharedSourceFiles.set(key, file)
    return file
  }
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host, projectReferences: parsed.projectReferences ?? [] })
  const emitted = program.emit(undefined, undefined, undefined, false, { before: [annotate] })
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]
  if (diagnostics.length === 0) {
    writeFileSync(builtFromFile(packageDir, parsed), `${sources}\n`)
    return true
  }
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => packageDir,
    getNewLine: () => "\n"
  }))
  return false
}

// No arguments: the package in the current directory. Otherwise each directory given, in order
// (dependencies first), stopping at the first that fails.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const checkOnly = process.argv.includes("--check")
const args = process.argv.slice(2).filter((a) => a !== "--check")
const packageDirs = args[0] === "--workspaces"
  ? (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { workspaces: Array<string> }).workspaces.map((w) => join(repoRoot, w))
    // The web app (packages/web) is bundled by Vite, not compiled module by module: it has no tsconfig.build.json.
    .filter((dir) => existsSync(join(dir, "tsconfig.build.json")))
  : args.length > 0
  ? args.map((d) => resolve(d))
  : [process.cwd()]
if (checkOnly) {
  // Only reads: `npm pack` of several packages may run at once (the packaging tests).
  // Every package is checked, not only up to the first stale one: one run names all that need a build.
  process.exit(packageDirs.map(check).every(Boolean) ? 0 : 1)
}
for (const dir of packageDirs) {
  const started = performance.now()
  const ok = build(dir)
  process.stderr.write(`${ok ? "built" : "FAILED"} ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
  if (!ok) process.exit(1)
}
