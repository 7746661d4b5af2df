/**
 * Estimate-accuracy tracking and calibrated range estimates: the estimate
 * log (an aggregate of its own, one stream per team), accuracy reports and
 * metrics, calibration, the replay harness that measures calibration,
 * generated histories, and CSV import and export.
 *
 * @since 0.2.0
 */
export {
  /** @since 0.2.0 */
  type BuiltInWorkType,
  /** @since 0.2.0 */
  BuiltInWorkTypes as builtInWorkTypes,
  /** @since 0.2.0 */
  EstimateEffort as Effort,
  /** @since 0.2.0 */
  EstimateRange as Range,
  /** @since 0.2.0 */
  StoredEstimateEffort as StoredEffort,
  /** @since 0.2.0 */
  StoredEstimateRange as StoredRange,
  /** @since 0.2.0 */
  estimateEffortBounds as effortBounds,
  /** @since 0.2.0 */
  estimateEffortProblem as effortProblem,
  /** @since 0.2.0 */
  isEffortWithinBounds,
  /** @since 0.2.0 */
  EstimateUnit as Unit,
  /** @since 0.2.0 */
  EstimateWorkType as WorkType,
  /** @since 0.2.0 */
  TypedEstimateWorkType as TypedWorkType,
  /** @since 0.2.0 */
  estimateRangeBest as rangeBest,
  /** @since 0.2.0 */
  estimateRangeWorst as rangeWorst,
  /** @since 0.2.0 */
  isSinglePointEstimate as isSinglePoint,
  /** @since 0.2.0 */
  pertMean,
  /** @since 0.2.0 */
  relativeRangeWidth,
  /** @since 0.2.0 */
  RecordEstimate,
  /** @since 0.2.0 */
  EstimateTitle,
  /** @since 0.2.0 */
  EstimateReason,
  /** @since 0.2.0 */
  ReEstimate,
  /** @since 0.2.0 */
  RecordActual,
  /** @since 0.2.0 */
  CancelWorkItem,
  /** @since 0.2.0 */
  ImportEstimateHistory as ImportHistory,
  /** @since 0.2.0 */
  WorkItemEstimated,
  /** @since 0.2.0 */
  WorkItemReEstimated,
  /** @since 0.2.0 */
  WorkItemCompleted,
  /** @since 0.2.0 */
  WorkItemCancelled,
  /** @since 0.2.0 */
  EstimateHistoryImported as HistoryImported,
  /** @since 0.2.0 */
  type EstimateBasis as Basis,
  /** @since 0.2.0 */
  EstimateDateOutOfOrder as DateOutOfOrder,
  /** @since 0.2.0 */
  EstimateImportConflict as ImportConflict,
  /** @since 0.2.0 */
  EstimateItemAlreadyRecorded as ItemAlreadyRecorded,
  /** @since 0.2.0 */
  EstimateItemClosed as ItemClosed,
  /** @since 0.2.0 */
  EstimateItemNotFound as ItemNotFound,
  /** @since 0.2.0 */
  EstimateLogTeamMismatch as LogTeamMismatch,
  /** @since 0.2.0 */
  type EstimateItemStatus as ItemStatus,
  /** @since 0.2.0 */
  EstimateLogCommand as LogCommand,
  /** @since 0.2.0 */
  type EstimateLogError as LogError,
  /** @since 0.2.0 */
  EstimateLogEvent as LogEvent,
  /** @since 0.2.0 */
  EstimateLogEventSchemaVersion as logEventSchemaVersion,
  /** @since 0.2.0 */
  type EstimateLogItem as LogItem,
  /** @since 0.2.0 */
  type EstimateLogState as LogState,
  /** @since 0.2.0 */
  type EstimateRevision as Revision,
  /** @since 0.2.0 */
  type EstimateSample as Sample,
  /** @since 0.2.0 */
  ImportedOutcome,
  /** @since 0.2.0 */
  ImportedWorkItem,
  /** @since 0.2.0 */
  StoredImportedWorkItem,
  /** @since 0.2.0 */
  emptyEstimateLogState as initialLogState,
  /** @since 0.2.0 */
  estimateLeadDays as leadDays,
  /** @since 0.2.0 */
  estimateLogDecider as logDecider,
  /** @since 0.2.0 */
  estimateSamplesOf as samplesOf,
  /** @since 0.2.0 */
  DefaultEstimateMinSample as defaultMinSample,
  /** @since 0.2.0 */
  EstimateAccuracyReport as AccuracyReport,
  /** @since 0.2.0 */
  EstimateAccuracySummary as AccuracySummary,
  /** @since 0.2.0 */
  type EstimateAccuracyTracker as AccuracyTracker,
  /** @since 0.2.0 */
  EstimateBias as Bias,
  /** @since 0.2.0 */
  EstimateMetric as Metric,
  /** @since 0.2.0 */
  type EstimateMetricDescription as MetricDescription,
  /** @since 0.2.0 */
  type EstimateMetricDirection as MetricDirection,
  /** @since 0.2.0 */
  EstimateMetricReading as MetricReading,
  /** @since 0.2.0 */
  EstimateMetrics as metrics,
  /** @since 0.2.0 */
  EstimateOverrunShare as OverrunShare,
  /** @since 0.2.0 */
  EstimateQuarterAccuracy as QuarterAccuracy,
  /** @since 0.2.0 */
  EstimateReportSlice as ReportSlice,
  /** @since 0.2.0 */
  EstimateWorkTypeAccuracy as WorkTypeAccuracy,
  /** @since 0.2.0 */
  EstimateWorkTypeVerdict as WorkTypeVerdict,
  /** @since 0.2.0 */
  accuracyReport,
  /** @since 0.2.0 */
  describeEstimateMetric as describeMetric,
  /** @since 0.2.0 */
  estimateMetricChange as metricChange,
  /** @since 0.2.0 */
  formatEstimateMetric as formatMetric,
  /** @since 0.2.0 */
  isEstimateHit as isHit,
  /** @since 0.2.0 */
  isInEstimateSlice as isInSlice,
  /** @since 0.2.0 */
  magnitudeOfRelativeError,
  /** @since 0.2.0 */
  makeEstimateAccuracyTracker as makeAccuracyTracker,
  /** @since 0.2.0 */
  readEstimateMetric as readMetric,
  /** @since 0.2.0 */
  summarizeEstimateSamples as summarizeSamples,
  /** @since 0.2.0 */
  CalibratedEstimate as Calibrated,
  /** @since 0.2.0 */
  EstimateCalibrationConfidence as CalibrationConfidence,
  /** @since 0.2.0 */
  type EstimateCalibrationOptions as CalibrationOptions,
  /** @since 0.2.0 */
  EstimateCalibrationPrior as CalibrationPrior,
  /** @since 0.2.0 */
  type EstimateCalibrationQuery as CalibrationQuery,
  /** @since 0.2.0 */
  type EstimateCalibrator as Calibrator,
  /** @since 0.2.0 */
  calibrateEstimate as calibrate,
  /** @since 0.2.0 */
  makeEstimateCalibrator as makeCalibrator,
  /** @since 0.2.0 */
  type EstimateHistoryCalibrator as HistoryCalibrator,
  /** @since 0.2.0 */
  makeEstimateHistoryCalibrator as makeHistoryCalibrator,
  /** @since 0.2.0 */
  type EstimateReplayGroup as ReplayGroup,
  /** @since 0.2.0 */
  type EstimateReplayItem as ReplayItem,
  /** @since 0.2.0 */
  type EstimateReplayOptions as ReplayOptions,
  /** @since 0.2.0 */
  type EstimateReplayReport as ReplayReport,
  /** @since 0.2.0 */
  formatEstimateReplay as formatReplay,
  /** @since 0.2.0 */
  replayEstimateCalibration as replayCalibration,
  /** @since 0.2.0 */
  DefaultEstimateGeneratorProfiles as defaultGeneratorProfiles,
  /** @since 0.2.0 */
  type GenerateEstimateHistoryOptions as GenerateHistoryOptions,
  /** @since 0.2.0 */
  type GeneratedWorkTypeProfile,
  /** @since 0.2.0 */
  generateEstimateHistory as generateHistory,
  /** @since 0.2.0 */
  importedEstimateSamples as importedSamples,
  /** @since 0.2.0 */
  EstimateCsvImportError as CsvImportError,
  /** @since 0.2.0 */
  type EstimateCsvOptions as CsvOptions,
  /** @since 0.2.0 */
  EstimateCsvProblem as CsvProblem,
  /** @since 0.2.0 */
  type EstimateCsvRecord as CsvRecord,
  /** @since 0.2.0 */
  estimateHistoryToCsv as historyToCsv,
  /** @since 0.2.0 */
  importEstimateCsv as importCsv,
  /** @since 0.2.0 */
  type EstimateCsvImporter as CsvImporter,
  /** @since 0.2.0 */
  makeEstimateCsvImporter as makeCsvImporter,
  /** @since 0.2.0 */
  parseEstimateCsv as parseCsv,
  /** @since 0.2.0 */
  EstimateTime as Time,
  /** @since 0.2.0 */
  estimateTimeProblem as timeProblem,
  /** @since 0.2.0 */
  isEstimateDate as isDate,
  /** @since 0.2.0 */
  estimateDayOf as dayOf,
  /** @since 0.2.0 */
  estimateTimeStart as timeStart,
  /** @since 0.2.0 */
  estimateTimeEnd as timeEnd,
  /** @since 0.2.0 */
  compareEstimateTimes as compareTimes,
  /** @since 0.2.0 */
  completedBefore,
  /** @since 0.2.0 */
  estimateUnitFamily as unitFamily,
  /** @since 0.2.0 */
  type EstimateUnitFamily as UnitFamily,
  /** @since 0.2.0 */
  Estimator,
  /** @since 0.2.0 */
  isNullMarker,
  /** @since 0.2.0 */
  workTypeLabelProblem,
  /** @since 0.2.0 */
  workTypeLookAlikeKey as workTypeLookAlike,
  /** @since 0.2.0 */
  suggestWorkTypeGroups,
  /** @since 0.2.0 */
  type WorkTypeGroupSuggestion,
  /** @since 0.2.0 */
  latestEstimate,
  /** @since 0.2.0 */
  sampleBest,
  /** @since 0.2.0 */
  sampleWorst,
  /** @since 0.2.0 */
  isSinglePointSample,
  /** @since 0.2.0 */
  isEstimateSampleWithinBounds as isSampleWithinBounds,
  /** @since 0.2.0 */
  sampleRange,
  /** @since 0.2.0 */
  estimateSampleProblem as sampleProblem,
  /** @since 0.2.0 */
  estimateReplayOrder as replayOrder,
  /** @since 0.2.0 */
  notEnoughEstimateData as notEnoughData,
  /** @since 0.2.0 */
  EstimateCalibrationMethod as CalibrationMethod,
  /** @since 0.2.0 */
  EstimateCalibrationMethods as calibrationMethods,
  /** @since 0.2.0 */
  describeEstimateCalibrationMethod as describeCalibrationMethod,
  /** @since 0.2.0 */
  type EstimateCalibrationTuning as CalibrationTuning,
  /** @since 0.2.0 */
  type EstimateMethodScore as MethodScore,
  /** @since 0.2.0 */
  type EstimateMethodSelection as MethodSelection,
  /** @since 0.2.0 */
  type EstimateCalibrationSample as CalibrationSample,
  /** @since 0.2.0 */
  type EstimateCalibrationItem as CalibrationItem,
  /** @since 0.2.0 */
  type EstimateInterval as Interval,
  /** @since 0.2.0 */
  intervalScore,
  /** @since 0.2.0 */
  type EstimateCalibrationScenario as CalibrationScenario,
  /** @since 0.2.0 */
  type GenerateScenarioOptions,
  /** @since 0.2.0 */
  generateCalibrationScenario,
  /** @since 0.2.0 */
  type EstimateCsvField as CsvField,
  /** @since 0.2.0 */
  type EstimateCsvStatus as CsvStatus,
  /** @since 0.2.0 */
  type EstimateCsvMapping as CsvMapping,
  /** @since 0.2.0 */
  genericEstimateCsvMapping as genericCsvMapping,
  /** @since 0.2.0 */
  jiraEstimateCsvMapping as jiraCsvMapping,
  /** @since 0.2.0 */
  linearEstimateCsvMapping as linearCsvMapping,
  /** @since 0.2.0 */
  customEstimateCsvMapping as customCsvMapping,
  /** @since 0.2.0 */
  type EstimateCsvProgress as CsvProgress,
  /** @since 0.2.0 */
  type EstimateCsvImport as CsvImport
} from "./estimates/index.ts"

export {
  /** @since 0.2.0 */
  estimateLogStreamId as logStreamId,
  /** @since 0.2.0 */
  estimateLogEventCodec as logEventCodec
} from "./retro/RetroStreams.ts"
