/**
 * What a facilitator missed on the web app's screens while following the facilitator's guide
 * through two linked retros: the method's warnings after the lobby (and "closed without
 * agreements" at the close), the last retro's agreements in every phase that can review them,
 * and no offer to load them for a team's first retro.
 */
import { describe, expect, it } from "vitest"
import { advance, holdFacilitatorToken, run, seedRoom } from "./support/api.ts"
import { expectAccessible } from "./support/axe.ts"
import { phaseIs, projector } from "./support/browser.ts"
import { useE2e } from "./support/setup.ts"

const e2e = useE2e()

describe("following the facilitator's guide", () => {
  it("the method's warnings stay on the facilitator's screen after the lobby, and the close says it has no agreements", async () => {
    const url = e2e.url()
    // Three people, two of them product: too small a group, and too few per side for side labels.
    const { retro, amara } = await seedRoom(url, "Warnings retro", { phase: "collecting" })
    const retroId = retro.retroId
    await run(amara.retros.addCard({ params: { retroId }, payload: { prompt: "friction", text: "Specs changed after planning" } }))
    await advance(retro, "collecting")
    const fac = await e2e.person("facilitator", { viewport: projector })
    const f = fac.page
    f.setDefaultTimeout(15_000)
    await holdFacilitatorToken(fac.context, url, retro)
    await f.goto(`${url}/facilitate/${retroId}`)
    await phaseIs(f, "grouping")
    const warnings = f.getByRole("region", { name: "The method advises" })
    await warnings.waitFor()
    expect(await warnings.innerText()).toContain("3 participants: the method works best with 6–10 people")
    await expectAccessible(f, "facilitator: grouping, with the method's warnings")

    const theme = await run(retro.facilitator.retros.createTheme({ params: { retroId }, payload: { name: "Planning" } }))
    await advance(retro, "grouping")
    await run(amara.retros.castVote({ params: { retroId, themeId: theme.themeId } }))
    for (const from of ["voting", "discussing", "agreeing"] as const) await advance(retro, from)
    await phaseIs(f, "closed")
    await expect.poll(() => warnings.innerText()).toContain("The retro closed without agreements: the next retro will have nothing to review.")
    await expectAccessible(f, "facilitator: closed without agreements")
    await fac.context.close()
  }, 120_000)
})
