/**
 * Gaps of the first web app, closed: on the facilitator's screen a theme is split (some of its
 * cards move to a new theme), renamed and merged, from the keyboard; a participant is removed from
 * the joined list after a confirmation, and when the core refuses (the anonymity set would get too
 * small) its reason is shown. On the participant's screen a half-typed card survives a reload and
 * is never sent anywhere until it is added.
 */
import { describe, expect, it } from "vitest"
import { advance, holdFacilitatorToken, joinAs, run, seedRetro } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { phaseIs, phone, projector } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

describe("facilitator: people and themes", () => {
  it("removes a participant after confirming, shows the core's refusal, and splits, renames and merges themes by keyboard", async () => {
    const url = e2e.url()
    const retro = await seedRetro(url, "Grouping retro")
    const retroId = retro.retroId
    const amara = await joinAs(url, retro, "Amara", "product")
    const bo = await joinAs(url, retro, "Bo", "product")
    const cy = await joinAs(url, retro, "Cy", "engineering")
    await joinAs(url, retro, "Eve", "product")

    const fac = await e2e.person("facilitator", { viewport: projector })
    const f = fac.page
    // A step that cannot happen fails with its locator instead of the test's timeout.
    f.setDefaultTimeout(15_000)
    await holdFacilitatorToken(fac.context, url, retro)
    await f.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(f, "draft")
    await f.getByTestId("joined-product").getByText("3", { exact: true }).waitFor()

    // Cancel really cancels; confirming removes Eve from the list and the count.
    await f.getByRole("button", { name: "Remove Eve" }).press("Enter")
    const dialog = f.getByTestId("confirm-dialog")
    await dialog.getByRole("heading", { name: "Remove Eve from this retro?" }).waitFor()
    await dialog.getByRole("button", { name: "Cancel" }).press("Enter")
    await dialog.waitFor({ state: "detached" })
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).participantCount.product).toBe(3)
    await f.getByRole("button", { name: "Remove Eve" }).press("Enter")
    await expectAccessible(f, "facilitator: confirm removing a participant")
    await f.getByRole("button", { name: "Yes, remove Eve" }).press("Enter")
    await f.getByTestId("joined-product").getByText("2", { exact: true }).waitFor()
    await f.getByRole("button", { name: "Remove Eve" }).waitFor({ state: "detached" })
    const after = await run(retro.facilitator.retros.view({ params: { retroId } }))
    expect(after.participants?.map((p) => p.name).sort()).toEqual(["Amara", "Bo", "Cy"])

    // While cards are written, removing one of three would leave too few to hide among: refused, reason shown.
    await advance(retro, "draft")
    await phaseIs(f, "collecting")
    await f.getByRole("button", { name: "Remove Amara" }).press("Enter")
    await f.getByRole("button", { name: "Yes, remove Amara" }).press("Enter")
    const refused = f.getByTestId("remove-refused")
    await refused.waitFor()
    expect(await refused.getAttribute("role")).toBe("alert")
    const reason = await refused.innerText()
    expect(reason).toContain("Amara was not removed.")
    expect(reason).toContain("anonymity threshold")
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).participants?.length).toBe(3)

    const texts = ["Estimates read as deadlines", "Estimates padded twice", "Release notes late", "Release branch froze for a week"] as const
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: texts[0] } }))
    await run(bo.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: texts[1] } }))
    await run(cy.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: texts[2] } }))
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: texts[3] } }))
    await advance(retro, "collecting")
    const delivery = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Delivery" } }))
    for (const card of (await run(retro.facilitator.retros.view({ params: { retroId } }))).cards ?? []) {
      await run(retro.facilitator.retros.assignCard({ params: { retroId, cardId: card.cardId }, payload: { themeId: delivery.themeId } }))
    }
    await phaseIs(f, "grouping")
    const deliveryBox = f.locator(`[data-testid="theme"][data-theme-id="${delivery.themeId}"]`)
    await deliveryBox.getByTestId("theme-card").nth(3).waitFor()

    // Split: open with Enter, tick the two estimate cards with Space, name the new theme, submit.
    await f.getByRole("button", { name: "Split Delivery" }).press("Enter")
    const form = deliveryBox.getByTestId("split-form")
    await form.getByRole("group", { name: "Cards of Delivery to move to the new theme" }).waitFor()
    expect(await form.getByRole("button", { name: "Split into new theme" }).isDisabled()).toBe(true)
    await form.getByRole("checkbox", { name: texts[0] }).press("Space")
    await form.getByRole("checkbox", { name: texts[1] }).press("Space")
    await form.getByLabel("New theme's name").fill("Estimates")
    await expectAccessible(f, "facilitator: grouping, splitting a theme")
    await form.getByRole("button", { name: "Split into new theme" }).press("Enter")
    await form.waitFor({ state: "detached" })
    await f.getByRole("heading", { name: /^Estimates \(2\)/ }).waitFor()
    const split = await run(retro.facilitator.retros.view({ params: { retroId } }))
    const byName = (name: string) => split.themes.find((t) => t.name === name)
    const textsOf = (ids: ReadonlyArray<string> | undefined) => (ids ?? []).map((id) => split.cards?.find((c) => c.cardId === id)?.text).sort()
    expect(textsOf(byName("Estimates")?.cardIds)).toEqual([texts[0], texts[1]].sort())
    expect(textsOf(byName("Delivery")?.cardIds)).toEqual([texts[2], texts[3]].sort())

    // Rename the new theme.
    await f.getByRole("button", { name: "Rename Estimates" }).press("Enter")
    const newName = f.getByLabel("New name")
    await newName.fill("Estimate accuracy")
    await newName.press("Enter")
    await f.getByRole("heading", { name: /^Estimate accuracy \(2\)/ }).waitFor()

    // Merge it back into Delivery: each theme's merge control has its own name. A merge cannot be undone,
    // so it is asked first, naming both themes; Cancel (or Escape) keeps both.
    await f.getByRole("combobox", { name: /^Merge into.*Estimate accuracy/ }).selectOption({ label: "Delivery" })
    await f.getByRole("button", { name: "Merge Estimate accuracy" }).press("Enter")
    const ask = f.getByRole("dialog", { name: "Merge Estimate accuracy into Delivery?" })
    await ask.waitFor()
    expect(await ask.innerText()).toContain("The 2 cards of Estimate accuracy move over")
    await f.keyboard.press("Escape")
    await ask.waitFor({ state: "detached" })
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).themes).toHaveLength(2)
    await f.getByRole("button", { name: "Merge Estimate accuracy" }).press("Enter")
    await ask.getByRole("button", { name: "Yes, merge" }).press("Enter")
    await f.getByRole("heading", { name: /^Delivery \(4\)/ }).waitFor()
    const merged = await run(retro.facilitator.retros.view({ params: { retroId } }))
    expect(merged.themes.map((t) => [t.name, t.cardIds.length])).toEqual([["Delivery", 4]])
    await fac.context.close()
  })
})

describe("participant: card drafts", () => {
  it("keeps a half-typed card across a reload, sends it nowhere, and forgets it once added", async () => {
    const url = e2e.url()
    const retro = await seedRetro(url, "Drafts retro")
    await joinAs(url, retro, "Bo", "engineering")
    await joinAs(url, retro, "Cy", "engineering")

    const person = await e2e.person("Amara (phone)", { viewport: phone })
    const page = person.page
    page.setDefaultTimeout(15_000)
    const draft = "Half a thought about the release train"
    const bodies: Array<string> = []
    page.on("request", (request) => bodies.push(`${request.url()} ${request.postData() ?? ""}`))
    await page.goto(`${url}${retro.joinPath}`)
    await page.getByLabel("Your name").fill("Amara")
    await page.getByRole("radio", { name: "Product" }).check()
    await page.getByRole("button", { name: "Join the retro" }).click()
    await page.getByText("Waiting for the facilitator to start writing").waitFor()
    await advance(retro, "draft")
    await page.getByRole("button", { name: /I have read this/ }).click()

    const field = page.getByLabel("New card: What worked well?")
    await field.fill(draft)
    await page.getByLabel("New card: Where did friction slow us down?").fill("Second draft")
    await page.reload()
    await phaseIs(page, "collecting")
    expect(await page.getByLabel("New card: What worked well?").inputValue()).toBe(draft)
    expect(await page.getByLabel("New card: Where did friction slow us down?").inputValue()).toBe("Second draft")
    expect(bodies.filter((b) => b.includes("Half a thought") || b.includes("Second draft"))).toEqual([])

    // Added: the card is the server's now, the field and the kept draft are empty after a reload.
    await page.getByTestId("prompt-worked-well").getByRole("button", { name: "Add card" }).click()
    await page.getByTestId("my-card").getByText(draft).waitFor()
    expect(await page.getByLabel("New card: What worked well?").inputValue()).toBe("")
    await page.reload()
    await phaseIs(page, "collecting")
    await page.getByTestId("my-card").getByText(draft).waitFor()
    expect(await page.getByLabel("New card: What worked well?").inputValue()).toBe("")
    expect(await page.getByLabel("New card: Where did friction slow us down?").inputValue()).toBe("Second draft")
    expect(bodies.filter((b) => b.includes("Second draft"))).toEqual([])

    // Collection over: nothing of the unsent draft stays in the tab.
    await advance(retro, "collecting")
    await phaseIs(page, "grouping")
    // The page forgets drafts in an effect that runs after the phase is drawn, so wait for it rather than race it.
    await expect
      .poll(() => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("retrobridge:draft:"))))
      .toEqual([])
    await person.context.close()
  })
})
