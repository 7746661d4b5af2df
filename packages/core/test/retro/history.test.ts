import { describe, expect, it } from "vitest"
import { agreeing, collecting, discussing, drafted, grouping, voting, withThemes } from "./fixtures.ts"
import { history } from "./history.ts"

describe("the spec histories", () => {
  // The specs' "given" events are written out; here they must be exactly what the fixture commands decide
  // (each fixture returns only the events of its own step, so the stored stream is the concatenation).
  const chain = [["drafted", drafted], ["collecting", collecting], ["grouping", grouping], ["withThemes", withThemes], ["voting", voting], ["discussing", discussing], ["agreeing", agreeing]] as const
  chain.forEach(([name], i) => {
    it(`${name}: the written-out events are what its commands decide`, () => {
      const decided = chain.slice(0, i + 1).flatMap(([, fixture]) => fixture().events)
      expect(history[name]).toEqual(decided)
      expect(history[name]).toHaveLength(decided.length)
    })
  })
})
