/**
 * An error message is about one attempt: it goes when the action is tried again, and when what it
 * was about is over. Before, "The server could not be reached" from a "Move on" tried offline stayed
 * next to the button after the retro had moved on from another tab, came back with the next phase's
 * time-up prompt, and a refused CSV import's error stayed next to a later import's success. On the
 * start page, trying again after an attempt that failed halfway created a second team.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, client, holdFacilitatorToken, holdTeamToken, run, seedRetro, seedRoom } from "./support/api.ts"
import { assertClean, phaseIs, projector } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

const unreachable = "The server could not be reached"
const alerts = (page: Page) => page.getByRole("alert").allInnerTexts()

describe("error messages do not outlive their attempt", () => {
  it("on the facilitator's screen: a failed Move on or Extend goes with the next attempt and with the phase it was about", async () => {
    const url = e2e.url()
    const { retro, amara } = await seedRoom(url, "Errors retro")
    const retroId = retro.retroId
    const fac = await e2e.person("facilitator", { viewport: projector })
    const f = fac.page
    f.setDefaultTimeout(15_000)
    await holdFacilitatorToken(fac.context, url, retro)
    await f.clock.install()
    await f.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(f, "draft")

    const moveOnOffline = async (to: string) => {
      await fac.context.setOffline(true)
      await f.getByRole("button", { name: `Move on to ${to}` }).click()
      await f.getByRole("dialog").getByRole("button", { name: `Yes, move on to ${to}` }).click()
      await f.getByRole("alert").filter({ hasText: unreachable }).waitFor()
      await fac.context.setOffline(false)
    }

    // Offline, the move fails; then the retro moves on from the projector's tab: the message was about a phase that is over.
    await moveOnOffline("Writing cards")
    await advance(retro, "draft")
    await phaseIs(f, "collecting")
    await f.getByRole("button", { name: "Move on to Grouping" }).waitFor()
    expect(await alerts(f)).toEqual([])

    // Offline again; trying again (the question opens) starts a new attempt without the old message.
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await moveOnOffline("Grouping")
    await f.getByRole("button", { name: "Move on to Grouping" }).click()
    await f.getByRole("dialog").waitFor()
    expect(await alerts(f)).toEqual([])
    await f.getByRole("dialog").getByRole("button", { name: "Cancel" }).click()
    await f.getByRole("dialog").waitFor({ state: "detached" })

    // The time-up prompt: extending fails offline; the facilitator moves on instead, and the next
    // phase's prompt, when its time is up, starts without the last phase's failure.
    await f.clock.fastForward("21:00")
    const timeUp = f.getByTestId("time-up")
    await timeUp.getByRole("heading", { name: /^Time is up for Writing cards/ }).waitFor()
    await fac.context.setOffline(true)
    await timeUp.getByRole("button", { name: "Extend by 5 minutes" }).click()
    await timeUp.getByRole("alert").filter({ hasText: unreachable }).waitFor()
    await fac.context.setOffline(false)
    await f.getByRole("button", { name: "Move on to Grouping" }).click()
    await f.getByRole("dialog").getByRole("button", { name: "Yes, move on to Grouping" }).click()
    await phaseIs(f, "grouping")
    await f.clock.fastForward("11:00")
    await timeUp.getByRole("heading", { name: /^Time is up for Grouping/ }).waitFor()
    expect(await alerts(f)).toEqual(["Time is up for Grouping"])
    assertClean("the facilitator", fac)
  }, 120_000)

  it("on the team page: a refused import's error goes when the corrected file is imported", async () => {
    const url = e2e.url()
    const retro = await seedRetro(url, "Import errors retro")
    const person = await e2e.person("team admin", { viewport: projector })
    const page = person.page
    page.setDefaultTimeout(15_000)
    await holdTeamToken(person.context, url, retro, "Import team")
    await page.goto(`${url}/team/${retro.teamId}`)
    await page.getByRole("heading", { name: "Import team", level: 1 }).waitFor()
    const header = "id,title,type,unit,best,likely,worst,actual,estimated_on,completed_on,status,estimator"
    await page.getByLabel("Or paste the CSV").fill(`${header}\nX-1,Broken row,Feature,days,1,2,3,not-a-number,2026-01-05,2026-01-09,,ana\n`)
    await page.getByRole("button", { name: "Import" }).click()
    await page.getByTestId("import-issues").getByText(/line 2/).waitFor()
    expect((await alerts(page)).length).toBe(1)

    // Corrected in place (not chosen again as a file) and imported: the success stands alone.
    await page.getByLabel("Or paste the CSV").fill(`${header}\nX-1,Fixed row,Feature,days,1,2,3,2.5,2026-01-05,2026-01-09,,ana\n`)
    await page.getByRole("button", { name: "Import" }).click()
    await page.getByText(/^Imported 1 items/).waitFor()
    expect(await page.getByTestId("import-issues").count()).toBe(0)
    expect(await alerts(page)).toEqual([])
    const admin = await client(url, retro.adminToken)
    expect((await run(admin.estimates.accuracy({ params: { teamId: retro.teamId }, payload: { slice: { unit: "days" } } }))).summary.count).toBe(1)
    assertClean("the team admin", person)
  }, 120_000)

  it("on the start page: trying again after a failure halfway creates the team once", async () => {
    const url = e2e.url()
    const person = await e2e.person("facilitator starting a retro", { viewport: projector })
    const page = person.page
    page.setDefaultTimeout(15_000)
    // The team is created, then the connection drops before the retro is: the first attempt fails halfway.
    let dropped = 0
    await page.route((u) => /^\/teams\/[^/]+\/retros$/.test(u.pathname), async (route) => {
      if (dropped++ === 0) await route.abort("internetdisconnected")
      else await route.continue()
    })
    await page.goto(url)
    await page.getByRole("heading", { name: "Start a retro" }).waitFor()
    await page.getByLabel("Team name").fill("Checkout")
    await page.getByLabel("Your name").fill("Nora")
    await page.getByRole("button", { name: "Create the retro" }).click()
    await page.getByRole("alert").filter({ hasText: unreachable }).waitFor()
    const teamsKept = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("retrobridge:team:")).length)
    expect(await teamsKept()).toBe(1)

    // Trying again uses the team the first attempt created.
    await page.getByRole("button", { name: "Create the retro" }).click()
    await page.waitForURL(/\/facilitate\//)
    await phaseIs(page, "draft")
    expect(await teamsKept()).toBe(1)
    await page.goto(url)
    await page.getByRole("heading", { name: "On this device" }).waitFor()
    expect(await page.getByRole("link", { name: /^Team page: Checkout/ }).count()).toBe(1)
    assertClean("the facilitator", person)
  }, 120_000)
})
