/**
 * A new card is limited to 2,000 characters. Near the limit the participant sees how many are
 * used (announced politely, not on every key), and a paste that did not fit is said to have
 * been cut instead of losing its end silently. An edited card has the same limit, so its field
 * counts and warns the same way.
 */
import { describe, expect, it } from "vitest"
import { run, seedRoom } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

describe("participant: a card's length", () => {
  it("shows the count near the limit and says when a paste was cut", async () => {
    const url = e2e.url()
    const { retro, tokens } = await seedRoom(url, "Card length retro", { phase: "collecting" })
    const retroId = retro.retroId
    const amara = await e2e.participant(retroId, { token: tokens.amara, name: "Amara", side: "product", noticeRead: true }, { phase: "collecting" })
    const a = amara.page
    await amara.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url })
    const prompt = a.getByTestId("prompt-friction")
    const field = prompt.getByRole("textbox")
    const count = prompt.getByTestId("card-length")

    // Far from the limit: no counter.
    await field.fill("Specs changed after planning")
    expect(await count.count()).toBe(0)

    // Close to it: the count, tied to the field, in a polite live region.
    await field.fill("x".repeat(1950))
    await count.waitFor()
    expect(await count.innerText()).toBe("1,950 / 2,000")
    const describedBy = (await field.getAttribute("aria-describedby")) ?? ""
    expect(describedBy.split(" ")).toContain(await count.getAttribute("id"))
    expect(await prompt.locator("[aria-live=polite]").count()).toBeGreaterThan(0)

    // A paste that does not fit: the field holds 2,000 characters and says the rest was left out.
    await a.evaluate(`navigator.clipboard.writeText(${JSON.stringify("y".repeat(120))})`)
    await field.focus()
    await field.press("End")
    await field.press("ControlOrMeta+V")
    const cut = prompt.getByTestId("paste-cut")
    await cut.waitFor()
    expect(await field.inputValue()).toHaveLength(2000)
    expect(await count.innerText()).toBe("2,000 / 2,000")
    expect(await cut.innerText()).toContain("70 characters")
    await expectAccessible(a, "participant: a card at its length limit")

    // Typing again (here: deleting) clears the note; adding the card clears the count.
    await field.press("Backspace")
    await cut.waitFor({ state: "detached" })
    await prompt.getByRole("button", { name: "Add card" }).click()
    await prompt.getByTestId("my-card").waitFor()
    expect(await count.count()).toBe(0)
  })

  it("counts an edited card the same way, near its limit and when a paste is cut", async () => {
    const url = e2e.url()
    const { retro, tokens, amara: amaraClient } = await seedRoom(url, "Edit length retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amaraClient.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    const amara = await e2e.participant(retroId, { token: tokens.amara, name: "Amara", side: "product", noticeRead: true }, { phase: "collecting" })
    const a = amara.page
    await amara.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url })
    const card = a.getByTestId("my-card")
    await card.getByRole("button", { name: /^Edit card/ }).click()
    const field = card.getByLabel("Edit your card")
    const count = card.getByTestId("card-length")
    expect(await count.count()).toBe(0)

    await field.fill("z".repeat(1950))
    await count.waitFor()
    expect(await count.innerText()).toBe("1,950 / 2,000")
    expect(((await field.getAttribute("aria-describedby")) ?? "").split(" ")).toContain(await count.getAttribute("id"))
    expect(await card.locator("[aria-live=polite]").count()).toBeGreaterThan(0)

    await a.evaluate(`navigator.clipboard.writeText(${JSON.stringify("y".repeat(120))})`)
    await field.focus()
    await field.press("End")
    await field.press("ControlOrMeta+V")
    const cut = card.getByTestId("paste-cut")
    await cut.waitFor()
    expect(await field.inputValue()).toHaveLength(2000)
    expect(await count.innerText()).toBe("2,000 / 2,000")
    expect(await cut.innerText()).toContain("70 characters")
    await expectAccessible(a, "participant: an edited card at its length limit")

    await card.getByRole("button", { name: "Save" }).click()
    await card.getByLabel("Edit your card").waitFor({ state: "detached" })
    expect(await card.getByTestId("card-length").count()).toBe(0)
    expect(await card.getByTestId("paste-cut").count()).toBe(0)
    expect(await a.getByTestId("my-card").locator(".card-text").innerText()).toHaveLength(2000)
  })
})

