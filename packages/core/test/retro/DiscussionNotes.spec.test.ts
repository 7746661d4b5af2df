/**
 * Editing and removing discussion notes (handoff notes and information gaps) as
 * given(events).when(command).then(events | error). A note typed in a hurry in front of the
 * room gets corrected or taken back; the view and the Markdown export show what is left.
 */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"
import { deciderSpec, testSecret } from "@retrobridge/core/testing"
import { active, agreeing, collecting, discussing, drafted, f, FACILITATOR, grouping, MIN, person, T0, voting, withThemes } from "./fixtures.ts"

const spec = deciderSpec(Retro.decider)

// Histories as stored events.
const discussingEvents = [
  ...drafted().events,
  ...collecting().events,
  ...grouping().events,
  ...withThemes().events,
  ...voting().events,
  ...discussing().events
]
const handoff: Retro.Event = { _tag: "HandoffNoteAdded", themeId: "t-debt", noteId: "n1", text: "Debt is invisble at planing" }
const gap: Retro.Event = { _tag: "InformationGapAdded", themeId: "t-debt", noteId: "n2", side: "product", text: "Incident cost of the payment service" }
const otherTheme: Retro.Event = { _tag: "HandoffNoteAdded", themeId: "t-req", noteId: "n1", text: "Specs change after planning" }
const withNotes = [...discussingEvents, handoff, gap, otherTheme]

const edit = (themeId: string, noteId: string, text: string) => f({ _tag: "EditDiscussionNote", themeId, noteId, text })
const remove = (themeId: string, noteId: string) => f({ _tag: "RemoveDiscussionNote", themeId, noteId })

const themeOf = (state: Retro.State, themeId: string) => active(state).themes.find((t) => t.themeId === themeId)!
const markdownOf = (state: Retro.State): string => {
  const md = Retro.markdown(state)
  if (Result.isFailure(md)) throw new Error(md.failure.message)
  return md.success
}

describe("EditDiscussionNote", () => {
  it("corrects a handoff note's text in place, keeping its id and place", () => {
    const state = spec.given(withNotes).when(edit("t-debt", "n1", "Debt is invisible at planning"))
      .then([{ _tag: "DiscussionNoteEdited", themeId: "t-debt", noteId: "n1", text: "Debt is invisible at planning" }])
    expect(themeOf(state, "t-debt").handoffNotes).toEqual([{ noteId: "n1", text: "Debt is invisible at planning" }])
    // Only that theme's note: another theme's note of the same id is untouched.
    expect(themeOf(state, "t-req").handoffNotes).toEqual([{ noteId: "n1", text: "Specs change after planning" }])
    expect(markdownOf(state)).toContain("Debt is invisible at planning")
    expect(markdownOf(state)).not.toContain("invisble")
  })

  it("corrects an information gap's text, keeping the side that lacks it", () => {
    const state = spec.given(withNotes).when(edit("t-debt", "n2", "What an incident of the payment service costs"))
      .then([{ _tag: "DiscussionNoteEdited", themeId: "t-debt", noteId: "n2", text: "What an incident of the payment service costs" }])
    expect(themeOf(state, "t-debt").informationGaps).toEqual([{ noteId: "n2", side: "product", text: "What an incident of the payment service costs" }])
    const view = Retro.view(state, { role: "observer" }, T0 + 40 * MIN)
    if (Result.isFailure(view)) throw new Error(view.failure.message)
    expect(view.success.themes.find((t) => t.themeId === "t-debt")?.informationGaps).toEqual([
      { noteId: "n2", side: "product", text: "What an incident of the payment service costs" }
    ])
  })

  it("the same text again changes nothing", () => {
    spec.given(withNotes).when(edit("t-debt", "n2", "Incident cost of the payment service")).thenNothing()
  })

  it("an edited note can be edited again", () => {
    const once: Retro.Event = { _tag: "DiscussionNoteEdited", themeId: "t-debt", noteId: "n1", text: "First fix" }
    const state = spec.given([...withNotes, once]).when(edit("t-debt", "n1", "Second fix"))
      .then([{ _tag: "DiscussionNoteEdited", themeId: "t-debt", noteId: "n1", text: "Second fix" }])
    expect(themeOf(state, "t-debt").handoffNotes).toEqual([{ noteId: "n1", text: "Second fix" }])
  })

  it("a note that is not there, or on another theme, is not found", () => {
    spec.given(withNotes).when(edit("t-debt", "n9", "x")).thenFails({ _tag: "NotFound", kind: "note", id: "n9" })
    spec.given(withNotes).when(edit("t-req", "n2", "x")).thenFails({ _tag: "NotFound", kind: "note", id: "n2" })
    spec.given(withNotes).when(edit("nope", "n1", "x")).thenFails({ _tag: "NotFound", kind: "theme", id: "nope" })
  })
})

describe("RemoveDiscussionNote", () => {
  it("takes a handoff note back; the other notes stay", () => {
    const state = spec.given(withNotes).when(remove("t-debt", "n1")).then([{ _tag: "DiscussionNoteRemoved", themeId: "t-debt", noteId: "n1" }])
    expect(themeOf(state, "t-debt").handoffNotes).toEqual([])
    expect(themeOf(state, "t-debt").informationGaps).toHaveLength(1)
    expect(themeOf(state, "t-req").handoffNotes).toHaveLength(1)
    expect(markdownOf(state)).not.toContain("invisble")
    expect(markdownOf(state)).toContain("Incident cost of the payment service")
  })

  it("takes an information gap back", () => {
    const state = spec.given(withNotes).when(remove("t-debt", "n2")).then([{ _tag: "DiscussionNoteRemoved", themeId: "t-debt", noteId: "n2" }])
    expect(themeOf(state, "t-debt").informationGaps).toEqual([])
    expect(markdownOf(state)).not.toContain("Incident cost of the payment service")
  })

  it("a removed note is gone: removing or editing it again is not found, and its id may be used again", () => {
    const removed: Retro.Event = { _tag: "DiscussionNoteRemoved", themeId: "t-debt", noteId: "n1" }
    spec.given([...withNotes, removed]).when(remove("t-debt", "n1")).thenFails({ _tag: "NotFound", kind: "note", id: "n1" })
    spec.given([...withNotes, removed]).when(edit("t-debt", "n1", "x")).thenFails({ _tag: "NotFound", kind: "note", id: "n1" })
    spec.given([...withNotes, removed]).when(f({ _tag: "AddHandoffNote", themeId: "t-debt", noteId: "n1", text: "Anew" }))
      .then([{ _tag: "HandoffNoteAdded", themeId: "t-debt", noteId: "n1", text: "Anew" }])
  })
})

describe("who and when", () => {
  it("only the facilitator", () => {
    const byParticipant = { _tag: "EditDiscussionNote", facilitatorSecret: person("p1").secret, themeId: "t-debt", noteId: "n1", text: "x", at: T0 + 40 * MIN } as const
    spec.given(withNotes).when(byParticipant).thenFails({ _tag: "NotFacilitator" })
    spec.given(withNotes).when({ _tag: "RemoveDiscussionNote", facilitatorSecret: testSecret("stranger"), themeId: "t-debt", noteId: "n1", at: T0 + 40 * MIN })
      .thenFails({ _tag: "NotFacilitator" })
    expect(Retro.commandRoles.EditDiscussionNote).toBe("facilitator")
    expect(Retro.commandRoles.RemoveDiscussionNote).toBe("facilitator")
  })

  it("in the phases that take notes, and no other", () => {
    for (const tag of ["EditDiscussionNote", "RemoveDiscussionNote"] as const) {
      for (const phase of Retro.phaseOrder) {
        expect(Retro.commandsByPhase[phase].includes(tag), `${tag} in ${phase}`).toBe(Retro.commandsByPhase[phase].includes("AddHandoffNote"))
      }
    }
    const agreeingEvents = [...withNotes, ...agreeing().events]
    spec.given(agreeingEvents).when(edit("t-debt", "n1", "Too late")).thenFails({ _tag: "CommandNotAllowedInPhase", phase: "agreeing" })
    spec.given(agreeingEvents).when(remove("t-debt", "n1")).thenFails({ _tag: "CommandNotAllowedInPhase", phase: "agreeing" })
  })

  it("the facilitator's discussing view offers them", () => {
    const view = Retro.view(spec.given(withNotes).state, { role: "facilitator", secret: FACILITATOR }, T0 + 40 * MIN)
    if (Result.isFailure(view)) throw new Error(view.failure.message)
    expect(view.success.allowedCommands).toEqual(expect.arrayContaining(["EditDiscussionNote", "RemoveDiscussionNote"]))
  })
})
