/**
 * Friction themes: the built-in taxonomy of the four frictions (and more),
 * the method's guidance per theme, and the explainable suggester that
 * proposes a theme for a card.
 *
 * @since 0.2.0
 */
export {
  /** @since 0.2.0 */
  BuiltInThemeKey as BuiltInKey,
  /** @since 0.2.0 */
  builtInThemeKeys as builtInKeys,
  /** @since 0.2.0 */
  type ThemeKeyword as Keyword,
  /** @since 0.2.0 */
  type HardConversation,
  /** @since 0.2.0 */
  type ThemeDefinition as Definition,
  /** @since 0.2.0 */
  builtInThemes as builtIns,
  /** @since 0.2.0 */
  builtInTheme as builtIn,
  /** @since 0.2.0 */
  themeDiscussionQuestions as discussionQuestions,
  /** @since 0.2.0 */
  type CustomThemeInput as CustomInput,
  /** @since 0.2.0 */
  type SuggestableTheme as Suggestable,
  /** @since 0.2.0 */
  type ThemeKeywordMatch as KeywordMatch,
  /** @since 0.2.0 */
  type ThemeScore as Score,
  /** @since 0.2.0 */
  type ThemeSuggestion as Suggestion,
  /** @since 0.2.0 */
  stemThemeWord as stemWord,
  /** @since 0.2.0 */
  themeTokens as tokens,
  /** @since 0.2.0 */
  suggestTheme as suggest,
  /** @since 0.2.0 */
  makeThemeSuggester as makeSuggester
} from "./themes/index.ts"
