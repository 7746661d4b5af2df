/**
 * The facilitator's discussion screen on the real server over SQLite: the theme in focus can be
 * renamed there (the core allows RenameTheme while discussing, and a discussion often finds the
 * theme's real name), and the team's estimate accuracy report can be attached to the
 * "Estimates and predictability" theme by whoever facilitates (after a handover too), where the
 * facilitator and the participants then see it.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, client, estimateCsv, holdFacilitatorToken, holdParticipantToken, holdTeamToken, run, seedRoom, type SeededRetro } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { assertClean, phaseIs, phone, projector } from "./support/browser.ts"
import { focused, tabToNamed, type Focused } from "./support/keyboard.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

/** A retro in discussion: three people, one friction card per theme, one vote each on the first theme; the first person's token. */
const retroInDiscussion = async (title: string, themeNames: ReadonlyArray<string>): Promise<{ retro: SeededRetro; themeIds: ReadonlyArray<string>; amaraToken: string }> => {
  const url = e2e.url()
  const { retro, amara, bo, dana, tokens } = await seedRoom(url, title, { phase: "collecting" })
  const retroId = retro.retroId
  const people = [amara, bo, dana]
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
  return { retro, themeIds, amaraToken: tokens.amara }
}

/** Waits briefly for the focus to settle where `matches` says (as a keyboard user would), then reports where it is. */
const focusSettles = async (page: Page, matches: (f: Focused) => boolean): Promise<Focused> => {
  for (let i = 0; i < 50; i++) {
    const f = await focused(page)
    if (matches(f)) return f
    await page.waitForTimeout(100)
  }
  return focused(page)
}

describe("the facilitator's discussion screen", () => {
  it("renames the theme under discussion", async () => {
    const { retro, themeIds } = await retroInDiscussion("Rename in discussion", ["Release chaos", "Technical debt"])
    const retroId = retro.retroId
    const fac = await e2e.facilitator(retro, { phase: "discussing" })
    const f = fac.page
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

  it("attaches the team's estimate accuracy report to the estimates theme after a handover, for the room to see", async () => {
    const url = e2e.url()
    const { retro, themeIds, amaraToken } = await retroInDiscussion("Accuracy in discussion", ["estimates-predictability", "Technical debt"])
    const retroId = retro.retroId
    const admin = await client(url, retro.adminToken)
    await run(admin.estimates.importCsv({ params: { teamId: retro.teamId }, query: { defaultUnit: "days" }, payload: estimateCsv() }))

    // Browser A created the team: it holds the team's admin token next to the facilitator's. It hands facilitation over.
    const creator = await e2e.person("facilitator who created the team", { viewport: projector })
    await holdFacilitatorToken(creator.context, url, retro)
    await holdTeamToken(creator.context, url, retro, "Accuracy team")
    await creator.page.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(creator.page, "discussing")
    await creator.page.getByRole("button", { name: "Hand facilitation to someone else" }).click()
    await creator.page.getByLabel("New facilitator's name").fill("Priya")
    await creator.page.getByRole("button", { name: "Hand over now" }).click()
    const link = await creator.page.getByTestId("handover-link").inputValue()

    // Browser B holds only the new facilitator's token, never the team's.
    const fac = await e2e.person("Priya", { viewport: projector })
    const f = fac.page
    f.setDefaultTimeout(15_000)
    await f.goto(link)
    await phaseIs(f, "discussing")
    await f.getByText("Facilitated by Priya").waitFor()
    expect(await f.evaluate(`Object.keys(localStorage).filter((k) => k.startsWith("retrobridge:team:")).length`)).toBe(0)
    await f.getByRole("button", { name: "Discuss Technical debt" }).click()
    await f.getByRole("heading", { name: "Discussing: Technical debt" }).waitFor()
    // Only the estimates theme takes a report (the core's report-on-estimates-theme).
    expect(await f.getByRole("button", { name: /estimate accuracy report/ }).count()).toBe(0)
    await f.getByRole("button", { name: "Discuss Estimates and predictability" }).click()
    await f.getByRole("heading", { name: "Discussing: Estimates and predictability" }).waitFor()
    expect(await f.getByText(/browser the team was created in/).count()).toBe(0)

    // A unit the team never estimated in has nothing to show: said so, nothing attached.
    const view = async () => run((await client(url, new URLSearchParams(new URL(link).hash.slice(1)).get("facilitator")!)).retros.view({ params: { retroId } }))
    const attach = f.getByRole("button", { name: "Attach the team's estimate accuracy report" })
    await f.getByLabel("Estimates in").selectOption("points")
    await attach.click()
    await f.getByRole("alert").filter({ hasText: "no completed items in points" }).waitFor()
    expect((await view()).themes.find((t) => t.themeId === themeIds[0])?.accuracyReport).toBeUndefined()

    await f.getByLabel("Estimates in").selectOption("days")
    await attach.click()
    const shown = f.locator(".focused-theme").getByTestId("accuracy-report")
    await shown.getByText(/^36 completed items in days · ranges hit: \d+% · actual ÷ estimate \(median\): ×[\d.]+ · single-number estimates: \d+%$/).waitFor()
    await shown.getByText("Research", { exact: true }).waitFor()
    expect(await f.getByRole("alert").count()).toBe(0)
    await f.getByRole("button", { name: "Attach the latest report instead" }).waitFor()
    const attached = (await view()).themes.find((t) => t.themeId === themeIds[0])?.accuracyReport
    expect(attached?.summary.count).toBe(36)
    expect(attached?.slice).toEqual({ unit: "days", teamId: retro.teamId })
    // The same report the team's admin reads from the log.
    expect(attached).toEqual(await run(admin.estimates.accuracy({ params: { teamId: retro.teamId }, payload: { slice: { unit: "days" } } })))
    await expectAccessible(f, "facilitator: the accuracy report on the estimates theme")

    // The participants see it on the theme, with the same figures.
    const amara = await e2e.person("Amara", { viewport: projector })
    await holdParticipantToken(amara.context, retroId, { token: amaraToken, name: "Amara", side: "product", noticeRead: true })
    await amara.page.goto(`${url}/join/${retroId}`)
    await phaseIs(amara.page, "discussing")
    const theirs = amara.page.locator(`[data-testid="theme"][data-theme-id="${themeIds[0]}"]`).getByTestId("accuracy-report")
    await theirs.getByText(/^36 completed items in days/).waitFor()
    expect(await amara.page.locator(`[data-testid="theme"][data-theme-id="${themeIds[1]}"]`).getByTestId("accuracy-report").count()).toBe(0)
    await expectAccessible(amara.page, "participant: a theme with an accuracy report")
    assertClean("the facilitator who created the team", creator)
    assertClean("Priya", fac)
    assertClean("Amara", amara)
  }, 120_000)

  it("corrects and removes handoff notes and information gaps with the keyboard; the room sees the notes as they are now", async () => {
    const url = e2e.url()
    const { retro, themeIds, amaraToken } = await retroInDiscussion("Notes corrected", ["Technical debt", "Release chaos"])
    const retroId = retro.retroId
    const themeId = themeIds[0]!
    await run(retro.facilitator.retros.focusTheme({ params: { retroId }, payload: { themeId } }))
    for (const text of ["Debt is invisble at planing", "Nobody owns the debt backlog"]) {
      await run(retro.facilitator.retros.addHandoffNote({ params: { retroId, themeId }, payload: { text } }))
    }
    await run(retro.facilitator.retros.addInformationGap({ params: { retroId, themeId }, payload: { side: "product", text: "Incident cost" } }))

    const fac = await e2e.person("facilitator (keyboard)", { viewport: projector })
    const f = fac.page
    f.setDefaultTimeout(15_000)
    await holdFacilitatorToken(fac.context, url, retro)
    await f.goto(`${url}/facilitate/${retroId}`)
    await f.getByRole("heading", { name: "Discussing: Technical debt" }).waitFor()
    const amara = await e2e.person("Amara", { viewport: phone })
    await holdParticipantToken(amara.context, retroId, { token: amaraToken, name: "Amara", side: "product", noticeRead: true })
    await amara.page.goto(`${url}/join/${retroId}`)
    await amara.page.getByText("Debt is invisble at planing").waitFor()

    // Correct the typo: the field takes the focus, and the Edit control gets it back after saving.
    await tabToNamed(f, "Edit note: Debt is invisble", "button")
    await f.keyboard.press("Enter")
    expect(await focusSettles(f, (x) => x.tag === "textarea")).toMatchObject({ tag: "textarea", name: "Correct the note" })
    await f.keyboard.press("ControlOrMeta+a")
    await f.keyboard.type("Debt is invisible at planning")
    await expectAccessible(f, "facilitator: correcting a note")
    await tabToNamed(f, "Save the note", "button")
    await f.keyboard.press("Enter")
    await f.getByTestId("theme-notes").getByText("Debt is invisible at planning").waitFor()
    expect(await focusSettles(f, (x) => x.name === "Edit note: Debt is invisible at planning")).toMatchObject({ tag: "button", name: "Edit note: Debt is invisible at planning" })
    await amara.page.getByText("Debt is invisible at planning").waitFor()
    expect(await amara.page.getByText("invisble").count()).toBe(0)

    // Remove it, after saying yes: the focus goes to the note that took its place.
    await f.keyboard.press("Tab")
    expect((await focused(f)).name).toBe("Remove note: Debt is invisible at planning")
    await f.keyboard.press("Enter")
    await f.getByRole("dialog", { name: "Remove this note?" }).waitFor()
    await f.keyboard.press("Enter")
    await f.getByTestId("note").getByText("Debt is invisible at planning").waitFor({ state: "detached" })
    expect(await focusSettles(f, (x) => x.name.startsWith("Edit note: Nobody owns"))).toMatchObject({ tag: "button", name: "Edit note: Nobody owns the debt backlog" })
    await amara.page.getByText("Debt is invisible at planning").waitFor({ state: "detached" })

    // The last handoff note: the focus goes to the field that writes a new one.
    await f.keyboard.press("Tab")
    await f.keyboard.press("Enter")
    await f.getByRole("dialog", { name: "Remove this note?" }).waitFor()
    await f.keyboard.press("Enter")
    await f.getByText("Nobody owns the debt backlog").waitFor({ state: "detached" })
    expect(await focusSettles(f, (x) => x.tag === "textarea")).toMatchObject({ tag: "textarea", name: "Where is the handoff breaking down?" })

    // An information gap keeps its side; Cancel leaves it as it was, with the focus back on Edit.
    await tabToNamed(f, "Edit note: Product lacks: Incident cost", "button")
    await f.keyboard.press("Enter")
    expect(await focusSettles(f, (x) => x.tag === "textarea")).toMatchObject({ name: "Correct the note (Product lacks)" })
    await f.keyboard.type(" of the payment service")
    await tabToNamed(f, "Cancel", "button")
    await f.keyboard.press("Enter")
    expect(await focusSettles(f, (x) => x.name.startsWith("Edit note: Product lacks"))).toMatchObject({ tag: "button", name: "Edit note: Product lacks: Incident cost" })
    await f.keyboard.press("Enter")
    await f.keyboard.type(" of the payment service")
    await tabToNamed(f, "Save the note", "button")
    await f.keyboard.press("Enter")
    await amara.page.getByText("Incident cost of the payment service").waitFor()

    // Another tab corrects the gap while this one has it open: the editor says so and to what, keeps what was
    // typed here, and Cancel leaves the other correction standing instead of a save silently undoing it.
    await tabToNamed(f, "Edit note: Product lacks: Incident cost", "button")
    await f.keyboard.press("Enter")
    await f.keyboard.type(", roughly")
    const gapId = (await run(retro.facilitator.retros.view({ params: { retroId } }))).themes.find((t) => t.themeId === themeId)!.informationGaps[0]!.noteId
    await run(retro.facilitator.retros.editDiscussionNote({ params: { retroId, themeId, noteId: gapId }, payload: { text: "Incident cost per quarter" } }))
    await f.getByTestId("changed-elsewhere").getByText("“Incident cost per quarter”").waitFor()
    expect(await f.getByLabel("Correct the note (Product lacks)").inputValue()).toBe("Incident cost of the payment service, roughly")
    await expectAccessible(f, "facilitator: a note changed elsewhere while being corrected")
    await tabToNamed(f, "Cancel", "button")
    await f.keyboard.press("Enter")
    await f.getByTestId("theme-notes").getByText("Incident cost per quarter").waitFor()

    const theme = (await run(retro.facilitator.retros.view({ params: { retroId } }))).themes.find((t) => t.themeId === themeId)!
    expect(theme.handoffNotes).toEqual([])
    expect(theme.informationGaps).toMatchObject([{ side: "product", text: "Incident cost per quarter" }])
    const markdown = await run(retro.facilitator.retros.exportMarkdown({ params: { retroId } }))
    expect(markdown).toContain("Incident cost per quarter")
    expect(markdown).not.toContain("Nobody owns the debt backlog")
    assertClean("the facilitator", fac)
    assertClean("Amara", amara)
  }, 120_000)
})
