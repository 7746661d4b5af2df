/**
 * Half-typed cards (drafts.ts): kept per retro and prompt in the tab's sessionStorage only,
 * removed when blank, when the card is added, or for the whole retro when the participant leaves.
 */
import { describe, expect, it } from "vitest"
import { clearDraft, clearDrafts, draftOf, saveDraft } from "../src/drafts.ts"
import { useMemoryStorage } from "./fixtures/memoryStorage.ts"

const storages = useMemoryStorage()

describe("card drafts", () => {
  it("keeps a draft per retro and prompt, in the tab only", () => {
    saveDraft("r1", "went-well", "The release train ")
    saveDraft("r1", "friction", "Estimates were")
    saveDraft("r2", "went-well", "Other retro")
    expect(draftOf("r1", "went-well")).toBe("The release train ")
    expect(draftOf("r1", "friction")).toBe("Estimates were")
    expect(draftOf("r2", "went-well")).toBe("Other retro")
    expect(draftOf("r1", "try-next")).toBe("")
    expect(storages.local().length).toBe(0)
  })

  it("forgets a draft emptied by the writer or added as a card", () => {
    saveDraft("r1", "went-well", "half")
    saveDraft("r1", "went-well", "   ")
    expect(draftOf("r1", "went-well")).toBe("")
    expect(storages.session().length).toBe(0)
    saveDraft("r1", "friction", "added now")
    clearDraft("r1", "friction")
    expect(draftOf("r1", "friction")).toBe("")
    expect(storages.session().length).toBe(0)
  })

  it("clears every draft of one retro and leaves the token and other retros alone", () => {
    storages.session().setItem("retrobridge:participant:r1", "{\"token\":\"rbp_x\"}")
    saveDraft("r1", "went-well", "a")
    saveDraft("r1", "friction", "b")
    saveDraft("r2", "friction", "c")
    clearDrafts("r1")
    expect([...storages.session().items.keys()].sort()).toEqual(["retrobridge:draft:r2:friction", "retrobridge:participant:r1"])
  })

  it("reads a damaged entry or disabled storage as no draft, and saving without storage does not throw", () => {
    storages.session().setItem("retrobridge:draft:r1:went-well", "{not json")
    expect(draftOf("r1", "went-well")).toBe("")
    storages.session().setItem("retrobridge:draft:r1:friction", "42")
    expect(draftOf("r1", "friction")).toBe("")
    delete (globalThis as { sessionStorage?: Storage }).sessionStorage
    expect(draftOf("r1", "went-well")).toBe("")
    expect(() => saveDraft("r1", "went-well", "x")).not.toThrow()
    expect(() => clearDrafts("r1")).not.toThrow()
  })
})
