/**
 * The keys of the built-in friction themes, kept apart from the theme
 * catalogue so that the agreements area can refer to them without importing
 * the catalogue (which itself imports agreement templates).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The six built-in friction themes: the method's four recurring frictions
 * (requirements clarity, speed vs quality, technical debt, estimates and
 * predictability) plus prioritization decisions and communication gaps.
 * The order is meaningful: it is the suggester's fixed tie-break order.
 *
 * @since 0.1.0
 */
export const BuiltInThemeKey = Schema.Literals([
  "requirements-clarity",
  "speed-vs-quality",
  "technical-debt",
  "estimates-predictability",
  "prioritization",
  "communication-gaps"
])
/** @since 0.1.0 */
export type BuiltInThemeKey = typeof BuiltInThemeKey.Type

/**
 * Every built-in key in canonical (tie-break) order.
 *
 * @since 0.1.0
 */
export const builtInThemeKeys: ReadonlyArray<BuiltInThemeKey> = BuiltInThemeKey.literals
