import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  EstimateRange,
  EstimateWorkType,
  Estimator,
  isSinglePointEstimate,
  suggestWorkTypeGroups,
  workTypeLabelProblem,
  pertMean,
  relativeRangeWidth,
  StoredEstimateRange
} from "../../src/estimates/index.ts"

const decodeRange = Schema.decodeUnknownResult(EstimateRange)

describe("EstimateRange", () => {
  it("accepts a range exactly when best ≤ likely ≤ worst, each within the effort bounds; stored ranges only need positive and finite (property)", () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -1, Number.POSITIVE_INFINITY, Number.NaN, Number.MIN_VALUE, Number.MAX_VALUE, 0.001, 1_000_000, 0.000999, 1_000_001),
      fc.double({ min: 0.001, max: 100, noNaN: true })
    )
    const decodeStored = Schema.decodeUnknownResult(StoredEstimateRange)
    const seen = { storedOnly: 0, both: 0 }
    fc.assert(
      fc.property(value, value, value, (best, likely, worst) => {
        const ordered = best <= likely && likely <= worst
        const stored = [best, likely, worst].every((x) => Number.isFinite(x) && x > 0) && ordered
        const bounded = [best, likely, worst].every((x) => x >= 0.001 && x <= 1_000_000) && ordered
        expect(Result.isSuccess(decodeRange({ best, likely, worst }))).toBe(bounded)
        expect(Result.isSuccess(decodeStored({ best, likely, worst }))).toBe(stored)
        if (stored && !bounded) seen.storedOnly++
        if (bounded) seen.both++
      }),
      { numRuns: 1000 }
    )
    // Both sides of the bounds were tried: ranges a command refuses but a stored event keeps, and ranges both take.
    expect(seen.storedOnly).toBeGreaterThan(5)
    expect(seen.both).toBeGreaterThan(5)
  })

  it("accepts a single point and flags it", () => {
    const point = Schema.decodeUnknownSync(EstimateRange)({ likely: 3 })
    expect(isSinglePointEstimate(point)).toBe(true)
    expect(isSinglePointEstimate({ best: 3, likely: 3, worst: 3 })).toBe(true)
    expect(isSinglePointEstimate({ best: 2, likely: 3, worst: 5 })).toBe(false)
    expect(relativeRangeWidth(point)).toBe(0)
  })

  it("rejects half a range and says what to do", () => {
    const result = decodeRange({ best: 1, likely: 2 })
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) expect(result.failure.message).toContain("both best and worst")
  })

  it("names the offending bound", () => {
    const result = decodeRange({ best: 5, likely: 2, worst: 8 })
    expect(Result.isFailure(result) && result.failure.message).toContain("best case 5 is above likely 2")
  })

  it("computes the PERT mean of the raw range", () => {
    expect(pertMean({ best: 2, likely: 4, worst: 12 })).toBe(5)
    expect(pertMean({ likely: 4 })).toBe(4)
  })
})

describe("work types", () => {
  it("allows custom types but not blank or padded ones", () => {
    const is = Schema.is(EstimateWorkType)
    expect(is("compliance")).toBe(true)
    expect(is("integration")).toBe(true)
    expect(is("  ")).toBe(false)
    expect(is("migration ")).toBe(false)
  })

  it("suggests look-alike labels as groups, keeping every label as given", () => {
    const labels = ["Bug Fix", "bug_fix", "Bug Fix", "bugfix", "Bug", "Feature", "features", "Data Cleanup"]
    const suggestions = suggestWorkTypeGroups(labels)
    expect(suggestions.map((g) => g.labels)).toEqual([["Bug Fix", "bug_fix", "bugfix"], ["Feature", "features"]])
    expect(suggestions[0]?.counts).toEqual([2, 1, 1])
    expect(suggestions[0]?.reason).toContain("Kept apart")
    // "Bug" is not "Bug Fix": a suggestion must not invent a merge of different words.
    expect(suggestions.flatMap((g) => g.labels)).not.toContain("Bug")
  })

  it("rejects blank labels and missing-value markers, and nothing else", () => {
    for (const marker of ["\\N", "NULL", "null", "N/A", "#N/A", "None", "-", "", "  "]) {
      expect(workTypeLabelProblem(marker), marker).toBeDefined()
    }
    for (const label of ["Bug", "bug fix", "Spike", "NA-team", "Nonessential", "Story"]) {
      expect(workTypeLabelProblem(label), label).toBeUndefined()
    }
  })
})

describe("estimator and work type limits", () => {
  it("count characters, not UTF-16 units", () => {
    const estimator = Schema.is(Estimator)
    expect(estimator("😀".repeat(128))).toBe(true)
    expect(estimator("😀".repeat(129))).toBe(false)
    expect(Schema.is(EstimateWorkType)("𝒜".repeat(64))).toBe(true)
    expect(workTypeLabelProblem("𝒜".repeat(64))).toBeUndefined()
    expect(workTypeLabelProblem("𝒜".repeat(65))).toContain("64 characters")
  })
})
