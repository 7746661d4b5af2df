/**
 * Where tokens are kept (decision 0005): a participant's in the tab's
 * sessionStorage (a shared laptop forgets it when the tab closes), the
 * facilitator's and team admin's in localStorage.
 */
import { describe, expect, it } from "vitest"
import { newKey } from "../src/api.ts"
import { facilitatorSession, forgetFacilitator, participantSession, saveFacilitator, saveParticipant, saveTeam, storedKeys, teamSession } from "../src/storage.ts"
import { useMemoryStorage } from "./fixtures/memoryStorage.ts"

const storages = useMemoryStorage()

describe("token storage", () => {
  it("keeps a participant's token in the tab only", () => {
    saveParticipant("r1", { token: "rbp_x", name: "Amara", side: "product" })
    expect(participantSession("r1")).toEqual({ token: "rbp_x", name: "Amara", side: "product" })
    expect(storages.local().length).toBe(0)
    expect(storages.session().length).toBe(1)
    expect(participantSession("r2")).toBeUndefined()
  })

  it("keeps facilitator and team tokens on the device, lists them, and forgets on request", () => {
    saveFacilitator("r1", { token: "rbf_x", teamId: "t1", joinPath: "/join/r1#code" })
    saveTeam("t1", { token: "rbt_x", name: "Falcon" })
    expect(storages.session().length).toBe(0)
    expect(facilitatorSession("r1")?.joinPath).toBe("/join/r1#code")
    expect(teamSession("t1")?.name).toBe("Falcon")
    expect(storedKeys("facilitator")).toEqual(["r1"])
    expect(storedKeys("team")).toEqual(["t1"])
    forgetFacilitator("r1")
    expect(facilitatorSession("r1")).toBeUndefined()
  })

  it("reads a damaged entry as absent instead of failing", () => {
    storages.session().setItem("retrobridge:participant:r1", "{not json")
    expect(participantSession("r1")).toBeUndefined()
  })
})

describe("newKey", () => {
  it("makes distinct 128-bit hex keys without crypto.randomUUID (missing on plain-http LAN pages)", () => {
    const keys = new Set(Array.from({ length: 100 }, () => newKey()))
    expect(keys.size).toBe(100)
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{32}$/)
  })
})
