import { describe, expect, it } from "vitest"
import { Estimates, Retro, Team } from "@retrobridge/core"
import { retroBridgeSampleEvents } from "@retrobridge/core/testing"
import { Result } from "effect"

describe("retroBridgeSampleEvents", () => {
  const samples = retroBridgeSampleEvents()
  const tags = (union: { readonly members: ReadonlyArray<{ readonly fields: { readonly _tag: { readonly literal?: unknown; readonly schema?: { readonly literal?: unknown } } } }> } | { readonly cases: Record<string, unknown> }) =>
    "cases" in union ? Object.keys(union.cases) : union.members.map((m) => String(m.fields._tag.literal ?? m.fields._tag.schema?.literal))

  it("holds one event of every retro, team and estimate-log event type", () => {
    const types = samples.map((s) => s.type).sort()
    const expected = [...tags(Retro.Event), ...tags(Team.Event), ...tags(Estimates.LogEvent as never)].sort()
    expect(types).toEqual(expected)
  })

  it("every sample decodes back with its codec after a JSON round trip", () => {
    const codecs = [Retro.eventCodec, Team.eventCodec, Estimates.logEventCodec]
    samples.forEach((sample, i) => {
      const stored = { ...sample, data: JSON.parse(JSON.stringify(sample.data)), streamId: "s", version: i + 1, recordedAt: "2026-01-01T00:00:00.000Z" }
      const decoded = codecs.map((c): Result.Result<unknown, unknown> => c.decode(stored)).filter(Result.isSuccess)
      expect(decoded, sample.type).toHaveLength(1)
    })
  })
})
