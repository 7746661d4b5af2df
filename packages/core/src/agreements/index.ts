/**
 * Agreements: drafts, validation (bilateral, observable, time-boxed),
 * acceptance into {@link ValidAgreement}, and templates.
 *
 * @since 0.1.0
 */
export * from "./Agreement.ts"
export * from "./templates.ts"
export * from "./Wording.ts"
