import { Agreements, Estimates, Retro, Team } from "@retrobridge/core"
import {
  acceptAgreement,
  accuracyReport,
  calibrate,
  decideEstimateLog,
  decideRetro,
  decideTeam,
  decideWith,
  fromResult,
  validateAgreement
} from "@retrobridge/core/fp-ts"
import { Result } from "effect"
import fc from "fast-check"
import { either as E, option as O } from "fp-ts"
import { describe, expect, it } from "vitest"

const good: Agreements.Draft = {
  statement: "Engineers give range estimates; PMs share the range with stakeholders.",
  commitments: [
    { side: "engineering", text: "Give a best/likely/worst range for every roadmap item." },
    { side: "product", text: "Show the range, not a single number, in every roadmap update." }
  ],
  signal: "Every roadmap item in the planning doc shows a range.",
  reviewBy: "2026-08-13"
}
const context: Agreements.Context = { decidedOn: "2026-05-14" }

const createRetro: Retro.Command = {
  _tag: "CreateRetro", retroId: "q4", teamId: "checkout", title: "Q4 retro", trigger: "quarterly", date: "2026-10-01",
  facilitatorName: "Nora", facilitatorSecret: Retro.secretFromBytes(new Uint8Array(32).fill(7)), joinCode: "join-code-0123456789", at: Date.UTC(2026, 9, 1)
}

const history = Estimates.importedSamples(Estimates.generateHistory({ seed: 7, count: 600 }))

describe("@retrobridge/core/fp-ts", () => {
  it("fromResult puts failures left and successes right (property)", () => {
    fc.assert(fc.property(fc.boolean(), fc.integer(), (ok, n) => {
      const r = ok ? Result.succeed(n) : Result.fail(`e${n}`)
      expect(fromResult(r)).toEqual(ok ? E.right(n) : E.left(`e${n}`))
    }))
  })

  it("decideRetro: the same events as Retro.decide, on the right", () => {
    const decided = decideRetro(createRetro, Retro.initialState)
    const direct = Retro.decide(createRetro, Retro.initialState)
    expect(E.isRight(decided)).toBe(true)
    expect(Result.isSuccess(direct)).toBe(true)
    if (E.isRight(decided) && Result.isSuccess(direct)) expect(decided.right).toEqual(direct.success)
  })

  it("decideRetro: a rejected command is its typed error, on the left", () => {
    const decided = decideRetro({ _tag: "AdvancePhase", facilitatorSecret: Retro.secretFromBytes(new Uint8Array(32).fill(7)), from: "draft", at: 1 } as Retro.Command, Retro.initialState)
    expect(E.isLeft(decided)).toBe(true)
    if (E.isLeft(decided)) expect(decided.left._tag).toBe("RetroNotStarted")
  })

  it("decideTeam and decideWith(Team.decider) agree", () => {
    const command: Team.Command = { _tag: "CreateTeam", teamId: "checkout", name: "Checkout", at: 0 }
    const decided = decideTeam(command, Team.initialState)
    expect(E.isRight(decided)).toBe(true)
    expect(decideWith(Team.decider)(command, Team.initialState)).toEqual(decided)
    // A second CreateTeam on the created team is refused.
    if (E.isRight(decided)) {
      const created = decided.right.reduce(Team.evolve, Team.initialState)
      expect(E.isLeft(decideTeam(command, created))).toBe(true)
    }
  })

  it("decideEstimateLog: a command on an empty log that needs an item is refused on the left", () => {
    const decided = decideEstimateLog(
      { _tag: "RecordActual", teamId: "checkout", itemId: "nope", actual: 3, completedOn: "2026-01-02" } as unknown as Estimates.LogCommand,
      Estimates.initialLogState
    )
    expect(E.isLeft(decided)).toBe(true)
  })

  it("validateAgreement: the draft on the right when valid, every violation on the left otherwise", () => {
    expect(validateAgreement(good, context)).toEqual(E.right(good))
    const bad = validateAgreement({ ...good, statement: " ", commitments: [good.commitments[0]!] }, context)
    expect(E.isLeft(bad)).toBe(true)
    if (E.isLeft(bad)) {
      expect(bad.left.length).toBeGreaterThanOrEqual(2)
      expect(bad.left).toEqual(Agreements.validate({ ...good, statement: " ", commitments: [good.commitments[0]!] }, context))
    }
  })

  it("acceptAgreement: Agreements.accept as an Either", () => {
    const accepted = acceptAgreement(good, context)
    expect(E.isRight(accepted)).toBe(true)
    const refused = acceptAgreement({ ...good, reviewBy: "2030-01-01" }, context)
    expect(E.isLeft(refused)).toBe(true)
    if (E.isLeft(refused)) expect(refused.left._tag).toBe("AgreementInvalid")
  })

  it("accuracyReport: some(report) with data, none for a slice without enough items", () => {
    const unit = history[0]!.unit
    const report = accuracyReport(history, { unit })
    expect(O.isSome(report)).toBe(true)
    if (O.isSome(report)) expect(report.value).toEqual(Estimates.accuracyReport(history, { unit }))
    expect(accuracyReport([], { unit })).toEqual(O.none)
  })

  it("calibrate: some(calibrated) when history informs it, none when it cannot", () => {
    const sample = history[history.length - 1]!
    const query = { workType: sample.workType, unit: sample.unit, range: { best: 1, likely: 2, worst: 4 }, estimatedOn: "2030-01-01" }
    const calibrated = calibrate(history, query)
    expect(O.isSome(calibrated)).toBe(true)
    if (O.isSome(calibrated)) expect(calibrated.value).toEqual(Estimates.calibrate(history, query))
    expect(Estimates.calibrate([], query).confidence).toBe("none")
    expect(calibrate([], query)).toEqual(O.none)
  })
})
