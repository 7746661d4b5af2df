import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { Agreements } from "@retrobridge/core"

const guide = readFileSync(new URL("../../../../docs/facilitator-guide.md", import.meta.url), "utf8")

describe("the facilitator's guide agrees with the agreement rules", () => {
  it("its table lists every violation code, and only those", () => {
    const table = guide.slice(guide.indexOf("| Code | Meaning |"))
    const rows = table.split("\n").slice(2).filter((line) => line.startsWith("| `"))
    const listed = rows.map((line) => /^\| `([a-z-]+)` \|/.exec(line)?.[1])
    expect(listed).toEqual([...Agreements.ViolationCode.literals])
  })
})
