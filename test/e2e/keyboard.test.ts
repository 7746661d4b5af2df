/**
 * A participant completes their whole part of the retro with the keyboard alone — join, pick a
 * side, read the anonymity notice, write, edit and withdraw cards, say they are done, vote —
 * on the real server over SQLite. The only input is keyboard.press/type: no click, no fill.
 * The rest of the room (the facilitator, two others) acts through the API.
 */
import { describe, expect, it } from "vitest"
import { advance, joinAs, run, seedRetro } from "./support/api.ts"
import { assertClean } from "./support/browser.ts"
import { focused, tabTo, tabToNamed } from "./support/keyboard.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

describe("keyboard only", () => {
  it("a participant joins, writes, edits, withdraws, is done and votes without a pointer", async () => {
    const url = e2e.url()
    const retro = await seedRetro(url, "Keyboard retro")
    const retroId = retro.retroId
    const bo = await joinAs(url, retro, "Bo", "engineering")
    await joinAs(url, retro, "Dana", "engineering")

    const amara = await e2e.person("Amara (keyboard)")
    const page = amara.page
    await page.goto(`${url}${retro.joinPath}`)
    await page.getByRole("heading", { name: "Join the retro" }).waitFor()

    // The participant's first load as it crossed the wire: the server gzips the app's files.
    const loaded = await page.evaluate(`[...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
      .map((e) => ({ name: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize }))`) as Array<{ name: string; encoded: number; decoded: number }>
    const scripts = loaded.filter((e) => e.name.endsWith(".js"))
    expect(scripts.length).toBeGreaterThan(0)
    for (const script of scripts) expect(script.encoded, script.name).toBeLessThan(script.decoded / 2)
    expect(loaded.reduce((sum, e) => sum + e.encoded, 0)).toBeLessThan(250 * 1024)

    // Join: name, side (a radio group: Tab in, arrows to choose), submit with Enter.
    await tabTo(page, "the name field", (f) => f.tag === "input" && f.name === "Your name")
    await page.keyboard.type("Amara")
    await tabTo(page, "the side choice", (f) => f.tag === "input" && f.type === "radio")
    await page.keyboard.press("Space")
    const side = await focused(page)
    expect(side.name).toBe("Product")
    await tabToNamed(page, "Join the retro", "button")
    await page.keyboard.press("Enter")
    await page.getByText("Waiting for the facilitator to start writing").waitFor()

    const joined = await run(retro.facilitator.retros.view({ params: { retroId } }))
    expect(joined.participantCount).toEqual({ product: 1, engineering: 2 })

    // Collection starts; the notice comes first, acknowledged with the keyboard.
    await advance(retro, "draft")
    await tabToNamed(page, "I have read this", "button")
    await page.keyboard.press("Enter")

    const write = async (question: string, text: string) => {
      await tabTo(page, `the card field for "${question}"`, (f) => f.tag === "textarea" && f.name === `New card: ${question}`)
      await page.keyboard.type(text)
      await page.keyboard.press("Tab")
      expect((await focused(page)).name).toBe("Add card")
      await page.keyboard.press("Enter")
      await page.getByTestId("my-card").getByText(text).waitFor()
    }
    await write("Where did friction slow us down?", "Specs changed after planning twice")
    await write("What worked well?", "Pairing on the checkout release")
    await write("What do you wish the other side understood better?", "A draft card to withdraw")

    // Edit the first card: select its text and type over it, save with Enter on Save.
    await tabToNamed(page, "Edit card: Specs changed", "button")
    await page.keyboard.press("Enter")
    // The edit field takes the focus: typing starts at once, without tabbing from the top of the page.
    await page.getByRole("textbox", { name: "Edit your card" }).waitFor()
    await page.waitForFunction(`document.activeElement?.tagName === "TEXTAREA"`, undefined, { timeout: 2_000 }).catch(() => undefined)
    expect(await focused(page)).toMatchObject({ tag: "textarea", name: "Edit your card" })
    await page.keyboard.press("ControlOrMeta+A")
    await page.keyboard.type("Specs changed after sprint planning, twice in October")
    await tabToNamed(page, "Save", "button")
    await page.keyboard.press("Enter")
    await page.getByTestId("my-card").getByText("Specs changed after sprint planning, twice in October").waitFor()
    // …and goes back to the card it was on.
    await page.waitForFunction(`(document.activeElement?.getAttribute("aria-label") ?? "").startsWith("Edit card:")`, undefined, { timeout: 2_000 }).catch(() => undefined)
    expect((await focused(page)).name).toMatch(/^Edit card: Specs changed after sprint planning/)

    // Withdraw the third: asked first (it cannot be undone); Escape keeps the card, Enter on the answer withdraws it.
    await tabToNamed(page, "Withdraw card: A draft card", "button")
    await page.keyboard.press("Enter")
    await page.getByRole("dialog", { name: "Withdraw this card?" }).waitFor()
    await page.keyboard.press("Escape")
    await page.getByRole("dialog").waitFor({ state: "detached" })
    expect(await page.getByTestId("my-card").getByText("A draft card to withdraw").count()).toBe(1)
    // The focus is back on the Withdraw button the question came from.
    await page.waitForFunction(`(document.activeElement?.getAttribute("aria-label") ?? "").startsWith("Withdraw card: A draft card")`, undefined, { timeout: 2_000 }).catch(() => undefined)
    expect((await focused(page)).name).toMatch(/^Withdraw card: A draft card/)
    await page.keyboard.press("Enter")
    await page.getByRole("dialog", { name: "Withdraw this card?" }).waitFor()
    expect((await focused(page)).name).toBe("Yes, withdraw it")
    await page.keyboard.press("Enter")
    await page.getByTestId("my-card").getByText("A draft card to withdraw").waitFor({ state: "detached" })

    await tabToNamed(page, "I'm done writing", "button")
    await page.keyboard.press("Enter")
    await page.getByRole("button", { name: /I'm done writing ✓/ }).waitFor()

    // The facilitator sees two cards and one person done — a count, never who.
    await run(bo.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Estimates are read as deadlines" } }))
    const during = await run(retro.facilitator.retros.view({ params: { retroId } }))
    expect(during.cardCounts.total).toBe(3)
    expect((during as unknown as { readyCheck?: { ready: number } }).readyCheck?.ready).toBe(1)

    // Reveal, one theme, voting: the participant votes twice from the keyboard.
    await advance(retro, "collecting")
    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning churn" } }))
    const other = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Release pairing" } }))
    const revealed = await run(retro.facilitator.retros.view({ params: { retroId } }))
    for (const card of revealed.cards ?? []) {
      const themeId = card.prompt === "worked-well" ? other.themeId : theme.themeId
      await run(retro.facilitator.retros.assignCard({ params: { retroId, cardId: card.cardId }, payload: { themeId } }))
    }
    await advance(retro, "grouping")
    await page.getByTestId("votes-left").waitFor()
    // One worked-well card went to "Release pairing": "1 card", not "1 cards".
    expect(await page.locator(`[data-theme-id="${other.themeId}"] .theme-meta`).innerText()).toMatch(/^1 card · /)
    for (let i = 0; i < 2; i++) {
      await tabToNamed(page, "Vote for Planning churn", "button")
      await page.keyboard.press("Enter")
      await page.locator(`[data-theme-id="${theme.themeId}"]`).getByTestId("my-votes").getByText(String(i + 1), { exact: true }).waitFor()
    }
    await advance(retro, "voting")
    const closed = await run(retro.facilitator.retros.view({ params: { retroId } }))
    expect(closed.themes.find((t) => t.themeId === theme.themeId)?.votes).toBe(2)
    await page.getByTestId("phase").and(page.locator("[data-phase=discussing]")).waitFor()
    assertClean("Amara", amara)
  })
})
