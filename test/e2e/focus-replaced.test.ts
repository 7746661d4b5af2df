/**
 * A keyboard user keeps their place when what they pressed, or the form they were in, leaves the
 * page: loading the last retro's agreements, accepting an agreement, closing the retro, the lobby's
 * settings form once another tab starts writing, the participant's anonymity notice, and the join
 * form once joining is over. Before, the focus fell to the top of the page (document.body) and the
 * next Tab started over. The only input on the screen under test is the keyboard.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, client, joinAs, run, seedRoom, type SeededRetro } from "./support/api.ts"
import { phaseIs, phone } from "./support/browser.ts"
import { focused, tabTo, tabToNamed, type Focused } from "./support/keyboard.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

const focusSettles = async (page: Page, matches: (f: Focused) => boolean): Promise<Focused> => {
  for (let i = 0; i < 50; i++) {
    const f = await focused(page)
    if (matches(f)) return f
    await page.waitForTimeout(100)
  }
  return focused(page)
}

/** Whether the focus is on the screen's phase name (the facilitator's "where we are now"). */
const onPhaseName = (page: Page): Promise<unknown> => page.evaluate(`document.activeElement?.getAttribute("data-testid")`)

/** A retro with one card and one theme, in `agreeing`. */
const toAgreeing = async (url: string, title: string) => {
  const room = await seedRoom(url, title, { phase: "collecting" })
  const retroId = room.retro.retroId
  await run(room.amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
  await advance(room.retro, "collecting")
  const theme = await run(room.retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
  await advance(room.retro, "grouping")
  await run(room.amara.retros.castVote({ params: { retroId, themeId: theme.themeId } }))
  await advance(room.retro, "voting")
  await advance(room.retro, "discussing")
  return room
}

describe("keyboard focus when the pressed control or its form leaves the page", () => {
  it("the facilitator's focus goes to the draft's heading after Accept, to the phase after closing, to the loaded agreements' heading, and to the phase when writing starts elsewhere", async () => {
    const url = e2e.url()
    const { retro } = await toAgreeing(url, "Replaced focus retro")
    const fac = await e2e.facilitator(retro, { who: "facilitator (keyboard)", phase: "agreeing" })
    const f = fac.page

    // Accepting empties the form, whose Accept is then unavailable: the focus goes to the form's heading.
    await tabTo(f, "the template choice", (x) => x.tag === "select" && x.name === "Start from one of the method's templates")
    // The templates arrive from the API after the screen: a keyboard user choosing one waits for them to be listed.
    await f.locator("#template option").nth(1).waitFor({ state: "attached" })
    await f.keyboard.press("ArrowDown")
    await f.getByText("✓ Bilateral, observable and time-boxed.").waitFor()
    const statement = await f.getByLabel("What we agree").inputValue()
    await tabToNamed(f, "Accept the agreement", "button")
    await f.keyboard.press("Enter")
    await f.getByTestId("agreement").getByText(statement).waitFor()
    expect(await focusSettles(f, (x) => x.tag === "h2")).toMatchObject({ tag: "h2", name: "Draft an agreement", visible: true })
    await f.keyboard.press("Tab")
    expect(await focused(f)).toMatchObject({ tag: "select", name: "Start from one of the method's templates" })

    // Closing takes Move on off the page: the focus goes to the phase's name, "Closed".
    await tabToNamed(f, "Move on to Closed", "button")
    await f.keyboard.press("Enter")
    expect(await focusSettles(f, (x) => x.name === "Yes, move on to Closed")).toMatchObject({ tag: "button" })
    await f.keyboard.press("Enter")
    await phaseIs(f, "closed")
    expect(await focusSettles(f, (x) => x.tag === "p" && x.name === "Closed")).toMatchObject({ tag: "p", name: "Closed", visible: true })
    expect(await onPhaseName(f)).toBe("phase")
    await fac.context.close()

    // The team's next retro: its load button gives way to the loaded agreement, whose section's heading has the focus.
    const admin = await client(url, retro.adminToken)
    const created = await run(admin.teams.createRetro({
      params: { teamId: retro.teamId },
      payload: { title: "Replaced focus retro, next quarter", trigger: "quarterly", date: "2027-01-10", facilitatorName: "Sam" }
    }))
    const next: SeededRetro = { ...retro, ...created, facilitator: await client(url, created.facilitatorToken) }
    const later = await e2e.facilitator(next, { who: "facilitator (keyboard, next retro)", phase: "draft" })
    const g = later.page
    await tabToNamed(g, "Load the agreement of the retro of 2026-10-01", "button")
    await g.keyboard.press("Enter")
    await g.getByTestId("follow-ups").getByText(statement).waitFor()
    expect(await focusSettles(g, (x) => x.tag === "h2")).toMatchObject({ tag: "h2", name: "Last retro's agreements", visible: true })

    // Writing started in another tab while the settings form is open: the form goes, the focus goes to the phase's name.
    await tabToNamed(g, "Change the settings", "button")
    await g.keyboard.press("Enter")
    expect(await focusSettles(g, (x) => x.tag === "input")).toMatchObject({ tag: "input" })
    await joinAs(url, next, "Amara", "product")
    await joinAs(url, next, "Bo", "product")
    await joinAs(url, next, "Dana", "engineering")
    await advance(next, "draft")
    await phaseIs(g, "collecting")
    expect(await focusSettles(g, (x) => x.tag === "p")).toMatchObject({ tag: "p", name: expect.stringMatching(/^Writing cards/), visible: true })
    expect(await onPhaseName(g)).toBe("phase")
    await later.context.close()
  }, 150_000)

  it("the participant's focus goes to the first prompt after the notice, and to the news when joining is over", async () => {
    const url = e2e.url()
    const { retro, amara, tokens } = await seedRoom(url, "Participant replaced focus retro", { phase: "collecting" })
    const retroId = retro.retroId

    // "I have read this — start writing" gives way to the prompts: the first one's heading, then its field.
    const writer = await e2e.participant(retroId, { token: tokens.amara, name: "Amara", side: "product" }, { as: "Amara (keyboard)", phase: "collecting" })
    const w = writer.page
    await tabToNamed(w, "I have read this", "button")
    await w.keyboard.press("Enter")
    const question = "What worked well?"
    expect(await focusSettles(w, (x) => x.tag === "h2")).toMatchObject({ tag: "h2", name: question, visible: true })
    await w.keyboard.press("Tab")
    expect(await focused(w)).toMatchObject({ tag: "textarea", name: `New card: ${question}` })
    await writer.context.close()

    // A join refused because writing ended meanwhile (the link's check went unanswered): the news has the focus.
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    const late = await e2e.person("Lee (keyboard)", { viewport: phone })
    const l = late.page
    l.setDefaultTimeout(15_000)
    await l.route((u) => u.pathname === `/retros/${retroId}/participants/check`, (route) => route.abort("internetdisconnected"))
    await l.goto(`${url}${retro.joinPath}`)
    await tabTo(l, "the name field", (x) => x.tag === "input" && x.name === "Your name")
    await l.keyboard.type("Lee")
    await tabTo(l, "the side choice", (x) => x.tag === "input" && x.type === "radio")
    await l.keyboard.press("Space")
    await advance(retro, "collecting")
    await tabToNamed(l, "Join the retro", "button")
    await l.keyboard.press("Enter")
    await l.getByRole("heading", { name: "Joining is closed" }).waitFor()
    expect(await focusSettles(l, (x) => x.tag === "h1")).toMatchObject({ tag: "h1", name: "Joining is closed", visible: true })
    await late.context.close()

    // The link of a closed retro: the check's answer replaces the form, and takes the focus with it.
    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    await advance(retro, "grouping")
    await run(amara.retros.castVote({ params: { retroId, themeId: theme.themeId } }))
    for (const from of ["voting", "discussing", "agreeing"] as const) await advance(retro, from)
    const closed = await e2e.person("Kim (keyboard)", { viewport: phone })
    const k = closed.page
    k.setDefaultTimeout(15_000)
    await k.goto(`${url}${retro.joinPath}`)
    await k.getByRole("heading", { name: "This retro has closed" }).waitFor()
    expect(await focusSettles(k, (x) => x.tag === "h1")).toMatchObject({ tag: "h1", name: "This retro has closed", visible: true })
    await closed.context.close()
  }, 150_000)
})
