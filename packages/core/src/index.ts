/**
 * @retrobridge/core — the pure domain of RetroBridge, one namespace per area.
 *
 * ```ts
 * import { Retro, Team, Estimates, Store } from "@retrobridge/core"
 * ```
 *
 * Each namespace is also its own entry point (`@retrobridge/core/Retro`, …),
 * for browser bundles: bundlers keep the whole of a namespace re-exported
 * from here (esbuild: `Retro.CardText` through this module bundles 167 KB,
 * `import * as Retro from "@retrobridge/core/Retro"` 9 KB).
 *
 * @since 0.1.0
 */

/** The decider pattern every aggregate follows, and `replay`. @since 0.2.0 */
export * as Decider from "./Decider.ts"
/** Shared value schemas (sides, dates, ids, texts) and calendar arithmetic. @since 0.2.0 */
export * as Primitives from "./Primitives.ts"
/** The retrospective: phases, commands, events, state, decider, views, export. @since 0.2.0 */
export * as Retro from "./Retro.ts"
/** A team's roster and its history across retros. @since 0.2.0 */
export * as Team from "./Team.ts"
/** Bilateral, observable, time-boxed agreements. @since 0.2.0 */
export * as Agreements from "./Agreements.ts"
/** Friction themes and the theme suggester. @since 0.2.0 */
export * as Themes from "./Themes.ts"
/** The estimate log, accuracy reports and calibration. @since 0.2.0 */
export * as Estimates from "./Estimates.ts"
/** The event store port, codecs and the command handler. @since 0.2.0 */
export * as Store from "./Store.ts"
