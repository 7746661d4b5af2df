/**
 * Serves the reference web app (`@retrobridge/web`'s Vite build) next to the
 * API: the app's pages at `/`, `/join/…`, `/facilitate/…`, `/team/…`, and its
 * hashed files under `/assets/`.
 *
 * The files are read once at start-up (the build is a few hundred KB) and
 * answered from memory. Pages get their own Content-Security-Policy — the
 * API's `default-src 'none'` would stop the app's own scripts — which still
 * allows nothing but this origin: no inline script, no CDN, no font host.
 *
 * @since 0.1.0
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, extname, join, relative, resolve } from "node:path"
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

const checkoutWebDir = resolve(import.meta.dirname, "../../web/dist")
const shippedWebDir = resolve(import.meta.dirname, "../web")

/** The `name` in the package.json of `dir`, if it has one. */
const packageNameOf = (dir: string): string | undefined => {
  try {
    const name = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { readonly name?: unknown }).name
    return typeof name === "string" ? name : undefined
  } catch {
    return undefined
  }
}

const hasBuild = (dir: string): boolean => existsSync(join(dir, "index.html"))

/**
 * Where the web app's build is, by default. In a RetroBridge checkout, the web
 * app's own build (packages/web/dist): the freshest one, rebuilt by `npm start`.
 * Otherwise — installed from npm — the copy this package ships in its `web/`
 * (made by `npm run build`). In a checkout with neither, the checkout's: the
 * page at `/` then says to build it.
 *
 * @since 0.1.0
 */
export const defaultWebDir = hasBuild(checkoutWebDir) ||
    (!hasBuild(shippedWebDir) && packageNameOf(dirname(checkoutWebDir)) === "@retrobridge/web")
  ? checkoutWebDir
  : shippedWebDir

/**
 * Why `dir` cannot be served as the web app, in one sentence for an operator
 * who named it (`--web-dir`), or `undefined` when it holds a build.
 */
export const webDirProblem = (dir: string): string | undefined => {
  if (hasBuild(dir)) return undefined
  const shown = resolve(dir)
  const what = existsSync(shown) ? `holds no index.html` : `does not exist`
  return `The web app directory ${shown} (--web-dir) ${what}: give the directory of a web app build, the one with index.html in it, or --no-web to serve the API only.`
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8"
}

/** The Content-Security-Policy of the app's pages and files. @since 0.1.0 */
export const webAppCsp = (frameAncestors: ReadonlyArray<string>): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length === 0 ? "'none'" : frameAncestors.join(" ")}`
  ].join("; ")

interface WebFile {
  readonly body: Uint8Array
  readonly contentType: string
}

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })

/**
 * The page at `/` when `dir` holds no build. What to do depends on whose directory it is: a
 * checkout's web app package is built there; an installed server package ships its copy, so
 * one without it is a broken install, where "build it" would be no advice at all.
 */
const missingPage = (dir: string): string => {
  const owner = packageNameOf(dirname(dir))
  const advice = owner === "@retrobridge/web"
    ? `Run <code>npm run build</code> (or <code>npm start</code>, which builds it) in the RetroBridge checkout, then reload.`
    : owner === "@retrobridge/server"
    ? `This installation of <code>@retrobridge/server</code> is missing the copy of the app its package ships (its <code>web/</code> directory): reinstall the package, or start the server with <code>--web-dir</code> naming a build of the app.`
    : `The directory the server was given for it holds no <code>index.html</code>: start the server with <code>--web-dir</code> naming a build of the app, or with <code>--no-web</code>.`
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>RetroBridge</title>
<h1>The web app is not here</h1><p>${advice} The API works without it.</p></html>`
}

/**
 * The web app's routes, or a page that says how to build it when `dir` holds no build.
 *
 * @since 0.1.0
 */
export const layerWebApp = (options: { readonly dir: string; readonly frameAncestors: ReadonlyArray<string> }): Layer.Layer<never, never, HttpRouter.HttpRouter> =>
  HttpRouter.use(Effect.fnUntraced(function*(router) {
    const csp = webAppCsp(options.frameAncestors)
    const files = new Map<string, WebFile>()
    const indexPath = join(options.dir, "index.html")
    if (existsSync(indexPath)) {
      for (const path of walk(options.dir)) {
        const urlPath = "/" + relative(options.dir, path).split("\\").join("/")
        files.set(urlPath, { body: readFileSync(path), contentType: contentTypes[extname(path)] ?? "application/octet-stream" })
      }
    }
    const index = files.get("/index.html")
    const page = Effect.succeed(
      index === undefined
        ? HttpServerResponse.text(missingPage(options.dir), { status: 503, contentType: "text/html; charset=utf-8", headers: { "content-security-policy": csp, "cache-control": "no-store" } })
        : HttpServerResponse.uint8Array(index.body, {
          contentType: index.contentType,
          // The page names the hashed files of the current build: always revalidate it.
          headers: { "content-security-policy": csp, "cache-control": "no-cache" }
        })
    )
    const file = Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const path = decodeURIComponent(request.url.split("?")[0]!.split("#")[0]!)
      const found = files.get(path)
      if (found === undefined || path === "/index.html") {
        return HttpServerResponse.jsonUnsafe({ code: "route-not-found", message: "No such file of the web app. Reload the page: the app may have been rebuilt.", details: {} }, { status: 404 })
      }
      return HttpServerResponse.uint8Array(found.body, {
        contentType: found.contentType,
        headers: {
          "content-security-policy": csp,
          // Vite puts a content hash in every name under /assets/: such a file never changes.
          "cache-control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "public, max-age=3600"
        }
      })
    })
    yield* router.add("GET", "/", page)
    yield* router.add("GET", "/join/*", page)
    yield* router.add("GET", "/facilitate/*", page)
    yield* router.add("GET", "/team/*", page)
    yield* router.add("GET", "/assets/*", file)
    for (const path of files.keys()) {
      if (!path.startsWith("/assets/") && path !== "/index.html") yield* router.add("GET", path as `/${string}`, file)
    }
  }))
