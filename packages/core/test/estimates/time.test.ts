import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { completedBefore, estimateTimeProblem, estimateTimeEnd, estimateTimeStart } from "../../src/estimates/index.ts"

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

/** Date-times in every accepted shape: minutes, seconds, fractions, Z or an offset. */
const arbDateTime = fc.record({
  ms: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
  seconds: fc.boolean(),
  fraction: fc.constantFrom("", ".5", ".123", ".000001", ".987654321"),
  offsetMinutes: fc.constantFrom(0, 60, -300, 330, 840, -720, 45)
}).map(({ fraction, ms, offsetMinutes, seconds }) => {
  const local = new Date(ms + offsetMinutes * 60_000)
  const offset = offsetMinutes === 0 && ms % 2 === 0
    ? "Z"
    : `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
  const base = local.toISOString().slice(0, 16)
  return seconds ? `${base}:${pad(local.getUTCSeconds())}${fraction}${offset}` : `${base}${offset}`
})

describe("EstimateTime", () => {
  it("reads a date-time's instant as Date.parse does, to the millisecond (property)", () => {
    fc.assert(fc.property(arbDateTime, (t) => {
      expect(estimateTimeProblem(t)).toBeUndefined()
      expect(estimateTimeStart(t)).toBe(Date.parse(t))
      expect(estimateTimeEnd(t)).toBe(Date.parse(t))
    }), { numRuns: 500 })
  })

  it("accepts exactly the real calendar days (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
      const date = `${y}-${pad(m)}-${pad(d)}`
      const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d
      expect(estimateTimeProblem(date) === undefined).toBe(real)
      expect(estimateTimeProblem(`${date}T10:00Z`) === undefined).toBe(real)
    }), { numRuns: 500 })
    expect(estimateTimeProblem("2024-02-29")).toBeUndefined()
    expect(estimateTimeProblem("2023-02-29")).toContain("not a real calendar day")
    expect(estimateTimeProblem("2026-01-05T09:30:00")).toContain("no UTC offset")
    expect(estimateTimeProblem("2026-01-05T24:00Z")).toContain("neither a date")
  })

  it("a date starts at its midnight and ends at its last millisecond", () => {
    expect(estimateTimeStart("2026-01-05")).toBe(Date.parse("2026-01-05T00:00:00Z"))
    expect(estimateTimeEnd("2026-01-05")).toBe(Date.parse("2026-01-06T00:00:00Z") - 1)
    expect(completedBefore("2026-01-04", "2026-01-05")).toBe(true)
    expect(completedBefore("2026-01-05", "2026-01-05T23:00Z")).toBe(false)
    expect(completedBefore("2026-01-05T09:59Z", "2026-01-05T11:00+01:00")).toBe(true)
    expect(completedBefore("2026-01-05T10:00Z", "2026-01-05T11:00+01:00")).toBe(false)
  })
})
