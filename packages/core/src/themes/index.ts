/**
 * Friction themes: the built-in taxonomy, the explainable suggester and its
 * lexicon, and learning from a team's own grouping.
 *
 * @since 0.1.0
 */
export * from "./Suggester.ts"
export * from "./ThemeExamples.ts"
export * from "./ThemeKey.ts"
export * from "./ThemeLearning.ts"
export * from "./ThemeLexicon.ts"
export * from "./ThemeProposals.ts"
export * from "./Themes.ts"
