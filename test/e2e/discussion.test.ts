/**
 * The facilitator's discussion screen on the real server over SQLite: the theme in focus can be
 * renamed there (the core allows RenameTheme while discussing, and a discussion often finds the
 * theme's real name), and the team's estimate accuracy report can be attached to the
 * "Estimates and predictability" theme, where the facilitator and the participants then see it.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, holdFacilitatorToken, joinAs, run, seedRetro, type SeededRetro } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { assertClean, projector } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

const phaseIs = (page: Page, phase: string) => page.locator(`[data-testid="phase"][data-phase="${phase}"]`).waitFor()

/** A retro in discussion: three people, one friction card per theme, one vote each on the first theme. */
const retroInDiscussion = async (title: string, themeNames: ReadonlyArray<string>): Promise<{ retro: SeededRetro; themeIds: ReadonlyArray<string> }> => {
  const url = e2e.url()
  const retro = await seedRetro(url, title)
  const retroId = retro.retroId
  const people = [await joinAs(url, retro, "Amara", "product"), await joinAs(url, retro, "Bo", "product"), await joinAs(url, retro, "Dana", "engineering")]
  await advance(retro, "draft")
  for (const [i, name] of themeNames.entries()) {
    await run(people[i % people.length]!.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: `A card about ${name}` } }))
  }
  await advance(retro, "collecting")
  const themeIds: Array<string> = []
  for (const name of themeNames) themeIds.push((await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name } }))).themeId)
  for (const card of (await run(retro.facilitator.retros.view({ params: { retroId } }))).cards ?? []) {
    const index = themeNames.findIndex((name) => card.text === `A card about ${name}`)
    await run(retro.facilitator.retros.assignCard({ params: { retroId, cardId: card.cardId }, payload: { themeId: themeIds[index]! } }))
  }
  await advance(retro, "grouping")
  for (const person of people) await run(person.retros.castVote({ params: { retroId, themeId: themeIds[0]! } }))
  await advance(retro, "voting")
  return { retro, themeIds }
}

describe("the facilitator's discussion screen", () => {
  it("renames the theme under discussion", async () => {
    const url = e2e.url()
    const { retro, themeIds } = await retroInDiscussion("Rename in discussion", ["Release chaos", "Technical debt"])
    const retroId = retro.retroId
    const fac = await e2e.person("facilitator", { viewport: projector })
    const f = fac.page
    f.setDefaultTimeout(15_000)
    await holdFacilitatorToken(fac.context, url, retro)
    await f.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(f, "discussing")
    await f.getByRole("button", { name: "Discuss Release chaos" }).click()
    await f.getByRole("heading", { name: "Discussing: Release chaos" }).waitFor()

    // The discussion showed what the theme is really about: rename it where it is discussed.
    await f.getByRole("button", { name: "Rename Release chaos" }).click()
    const field = f.getByRole("textbox", { name: "New name" })
    await field.fill("Release readiness")
    await expectAccessible(f, "facilitator: renaming the theme under discussion")
    await field.press("Enter")
    await f.getByRole("heading", { name: "Discussing: Release readiness" }).waitFor()
    await f.getByTestId("theme").filter({ hasText: "Release readiness" }).getByTestId("votes").waitFor()
    const renamed = await run(retro.facilitator.retros.view({ params: { retroId } }))
    expect(renamed.themes.find((t) => t.themeId === themeIds[0])?.name).toBe("Release readiness")
    expect(renamed.focus?.themeId).toBe(themeIds[0])

    // The core's refusal is shown where the name was typed: theme names stay apart.
    await f.getByRole("button", { name: "Rename Release readiness" }).click()
    await field.fill("Technical debt")
    await field.press("Enter")
    await f.getByRole("alert").filter({ hasText: /Technical debt/ }).waitFor()
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).themes.map((t) => t.name).sort()).toEqual(["Release readiness", "Technical debt"])
    await f.getByRole("button", { name: "Cancel" }).click()
    await f.getByRole("button", { name: "Rename Release readiness" }).waitFor()
    assertClean("the facilitator", fac)
  }, 120_000)
})
