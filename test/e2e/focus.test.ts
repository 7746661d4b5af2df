/**
 * A keyboard user keeps their place after an action that changes the control they pressed:
 * withdrawing a card (the card leaves the list), renaming a theme (the form closes), casting and
 * removing a dot vote (the button is briefly busy), moving on a phase, picking the theme to discuss
 * and saying one is done writing (the button is busy, or used up), extending a timebox or going on
 * without (the time-up prompt goes), showing the export (it takes the button's place). Before, the
 * focus fell to the top of the page and the next Tab started over. The only input on the screen under test is the keyboard.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, holdFacilitatorToken, joinAs, run, seedRetro, seedRoom } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { phaseIs, phone, projector } from "./support/browser.ts"
import { focused, tabTo, tabToNamed, type Focused } from "./support/keyboard.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

/** Waits briefly for the focus to settle where `matches` says (as a keyboard user would), then reports where it is. */
const focusSettles = async (page: Page, matches: (f: Focused) => boolean): Promise<Focused> => {
  for (let i = 0; i < 50; i++) {
    const f = await focused(page)
    if (matches(f)) return f
    await page.waitForTimeout(100)
  }
  return focused(page)
}

describe("keyboard focus after an action", () => {
  it("a participant's focus moves to the next card after a withdraw, to the prompt's heading after the last, and stays on the vote buttons", async () => {
    const url = e2e.url()
    const retro = await seedRetro(url, "Focus retro")
    const retroId = retro.retroId
    await joinAs(url, retro, "Bo", "engineering")
    await joinAs(url, retro, "Dana", "engineering")
    const amara = await e2e.person("Amara (keyboard)", { viewport: phone })
    const page = amara.page
    page.setDefaultTimeout(15_000)
    await page.goto(`${url}${retro.joinPath}`)
    await tabTo(page, "the name field", (f) => f.tag === "input" && f.name === "Your name")
    await page.keyboard.type("Amara")
    await tabTo(page, "the side choice", (f) => f.tag === "input" && f.type === "radio")
    await page.keyboard.press("Space")
    await tabToNamed(page, "Join the retro", "button")
    await page.keyboard.press("Enter")
    await page.getByText("Waiting for the facilitator to start writing").waitFor()
    await advance(retro, "draft")
    await tabToNamed(page, "I have read this", "button")
    await page.keyboard.press("Enter")

    const question = "Where did friction slow us down?"
    for (const text of ["First card to withdraw", "Second card stays a while"]) {
      await tabTo(page, "the friction card field", (f) => f.tag === "textarea" && f.name === `New card: ${question}`)
      await page.keyboard.type(text)
      await page.keyboard.press("Tab")
      await page.keyboard.press("Enter")
      await page.getByTestId("my-card").getByText(text).waitFor()
    }

    // Withdraw the first: once it is gone, the focus is on the card that took its place.
    await tabToNamed(page, "Withdraw card: First card", "button")
    await page.keyboard.press("Enter")
    await page.getByRole("dialog", { name: "Withdraw this card?" }).waitFor()
    await page.keyboard.press("Enter")
    await page.getByTestId("my-card").getByText("First card to withdraw").waitFor({ state: "detached" })
    const afterFirst = await focusSettles(page, (f) => f.name.startsWith("Edit card: Second card"))
    expect(afterFirst).toMatchObject({ tag: "button", name: "Edit card: Second card stays a while", visible: true })

    // Withdraw the last one of the prompt: the list is gone, the prompt's heading has the focus.
    await page.keyboard.press("Tab")
    expect((await focused(page)).name).toBe("Withdraw card: Second card stays a while")
    await page.keyboard.press("Enter")
    await page.getByRole("dialog", { name: "Withdraw this card?" }).waitFor()
    await page.keyboard.press("Enter")
    await page.getByTestId("my-card").waitFor({ state: "detached" })
    const afterLast = await focusSettles(page, (f) => f.tag === "h2")
    expect(afterLast).toMatchObject({ tag: "h2", name: question, visible: true })
    // …and the next Tab goes on from there, into the prompt's field, not from the top of the page.
    await page.keyboard.press("Tab")
    expect(await focused(page)).toMatchObject({ tag: "textarea", name: `New card: ${question}` })

    // Voting: the focus stays on the button pressed, so a second dot is one more Enter.
    await advance(retro, "collecting")
    await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning churn" } }))
    await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Release pairing" } }))
    await advance(retro, "grouping")
    await page.getByTestId("votes-left").waitFor()
    const myVotes = page.getByTestId("theme").filter({ hasText: "Planning churn" }).getByTestId("my-votes")
    await tabToNamed(page, "Vote for Planning churn", "button")
    for (const count of ["1", "2"]) {
      await page.keyboard.press("Enter")
      await myVotes.getByText(count, { exact: true }).waitFor()
      expect(await focusSettles(page, (f) => f.name === "Vote for Planning churn")).toMatchObject({ tag: "button", name: "Vote for Planning churn" })
    }
    await page.keyboard.press("Tab")
    expect((await focused(page)).name).toBe("Remove a vote from Planning churn")
    await page.keyboard.press("Enter")
    await myVotes.getByText("1", { exact: true }).waitFor()
    expect(await focusSettles(page, (f) => f.name === "Remove a vote from Planning churn")).toMatchObject({ tag: "button", name: "Remove a vote from Planning churn" })
    expect((await run(retro.facilitator.retros.view({ params: { retroId } }))).phase).toBe("voting")
    await amara.context.close()
  }, 120_000)

  it("the facilitator's focus goes back to the Rename control after renaming, while grouping and while discussing", async () => {
    const url = e2e.url()
    const { retro, amara } = await seedRoom(url, "Rename focus retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(retro, "collecting")
    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    const card = (await run(retro.facilitator.retros.view({ params: { retroId } }))).cards![0]!
    await run(retro.facilitator.retros.assignCard({ params: { retroId, cardId: card.cardId }, payload: { themeId: theme.themeId } }))

    const fac = await e2e.facilitator(retro, { who: "facilitator (keyboard)", phase: "grouping" })
    const f = fac.page

    const rename = async (from: string, to: string, heading: RegExp) => {
      await tabToNamed(f, `Rename ${from}`, "button")
      await f.keyboard.press("Enter")
      // The field takes the focus when it opens: typing starts at once.
      expect(await focusSettles(f, (x) => x.tag === "input")).toMatchObject({ tag: "input", name: "New name" })
      await f.keyboard.press("ControlOrMeta+A")
      await f.keyboard.type(to)
      await f.keyboard.press("Enter")
      await f.getByRole("heading", { name: heading }).waitFor()
      expect(await focusSettles(f, (x) => x.name === `Rename ${to}`)).toMatchObject({ tag: "button", name: `Rename ${to}`, visible: true })
    }
    await rename("Planning", "Planning churn", /^Planning churn \(1\)/)

    await advance(retro, "grouping")
    await advance(retro, "voting")
    await phaseIs(f, "discussing")
    await tabToNamed(f, "Discuss Planning churn", "button")
    await f.keyboard.press("Enter")
    await f.getByRole("heading", { name: "Discussing: Planning churn" }).waitFor()
    await rename("Planning churn", "Scope changes after planning", /^Discussing: Scope changes after planning$/)
    await fac.context.close()
  }, 120_000)

  it("buttons that are busy or used up keep the focus or hand it on: Move on, Discuss, I'm done writing", async () => {
    const url = e2e.url()
    const { retro, amara, tokens } = await seedRoom(url, "Busy focus retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))

    // Amara's "I'm done writing" is a toggle: the focus stays on it both ways.
    const writer = await e2e.participant(retroId, { token: tokens.amara, name: "Amara", side: "product", noticeRead: true }, { as: "Amara (keyboard)", phase: "collecting" })
    const w = writer.page
    await tabToNamed(w, "I'm done writing", "button")
    await w.keyboard.press("Enter")
    // The live view can flip the label before the request itself has answered; the button stays greyed out
    // (aria-disabled) until then, and a press meanwhile does nothing, so the user waits for it as this does.
    expect(await focusSettles(w, (x) => x.name === "I'm done writing ✓ (undo)" && !x.busy)).toMatchObject({ tag: "button", name: "I'm done writing ✓ (undo)", busy: false })
    await w.keyboard.press("Enter")
    expect(await focusSettles(w, (x) => x.name === "I'm done writing" && !x.busy)).toMatchObject({ tag: "button", name: "I'm done writing", busy: false })
    await writer.context.close()

    await advance(retro, "collecting")
    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    const card = (await run(retro.facilitator.retros.view({ params: { retroId } }))).cards![0]!
    await run(retro.facilitator.retros.assignCard({ params: { retroId, cardId: card.cardId }, payload: { themeId: theme.themeId } }))
    await advance(retro, "grouping")

    const fac = await e2e.facilitator(retro, { who: "facilitator (keyboard)", phase: "voting" })
    const f = fac.page

    // Confirmed in the dialog, the move is sent with the focus back on Move on, which then names the phase after.
    await tabToNamed(f, "Move on to Discussion", "button")
    await f.keyboard.press("Enter")
    expect(await focusSettles(f, (x) => x.name === "Yes, move on to Discussion")).toMatchObject({ tag: "button" })
    await f.keyboard.press("Enter")
    await phaseIs(f, "discussing")
    expect(await focusSettles(f, (x) => x.name === "Move on to Agreements")).toMatchObject({ tag: "button", name: "Move on to Agreements", visible: true })

    // "Discuss Planning" becomes the inert "Discussing": the focus goes to the discussion it opened.
    await tabToNamed(f, "Discuss Planning", "button")
    await f.keyboard.press("Enter")
    await f.getByRole("heading", { name: "Discussing: Planning" }).waitFor()
    expect(await focusSettles(f, (x) => x.tag === "h2")).toMatchObject({ tag: "h2", name: "Discussing: Planning", visible: true })
    expect(await f.evaluate(`document.activeElement.id`)).toBe("focus-h")
    await expectAccessible(f, "facilitator: discussing, focus on the theme's heading")
    await fac.context.close()
  }, 120_000)

  it("a save that fails keeps the focus on its button, and a second press while it is sent adds nothing twice", async () => {
    const url = e2e.url()
    const { retro, tokens } = await seedRoom(url, "Failed save focus retro", { phase: "collecting" })
    const retroId = retro.retroId
    const writer = await e2e.participant(retroId, { token: tokens.amara, name: "Amara", side: "product", noticeRead: true }, { as: "Amara (keyboard)", phase: "collecting" })
    const w = writer.page
    const field = w.getByRole("textbox").first()
    await field.fill("Specs changed after planning")

    // The first card request fails as a dropped connection would: the error shows and the focus stays on Add card.
    let cardRequests = 0
    await w.route((u) => u.pathname === `/retros/${retroId}/cards`, async (route) => {
      if (cardRequests++ === 0) await route.abort("internetdisconnected")
      else {
        // Slow enough that a second press lands while the first is still being sent.
        await new Promise((resolve) => setTimeout(resolve, 400))
        await route.continue()
      }
    })
    await tabToNamed(w, "Add card", "button")
    await w.keyboard.press("Enter")
    await w.getByRole("alert").filter({ hasText: "could not be reached" }).waitFor()
    expect(await focusSettles(w, (x) => x.name === "Add card")).toMatchObject({ tag: "button", name: "Add card" })

    // Pressed again at once, twice: one card.
    await w.keyboard.press("Enter")
    await w.keyboard.press("Enter")
    expect(await focusSettles(w, (x) => x.tag !== "body")).not.toMatchObject({ tag: "body" })
    await w.getByText("Specs changed after planning").first().waitFor()
    await w.waitForTimeout(800)
    const mine = (await run(retro.facilitator.retros.view({ params: { retroId } }))).cardCounts
    expect(mine).toMatchObject({ total: 1 })
    expect(cardRequests).toBe(2)
    await writer.context.close()
  }, 120_000)

  it("the focus goes to the clock when the time-up prompt goes, and to Copy Markdown when the export is shown", async () => {
    const url = e2e.url()
    const { retro, amara, tokens } = await seedRoom(url, "Prompt focus retro", { phase: "collecting" })
    const retroId = retro.retroId
    const fac = await e2e.person("facilitator (keyboard)", { viewport: projector })
    const f = fac.page
    f.setDefaultTimeout(15_000)
    await holdFacilitatorToken(fac.context, url, retro)
    await f.clock.install()
    await f.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(f, "collecting")
    await f.getByTestId("countdown").getByText("of 20 min").waitFor()

    // Extending takes the prompt away: the clock, now showing the longer timebox, has the focus…
    await f.clock.fastForward("21:00")
    const timeUp = f.getByTestId("time-up")
    await timeUp.waitFor()
    await tabToNamed(f, "Extend by 5 minutes", "button")
    await f.keyboard.press("Enter")
    await timeUp.waitFor({ state: "detached" })
    expect(await focusSettles(f, (x) => x.name.endsWith("of 25 min"))).toMatchObject({ tag: "p", name: expect.stringMatching(/^Time left .* of 25 min$/), visible: true })
    // …and the next Tab is Move on, right after it, not the top of the page.
    await f.keyboard.press("Tab")
    expect((await focused(f)).name).toBe("Move on to Grouping")

    // Going on without extending takes it away too: the focus is on the clock, which shows the overrun.
    // (The page counts on from the extension's view, whose elapsed time is the server's real one.)
    await f.clock.fastForward("26:00")
    await timeUp.waitFor()
    await tabToNamed(f, "Keep going without extending", "button")
    await f.keyboard.press("Enter")
    await timeUp.waitFor({ state: "detached" })
    expect(await focusSettles(f, (x) => x.tag === "p")).toMatchObject({ tag: "p", name: expect.stringMatching(/^Over time by/) })
    await fac.context.close()

    // A participant's "Show the Markdown export" gives way to the export: its Copy button has the focus.
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(retro, "collecting")
    await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    for (const from of ["grouping", "voting", "discussing", "agreeing"] as const) await advance(retro, from)
    const reader = await e2e.participant(retroId, { token: tokens.amara, name: "Amara", side: "product", noticeRead: true }, { as: "Amara (keyboard)", phase: "closed" })
    const r = reader.page
    await tabToNamed(r, "Show the Markdown export", "button")
    await r.keyboard.press("Enter")
    await r.getByTestId("export-markdown").waitFor()
    expect(await focusSettles(r, (x) => x.name === "Copy Markdown")).toMatchObject({ tag: "button", name: "Copy Markdown", visible: true })
    await expectAccessible(r, "participant: closed, the export shown")
    await reader.context.close()
  }, 120_000)
})

