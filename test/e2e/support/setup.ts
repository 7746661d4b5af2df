/**
 * Per test file: the built web app, one `retrobridge serve` process on a free loopback port over
 * a temporary SQLite file, and one browser; every context opened through it is checked for
 * external requests and page errors, and everything is torn down after the file.
 */
import type { Browser, BrowserContextOptions } from "playwright-core"
import { afterAll, beforeAll } from "vitest"
import { holdFacilitatorToken, holdParticipantToken, type SeededRetro } from "./api.ts"
import { assertClean, guardedContext, launchBrowser, phaseIs, phone, projector, type GuardedContext } from "./browser.ts"
import { ensureWebBuilt, freePort, startServer, tempStore, type RunningServer } from "./server.ts"

export interface E2e {
  readonly url: () => string
  readonly browser: () => Browser
  /** A new person's browser (own storage) on the server. */
  readonly person: (who: string, options?: BrowserContextOptions) => Promise<GuardedContext>
  /**
   * The facilitator's browser on the retro's screen, holding its token as the start page keeps it,
   * once the screen shows `phase` (the retro's phase when the page opens); 15 s per step.
   */
  readonly facilitator: (retro: SeededRetro, options: { readonly who?: string; readonly viewport?: BrowserContextOptions["viewport"]; readonly phase: string }) => Promise<GuardedContext>
  /**
   * A participant's browser (a phone unless said) on the retro's page, holding their token as the join
   * page keeps it, once the page shows `phase`; 15 s per step.
   */
  readonly participant: (
    retroId: string,
    who: Parameters<typeof holdParticipantToken>[2],
    options: { readonly as?: string; readonly viewport?: BrowserContextOptions["viewport"]; readonly phase: string }
  ) => Promise<GuardedContext>
  /** Stops the server and starts it again on the same port and file (the page's origin stays the same). */
  readonly restartServer: () => Promise<void>
  readonly server: () => RunningServer
}

export const useE2e = (): E2e => {
  let browser: Browser | undefined
  let server: RunningServer | undefined
  let port = 0
  const { store, remove } = tempStore()
  const people: Array<{ who: string; guarded: GuardedContext }> = []

  beforeAll(async () => {
    await ensureWebBuilt()
    port = await freePort()
    ;[server, browser] = await Promise.all([startServer(store, port), launchBrowser()])
  }, 180_000)

  afterAll(async () => {
    const errors: Array<string> = []
    for (const { who, guarded } of people) {
      try {
        assertClean(who, guarded)
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e))
      }
    }
    await browser?.close()
    const code = await server?.stop()
    remove()
    if (code !== undefined && code !== 0 && code !== null) errors.push(`the server exited with ${code}: ${server?.stderr()}`)
    if (errors.length > 0) throw new Error(errors.join("\n"))
  }, 60_000)

  const person: E2e["person"] = async (who, options) => {
    const guarded = await guardedContext(browser!, server!.url, options)
    people.push({ who, guarded })
    return guarded
  }
  return {
    url: () => server!.url,
    browser: () => browser!,
    server: () => server!,
    person,
    facilitator: async (retro, { who = "facilitator", viewport = projector, phase }) => {
      const fac = await person(who, { viewport })
      fac.page.setDefaultTimeout(15_000)
      await holdFacilitatorToken(fac.context, server!.url, retro)
      await fac.page.goto(`${server!.url}/facilitate/${retro.retroId}`)
      await phaseIs(fac.page, phase)
      return fac
    },
    participant: async (retroId, who, { as = who.name, viewport = phone, phase }) => {
      const opened = await person(as, { viewport })
      opened.page.setDefaultTimeout(15_000)
      await holdParticipantToken(opened.context, retroId, who)
      await opened.page.goto(`${server!.url}/join/${retroId}`)
      await phaseIs(opened.page, phase)
      return opened
    },
    restartServer: async () => {
      const code = await server!.stop()
      if (code !== 0) throw new Error(`the server exited with ${code} on SIGTERM: ${server!.stderr()}`)
      server = await startServer(store, port)
    }
  }
}
