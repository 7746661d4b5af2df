/**
 * A Markdown summary of a retro, ready to paste into a wiki. Built from the
 * observer-safe facts plus revealed card texts: never an author.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { readEstimateMetric } from "../estimates/index.ts"
import { type Side, Sides } from "../Primitives.ts"
import { cardPromptQuestion, type AgreementOutcome } from "./RetroCommand.ts"
import { RetroNotStarted, RetroRuleViolated } from "./RetroError.ts"
import { type ActiveRetro, type RetroState, retroThemeVotes } from "./RetroState.ts"
import { isTimedPhase, retroDiscussionOrder, retroPhaseRules, retroSideLabels, timeboxExtensionMinutes } from "./RetroPolicy.ts"

const outcomeLabel: Record<AgreementOutcome, string> = {
  kept: "Kept",
  "partly-kept": "Partly kept",
  "not-kept": "Not kept",
  dropped: "Dropped"
}

const sideName: Record<Side, string> = { product: "Product", engineering: "Engineering" }

// Card and note texts are user input: keep them from breaking the list structure or injecting markup.
const inline = (text: string): string => text.replace(/\s*\n\s*/g, " ").replace(/([\\`*_[\]<>|#])/g, "\\$1").trim()

// To the second, as every clock in the app counts: whole minutes hid a 29-second overrun and
// showed a phase skipped in 20 seconds as "0 min".
const duration = (ms: number): string => {
  const total = Math.round(ms / 1000)
  const m = Math.floor(total / 60)
  const s = total % 60
  return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`
}

const render = (state: ActiveRetro): string => {
  const d = state.details
  const lines: Array<string> = []
  const labels = retroSideLabels(state)
  const report = state.themes.find((t) => t.accuracyReport !== undefined)?.accuracyReport
  lines.push(`# ${inline(d.title)}`, "")
  lines.push(
    `- **Date:** ${d.date}`,
    `- **Trigger:** ${d.trigger === "quarterly" ? "Quarterly" : `After a major release${d.releaseName ? ` (${inline(d.releaseName)})` : ""}`}`,
    `- **Facilitator:** ${inline(d.facilitatorName)}`,
    `- **Participants:** ${state.participants.filter((p) => p.side === "product").length} product, ${
      state.participants.filter((p) => p.side === "engineering").length
    } engineering`,
    `- **Cards:** ${state.cards.size}`
  )
  if (retroPhaseRules[state.phase].leave !== "final") lines.push(`- **Status:** in progress (${state.phase}); this summary is not final`)
  lines.push("")

  const timed = state.phaseHistory.filter((s) => isTimedPhase(s.phase) && s.endedAt !== undefined)
  if (timed.length > 0) {
    lines.push("## Timing", "", "| Phase | Timebox | Actual |", "| --- | --- | --- |")
    for (const span of timed) {
      const box = isTimedPhase(span.phase) ? state.settings.timeboxes[span.phase] : 0
      const extended = timeboxExtensionMinutes(state, span.phase)
      lines.push(`| ${span.phase} | ${box} min${extended > 0 ? ` + ${extended} min extended` : ""} | ${duration((span.endedAt ?? span.startedAt) - span.startedAt)} |`)
    }
    lines.push("")
  }

  if (state.followUps.length > 0) {
    lines.push(`## Follow-up of the previous retro's agreements${state.importedFrom ? ` (${state.importedFrom.date})` : ""}`, "")
    for (const f of state.followUps) {
      const outcome = f.review === undefined ? "Not reviewed" : outcomeLabel[f.review.outcome]
      lines.push(`- **${outcome}:** ${inline(f.agreement.statement)}${f.review ? ` — ${inline(f.review.evidence)}` : ""}`)
      if (report !== undefined && f.agreement.metric !== undefined) {
        lines.push(`  - Metric now: ${readEstimateMetric(report, f.agreement.metric).text}`)
      }
    }
    lines.push("")
  }

  const themesById = new Map(state.themes.map((t) => [t.themeId, t]))
  // All sides or none, as promised at collection start.
  const sideOf = (card: { readonly side: Side | undefined }) =>
    labels.product.shown && card.side !== undefined ? sideName[card.side] : "Side undisclosed"
  const cardsInOrder = (state.revealOrder ?? []).flatMap((id) => {
    const card = state.cards.get(id)
    return card === undefined ? [] : [card]
  })
  // While the dot vote is open the export says nothing of it, as the views do: anyone who can read the
  // export could fetch it again after a colleague's click and see which theme went up.
  const votesVisible = retroPhaseRules[state.phase].votesVisible
  const votes = (themeId: string) => {
    const n = retroThemeVotes(state, themeId)
    return votesVisible ? `${n} vote${n === 1 ? "" : "s"}, ` : ""
  }
  if (state.themes.length > 0) {
    lines.push("## Themes", "")
    for (const themeId of votesVisible ? retroDiscussionOrder(state) : state.themes.map((t) => t.themeId)) {
      const theme = themesById.get(themeId)!
      const cards = cardsInOrder.filter((c) => c.themeId === themeId)
      lines.push(`### ${inline(theme.name)} (${votes(themeId)}${cards.length} card${cards.length === 1 ? "" : "s"})`, "")
      for (const side of Sides) {
        const text = theme.optimizingFor[side]
        if (text !== undefined) lines.push(`- **${sideName[side]} optimizes for:** ${inline(text)}`)
      }
      for (const note of theme.handoffNotes) lines.push(`- **Handoff breaks down:** ${inline(note.text)}`)
      for (const gap of theme.informationGaps) lines.push(`- **${sideName[gap.side]} lacks:** ${inline(gap.text)}`)
      if (theme.accuracyReport !== undefined) {
        const r = theme.accuracyReport
        lines.push(`- **Estimate accuracy:** ${(["hitRate", "bias", "singlePointShare"] as const).map((m) => readEstimateMetric(r, m).text).join(" ")}`)
        if (r.misjudgedWorkTypes.length > 0) {
          lines.push(`- **Misjudged work types:** ${r.misjudgedWorkTypes.map((w) => inline(w.workType)).join(", ")}`)
        }
      }
      if (cards.length > 0) {
        lines.push("", "Cards:", "")
        for (const card of cards) {
          lines.push(`- _${cardPromptQuestion[card.prompt]}_ (${sideOf(card)}) ${inline(card.text)}`)
        }
      }
      lines.push("")
    }
  }
  const loose = cardsInOrder.filter((c) => c.themeId === undefined)
  if (loose.length > 0) {
    lines.push("## Cards not grouped into a theme", "")
    for (const card of loose) lines.push(`- _${cardPromptQuestion[card.prompt]}_ (${sideOf(card)}) ${inline(card.text)}`)
    lines.push("")
  }

  lines.push("## Agreements", "")
  if (state.agreements.length === 0) lines.push("_No agreements were made._", "")
  state.agreements.forEach(({ agreement }, i) => {
    lines.push(`${i + 1}. **${inline(agreement.statement)}**`)
    for (const c of agreement.commitments) lines.push(`   - ${sideName[c.side]}: ${inline(c.text)}`)
    if (agreement.signal !== undefined) lines.push(`   - How we will know: ${inline(agreement.signal)}`)
    if (agreement.metric !== undefined) lines.push(`   - Metric: ${agreement.metric}`)
    lines.push(`   - Review by: ${agreement.reviewBy}`)
  })
  lines.push("")
  return lines.join("\n")
}

/**
 * Renders the retro as Markdown. Fails for a retro that has not revealed its
 * cards yet: before that there is nothing to summarise that could be shared.
 *
 * @since 0.1.0
 */
export const retroMarkdown = (state: RetroState): Result.Result<string, RetroNotStarted | RetroRuleViolated> => {
  if (state.status === "empty") return Result.fail(new RetroNotStarted({ command: "export" }))
  if (state.revealOrder === undefined || !retroPhaseRules[state.phase].cardsRevealed) {
    return Result.fail(new RetroRuleViolated({
      rule: "export-after-reveal",
      detail: `The retro is still ${state.phase}: cards are hidden until collection ends, so there is no summary to export yet.`
    }))
  }
  return Result.succeed(render(state))
}
