/**
 * A whole retro in a real browser on the real server over SQLite: one facilitator on a
 * projector-sized screen and three participants in their own browsers (one on a 375-px phone).
 * Create, join, write, reveal, group, vote, discuss, agree, close, export — and along the way:
 * nobody's page shows, or receives over the network, another participant's card before the
 * reveal; axe-core finds no serious or critical violation on any screen; each phase is
 * photographed for docs/facilitator-guide.md; no page asks another host for anything.
 */
import { readFileSync } from "node:fs"
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { csvHeader, estimateCsv } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { assertClean, phaseIs, phone, projector, type GuardedContext } from "./support/browser.ts"
import { recordResponses, type NetworkRecorder } from "./support/network.ts"
import { screenshot } from "./support/screenshots.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

interface Person {
  readonly name: string
  readonly side: "Product" | "Engineering"
  readonly cards: ReadonlyArray<readonly [question: string, text: string]>
  readonly guarded: GuardedContext
  readonly page: Page
  readonly network: NetworkRecorder
}

/** The facilitator moves on, through the confirmation (phases never go back). */
const moveOn = async (page: Page, to: string, phase: string) => {
  await page.getByRole("button", { name: `Move on to ${to}` }).click()
  const dialog = page.getByRole("dialog")
  await dialog.waitFor()
  await dialog.getByRole("button", { name: `Yes, move on to ${to}` }).click()
  await phaseIs(page, phase)
}

/** A theme's box, found by its heading (its text also holds other themes' names, in the move menus). */
const theme = (page: Page, name: string) =>
  page.getByTestId("theme").filter({ has: page.getByRole("heading", { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`) }) })

const pageText = async (page: Page) => `${await page.locator("body").innerText()}\n${await page.content()}`

describe("a whole retro in the browser", () => {
  it("one facilitator and three participants run the retro from creation to export", async () => {
    const url = e2e.url()

    // --- The facilitator creates the team and the retro. -------------------------------------
    const fac = await e2e.person("facilitator", { viewport: projector, acceptDownloads: true })
    const facNet = await recordResponses(fac.context, fac.page)
    const f = fac.page
    await f.goto(url)
    await f.getByRole("heading", { name: "Start a retro" }).waitFor()
    await f.getByTestId("method-advice").waitFor()
    await expectAccessible(f, "start page")
    await f.getByLabel("Team name").fill("Checkout")
    await f.getByLabel("Title").fill("Checkout Q4 retro")
    await f.getByLabel("Your name").fill("Nora")
    await screenshot(f, "facilitator-1-create")
    await f.getByRole("button", { name: "Create the retro" }).click()
    await f.waitForURL(/\/facilitate\//)
    await phaseIs(f, "draft")
    const joinLink = await f.getByTestId("join-link").inputValue()
    expect(joinLink).toMatch(new RegExp(`^${url}/join/[^#]+#.+`))

    // --- Three participants join by the link, each in their own browser. ----------------------
    const join = async (name: string, side: Person["side"], cards: Person["cards"], viewport: { width: number; height: number } = projector): Promise<Person> => {
      const guarded = await e2e.person(name, { viewport })
      const network = await recordResponses(guarded.context, guarded.page)
      const page = guarded.page
      await page.goto(joinLink)
      await page.getByRole("heading", { name: "Join the retro" }).waitFor()
      return { name, side, cards, guarded, page, network }
    }
    const amara = await join("Amara", "Product", [
      ["Where did friction slow us down?", "Specs changed after sprint planning twice"],
      ["What worked well?", "Feature flags let us ship the checkout in small slices"]
    ], phone)
    const bo = await join("Bo", "Product", [
      ["Where did friction slow us down?", "Our estimates are read as deadlines by sales"],
      ["What do you wish the other side understood better?", "A missed launch date costs us a partner commitment"]
    ])
    const dana = await join("Dana", "Engineering", [
      ["Where did friction slow us down?", "We hear about tech debt only when a deadline is at risk"],
      ["What do you wish the other side understood better?", "An estimate is a range, not a promise"]
    ])
    const people = [amara, bo, dana]

    await expectAccessible(amara.page, "participant join form (phone)")
    await screenshot(amara.page, "participant-1-join")
    for (const p of people) {
      await p.page.getByLabel("Your name").fill(p.name)
      await p.page.getByRole("radio", { name: p.side }).check()
      await p.page.getByRole("button", { name: "Join the retro" }).click()
      await p.page.getByText("Waiting for the facilitator to start writing").waitFor()
    }
    await expectAccessible(amara.page, "participant lobby with the anonymity notice (phone)")

    // Who joined, by side (names in the lobby, never on a card).
    await f.getByTestId("joined-product").getByText("2", { exact: true }).waitFor()
    await f.getByTestId("joined-engineering").getByText("1", { exact: true }).waitFor()
    await expectAccessible(f, "facilitator lobby")
    await screenshot(f, "facilitator-2-lobby")

    // --- Part 1: cards. -------------------------------------------------------------------------
    await f.getByRole("button", { name: "Move on to Writing cards" }).click()
    await f.getByRole("dialog").waitFor()
    await expectAccessible(f, "facilitator confirmation before a phase change")
    await f.getByRole("dialog").getByRole("button", { name: "Yes, move on to Writing cards" }).click()
    await phaseIs(f, "collecting")

    await amara.page.getByTestId("anonymity-notice").waitFor()
    await screenshot(amara.page, "participant-2-notice")
    for (const p of people) {
      await p.page.getByRole("button", { name: /I have read this/ }).click()
      for (const [question, text] of p.cards) {
        await p.page.getByLabel(`New card: ${question}`).fill(text)
        await p.page.getByTestId(`prompt-${promptOf(question)}`).getByRole("button", { name: "Add card" }).click()
        await p.page.getByTestId("my-card").getByText(text).waitFor()
      }
      await p.page.getByRole("button", { name: "I'm done writing", exact: true }).click()
    }
    await f.getByTestId("card-count").getByText("6", { exact: true }).waitFor()
    await f.getByTestId("ready-count").getByText("3", { exact: true }).waitFor()
    for (const p of people) await p.page.getByText("6 cards written so far").waitFor()
    await expectAccessible(amara.page, "participant writing cards (phone)")
    await screenshot(amara.page, "participant-3-writing")
    await expectAccessible(f, "facilitator during collection")
    await screenshot(f, "facilitator-3-collecting")

    // Before the reveal nobody's page shows, or has received, anyone else's card; the
    // facilitator sees counts only. Each recorder did see its own person's cards come back
    // (myCards), so it reads the live stream this check relies on.
    const allTexts = people.flatMap((p) => p.cards.map(([, text]) => text))
    for (const p of people) {
      await p.network.flush()
      const shown = await pageText(p.page)
      for (const [, own] of p.cards) expect(p.network.find(own).length, `${p.name}'s own card in their responses`).toBeGreaterThan(0)
      for (const text of allTexts.filter((t) => !p.cards.some(([, own]) => own === t))) {
        expect(shown, `${p.name}'s page before the reveal`).not.toContain(text)
        expect(p.network.find(text), `responses to ${p.name} before the reveal`).toEqual([])
      }
    }
    await facNet.flush()
    const facShown = await pageText(f)
    for (const text of allTexts) {
      expect(facShown, "the facilitator's page before the reveal").not.toContain(text)
      expect(facNet.find(text), "responses to the facilitator before the reveal").toEqual([])
    }

    // --- The reveal. ----------------------------------------------------------------------------
    await moveOn(f, "Grouping", "grouping")
    for (const p of people) {
      await phaseIs(p.page, "grouping")
      for (const text of allTexts) await p.page.getByTestId("card").getByText(text).waitFor()
    }
    // The same instruments now see the other cards arrive: they could have caught a leak.
    await amara.network.flush()
    expect(amara.network.find(dana.cards[0]![1]).length).toBeGreaterThan(0)

    // --- Part 2: themes. Accept a proposal, create a theme, move the rest. ----------------------
    await f.getByTestId("suggestion").first().waitFor()
    await expectAccessible(f, "facilitator grouping with proposals")
    await screenshot(f, "facilitator-4-grouping")
    const firstProposal = f.getByTestId("suggestion").first().getByRole("button", { name: /^Put in / })
    const proposedTheme = ((await firstProposal.textContent()) ?? "").replace(/^Put in /, "").trim()
    await firstProposal.click()
    await theme(f, proposedTheme).waitFor()
    await f.getByLabel("New theme").fill("Ways of working")
    await f.getByRole("button", { name: "Create theme" }).click()
    await theme(f, "Ways of working").waitFor()
    for (let left = await f.getByTestId("card").count(); left > 0; left = await f.getByTestId("card").count()) {
      const card = f.getByTestId("card").first()
      const text = (await card.locator(".card-text").textContent()) ?? ""
      const target = /estimate|deadline|launch/i.test(text) ? proposedTheme : "Ways of working"
      await card.getByLabel("Or move to").selectOption({ label: target })
      await card.getByRole("button", { name: "Move" }).click()
      await f.getByTestId("card").filter({ hasText: text }).waitFor({ state: "detached" })
    }
    await f.getByRole("heading", { name: "Cards to group (0)" }).waitFor()
    await theme(amara.page, "Ways of working").waitFor()
    await expectAccessible(amara.page, "participant following the grouping (phone)")
    await screenshot(amara.page, "participant-4-grouping")

    // --- Dot vote: three dots each. ----------------------------------------------------------
    await moveOn(f, "Dot vote", "voting")
    for (const [i, p] of people.entries()) {
      await p.page.getByTestId("votes-left").waitFor()
      const plan = i === 2 ? ["Ways of working", "Ways of working", proposedTheme] : [proposedTheme, proposedTheme, "Ways of working"]
      for (const [n, themeName] of plan.entries()) {
        await p.page.getByRole("button", { name: `Vote for ${themeName}` }).click()
        await p.page.getByTestId("votes-left").getByText(`You have ${2 - n} of 3 votes left.`).waitFor()
      }
    }
    await expectAccessible(amara.page, "participant voting (phone)")
    await screenshot(amara.page, "participant-5-voting")
    await expectAccessible(f, "facilitator during the vote")
    await screenshot(f, "facilitator-5-voting")

    // --- Discussion: the most voted theme first, notes under the three questions. -----------
    await moveOn(f, "Discussion", "discussing")
    const order = f.getByTestId("theme")
    await order.first().filter({ hasText: proposedTheme }).getByTestId("votes").getByText("5 votes").waitFor()
    await order.nth(1).filter({ hasText: "Ways of working" }).getByTestId("votes").getByText("4 votes").waitFor()
    await f.getByRole("button", { name: `Discuss ${proposedTheme}` }).click()
    await f.getByRole("heading", { name: `Discussing: ${proposedTheme}` }).waitFor()
    const note = async (label: string, text: string) => {
      const form = f.locator("form.note-form").filter({ has: f.getByLabel(label, { exact: true }) })
      await form.getByLabel(label, { exact: true }).fill(text)
      await form.getByRole("button", { name: "Save note" }).click()
      await f.getByTestId("theme-notes").getByText(text).waitFor()
    }
    await note("Product optimizes for", "Dates partners can plan around")
    await note("Engineering optimizes for", "Estimates the team can stand behind")
    await note("Where is the handoff breaking down?", "Ranges become single dates in the roadmap")
    await note("Missing information", "How confident each estimate is")
    await amara.page.getByText("Ranges become single dates in the roadmap").waitFor()
    await expectAccessible(f, "facilitator discussion")
    await screenshot(f, "facilitator-6-discussing")
    await expectAccessible(amara.page, "participant following the discussion (phone)")
    await screenshot(amara.page, "participant-6-discussing")

    // --- Part 3: agreements, with live validation. -------------------------------------------
    await moveOn(f, "Agreements", "agreeing")
    await f.getByLabel("What we agree").fill("Try to communicate better")
    await f.getByLabel("Product commits to").fill("Try to share more")
    const issues = f.getByTestId("agreement-issues")
    await issues.getByText("✗ Bilateral").waitFor()
    expect(await f.getByRole("button", { name: "Accept the agreement" }).isDisabled()).toBe(true)
    await expectAccessible(f, "facilitator drafting an agreement with validation messages")
    await screenshot(f, "facilitator-7-agreeing")
    const templates = f.getByLabel("Start from one of the method's templates")
    const firstTemplate = (await templates.locator("option").nth(1).textContent()) ?? ""
    await templates.selectOption({ label: firstTemplate })
    await issues.getByText("✓ Bilateral, observable and time-boxed.").waitFor()
    const statement = await f.getByLabel("What we agree").inputValue()
    expect(statement.length).toBeGreaterThan(10)
    await f.getByRole("button", { name: "Accept the agreement" }).click()
    await f.getByTestId("agreement").getByText(statement).waitFor()
    for (const p of people) await p.page.getByTestId("agreement").getByText(statement).waitFor()
    await expectAccessible(amara.page, "participant following the agreements (phone)")
    await screenshot(amara.page, "participant-7-agreeing")

    // --- Close and export. -------------------------------------------------------------------
    await moveOn(f, "Closed", "closed")
    const exported = f.getByTestId("export-markdown")
    await exported.waitFor()
    // The export shown during agreements says it is not final; after closing it is replaced.
    await f.waitForFunction(`(() => { const t = document.querySelector('[data-testid="export-markdown"]'); return t !== null && t.value.includes("Checkout Q4 retro") && !t.value.includes("not final") })()`)
    const markdown = await exported.inputValue()
    expect(markdown).toContain("Checkout Q4 retro")
    expect(markdown).toContain(statement)
    expect(markdown).toContain("Ranges become single dates in the roadmap")
    for (const text of allTexts) expect(markdown).toContain(text)
    for (const p of people) expect(markdown).not.toMatch(new RegExp(`${p.name}\\b.{0,40}${p.cards[0]![1].slice(0, 6)}`))
    await fac.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url })
    await f.getByRole("button", { name: "Copy Markdown" }).click()
    await f.getByText("Copied to the clipboard.").waitFor()
    expect(await f.evaluate("navigator.clipboard.readText()")).toBe(markdown)
    const [download] = await Promise.all([f.waitForEvent("download"), f.getByRole("button", { name: "Download Markdown" }).click()])
    expect(download.suggestedFilename()).toMatch(/\.md$/)
    expect(readFileSync((await download.path())!, "utf8")).toBe(markdown)
    await expectAccessible(f, "facilitator after closing, with the export")
    await screenshot(f, "facilitator-8-closed")

    await phaseIs(amara.page, "closed")
    await amara.page.getByRole("button", { name: "Show the Markdown export" }).click()
    expect(await amara.page.getByTestId("export-markdown").inputValue()).toBe(markdown)
    await expectAccessible(amara.page, "participant after closing (phone)")
    await screenshot(amara.page, "participant-8-closed")

    // --- Next quarter: the team's next retro reviews these agreements inside its own flow. ----
    await f.goto(`${url}/`)
    await f.getByRole("heading", { name: "Start a retro" }).waitFor()
    await f.getByLabel("Title").fill("Checkout Q1 retro")
    await f.getByLabel("Date").fill("2027-03-02")
    await f.getByLabel("Your name").fill("Nora")
    expect(await f.getByLabel("Review the agreements of").locator("option:checked").textContent()).toContain("Checkout Q4 retro")
    await f.getByRole("button", { name: "Create the retro" }).click()
    await f.waitForURL(/\/facilitate\//)
    await phaseIs(f, "draft")
    const followUps = f.getByTestId("follow-ups")
    // The offer names what it loads: the one agreement of the Q4 retro, by its date.
    await followUps.getByRole("button", { name: /^Load the agreement of the retro of \d{4}-\d{2}-\d{2}$/ }).click()
    await followUps.getByText(statement).waitFor()
    await followUps.getByLabel("Outcome").selectOption({ label: "Kept" })
    await followUps.getByLabel("Evidence").fill("Every roadmap date this quarter came with its range")
    await followUps.getByRole("button", { name: "Record review" }).click()
    await followUps.getByText("Reviewed:").waitFor()
    await followUps.getByText(/Kept — Every roadmap date this quarter came with its range/).waitFor()
    await expectAccessible(f, "facilitator reviewing last retro's agreements")
    await screenshot(f, "facilitator-follow-up", followUps)

    // --- The team page: the closed retro in the history (one not yet revealed is not listed),
    // estimates imported, charts with text alternatives.
    await f.goto(`${url}/`)
    await f.getByRole("link", { name: /^Team page: Checkout/ }).click()
    await f.getByRole("heading", { name: "Checkout", level: 1 }).waitFor()
    await f.getByTestId("retro-table").getByText("Checkout Q4 retro").waitFor()
    expect(await f.getByTestId("retro-table").getByText("Checkout Q1 retro").count()).toBe(0)
    // The trend says its verdict in words before the figures behind it (one revealed retro: none yet).
    expect(await f.getByTestId("trend").innerText()).toMatch(/^Trend: not enough data yet\. 1 retro so far/)
    // A file with a bad row is refused whole, each problem shown with its line and column.
    await f.getByLabel("Or paste the CSV").fill(`${csvHeader}\nX-1,Broken row,Feature,days,1,2,3,not-a-number,2026-01-05,2026-01-09,,ana\n`)
    await f.getByRole("button", { name: "Import" }).click()
    await f.getByTestId("import-issues").getByText(/line 2/).waitFor()
    // A spreadsheet's CSV in Windows-1252 ("Café" with 0xE9) is refused before anything is sent.
    await f.getByLabel("CSV file").setInputFiles({ name: "excel.csv", mimeType: "text/csv", buffer: Buffer.from(`${csvHeader}\nX-2,Caf\xe9,Feature,days,1,2,3,,2026-01-05,,,ana\n`, "latin1") })
    await f.getByText(/excel\.csv is not UTF-8 text/).waitFor()
    expect(await f.getByLabel("Or paste the CSV").inputValue()).toBe("")
    await f.getByLabel("CSV file").setInputFiles({ name: "estimates.csv", mimeType: "text/csv", buffer: Buffer.from(estimateCsv()) })
    await f.getByRole("button", { name: "Import" }).click()
    await f.getByText(/^Imported 36 items/).waitFor()
    await f.reload()
    await f.getByTestId("accuracy-summary").waitFor()
    await f.getByRole("textbox", { name: "Work type", exact: true }).fill("Feature")
    await f.getByRole("spinbutton", { name: "Likely", exact: true }).fill("3")
    await f.getByRole("button", { name: "Calibrate" }).click()
    await f.getByTestId("calibration").locator("strong").getByText(/^P10 [\d.]+ · P50 [\d.]+ · P90 [\d.]+/).waitFor()

    // Every chart is an image named by its title and described by its figures, with the figures
    // also in a table (axe's svg-img-alt checks the names too).
    const charts = f.locator("figure[data-testid^='chart-']")
    const chartIds = await charts.evaluateAll((figures) => figures.map((fig) => fig.getAttribute("data-testid")))
    expect(chartIds).toEqual(expect.arrayContaining(["chart-kept", "chart-friction", "chart-spread", "chart-hit-rate", "chart-calibrated"]))
    for (let i = 0; i < chartIds.length; i++) {
      const chart = charts.nth(i)
      const title = ((await chart.locator("figcaption").textContent()) ?? "").trim()
      const description = ((await chart.locator("svg desc").textContent()) ?? "").trim()
      expect(title.length, `${chartIds[i]} has a title`).toBeGreaterThan(5)
      expect(description, `${chartIds[i]} describes its figures`).toMatch(/\d/)
      await chart.getByRole("img", { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).waitFor()
      expect(await chart.locator("details table").count(), `${chartIds[i]} has its figures as a table`).toBe(1)
    }
    expect(await f.getByTestId("chart-friction").locator("desc").textContent()).toContain(proposedTheme)
    await expectAccessible(f, "team page with charts")
    await screenshot(f, "team-page")

    for (const p of people) assertClean(p.name, p.guarded)
    assertClean("the facilitator", fac)
  }, 300_000)
})

const promptOf = (question: string): string =>
  question === "What worked well?" ? "worked-well" : question === "Where did friction slow us down?" ? "friction" : "wish-understood"
