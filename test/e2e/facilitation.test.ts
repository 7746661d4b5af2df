/**
 * What retro users ask other tools for, on the facilitator's screen: a confirmation before a
 * phase changes (cancel really cancels), a prompt when a timebox runs out — extend it, or go
 * on knowingly with the overrun shown — and handing facilitation to someone else mid-retro
 * (the new link works, the old token stops working). The page's clock is moved forward
 * (Playwright's clock) rather than waiting twenty real minutes. And with reduced motion asked
 * for, nothing on the screen transitions or animates.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, holdFacilitatorToken, outcome, run, seedRoom } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { assertClean, phaseIs, projector } from "./support/browser.ts"
import { screenshot } from "./support/screenshots.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

/** Elements that would move: a non-zero transition or animation, as computed. */
const moving = (page: Page): Promise<Array<string>> =>
  page.evaluate(`[...document.querySelectorAll("*")].filter((el) => {
    const style = getComputedStyle(el)
    const seconds = (list) => list.split(",").map((d) => parseFloat(d) * (d.trim().endsWith("ms") ? 0.001 : 1))
    const transitions = style.transitionProperty !== "none" && seconds(style.transitionDuration).some((d) => d > 0)
    const animations = style.animationName !== "none" && seconds(style.animationDuration).some((d) => d > 0)
    return transitions || animations
  }).map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""))`) as Promise<Array<string>>

describe("facilitation", () => {
  it("honours reduced motion: nothing moves when the system asks for less motion", async () => {
    const still = await e2e.person("reduced motion", { viewport: projector, reducedMotion: "reduce" })
    const moves = await e2e.person("full motion", { viewport: projector, reducedMotion: "no-preference" })
    for (const p of [still.page, moves.page]) {
      await p.goto(e2e.url())
      await p.getByRole("heading", { name: "Start a retro" }).waitFor()
    }
    // With motion allowed the app does animate something, so the check below can see motion.
    expect((await moving(moves.page)).length).toBeGreaterThan(0)
    expect(await moving(still.page)).toEqual([])
    await still.context.close()
    await moves.context.close()
  })

  it("confirms phase changes, prompts when time is up, and hands facilitation over", async () => {
    const url = e2e.url()
    const { retro, dana } = await seedRoom(url, "Facilitation retro")
    const retroId = retro.retroId

    const fac = await e2e.person("facilitator", { viewport: projector })
    const f = fac.page
    await holdFacilitatorToken(fac.context, url, retro)
    await f.clock.install()
    await f.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(f, "draft")

    // Cancelling the confirmation leaves the phase alone; confirming moves on.
    await f.getByRole("button", { name: "Move on to Writing cards" }).click()
    await f.getByRole("dialog").getByText("Phases never go back.").waitFor()
    await f.getByRole("dialog").getByRole("button", { name: "Cancel" }).click()
    await f.getByRole("dialog").waitFor({ state: "detached" })
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).phase).toBe("draft")
    // The focus goes back to the button that opened the question, not to the top of the page.
    await f.waitForFunction(`document.activeElement?.textContent === "Move on to Writing cards"`, undefined, { timeout: 2_000 }).catch(() => undefined)
    expect(await f.evaluate(`document.activeElement?.textContent ?? ""`)).toBe("Move on to Writing cards")
    await f.getByRole("button", { name: "Move on to Writing cards" }).click()
    await f.getByRole("dialog").getByRole("button", { name: "Yes, move on to Writing cards" }).click()
    await phaseIs(f, "collecting")
    await f.getByTestId("countdown").getByText("of 20 min").waitFor()

    // Twenty-one minutes later the 20-minute part is over: the facilitator is asked.
    await f.clock.fastForward("21:00")
    const timeUp = f.getByTestId("time-up")
    await timeUp.getByRole("heading", { name: /^Time is up for Writing cards/ }).waitFor()
    await expectAccessible(f, "facilitator with the time-up prompt")
    await screenshot(f, "facilitator-time-up")
    await timeUp.getByRole("button", { name: "Extend by 5 minutes" }).click()
    await timeUp.waitFor({ state: "detached" })
    await f.getByTestId("countdown").getByText("of 25 min").waitFor()
    const extended = await run(retro.facilitator.retros.view({ params: { retroId } }))
    expect(extended.clock?.timeboxMs).toBe(25 * 60_000)

    // Out of time again (the server's clock counts real time since the phase started, and the
    // page counts on from each view it receives): going on without extending shows the overrun.
    await f.clock.fastForward("26:00")
    await timeUp.waitFor()
    await timeUp.getByRole("button", { name: "Keep going without extending" }).click()
    await timeUp.waitFor({ state: "detached" })
    await f.locator('[data-testid="countdown"][data-overrun="true"]').getByText("Over time by").waitFor()

    // Handing over: a link for the new facilitator; this device's access ends at once.
    await f.getByRole("button", { name: "Hand facilitation to someone else" }).click()
    await f.getByLabel("New facilitator's name").fill("Priya")
    await f.getByRole("button", { name: "Hand over now" }).click()
    const link = await f.getByTestId("handover-link").inputValue()
    expect(link).toMatch(new RegExp(`^${url}/facilitate/${retroId}#`))
    await expectAccessible(f, "facilitator after handing over")
    const old = await outcome(retro.facilitator.retros.view({ params: { retroId } }))
    expect(old).toBe("retro-not-found")

    const priya = await e2e.person("Priya", { viewport: projector })
    await priya.page.goto(link)
    await phaseIs(priya.page, "collecting")
    await priya.page.getByText("Facilitated by Priya").waitFor()
    expect(priya.page.url()).not.toContain("#")
    await run(dana.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Handover did not lose my card" } }))
    await priya.page.getByTestId("card-count").getByText("1", { exact: true }).waitFor()
    await priya.page.getByRole("button", { name: "Move on to Grouping" }).click()
    await priya.page.getByRole("dialog").getByRole("button", { name: "Yes, move on to Grouping" }).click()
    await phaseIs(priya.page, "grouping")
    await priya.page.getByTestId("card").getByText("Handover did not lose my card").waitFor()

    // The old facilitator's device, reloaded, holds nothing any more; a tab that still held the
    // old token is told its access ended.
    await f.reload()
    await f.getByRole("heading", { name: "No facilitator access on this device" }).waitFor()
    const staleTab = await fac.context.newPage()
    await staleTab.goto(`${url}/facilitate/${retroId}`)
    await staleTab.getByRole("heading", { name: "Facilitator access ended" }).waitFor()
    expect(await outcome(retro.facilitator.retros.advancePhase({ params: { retroId }, payload: { from: "grouping" } }))).toBe("retro-not-found")

    assertClean("the facilitator", fac)
    assertClean("Priya", priya)
  }, 240_000)

  it("a confirmation left open in another tab is dropped once the phase moves on, instead of moving it on again", async () => {
    const url = e2e.url()
    const { retro } = await seedRoom(url, "Two tabs retro")
    const retroId = retro.retroId
    // The projector and the facilitator's laptop: two tabs holding the same token.
    const fac = await e2e.person("facilitator", { viewport: projector })
    await holdFacilitatorToken(fac.context, url, retro)
    const projectorTab = fac.page
    const laptopTab = await fac.context.newPage()
    for (const page of [projectorTab, laptopTab]) {
      await page.goto(`${url}/facilitate/${retroId}`)
      await phaseIs(page, "draft")
    }
    // The laptop opens the confirmation and leaves it; the projector moves on meanwhile.
    await laptopTab.getByRole("button", { name: "Move on to Writing cards" }).click()
    await laptopTab.getByRole("dialog").waitFor()
    await projectorTab.getByRole("button", { name: "Move on to Writing cards" }).click()
    await projectorTab.getByRole("dialog").getByRole("button", { name: "Yes, move on to Writing cards" }).click()
    await phaseIs(laptopTab, "collecting")
    // The laptop's question was about a phase that is over: it is gone, and nothing moved twice.
    await laptopTab.getByRole("dialog").waitFor({ state: "detached" })
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).phase).toBe("collecting")
    await laptopTab.close()
    assertClean("the facilitator", fac)
  }, 120_000)

  it("withdrawing an agreement is asked first, naming it; Cancel keeps it", async () => {
    const url = e2e.url()
    const { retro, amara } = await seedRoom(url, "Withdraw retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Estimates are read as deadlines" } }))
    await advance(retro, "collecting")
    await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "estimates-predictability" } }))
    for (const from of ["grouping", "voting", "discussing"] as const) await advance(retro, from)
    const statement = "Engineers share a range with every estimate"
    await run(retro.facilitator.retros.acceptAgreement({
      params: { retroId },
      payload: {
        agreement: {
          statement,
          commitments: [{ side: "engineering", text: "Give a best/likely/worst range" }, { side: "product", text: "Quote the range to stakeholders" }],
          signal: "Every roadmap item shows a range in the weekly update",
          reviewBy: "2026-12-31"
        }
      }
    }))
    const fac = await e2e.person("facilitator", { viewport: projector })
    await holdFacilitatorToken(fac.context, url, retro)
    const f = fac.page
    await f.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(f, "agreeing")
    const withdraw = f.getByRole("button", { name: `Withdraw agreement 1: ${statement}` })
    await withdraw.click()
    const dialog = f.getByRole("dialog", { name: "Withdraw this agreement?" })
    await dialog.getByText(statement).waitFor()
    await dialog.getByRole("button", { name: "Cancel" }).click()
    await dialog.waitFor({ state: "detached" })
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).agreements).toHaveLength(1)
    await withdraw.click()
    await dialog.getByRole("button", { name: "Yes, withdraw it" }).click()
    await withdraw.waitFor({ state: "detached" })
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).agreements).toHaveLength(0)
    assertClean("the facilitator", fac)
  }, 120_000)
})
