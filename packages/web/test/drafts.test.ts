/**
 * Half-typed cards (drafts.ts): kept per retro and prompt in the tab's sessionStorage only,
 * removed when blank, when the card is added, or for the whole retro when the participant leaves.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { clearDraft, clearDrafts, draftOf, saveDraft } from "../src/drafts.ts"

class MemoryStorage implements Storage {
  readonly items = new Map<string, string>()
  get length() { return this.items.size }
  clear() { this.items.clear() }
  getItem(key: string) { return this.items.get(key) ?? null }
  key(index: number) { return [...this.items.keys()][index] ?? null }
  removeItem(key: string) { this.items.delete(key) }
  setItem(key: string, value: string) { this.items.set(key, value) }
}

const g = globalThis as unknown as { sessionStorage?: Storage; localStorage?: Storage }
let session: MemoryStorage
let local: MemoryStorage
beforeEach(() => {
  session = new MemoryStorage()
  local = new MemoryStorage()
  g.sessionStorage = session
  g.localStorage = local
})
afterEach(() => {
  delete g.sessionStorage
  delete g.localStorage
})

describe("card drafts", () => {
  it("keeps a draft per retro and prompt, in the tab only", () => {
    saveDraft("r1", "went-well", "The release train ")
    saveDraft("r1", "friction", "Estimates were")
    saveDraft("r2", "went-well", "Other retro")
    expect(draftOf("r1", "went-well")).toBe("The release train ")
    expect(draftOf("r1", "friction")).toBe("Estimates were")
    expect(draftOf("r2", "went-well")).toBe("Other retro")
    expect(draftOf("r1", "try-next")).toBe("")
    expect(local.length).toBe(0)
  })

  it("forgets a draft emptied by the writer or added as a card", () => {
    saveDraft("r1", "went-well", "half")
    saveDraft("r1", "went-well", "   ")
    expect(draftOf("r1", "went-well")).toBe("")
    expect(session.length).toBe(0)
    saveDraft("r1", "friction", "added now")
    clearDraft("r1", "friction")
    expect(draftOf("r1", "friction")).toBe("")
    expect(session.length).toBe(0)
  })

  it("clears every draft of one retro and leaves the token and other retros alone", () => {
    session.setItem("retrobridge:participant:r1", "{\"token\":\"rbp_x\"}")
    saveDraft("r1", "went-well", "a")
    saveDraft("r1", "friction", "b")
    saveDraft("r2", "friction", "c")
    clearDrafts("r1")
    expect([...session.items.keys()].sort()).toEqual(["retrobridge:draft:r2:friction", "retrobridge:participant:r1"])
  })

  it("reads a damaged entry or disabled storage as no draft, and saving without storage does not throw", () => {
    session.setItem("retrobridge:draft:r1:went-well", "{not json")
    expect(draftOf("r1", "went-well")).toBe("")
    session.setItem("retrobridge:draft:r1:friction", "42")
    expect(draftOf("r1", "friction")).toBe("")
    delete g.sessionStorage
    expect(draftOf("r1", "went-well")).toBe("")
    expect(() => saveDraft("r1", "went-well", "x")).not.toThrow()
    expect(() => clearDrafts("r1")).not.toThrow()
  })
})
