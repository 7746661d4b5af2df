/**
 * Debian's chromium driven by playwright-core (a browser download cannot work on these
 * machines; `.ci/run` installs the package with apt-get), and browser contexts that fail the
 * test on any request to a host other than the server under test.
 */
import { existsSync } from "node:fs"
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core"

export const chromiumPath = process.env["RETROBRIDGE_CHROMIUM"] ?? "/usr/bin/chromium"

/**
 * One browser per test file. playwright-core gives every launch a fresh temporary
 * --user-data-dir of its own (and refuses one in `args`). Without the background-networking
 * flags chromium calls home at start, which this machine's closed network refuses — noise,
 * and slow.
 */
export const launchBrowser = (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No chromium at ${chromiumPath}: install Debian's package (apt-get install -y chromium), as .ci/run does, or set RETROBRIDGE_CHROMIUM.`)
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--disable-extensions"
    ]
  })
}

/** A projector and a phone, the two screens the issue names. */
export const projector = { width: 1280, height: 800 } as const
export const phone = { width: 375, height: 812 } as const

export interface GuardedContext {
  readonly context: BrowserContext
  readonly page: Page
  /** Requests this context made to any origin but the server's (each one fails the test at `assertClean`). */
  readonly externalRequests: Array<string>
  /** Uncaught page errors and console errors. */
  readonly pageErrors: Array<string>
}

/**
 * A fresh context (its own storage, like a separate person's browser) with one page. Every
 * request to another origin is recorded and aborted: the app must bundle its fonts and scripts.
 */
export const guardedContext = async (
  browser: Browser,
  serverUrl: string,
  options: BrowserContextOptions = {}
): Promise<GuardedContext> => {
  const origin = new URL(serverUrl).origin
  const context = await browser.newContext({ reducedMotion: "reduce", locale: "en-GB", timezoneId: "UTC", ...options })
  // CI runs these beside the rest of the suite on two cores: a step may wait long, never forever.
  context.setDefaultTimeout(60_000)
  const externalRequests: Array<string> = []
  const pageErrors: Array<string> = []
  await context.route((url) => isExternal(url, origin), async (route) => {
    externalRequests.push(`${route.request().method()} ${route.request().url()}`)
    await route.abort("blockedbyclient")
  })
  context.on("weberror", (error) => pageErrors.push(String(error.error())))
  const page = await context.newPage()
  return { context, page, externalRequests, pageErrors }
}

const isExternal = (url: URL, origin: string): boolean =>
  !(url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:" || url.origin === origin)

/** Fails when a context reached outside the server or threw an uncaught error. */
export const assertClean = (who: string, guarded: GuardedContext): void => {
  if (guarded.externalRequests.length > 0) {
    throw new Error(`${who}'s page requested other hosts (the app must make no external request):\n  ${guarded.externalRequests.join("\n  ")}`)
  }
  if (guarded.pageErrors.length > 0) {
    throw new Error(`${who}'s page threw:\n  ${guarded.pageErrors.join("\n  ")}`)
  }
}

/** Waits until the page shows the retro in `phase` (the phase steps' current step). */
export const phaseIs = (page: Page, phase: string): Promise<void> =>
  page.locator(`[data-testid="phase"][data-phase="${phase}"]`).waitFor()
