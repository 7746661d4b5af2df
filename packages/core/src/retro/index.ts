/**
 * The retrospective: team, phases, anonymous cards, themes, votes,
 * discussion, agreements, follow-up, views and export.
 *
 * @since 0.1.0
 */
export * from "./RetroPhase.ts"
export * from "./RetroCommand.ts"
export * from "./RetroEvent.ts"
export * from "./RetroError.ts"
export * from "./RetroState.ts"
export * from "./RetroDecider.ts"
export * from "./RetroIntegration.ts"
export * from "./RetroView.ts"
export * from "./RetroClientEvent.ts"
export * from "./RetroMarkdown.ts"
export * from "./TeamHistory.ts"
export * from "./Team.ts"
export * from "./RetroStreams.ts"
