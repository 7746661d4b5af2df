/**
 * Estimate-accuracy tracking and calibrated range estimates: the estimate
 * log (decider), accuracy reports, calibration that picks its method from
 * the team's own history, the replay harness that measures it, and import
 * of existing history from trackers' CSV exports.
 *
 * @since 0.1.0
 */
export * from "./Range.ts"
export * from "./EstimateTime.ts"
export * from "./EstimateLogCommand.ts"
export * from "./EstimateLogEvent.ts"
export * from "./EstimateLogError.ts"
export * from "./EstimateLogState.ts"
export * from "./EstimateLogDecider.ts"
export * from "./EstimateSample.ts"
export * from "./AccuracySummary.ts"
export * from "./AccuracyReport.ts"
export * from "./EstimateMetric.ts"
export * from "./CalibrationMethod.ts"
export * from "./Calibration.ts"
export * from "./Replay.ts"
export * from "./Generate.ts"
export * from "./CsvMapping.ts"
export * from "./Csv.ts"
