import { describe, expect, it } from "vitest"
import { Store } from "@retrobridge/core"

describe("ConcurrencyError", () => {
  it("says which stream and what to do", () => {
    const e = new Store.ConcurrencyError({ streamId: "retro-1", expectedVersion: 2, actualVersion: 3 })
    expect(e._tag).toBe("ConcurrencyError")
    expect(e.message).toContain("retro-1")
    expect(e.message).toContain("retry")
  })
})
