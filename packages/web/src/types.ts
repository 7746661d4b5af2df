import type { Estimates, Retro, Team } from "@retrobridge/core"

export type View = Retro.View
export type Phase = Retro.Phase
export type Side = "product" | "engineering"
export type Prompt = Retro.CardPrompt
export type ThemeView = Retro.ThemeView
export type RevealedCard = Retro.RevealedCardView
export type History = Team.History
export type AccuracyReport = Estimates.AccuracyReport
export type Calibrated = Estimates.Calibrated

/** The units of an estimate log: effort in different units is never compared. */
export type Unit = AccuracyReport["slice"]["unit"]
export const units: ReadonlyArray<Unit> = ["days", "hours", "points", "minutes"]

/**
 * The estimate metrics an agreement can name, as the estimates guide calls them, with which way is
 * better (keyed by the core's metric type: a metric the core adds fails to compile here until named).
 */
export const estimateMetricLabel: Record<Estimates.Metric, string> = {
  hitRate: "Hit rate (higher is better)",
  bias: "Bias (closer to 1 is better)",
  mdmre: "MdMRE, median relative error (lower is better)",
  pred25: "PRED(25), estimates within 25% (higher is better)",
  medianRangeWidth: "Median range width (read with the hit rate)",
  singlePointShare: "Single-point share (lower is better)"
}
export const isEstimateMetric = (m: string): m is Estimates.Metric => Object.hasOwn(estimateMetricLabel, m)

export const sides: ReadonlyArray<Side> = ["product", "engineering"]
export const sideLabel: Record<Side, string> = { product: "Product", engineering: "Engineering" }

export const prompts: ReadonlyArray<{ readonly prompt: Prompt; readonly question: string }> = [
  { prompt: "worked-well", question: "What worked well?" },
  { prompt: "friction", question: "Where did friction slow us down?" },
  { prompt: "wish-understood", question: "What do you wish the other side understood better?" }
]
export const promptQuestion = (p: Prompt): string => prompts.find((x) => x.prompt === p)?.question ?? p

export const phaseOrder: ReadonlyArray<Phase> = ["draft", "collecting", "grouping", "voting", "discussing", "agreeing", "closed"]
export const phaseLabel: Record<Phase, string> = {
  draft: "Lobby",
  collecting: "Writing cards",
  grouping: "Grouping",
  voting: "Dot vote",
  discussing: "Discussion",
  agreeing: "Agreements",
  closed: "Closed"
}
/** The method's three parts: 20 min cards, 40 min themes (grouping + voting + discussing), 30 min agreements. */
export const partOf: Partial<Record<Phase, string>> = {
  collecting: "Part 1 of 3 · cards",
  grouping: "Part 2 of 3 · themes",
  voting: "Part 2 of 3 · themes",
  discussing: "Part 2 of 3 · themes",
  agreeing: "Part 3 of 3 · agreements"
}

export const discussionQuestions = {
  optimizing: "What is each side optimizing for?",
  handoff: "Where is the handoff breaking down?",
  gaps: "What information does each side lack?"
} as const
