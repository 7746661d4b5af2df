/**
 * How the columns of a CSV export map onto an estimate history: a generic
 * mapping for RetroBridge's own format, and presets for the exports teams
 * already have (Jira's issue CSV export, Linear's CSV export).
 *
 * @since 0.2.0
 */
import type { EstimateUnit } from "./Range.ts"

/**
 * The fields an imported row can fill.
 *
 * @since 0.2.0
 */
export type EstimateCsvField =
  | "id"
  | "title"
  | "type"
  | "unit"
  | "best"
  | "likely"
  | "worst"
  | "actual"
  | "estimated_on"
  | "completed_on"
  | "cancelled_on"
  | "status"
  | "side"
  | "estimator"

/**
 * What a row's status column says, in RetroBridge's terms; `undefined`
 * when the text is not understood (a per-row error).
 *
 * @since 0.2.0
 */
export type EstimateCsvStatus = "open" | "completed" | "cancelled"

/**
 * A column mapping. Header names are matched case-insensitively, ignoring
 * spaces, `_` and `-`; each field lists the names it accepts, first match wins.
 *
 * @since 0.2.0
 */
export interface EstimateCsvMapping {
  /** Shown in messages ("Jira issue CSV export"). */
  readonly name: string
  readonly columns: Partial<Record<EstimateCsvField, ReadonlyArray<string>>>
  /** Fields that must have a column. */
  readonly required: ReadonlyArray<EstimateCsvField>
  /** Unit of every row when the export has no unit column (Jira: hours, Linear: points). */
  readonly unit?: EstimateUnit
  /** Raw efforts are multiplied by this (Jira writes seconds: 1/3600 gives hours). Default 1. */
  readonly effortScale?: number
  /**
   * Exports carry dozens of columns RetroBridge does not read; the generic
   * format refuses unknown columns instead, so a typo such as `acutal`
   * cannot silently drop the actuals.
   */
  readonly ignoreUnknownColumns: boolean
  /**
   * Rows without an estimate are skipped (and counted) instead of being
   * errors: trackers hold many never-estimated issues.
   */
  readonly skipUnestimated: boolean
  /**
   * Trackers log time on anything: a zero or empty actual means "not
   * recorded", a completed item may lack one, and actuals of open or
   * cancelled items are ignored. The generic format treats each as an error.
   */
  readonly lenientActuals: boolean
  /** Reads a status text; the generic mapping knows open / completed / cancelled. */
  readonly status?: (raw: string) => EstimateCsvStatus | undefined
  /** Date formats this export writes besides ISO 8601, as a parser to ISO (no offset added). */
  readonly parseLocalTime?: (raw: string) => string | undefined
  /** Human description of the accepted date formats, for error messages. */
  readonly timeFormats: string
}

const genericStatus = (raw: string): EstimateCsvStatus | undefined => {
  switch (raw.toLowerCase()) {
    case "open":
      return "open"
    case "completed":
    case "done":
      return "completed"
    case "cancelled":
    case "canceled":
      return "cancelled"
    default:
      return undefined
  }
}

/**
 * RetroBridge's own CSV format (what {@link estimateHistoryToCsv} writes):
 * `id`, `type`, `likely`, `estimated_on` required; `title`, `unit`,
 * `best`/`worst`, `actual`, `completed_on`, `cancelled_on`, `status`,
 * `side`, `estimator` optional. Unknown columns are errors.
 *
 * @since 0.2.0
 */
export const genericEstimateCsvMapping: EstimateCsvMapping = {
  name: "RetroBridge CSV",
  columns: {
    id: ["id", "item_id"],
    title: ["title"],
    type: ["type", "work_type"],
    unit: ["unit"],
    best: ["best", "best_case"],
    likely: ["likely", "most_likely", "estimate"],
    worst: ["worst", "worst_case"],
    actual: ["actual"],
    estimated_on: ["estimated_on"],
    completed_on: ["completed_on"],
    cancelled_on: ["cancelled_on"],
    status: ["status"],
    side: ["side", "estimated_by"],
    estimator: ["estimator", "person"]
  },
  required: ["id", "type", "likely", "estimated_on"],
  ignoreUnknownColumns: false,
  skipUnestimated: false,
  lenientActuals: false,
  status: genericStatus,
  timeFormats: "YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with or without an offset"
}

const Months: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12
}
const two = (n: number): string => String(n).padStart(2, "0")

/**
 * Jira's default export date format, `dd/MMM/yy h:mm a` (`05/Jan/26 9:30 AM`),
 * as an ISO local date-time. Jira writes it in the exporting user's time
 * zone, without an offset: pass `utcOffset` to the import.
 */
const parseJiraTime = (raw: string): string | undefined => {
  const m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])$/.exec(raw)
  if (m === null) return undefined
  const month = Months[m[2]!.toLowerCase()]
  if (month === undefined) return undefined
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3])
  let hour = Number(m[4])
  if (hour < 1 || hour > 12) return undefined
  const pm = m[7]!.toLowerCase() === "pm"
  hour = hour % 12 + (pm ? 12 : 0)
  return `${year}-${two(month)}-${two(Number(m[1]))}T${two(hour)}:${m[5]}:${m[6] ?? "00"}`
}

/**
 * Jira resolutions that mean the work was not done (Jira's default
 * resolutions besides "Done"); any other resolution counts as completed.
 */
const JiraNotDone = new Set(["won't do", "won't fix", "duplicate", "cannot reproduce", "incomplete", "declined", "rejected"])

/**
 * Jira's issue CSV export (Issue navigator → Export → CSV): `Issue key`,
 * `Summary`, `Issue Type`, `Created`, `Resolved`, `Resolution`, `Assignee`,
 * and the time-tracking columns `Original Estimate` and `Time Spent`, which
 * Jira writes in seconds (read here as hours). An issue with a `Resolved`
 * date is completed, or cancelled when its resolution is one of Jira's
 * not-done resolutions (Won't Do, Duplicate, Cannot Reproduce …). Issues
 * without an original estimate are skipped and counted; a resolved issue
 * without time spent is kept as completed without an actual.
 *
 * @since 0.2.0
 */
export const jiraEstimateCsvMapping: EstimateCsvMapping = {
  name: "Jira issue CSV export",
  columns: {
    id: ["Issue key"],
    title: ["Summary"],
    type: ["Issue Type"],
    likely: ["Original Estimate"],
    actual: ["Time Spent"],
    estimated_on: ["Created"],
    completed_on: ["Resolved"],
    status: ["Resolution"],
    estimator: ["Assignee"]
  },
  required: ["id", "type", "likely", "estimated_on"],
  unit: "hours",
  effortScale: 1 / 3600,
  ignoreUnknownColumns: true,
  skipUnestimated: true,
  lenientActuals: true,
  // The status column is Jira's Resolution: empty while unresolved.
  status: (raw) => raw === "" ? undefined : JiraNotDone.has(raw.toLowerCase()) ? "cancelled" : "completed",
  parseLocalTime: parseJiraTime,
  timeFormats: "Jira's dd/MMM/yy h:mm AM/PM (e.g. 05/Jan/26 9:30 AM) or ISO 8601"
}

/**
 * A JavaScript date string as some exports write it
 * (`Mon Jan 15 2024 10:23:45 GMT+0100 (Central European Standard Time)`),
 * as an ISO date-time with its offset.
 */
const parseJsDateString = (raw: string): string | undefined => {
  const m = /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-])(\d{2})(\d{2})/.exec(raw)
  if (m === null) return undefined
  const month = Months[m[1]!.toLowerCase()]
  if (month === undefined) return undefined
  return `${m[3]}-${two(month)}-${two(Number(m[2]))}T${m[4]}:${m[5]}:${m[6]}${m[7]}${m[8]}:${m[9]}`
}

/**
 * Linear's CSV export (Settings → Import / Export → Export CSV): `ID`,
 * `Title`, `Labels` (the work type, verbatim), `Estimate` in points,
 * `Created`, `Completed`, `Canceled`, `Assignee`. Linear has no field for
 * actual effort, so completed issues are kept as completed without an
 * actual unless the file has an `Actual` column (add one, in points, to
 * let the history inform calibration). Issues without an estimate are
 * skipped and counted.
 *
 * @since 0.2.0
 */
export const linearEstimateCsvMapping: EstimateCsvMapping = {
  name: "Linear CSV export",
  columns: {
    id: ["ID"],
    title: ["Title"],
    type: ["Labels"],
    likely: ["Estimate"],
    actual: ["Actual", "Actual Estimate", "Actual Points"],
    estimated_on: ["Created"],
    completed_on: ["Completed"],
    cancelled_on: ["Canceled", "Cancelled"],
    estimator: ["Assignee"]
  },
  required: ["id", "type", "likely", "estimated_on"],
  unit: "points",
  ignoreUnknownColumns: true,
  skipUnestimated: true,
  lenientActuals: true,
  parseLocalTime: parseJsDateString,
  timeFormats: "ISO 8601 (e.g. 2026-01-05T09:30:00.000Z) or a JavaScript date string"
}

/**
 * A mapping of your own: start from the generic one and rename columns.
 *
 * @since 0.2.0
 */
export const customEstimateCsvMapping = (
  columns: Partial<Record<EstimateCsvField, ReadonlyArray<string>>>,
  overrides: Partial<Omit<EstimateCsvMapping, "columns">> = {}
): EstimateCsvMapping => ({
  ...genericEstimateCsvMapping,
  name: "custom CSV mapping",
  ignoreUnknownColumns: true,
  ...overrides,
  columns: { ...genericEstimateCsvMapping.columns, ...columns }
})
