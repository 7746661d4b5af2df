/**
 * Estimate-accuracy tracking and calibrated range estimates: the estimate
 * log (decider), accuracy reports, calibration, the replay harness that
 * measures calibration, and CSV import of existing history.
 *
 * @since 0.1.0
 */
export * from "./Range.ts"
export * from "./EstimateLog.ts"
export * from "./Accuracy.ts"
export * from "./Calibration.ts"
export * from "./Replay.ts"
export * from "./Generate.ts"
export * from "./Csv.ts"
