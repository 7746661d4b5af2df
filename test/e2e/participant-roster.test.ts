/**
 * The participant's screen shows who joined (names and sides, as the participant's view gives
 * them), in the draft and while cards are written, so a remote participant can spot a fake entry
 * or the facilitator joining as a participant; it follows joins and removals live.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { advance, joinAs, run, seedRoom } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { phaseIs } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

const rosterOf = (page: Page) => page.getByTestId("roster").getByRole("listitem").allInnerTexts()

describe("participant: who joined", () => {
  it("lists everyone who joined with their side, live, in the draft and while writing", async () => {
    const url = e2e.url()
    const { retro, tokens } = await seedRoom(url, "Roster retro")
    const retroId = retro.retroId
    const amara = await e2e.participant(retroId, { token: tokens.amara, name: "Amara", side: "product" }, { phase: "draft" })
    const a = amara.page
    const roster = a.getByRole("region", { name: "Who joined (3)" })
    await roster.waitFor()
    expect(await rosterOf(a)).toEqual(["Amara (Product)", "Bo (Product)", "Dana (Engineering)"])
    await expectAccessible(a, "participant: who joined, in the draft")

    // Someone joining (here: a second "Nora", as the facilitator could) shows up without a reload.
    await joinAs(url, retro, "Nora", "engineering")
    await a.getByRole("region", { name: "Who joined (4)" }).waitFor()
    expect(await rosterOf(a)).toContain("Nora (Engineering)")

    // While writing, after the notice, the list is still there and follows a removal.
    await advance(retro, "draft")
    await phaseIs(a, "collecting")
    await a.getByRole("button", { name: "I have read this — start writing" }).click()
    await a.getByRole("region", { name: "Who joined (4)" }).waitFor()
    const nora = (await run(retro.facilitator.retros.view({ params: { retroId } }))).participants!.find((p) => p.name === "Nora")!
    await run(retro.facilitator.retros.removeParticipant({ params: { retroId, participantId: nora.participantId } }))
    await a.getByRole("region", { name: "Who joined (3)" }).waitFor()
    expect(await rosterOf(a)).toEqual(["Amara (Product)", "Bo (Product)", "Dana (Engineering)"])
    await expectAccessible(a, "participant: who joined, while writing")
  })
})
