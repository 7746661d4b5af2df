import { readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..")

export interface WorkspacePackage {
  readonly name: string
  readonly dir: string
  readonly manifest: Record<string, unknown> & { readonly exports: Record<string, unknown> }
  /** Every specifier a consumer can import: the package name and each subpath export. */
  readonly entries: ReadonlyArray<string>
  readonly private: boolean
}

/** The publishable workspace packages, as listed in the root package.json. */
export const packages = (): ReadonlyArray<WorkspacePackage> => {
  const root = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { workspaces: Array<string> }
  return root.workspaces
    .map((ws) => {
      const dir = join(repoRoot, ws)
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as WorkspacePackage["manifest"] & {
        name: string
        private?: boolean
      }
      // Private workspaces (the web app) are not published and need no exports map.
      const entries = Object.keys(manifest.exports ?? {})
        .filter((k) => k !== "./package.json")
        .map((k) => (k === "." ? manifest.name : `${manifest.name}/${k.slice(2)}`))
      return { name: manifest.name, dir, manifest, entries, private: manifest.private === true }
    })
    .filter((p) => !p.private)
}
