/**
 * What a facilitator missed on the web app's screens while following the facilitator's guide
 * through two linked retros: the method's warnings after the lobby (and "closed without
 * agreements" at the close), the last retro's agreements in every phase that can review them,
 * no offer to load them for a team's first retro, and an agreement's estimate metric. More in
 * guide-followed-room.test.ts.
 */
import { describe, expect, it } from "vitest"
import { advance, holdFacilitatorToken, holdTeamToken, run, seedRetro, seedRoom, importOneAgreement } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { phaseIs, projector } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

describe("following the facilitator's guide", () => {
  it("the method's warnings stay on the facilitator's screen after the lobby, and the close says it has no agreements", async () => {
    const url = e2e.url()
    // Three people, two of them product: too small a group, and too few per side for side labels.
    const { retro, amara } = await seedRoom(url, "Warnings retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(retro, "collecting")
    const fac = await e2e.facilitator(retro, { phase: "grouping" })
    const f = fac.page
    const warnings = f.getByRole("region", { name: "The method advises" })
    await warnings.waitFor()
    expect(await warnings.innerText()).toContain("not every side has 3 (the anonymity threshold): no card shows or stores its side")
    // Nobody can join any more: the advice to invite more people is over.
    expect(await warnings.innerText()).not.toContain("the method works best with 6–10 people")
    await expectAccessible(f, "facilitator: grouping, with the method's warnings")

    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    await advance(retro, "grouping")
    await run(amara.retros.castVote({ params: { retroId, themeId: theme.themeId } }))
    for (const from of ["voting", "discussing", "agreeing"] as const) await advance(retro, from)
    await phaseIs(f, "closed")
    await expect.poll(() => warnings.innerText()).toContain("The retro closed without agreements: the next retro will have nothing to review.")
    await expectAccessible(f, "facilitator: closed without agreements")
    await fac.context.close()
  }, 120_000)

  it("a team's first retro does not offer to load earlier agreements", async () => {
    const url = e2e.url()
    const retro = await seedRetro(url, "First retro")
    const fac = await e2e.person("facilitator", { viewport: projector })
    const f = fac.page
    f.setDefaultTimeout(15_000)
    // As after the start page: this browser created the team and holds its token too, which changes nothing here.
    await holdTeamToken(fac.context, url, retro, "First team")
    await holdFacilitatorToken(fac.context, url, retro)
    await f.goto(`${url}/facilitate/${retro.retroId}`)
    await phaseIs(f, "draft")
    const followUps = f.getByTestId("follow-ups")
    await followUps.getByText("This is the team's first retro: there are no earlier agreements to review.").waitFor()
    expect(await followUps.getByRole("button", { name: "Load the previous retro's agreements" }).count()).toBe(0)
    await fac.context.close()

    // A browser without the team's token (a facilitator handed the retro) is told the same, before anything is pressed.
    const elsewhere = await e2e.facilitator(retro, { who: "facilitator elsewhere", phase: "draft" })
    const g = elsewhere.page
    const nothing = g.getByTestId("nothing-to-load")
    await nothing.waitFor()
    expect(await nothing.innerText()).toBe("This is the team's first retro: there are no earlier agreements to review.")
    expect(await g.getByTestId("follow-ups").getByRole("button").count()).toBe(0)
    await expectAccessible(g, "facilitator: lobby, nothing to load")
    await elsewhere.context.close()
    // While agreeing, when there is nothing to load any more, a first retro shows no section about it at all.
    const { retro: room, amara } = await seedRoom(url, "First retro agreeing", { phase: "collecting" })
    await run(amara.retros.addCard({ params: { retroId: room.retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(room, "collecting")
    const theme = await run(room.facilitator.retros.createTheme({ params: { retroId: room.retroId }, payload: { name: "Planning" } }))
    await advance(room, "grouping")
    await run(amara.retros.castVote({ params: { retroId: room.retroId, themeId: theme.themeId } }))
    await advance(room, "voting")
    await advance(room, "discussing")
    const later = await e2e.person("facilitator (agreeing)", { viewport: projector })
    await holdTeamToken(later.context, url, room, "First team")
    await holdFacilitatorToken(later.context, url, room)
    await later.page.goto(`${url}/facilitate/${room.retroId}`)
    await phaseIs(later.page, "agreeing")
    await later.page.getByRole("heading", { name: "Draft an agreement" }).waitFor()
    // What loading would bring is asked for once the screen is up; until it answers the section says nothing is loaded.
    await expect.poll(() => later.page.getByTestId("follow-ups").count(), { timeout: 10_000 }).toBe(0)
    await later.context.close()
  }, 120_000)

  it("the last retro's agreements can be reviewed while grouping, voting and discussing, folded away", async () => {
    const url = e2e.url()
    const { retro, amara } = await seedRoom(url, "Later review retro", { phase: "collecting" })
    const retroId = retro.retroId
    await importOneAgreement(retro)
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(retro, "collecting")
    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    const fac = await e2e.facilitator(retro, { phase: "grouping" })
    const f = fac.page
    const followUps = f.getByTestId("follow-ups")
    const summary = followUps.locator("summary")
    expect(await summary.innerText()).toBe("Last retro's agreements: 0 of 1 reviewed")
    // Folded: the themes keep the projector until the facilitator opens it.
    expect(await followUps.getByLabel("Evidence").isVisible()).toBe(false)
    await summary.click()
    await followUps.getByLabel("Outcome").selectOption({ label: "Partly kept" })
    await followUps.getByLabel("Evidence").fill("9 of 12 dates in the planning doc had ranges")
    await followUps.getByRole("button", { name: "Record review" }).click()
    await expect.poll(() => summary.innerText()).toBe("Last retro's agreements: 1 of 1 reviewed")
    await expectAccessible(f, "facilitator: grouping, last retro's agreements opened")

    await advance(retro, "grouping")
    await phaseIs(f, "voting")
    await followUps.getByText(/Partly kept — 9 of 12 dates/).waitFor({ state: "attached" })
    await run(amara.retros.castVote({ params: { retroId, themeId: theme.themeId } }))
    await advance(retro, "voting")
    await phaseIs(f, "discussing")
    await summary.waitFor()
    // Reviewing again replaces the outcome, as the guide says.
    if (!(await followUps.getByLabel("Evidence").isVisible())) await summary.click()
    await followUps.getByLabel("Outcome").selectOption({ label: "Kept" })
    await followUps.getByLabel("Evidence").fill("All 12 dates had ranges by the end of the quarter")
    await followUps.getByRole("button", { name: "Record review" }).click()
    await followUps.getByText(/Kept — All 12 dates/).waitFor()
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).followUps[0]?.outcome).toBe("kept")
    await expectAccessible(f, "facilitator: discussing, last retro's agreements")
    await fac.context.close()
  }, 120_000)

  it("an agreement names the estimate metric it will be checked against, from a template or chosen", async () => {
    const url = e2e.url()
    const { retro, amara } = await seedRoom(url, "Metric retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Estimates became promises" } }))
    await advance(retro, "collecting")
    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "estimates-predictability" } }))
    await advance(retro, "grouping")
    await run(amara.retros.castVote({ params: { retroId, themeId: theme.themeId } }))
    await advance(retro, "voting")
    await advance(retro, "discussing")
    const fac = await e2e.facilitator(retro, { phase: "agreeing" })
    const f = fac.page
    const metric = f.getByLabel("Estimate metric to check it against (optional)")
    expect(await metric.inputValue()).toBe("")
    // The method's range-estimates template names the hit rate, as the guide's table says.
    await f.getByLabel("Start from one of the method's templates").selectOption({ label: "Range estimates, communicated as ranges" })
    expect(await metric.inputValue()).toBe("hitRate")
    // Single numbers should become rarer: the facilitator picks that metric instead.
    await metric.selectOption({ label: "Single-point share (lower is better)" })
    await f.getByText("✓ Bilateral, observable and time-boxed.").waitFor()
    await expectAccessible(f, "facilitator: an agreement with an estimate metric")
    await f.getByRole("button", { name: "Accept the agreement" }).click()
    await f.getByTestId("agreement-metric").getByText("Single-point share").waitFor()
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).agreements.map((a) => a.metric)).toEqual(["singlePointShare"])
    // The form starts over without one.
    expect(await metric.inputValue()).toBe("")
    await fac.context.close()
  }, 120_000)
})

