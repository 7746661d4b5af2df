import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Decider, Estimates, Retro, Store, Team } from "@retrobridge/core"

/**
 * Every event type as release 0.1.0 stored it (`retroBridgeSampleEvents()` of
 * that release, encoded). Never regenerate this file: it stands for data
 * already sitting in users' databases. A new field or setting must keep
 * these decodable (optional field, default, or an upcaster).
 */
const released: ReadonlyArray<Store.NewEvent> = JSON.parse(
  readFileSync(new URL("../fixtures/sample-events-0.1.0.json", import.meta.url), "utf8")
)

const stored = (events: ReadonlyArray<Store.NewEvent>, streamId: string): ReadonlyArray<Store.StoredEvent> =>
  events.map((event, i) => ({ ...event, streamId, version: i + 1, recordedAt: "2026-07-01T09:00:00.000Z" }))

/** Retro events added after 0.1.0: absent from its data by definition (SampleEvents covers them). */
const addedAfter010: ReadonlyArray<string> = [
  "ReadyMarked",
  "ReadyUnmarked",
  "ReadyCheckReset",
  "DiscussionNoteEdited",
  "DiscussionNoteRemoved",
  "FacilitationHandedOver",
  "TimeboxExtended"
]
const retroTags: ReadonlySet<string> = new Set(Object.keys(Retro.Event.cases))
const teamTags: ReadonlySet<string> = new Set(Object.keys(Team.Event.cases))

describe("stored data of the previous release", () => {
  it("holds every event type of every aggregate", () => {
    const types = new Set(released.map((e) => e.type))
    const estimateTypes = released.filter((e) => !retroTags.has(e.type) && !teamTags.has(e.type)).map((e) => e.type)
    expect([...retroTags].filter((t) => !types.has(t))).toEqual(addedAfter010)
    expect([...teamTags].filter((t) => !types.has(t))).toEqual([])
    expect(estimateTypes.length).toBeGreaterThan(0)
  })

  it("decodes with the current codecs, and folds into state without a defect", () => {
    const retroEvents = released.filter((e) => retroTags.has(e.type))
    const teamEvents = released.filter((e) => teamTags.has(e.type))
    const estimateEvents = released.filter((e) => !retroTags.has(e.type) && !teamTags.has(e.type))

    const decoded = <A>(result: Result.Result<ReadonlyArray<A>, Store.EventDecodeError>): ReadonlyArray<A> => {
      if (Result.isFailure(result)) return expect.fail(result.failure.message)
      return result.success
    }
    const retro = decoded(Retro.eventCodec.decodeAll(stored(retroEvents, Retro.streamId("sample-retro"))))
    const team = decoded(Team.eventCodec.decodeAll(stored(teamEvents, Team.streamId("sample-team"))))
    const estimates = decoded(Estimates.logEventCodec.decodeAll(stored(estimateEvents, Estimates.logStreamId("sample-team"))))
    expect(retro).toHaveLength(retroEvents.length)
    expect(team).toHaveLength(teamEvents.length)
    expect(estimates).toHaveLength(estimateEvents.length)

    expect(Decider.replay(Retro.decider, retro).status).toBe("active")
    expect(Decider.replay(Team.decider, team).status).toBe("active")
    Decider.replay(Estimates.logDecider, estimates)
  })
})
