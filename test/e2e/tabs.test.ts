/**
 * A participant's place lives in the tab that joined (nothing is left on a shared laptop once it
 * closes). Opening the join link again in another tab of the same browser says so, instead of
 * quietly making the same person a second participant; another browser is told nothing.
 */
import { describe, expect, it } from "vitest"
import { joinAs, seedRetro } from "./support/api.ts"
import { assertClean } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

describe("a second tab", () => {
  it("opening the join link again in the same browser warns that this person has joined already", async () => {
    const url = e2e.url()
    const retro = await seedRetro(url, "Tabs retro")
    await joinAs(url, retro, "Bo", "product")
    await joinAs(url, retro, "Dana", "engineering")

    const amara = await e2e.person("Amara")
    const first = amara.page
    await first.goto(`${url}${retro.joinPath}`)
    await first.getByLabel("Your name").fill("Amara")
    await first.getByRole("radio", { name: "Product" }).check()
    await first.getByRole("button", { name: "Join the retro" }).click()
    await first.getByTestId("phase").waitFor()

    const second = await amara.context.newPage()
    await second.goto(`${url}${retro.joinPath}`)
    await second.getByRole("heading", { name: "Join the retro" }).waitFor()
    await second.getByTestId("joined-in-another-tab").waitFor()

    // Someone else, in their own browser, joins as usual.
    const chen = await e2e.person("Chen")
    await chen.page.goto(`${url}${retro.joinPath}`)
    await chen.page.getByRole("heading", { name: "Join the retro" }).waitFor()
    await chen.page.waitForTimeout(1_000)
    expect(await chen.page.getByTestId("joined-in-another-tab").count()).toBe(0)

    await second.close()
    assertClean("Amara", amara)
    assertClean("Chen", chen)
  }, 120_000)
})
