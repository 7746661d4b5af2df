/**
 * Dropped connections catch up: a participant's browser goes offline while others write, the
 * server restarts mid-retro (same port, same SQLite file), and both screens come back to the
 * retro as it is now — the live stream resumes with Last-Event-ID — and survive a reload.
 */
import type { Page, Request } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, holdFacilitatorToken, joinAs, run, seedRetro } from "./support/api.ts"
import { assertClean, phaseIs, phone, projector } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

const connection = (page: Page, text: string) => page.getByTestId("connection").getByText(text, { exact: true }).waitFor()

/** The Last-Event-ID each live-stream request of a page carried (undefined on a first connect). */
const streamRequests = (page: Page): Array<string | undefined> => {
  const seen: Array<string | undefined> = []
  page.on("request", (request: Request) => {
    if (/\/retros\/[^/]+\/events$/.test(new URL(request.url()).pathname)) seen.push(request.headers()["last-event-id"])
  })
  return seen
}

describe("dropped connections", () => {
  it("a participant offline and a server restart both catch up, resuming the stream", async () => {
    const url = e2e.url()
    const retro = await seedRetro(url, "Reconnect retro")
    const retroId = retro.retroId
    const bo = await joinAs(url, retro, "Bo", "product")
    const dana = await joinAs(url, retro, "Dana", "engineering")

    // The facilitator's browser holds the token as the start page keeps it.
    const fac = await e2e.person("facilitator", { viewport: projector })
    await holdFacilitatorToken(fac.context, url, retro)
    const facStreams = streamRequests(fac.page)
    await fac.page.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(fac.page, "draft")

    const amara = await e2e.person("Amara", { viewport: phone })
    const amaraStreams = streamRequests(amara.page)
    const a = amara.page
    await a.goto(`${url}${retro.joinPath}`)
    await a.getByLabel("Your name").fill("Amara")
    await a.getByRole("radio", { name: "Product" }).check()
    await a.getByRole("button", { name: "Join the retro" }).click()
    await fac.page.getByTestId("joined-product").getByText("2", { exact: true }).waitFor()

    await advance(retro, "draft")
    await phaseIs(a, "collecting")
    await a.getByRole("button", { name: /I have read this/ }).click()
    await a.getByText("0 cards written so far").waitFor()
    await connection(a, "Live")

    // Offline: the stream drops; others keep writing meanwhile.
    await amara.context.setOffline(true)
    await connection(a, "Connection lost, reconnecting…")
    await run(bo.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs arrive after the sprint started" } }))
    await run(dana.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Flaky tests cost hours every week" } }))
    await fac.page.getByTestId("card-count").getByText("2", { exact: true }).waitFor()
    expect(await a.getByText("0 cards written so far").isVisible()).toBe(true)
    await amara.context.setOffline(false)
    await connection(a, "Live")
    await a.getByText("2 cards written so far").waitFor()
    expect(amaraStreams.length).toBeGreaterThanOrEqual(2)
    expect(amaraStreams.at(-1), "the reconnect resumes from the last view it had").toMatch(/^\d+$/)

    // The server restarts on the same port and file: both screens reconnect and catch up.
    await e2e.restartServer()
    await run(dana.retros.addCard({ params: { retroId }, payload: { prompt: "worked-well", text: "Pairing on the release went well" } }))
    await fac.page.getByTestId("card-count").getByText("3", { exact: true }).waitFor({ timeout: 45_000 })
    await a.getByText("3 cards written so far").waitFor({ timeout: 45_000 })
    await connection(a, "Live")
    await connection(fac.page, "Live")
    expect(facStreams.length, "the facilitator reconnected after the restart").toBeGreaterThanOrEqual(2)
    expect(facStreams.slice(1).every((id) => id !== undefined && /^\d+$/.test(id)), `facilitator reconnects carried Last-Event-ID: ${JSON.stringify(facStreams)}`).toBe(true)

    await advance(retro, "collecting")
    await phaseIs(a, "grouping")
    await a.getByTestId("card").getByText("Specs arrive after the sprint started").waitFor()

    // A reload keeps each person where they were: the participant in this tab, the facilitator on this device.
    await a.reload()
    await phaseIs(a, "grouping")
    expect(await a.getByRole("heading", { name: "Join the retro" }).count()).toBe(0)
    await a.getByTestId("card").getByText("Pairing on the release went well").waitFor()
    await fac.page.reload()
    await phaseIs(fac.page, "grouping")
    await fac.page.getByTestId("card").getByText("Flaky tests cost hours every week").waitFor()

    assertClean("Amara", amara)
    assertClean("the facilitator", fac)
  }, 240_000)
})
