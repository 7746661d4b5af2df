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
  makeThemeSuggester as makeSuggester,
  /** @since 0.2.0 */
  type SuggestOptions,
  /** @since 0.2.0 */
  type ThemeReason as Reason,
  /** @since 0.2.0 */
  explainThemeReason as explainReason,
  /** @since 0.2.0 */
  builtInThemeLexicon as builtInLexicon,
  /** @since 0.2.0 */
  type LabelledThemeCard as LabelledCard,
  /** @since 0.2.0 */
  builtInThemeExamples as builtInExamples,
  /** @since 0.2.0 */
  type ThemeLabel as Label,
  /** @since 0.2.0 */
  themeLabel as label,
  /** @since 0.2.0 */
  type GroupedRetro,
  /** @since 0.2.0 */
  type ThemeExample as Example,
  /** @since 0.2.0 */
  type LearnedTheme,
  /** @since 0.2.0 */
  learnedThemes,
  /** @since 0.2.0 */
  type TeamThemeEvidence as Evidence,
  /** @since 0.2.0 */
  emptyThemeEvidence as emptyEvidence,
  /** @since 0.2.0 */
  addThemeExamples as addExamples,
  /** @since 0.2.0 */
  retroThemeExamples as retroExamples,
  /** @since 0.2.0 */
  teamThemeEvidence as teamEvidence,
  /** @since 0.2.0 */
  type LearnedFeature,
  /** @since 0.2.0 */
  learnedFeatures,
  /** @since 0.2.0 */
  LEARNING_POINTS_PER_FEATURE as learningPointsPerFeature,
  /** @since 0.2.0 */
  type GroupedCard,
  /** @since 0.2.0 */
  groupedCards,
  /** @since 0.2.0 */
  withoutRetro,
  /** @since 0.2.0 */
  type RetroThemeProposal as RetroProposal,
  /** @since 0.2.0 */
  makeRetroThemeProposer as makeRetroProposer
} from "./themes/index.ts"
