/**
 * The offer to load the last retro's agreements, in a browser holding the facilitator's token
 * alone (a handover, another device: no team admin token to read the team's history): a team's
 * first retro says there is nothing to load instead of offering a button that can only refuse,
 * and the next retro's button says how many agreements of which retro it loads.
 */
import { describe, expect, it } from "vitest"
import { advance, client, run, seedRoom, type SeededRetro } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { phaseIs } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

const statements = ["Roadmap dates are ranges", "Specs name their open questions", "Debt gets a slot every sprint"]

describe("loading the last retro's agreements, with the facilitator's token alone", () => {
  it("a team's first retro offers nothing to load; the next one offers its 3 agreements by date and loads them", async () => {
    const url = e2e.url()
    const { retro: first, amara } = await seedRoom(url, "Offer retro", { phase: "collecting" })
    const fac = await e2e.facilitator(first, { who: "facilitator (first retro)", phase: "collecting" })
    const f = fac.page
    const followUps = f.getByTestId("follow-ups")
    await followUps.getByText("This is the team's first retro: there are no earlier agreements to review.").waitFor()
    expect(await followUps.getByRole("button").count()).toBe(0)
    await expectAccessible(f, "facilitator: first retro, nothing to load")

    await run(amara.retros.addCard({ params: { retroId: first.retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(first, "collecting")
    const theme = await run(first.facilitator.retros.createTheme({ params: { retroId: first.retroId }, payload: { name: "Planning" } }))
    await advance(first, "grouping")
    await run(amara.retros.castVote({ params: { retroId: first.retroId, themeId: theme.themeId } }))
    await advance(first, "voting")
    await advance(first, "discussing")
    await phaseIs(f, "agreeing")
    // Past loading, a retro with nothing to load has no section about it.
    await expect.poll(() => followUps.count(), { timeout: 10_000 }).toBe(0)
    for (const statement of statements) {
      await run(first.facilitator.retros.acceptAgreement({
        params: { retroId: first.retroId },
        payload: {
          agreement: {
            statement,
            commitments: [{ side: "product", text: "Quote ranges to sales" }, { side: "engineering", text: "Give a range per epic at planning" }],
            signal: "Every roadmap date in the planning doc has a range",
            reviewBy: "2026-12-15"
          }
        }
      }))
    }
    await fac.context.close()

    // The team's next retro, opened where only its facilitator's token is held.
    const admin = await client(url, first.adminToken)
    const created = await run(admin.teams.createRetro({
      params: { teamId: first.teamId },
      payload: { title: "Offer retro, next quarter", trigger: "quarterly", date: "2027-01-10", facilitatorName: "Sam" }
    }))
    const next: SeededRetro = { ...first, ...created, facilitator: await client(url, created.facilitatorToken) }
    const later = await e2e.facilitator(next, { who: "facilitator (next retro)", phase: "draft" })
    const g = later.page
    const offered = g.getByTestId("follow-ups")
    await offered.getByRole("button", { name: "Load the 3 agreements of the retro of 2026-10-01" }).click()
    for (const statement of statements) await offered.getByText(statement).waitFor()
    expect(await offered.getByRole("button", { name: /^Load the/ }).count()).toBe(0)
    expect((await run(next.facilitator.retros.view({ params: { retroId: next.retroId } }))).followUps).toHaveLength(3)
    await expectAccessible(g, "facilitator: next retro, agreements loaded")
    await later.context.close()
  }, 120_000)
})
