/**
 * Friction themes: the built-in taxonomy and the explainable suggester.
 *
 * @since 0.1.0
 */
export * from "./Suggester.ts"
export * from "./ThemeKey.ts"
export * from "./Themes.ts"
