import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { Retro } from "@retrobridge/core"

const guide = readFileSync(new URL("../../../../docs/integrator-guide.md", import.meta.url), "utf8")

/** Rows of the integrator guide's command table: command, who, phases. */
const commandRows = (): ReadonlyArray<{ command: string; who: string; phases: string }> =>
  guide.split("\n")
    .filter((line) => /^\| `[A-Z]\w+` \| /.test(line) && line.split(" | ").length === 4)
    .map((line) => {
      const cells = line.slice(2, -2).split(" | ")
      return { command: cells[0]!.replaceAll("`", ""), who: cells[1]!, phases: cells[3]! }
    })

const phasesInWords = (tag: Retro.CommandTag): string => {
  const phases = Retro.phaseOrder.filter((phase) => Retro.phaseRules[phase].allows.includes(tag))
  if (phases.length === 0) return "before creation only"
  const notIn = Retro.phaseOrder.filter((phase) => !phases.includes(phase))
  return notIn.length === 1 && phases.length > 2 ? `every phase but ${notIn[0]}` : phases.join(", ")
}

const roleInWords: Record<Retro.Role, string> = {
  facilitator: "facilitator",
  participant: "participant",
  invitee: "anyone with the join code",
  anyone: "anyone"
}

describe("the phase table is the one home of phase rules", () => {
  it("timed phases are exactly the phases with a timebox setting", () => {
    const timed = Retro.phaseOrder.filter((phase) => Retro.phaseRules[phase].timed)
    expect(timed).toEqual(Retro.TimedPhase.literals)
    expect(Object.keys(Retro.defaultPhaseTimeboxes).sort()).toEqual([...timed].sort())
  })

  it("exactly the last phase is final, and every other phase can be left by AdvancePhase", () => {
    for (const phase of Retro.phaseOrder) {
      const rule = Retro.phaseRules[phase]
      const last = Retro.nextPhase(phase) === undefined
      expect(rule.leave === "final").toBe(last)
      expect(rule.allows.includes("AdvancePhase")).toBe(!last)
    }
  })

  it("once shown, cards and vote totals stay shown in every later phase", () => {
    for (const flag of ["cardsRevealed", "votesVisible"] as const) {
      const shown = Retro.phaseOrder.map((phase) => Retro.phaseRules[phase][flag])
      expect(shown).toEqual([...shown].sort((a, b) => Number(a) - Number(b)))
      expect(shown).toContain(true)
    }
  })

  it("every command belongs to exactly one role, and commandsFor splits a phase's commands by role", () => {
    for (const phase of Retro.phaseOrder) {
      const byRole = (["facilitator", "participant", "invitee", "anyone"] as const).flatMap((role) => Retro.commandsFor(phase, role))
      expect([...byRole].sort()).toEqual([...Retro.phaseRules[phase].allows].sort())
    }
  })
})

describe("the integrator guide agrees with the rules", () => {
  const rows = commandRows()

  it("lists every command once, with the phases and roles of the phase table", () => {
    expect(rows.map((r) => r.command).sort()).toEqual(Object.keys(Retro.commandRoles).sort())
    for (const row of rows) {
      const tag = row.command as Retro.CommandTag
      expect({ command: tag, phases: row.phases }).toEqual({ command: tag, phases: phasesInWords(tag) })
      // The guide may narrow a participant command to "the card's author" (ownership is checked on top of the role).
      const who = row.who === "the card's author" ? "participant" : row.who
      expect({ command: tag, who }).toEqual({ command: tag, who: roleInWords[Retro.commandRoles[tag]] })
    }
  })

  it("lists exactly the declared rule names", () => {
    const paragraph = guide.slice(guide.indexOf("`Retro.RuleViolated.rule` values:"), guide.indexOf("`Retro.view` fails with"))
    const listed = [...paragraph.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => m[1])
    expect([...listed].sort()).toEqual([...Retro.ruleNames].sort())
  })

  it("lists exactly the declared warning codes", () => {
    const paragraph = guide.slice(guide.indexOf("Warning codes:"), guide.indexOf("The facilitator's guide\nexplains each"))
    const listed = [...paragraph.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => m[1])
    expect([...listed].sort()).toEqual(Object.keys(Retro.warningCodes).sort())
  })

  it("lists exactly the declared id kinds", () => {
    const row = guide.split("\n").find((line) => line.startsWith("| `NotFound` |"))!
    const duplicate = guide.split("\n").find((line) => line.startsWith("| `DuplicateId` |"))!
    expect(row).toBeDefined()
    for (const kind of Retro.entityKinds.filter((k) => !k.startsWith("team"))) {
      expect(duplicate + row).toContain(kind)
    }
  })
})
