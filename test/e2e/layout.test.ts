/**
 * Long words do not widen the page: a card holding a log line or a URL, and a long theme name, wrap
 * on the projector and on a phone instead of pushing the layout sideways (the facilitator's grouping
 * columns, the move and merge menus), and the start page fits a 375-px phone.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, holdFacilitatorToken, run, seedRoom } from "./support/api.ts"
import { assertClean, phaseIs, phone, projector } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

/** How far the page reaches past the viewport's width, in CSS pixels (0 when it fits). */
const overflow = (page: Page): Promise<number> =>
  page.evaluate(`document.documentElement.scrollWidth - document.documentElement.clientWidth`) as Promise<number>

const logLine = "ERROR_com.example.checkout.PaymentGatewayTimeoutExceptionWrapperHandlerFactoryImpl_at_line_4242_retry_exhausted_again_and_again"
const longTheme = "Payment gateway timeouts and the retry storms they cause in production systems every single week"

describe("layout", () => {
  it("a long unbroken word and a long theme name wrap instead of widening the page, on the projector and on a phone", async () => {
    const url = e2e.url()
    const { retro, amara, bo, dana } = await seedRoom(url, "Layout retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: logLine } }))
    await run(bo.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Flaky tests cost hours every week" } }))
    await run(dana.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: `See https://example.com/${"a".repeat(120)}` } }))
    await advance(retro, "collecting")
    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: longTheme } }))
    await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Ways of working" } }))
    const view = await run(retro.facilitator.retros.view({ params: { retroId } }))
    const first = (view.cards ?? []).find((c) => c.text === logLine)!
    await run(retro.facilitator.retros.assignCard({ params: { retroId, cardId: first.cardId }, payload: { themeId: theme.themeId } }))

    for (const viewport of [projector, phone]) {
      const fac = await e2e.person(`facilitator at ${viewport.width} px`, { viewport })
      await holdFacilitatorToken(fac.context, url, retro)
      await fac.page.goto(`${url}/facilitate/${retroId}`)
      await phaseIs(fac.page, "grouping")
      await fac.page.getByText(logLine).first().waitFor()
      expect(await overflow(fac.page), `facilitator's grouping at ${viewport.width} px`).toBeLessThanOrEqual(0)
      assertClean(`facilitator at ${viewport.width} px`, fac)
    }

    const visitor = await e2e.person("visitor on a phone", { viewport: phone })
    await visitor.page.goto(url)
    await visitor.page.getByRole("heading", { name: "Start a retro" }).waitFor()
    expect(await overflow(visitor.page), "start page at 375 px").toBeLessThanOrEqual(0)
    assertClean("visitor on a phone", visitor)
  }, 120_000)
})
