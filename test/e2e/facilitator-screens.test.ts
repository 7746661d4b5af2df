/**
 * What the facilitator's screens show at each step, found missing by following the facilitator's
 * guide through a whole retro: the join link while cards are written (latecomers may still join),
 * each card's prompt (and side, where shown) while grouping, and "1 vote" in the singular.
 */
import { describe, expect, it } from "vitest"
import { advance, importOneAgreement, run, seedRoom } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { phaseIs } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

describe("the facilitator's screens", () => {
  it("keep the join link while cards are written, show each card's prompt while grouping, and count 1 vote", async () => {
    const url = e2e.url()
    const { retro, amara, dana } = await seedRoom(url, "Screens retro", { phase: "collecting" })
    const retroId = retro.retroId
    const fac = await e2e.facilitator(retro, { phase: "collecting" })
    const f = fac.page
    expect(await f.getByTestId("join-link").inputValue()).toBe(`${url}${retro.joinPath}`)

    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "worked-well", text: "Feature flags let us ship the checkout in slices" } }))
    await run(dana.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(retro, "collecting")
    await phaseIs(f, "grouping")
    const worked = f.getByTestId("card").filter({ hasText: "Feature flags let us ship" })
    await expect.poll(() => worked.locator(".card-meta").innerText()).toContain("What worked well?")
    expect(await f.getByTestId("card").filter({ hasText: "Specs changed" }).locator(".card-meta").innerText()).toContain("Where did friction slow us down?")
    await expectAccessible(f, "facilitator: grouping, cards with their prompts")

    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    const cards = (await run(retro.facilitator.retros.view({ params: { retroId } }))).cards!
    await run(retro.facilitator.retros.assignCard({ params: { retroId, cardId: cards.find((c) => c.text.startsWith("Specs"))!.cardId }, payload: { themeId: theme.themeId } }))
    await advance(retro, "grouping")
    await run(amara.retros.castVote({ params: { retroId, themeId: theme.themeId } }))
    await advance(retro, "voting")
    await phaseIs(f, "discussing")
    await expect.poll(() => f.getByTestId("votes").first().innerText()).toBe("1 vote")
    await fac.context.close()
  }, 120_000)

  it("offer the suggester's runners-up as buttons beside its first proposal, and one puts the card there", async () => {
    const url = e2e.url()
    const { retro, amara } = await seedRoom(url, "Runners-up retro", { phase: "collecting" })
    const retroId = retro.retroId
    // A card about two frictions at once: the estimate that was missed, and the requirements that moved.
    const text = "The estimate was blown because requirements kept changing after the deadline was promised"
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text } }))
    await advance(retro, "collecting")
    const card = (await run(retro.facilitator.retros.view({ params: { retroId } }))).cards![0]!
    const proposals = card.suggestion!.proposals
    expect(proposals.length, "the suggester proposes more than one theme for this card").toBeGreaterThan(1)
    const runnerUp = proposals[1]!.name

    const fac = await e2e.facilitator(retro, { phase: "grouping" })
    const f = fac.page
    const alternatives = f.getByTestId("card").getByRole("group", { name: "Other proposals" })
    expect(await alternatives.getByRole("button").count()).toBe(proposals.length - 1)
    // Each says what it rests on, against the first proposal's score.
    expect(await alternatives.textContent()).toMatch(/% of the first's score/)
    await expectAccessible(f, "facilitator grouping with the runners-up")
    await alternatives.getByRole("button", { name: `Other proposal: ${runnerUp}` }).click()
    await f.getByRole("heading", { name: "Cards to group (0)" }).waitFor()
    const themes = (await run(retro.facilitator.retros.view({ params: { retroId } }))).themes
    expect(themes.map((t) => ({ name: t.name, cards: t.cardIds.length }))).toEqual([{ name: runnerUp, cards: 1 }])
    await fac.context.close()
  }, 90_000)

  it("offer the last retro's agreements while cards are written, each with its signal and review date", async () => {
    const url = e2e.url()
    const { retro } = await seedRoom(url, "Follow-up retro", { phase: "collecting" })
    await importOneAgreement(retro)
    const fac = await e2e.facilitator(retro, { phase: "collecting" })
    const f = fac.page
    const followUps = f.getByTestId("follow-ups")
    await followUps.getByText("Roadmap dates are ranges").waitFor()
    expect(await followUps.getByTestId("follow-up-terms").innerText()).toBe("Signal: Every roadmap date in the planning doc has a range · Review by: 2026-09-30")
    // Reviewed here, with the signal as the evidence to look for.
    await followUps.getByLabel("Outcome").selectOption({ label: "Kept" })
    await followUps.getByLabel("Evidence").fill("All 12 dates in the planning doc had ranges")
    await followUps.getByRole("button", { name: "Record review" }).click()
    await followUps.getByText(/Kept — All 12 dates/).waitFor()
    await expectAccessible(f, "facilitator: writing cards, last retro's agreements")
    await fac.context.close()
  }, 120_000)
})
