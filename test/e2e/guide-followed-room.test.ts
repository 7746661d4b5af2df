/**
 * More of what a facilitator missed while following the facilitator's guide through two linked
 * retros (its own server, so that the file's joins stay within the per-address join limit):
 * the settings in the lobby, the new facilitator's side at a handover, the dot vote's progress,
 * and a join link opened after writing and after the close.
 */
import { describe, expect, it } from "vitest"
import { advance, joinAs, run, seedRoom } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { phaseIs, phone, projector } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

describe("following the facilitator's guide: the room, the handover, the vote, the close", () => {
  it("the settings change in the lobby, as the guide allows until writing starts", async () => {
    const url = e2e.url()
    const { retro } = await seedRoom(url, "Settings retro")
    const retroId = retro.retroId
    const fac = await e2e.facilitator(retro, { phase: "draft" })
    const f = fac.page
    const summary = f.getByTestId("settings-summary")
    expect(await summary.innerText()).toBe("Writing cards 20 · Grouping 10 · Dot vote 5 · Discussion 25 · Agreements 30 min (90 in all) · side labels from 3 people per side · 3 votes each")
    await f.getByRole("button", { name: "Change the settings" }).click()
    // The first field takes the focus as the form opens.
    expect(await f.evaluate("document.activeElement?.id")).toBe("set-collecting")
    await f.getByLabel("Grouping (min)").fill("15")
    await f.getByLabel("Anonymity threshold (3–10)").fill("4")
    await f.getByLabel("Votes per participant (1–10)").fill("5")
    await expectAccessible(f, "facilitator: lobby, changing the settings")
    await f.getByRole("button", { name: "Save the settings" }).click()
    await expect.poll(() => summary.innerText()).toBe("Writing cards 20 · Grouping 15 · Dot vote 5 · Discussion 25 · Agreements 30 min (95 in all) · side labels from 4 people per side · 5 votes each")
    // Back where the form was opened.
    expect(await f.evaluate("document.activeElement?.textContent")).toBe("Change the settings")
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).settings).toEqual({
      timeboxes: { collecting: 20, grouping: 15, voting: 5, discussing: 25, agreeing: 30 },
      anonymityThreshold: 4,
      voteBudget: 5
    })
    // The anonymity notice the participants read follows the new threshold.
    await f.getByTestId("anonymity-notice").getByText(/at least 4 people/).waitFor()

    // Another tab changes the writing time while this one has the form open: the open form shows it, and
    // saving what was typed here (the votes) keeps it instead of putting the old value back.
    await f.getByRole("button", { name: "Change the settings" }).click()
    await run(retro.facilitator.retros.changeSettings({ params: { retroId }, payload: { settings: { timeboxes: { collecting: 12 }, anonymityThreshold: 3 } } }))
    await expect.poll(() => f.getByLabel("Writing cards (min)").inputValue()).toBe("12")
    await f.getByLabel("Votes per participant (1–10)").fill("4")
    await f.getByRole("button", { name: "Save the settings" }).click()
    await expect.poll(() => summary.innerText()).toBe("Writing cards 12 · Grouping 15 · Dot vote 5 · Discussion 25 · Agreements 30 min (87 in all) · side labels from 3 people per side · 4 votes each")
    await run(retro.facilitator.retros.changeSettings({ params: { retroId }, payload: { settings: { anonymityThreshold: 4 } } }))

    // Four people now hide among at least four: one more joins, and writing starts; the settings are fixed.
    await joinAs(url, retro, "Eli", "engineering")
    await advance(retro, "draft")
    await phaseIs(f, "collecting")
    expect(await f.getByRole("button", { name: "Change the settings" }).count()).toBe(0)
    await fac.context.close()
  }, 120_000)

  it("a handover names the new facilitator's side, and the method then warns about it", async () => {
    const url = e2e.url()
    const { retro } = await seedRoom(url, "Handover side retro", { phase: "collecting" })
    const fac = await e2e.facilitator(retro, { phase: "collecting" })
    const f = fac.page
    await f.getByRole("button", { name: "Hand facilitation to someone else" }).click()
    await f.getByLabel("New facilitator's name").fill("Priya")
    expect(await f.getByLabel("Their side").inputValue()).toBe("")
    await f.getByLabel("Their side").selectOption({ label: "Engineering" })
    await expectAccessible(f, "facilitator: handing over, with the new facilitator's side")
    await f.getByRole("button", { name: "Hand over now" }).click()
    const link = await f.getByTestId("handover-link").inputValue()

    const priya = await e2e.person("Priya", { viewport: projector })
    await priya.page.goto(link)
    await phaseIs(priya.page, "collecting")
    await priya.page.getByText("Facilitated by Priya").waitFor()
    await priya.page.getByRole("region", { name: "The method advises" }).getByText(/The facilitator belongs to engineering/).waitFor()
    await fac.context.close()
    await priya.context.close()
  }, 120_000)

  it("the facilitator sees how far the dot vote is, as counts: not per theme, not who", async () => {
    const url = e2e.url()
    const { retro, amara, dana } = await seedRoom(url, "Vote progress retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(retro, "collecting")
    const planning = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    const debt = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "technical-debt" } }))
    await advance(retro, "grouping")
    const fac = await e2e.facilitator(retro, { phase: "voting" })
    const f = fac.page
    const progress = f.getByTestId("voting-progress")
    expect(await progress.innerText()).toBe("0 of 3 have placed all their dots · 0 of 9 dots placed")
    for (let i = 0; i < 3; i++) await run(amara.retros.castVote({ params: { retroId, themeId: planning.themeId } }))
    await run(dana.retros.castVote({ params: { retroId, themeId: debt.themeId } }))
    await expect.poll(() => progress.innerText()).toBe("1 of 3 have placed all their dots · 4 of 9 dots placed")
    // Still no total per theme while voting is open.
    expect(await f.getByTestId("votes").count()).toBe(0)
    await expectAccessible(f, "facilitator: dot vote with its progress")
    await fac.context.close()
  }, 120_000)

  it("a join link opened after the close says at once that the retro has closed, before anyone types a name", async () => {
    const url = e2e.url()
    const { retro, amara } = await seedRoom(url, "Closed join retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(retro, "collecting")
    const late = await e2e.person("Lee (late)", { viewport: phone })
    const page = late.page
    page.setDefaultTimeout(15_000)
    // Past writing, the link opens on what is left to know, with nothing filled in or pressed.
    await page.goto(`${url}${retro.joinPath}`)
    await page.getByRole("heading", { name: "Joining is closed", level: 1 }).waitFor()
    expect(await page.getByLabel("Your name").count()).toBe(0)
    expect(await page.title()).toBe("Joining closed — RetroBridge")

    await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    for (const from of ["grouping", "voting", "discussing", "agreeing"] as const) await advance(retro, from)
    await page.reload()
    await page.getByRole("heading", { name: "This retro has closed", level: 1 }).waitFor()
    // Nothing left to fill in or press.
    expect(await page.getByLabel("Your name").count()).toBe(0)
    expect(await page.getByRole("button").count()).toBe(0)
    expect(await page.title()).toBe("Retro closed — RetroBridge")
    await expectAccessible(page, "participant: join link of a closed retro")
    await late.context.close()
  }, 120_000)
})
