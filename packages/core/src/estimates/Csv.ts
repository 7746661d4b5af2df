/**
 * Import of existing estimate history from CSV: every row checked, every bad
 * row reported (line, column, reason), and nothing imported unless all rows
 * are good.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { Id, IsoDate, Side } from "../Primitives.ts"
import { type ImportedOutcome, type ImportEstimateHistory, ImportedWorkItem } from "./EstimateLog.ts"
import { EstimateUnit, normalizeWorkType } from "./Range.ts"

/**
 * One problem in a CSV file. `line` is the 1-based line on which the record
 * starts (the header is line 1); `column` is the header name, or `"row"`
 * for problems with the record as a whole.
 *
 * @since 0.1.0
 */
export const EstimateCsvProblem = Schema.Struct({
  line: Schema.Int,
  column: Schema.String,
  reason: Schema.String
})
/** @since 0.1.0 */
export type EstimateCsvProblem = typeof EstimateCsvProblem.Type

/**
 * The CSV could not be imported. `problems` lists every bad row and column,
 * in file order; nothing was imported.
 *
 * @since 0.1.0
 */
export class EstimateCsvImportError extends Schema.TaggedError<EstimateCsvImportError>()("EstimateCsvImportError", {
  problems: Schema.Array(EstimateCsvProblem)
}) {
  override get message(): string {
    const shown = this.problems.slice(0, 10).map((p) => `  line ${p.line}, ${p.column}: ${p.reason}`)
    const more = this.problems.length > 10 ? [`  … and ${this.problems.length - 10} more`] : []
    return [
      `Nothing was imported: ${this.problems.length} problem${this.problems.length === 1 ? "" : "s"} in the CSV. Fix ${
        this.problems.length === 1 ? "it" : "them"
      } and import the whole file again.`,
      ...shown,
      ...more
    ].join("\n")
  }
}

/**
 * A parsed CSV record with the line it starts on.
 *
 * @since 0.1.0
 */
export interface EstimateCsvRecord {
  readonly line: number
  readonly fields: ReadonlyArray<string>
}

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes,
 * `""` for a quote inside a quoted field, quoted fields may span lines,
 * CRLF or LF line ends, an optional byte-order mark. Blank lines are skipped.
 *
 * @since 0.1.0
 */
export const parseEstimateCsv = (text: string): Result.Result<Array<EstimateCsvRecord>, EstimateCsvProblem> => {
  const records: Array<EstimateCsvRecord> = []
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let line = 1
  let i = 0
  const n = src.length
  while (i < n) {
    const startLine = line
    const fields: Array<string> = []
    let field = ""
    let endOfRecord = false
    while (!endOfRecord) {
      if (src[i] === "\"") {
        const quoteLine = line
        i++
        let closed = false
        while (i < n) {
          const c = src[i]!
          if (c === "\"") {
            if (src[i + 1] === "\"") {
              field += "\""
              i += 2
              continue
            }
            i++
            closed = true
            break
          }
          if (c === "\n") line++
          field += c
          i++
        }
        if (!closed) return Result.fail({ line: quoteLine, column: "row", reason: "a quoted field is never closed (missing \")" })
        if (i < n && src[i] !== "," && src[i] !== "\n" && src[i] !== "\r") {
          return Result.fail({ line, column: "row", reason: "unexpected text after a closing quote; quote the whole field" })
        }
      } else {
        while (i < n && src[i] !== "," && src[i] !== "\n" && src[i] !== "\r") field += src[i++]
      }
      fields.push(field)
      field = ""
      if (i >= n) endOfRecord = true
      else if (src[i] === ",") i++
      else {
        if (src[i] === "\r") i++
        if (src[i] === "\n") i++
        line++
        endOfRecord = true
      }
    }
    if (!(fields.length === 1 && fields[0]!.trim() === "")) records.push({ line: startLine, fields })
  }
  return Result.succeed(records)
}

/** Columns the importer knows, with the spellings it accepts. */
const columnAliases: Record<string, string> = {
  id: "id",
  item_id: "id",
  title: "title",
  type: "type",
  work_type: "type",
  unit: "unit",
  best: "best",
  best_case: "best",
  likely: "likely",
  most_likely: "likely",
  estimate: "likely",
  worst: "worst",
  worst_case: "worst",
  actual: "actual",
  estimated_on: "estimated_on",
  completed_on: "completed_on",
  cancelled_on: "cancelled_on",
  status: "status",
  side: "side",
  estimated_by: "side"
}

const requiredColumns = ["id", "type", "likely", "estimated_on"] as const

const isIsoDate = Schema.is(IsoDate)
const isId = Schema.is(Id)
const decodeItem = Schema.decodeUnknownResult(ImportedWorkItem)

/** @since 0.1.0 */
export interface EstimateCsvOptions {
  readonly teamId: Id
  /** Unit for rows without a `unit` column or value; without it such rows are errors. */
  readonly defaultUnit?: EstimateUnit
  /** Side for rows without a `side` column or value. Default `"engineering"`. */
  readonly defaultSide?: Side
  /** Where the history came from, kept on the import event. */
  readonly source?: string
}

const units: Record<string, EstimateUnit> = {
  hours: "hours",
  hour: "hours",
  h: "hours",
  days: "days",
  day: "days",
  d: "days",
  points: "points",
  point: "points",
  "story points": "points",
  sp: "points",
  pts: "points"
}

/**
 * Reads a CSV of past work into an {@link ImportEstimateHistory} command, or
 * returns every problem found. The header names the columns (any order,
 * case-insensitive): `id`, `type`, `likely`, `estimated_on` are required;
 * `title`, `unit`, `best`, `worst` (both or neither), `actual` with
 * `completed_on`, `status` (`open` / `completed` / `cancelled`),
 * `cancelled_on` and `side` are optional. Decide the returned command
 * against the team's log to catch ids it already holds.
 *
 * @since 0.1.0
 */
export const importEstimateCsv = (
  text: string,
  options: EstimateCsvOptions
): Result.Result<ImportEstimateHistory, EstimateCsvImportError> => {
  const parsed = parseEstimateCsv(text)
  if (Result.isFailure(parsed)) return Result.fail(new EstimateCsvImportError({ problems: [parsed.failure] }))
  const [header, ...rows] = parsed.success
  if (header === undefined) {
    return Result.fail(new EstimateCsvImportError({ problems: [{ line: 1, column: "row", reason: "the file is empty; expected a header row" }] }))
  }
  const problems: Array<EstimateCsvProblem> = []
  const index = new Map<string, number>()
  header.fields.forEach((raw, position) => {
    const key = raw.trim().toLowerCase().replace(/[\s-]+/g, "_")
    const column = columnAliases[key]
    if (column === undefined) {
      problems.push({ line: header.line, column: raw, reason: `unknown column "${raw}"; known columns: ${Object.keys(columnAliases).join(", ")}` })
    } else if (index.has(column)) {
      problems.push({ line: header.line, column: raw, reason: `column ${column} appears twice` })
    } else {
      index.set(column, position)
    }
  })
  for (const column of requiredColumns) {
    if (!index.has(column)) problems.push({ line: header.line, column, reason: `required column ${column} is missing` })
  }
  if (problems.length > 0) return Result.fail(new EstimateCsvImportError({ problems }))

  const items: Array<ImportedWorkItem> = []
  const seenIds = new Map<string, number>()
  for (const row of rows) {
    const rowProblems: Array<EstimateCsvProblem> = []
    const bad = (column: string, reason: string): void => {
      rowProblems.push({ line: row.line, column, reason })
    }
    if (row.fields.length !== header.fields.length) {
      bad("row", `has ${row.fields.length} fields but the header has ${header.fields.length}; check for a stray comma or an unquoted comma in a title`)
      problems.push(...rowProblems)
      continue
    }
    const get = (column: string): string => {
      const position = index.get(column)
      return position === undefined ? "" : (row.fields[position] ?? "").trim()
    }
    const effort = (column: string, required: boolean): number | undefined => {
      const raw = get(column)
      if (raw === "") {
        if (required) bad(column, `${column} is required`)
        return undefined
      }
      const value = /^\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : Number.NaN
      if (!Number.isFinite(value) || value <= 0) {
        bad(column, `"${raw}" is not a positive number (use a dot for decimals, no units or thousands separators)`)
        return undefined
      }
      return value
    }
    const date = (column: string, required: boolean): string | undefined => {
      const raw = get(column)
      if (raw === "") {
        if (required) bad(column, `${column} is required`)
        return undefined
      }
      if (!isIsoDate(raw)) {
        bad(column, `"${raw}" is not a calendar date YYYY-MM-DD`)
        return undefined
      }
      return raw
    }

    const id = get("id")
    if (id === "") bad("id", "id is required")
    else if (!isId(id)) bad("id", `"${id}" is not a valid id (1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit)`)
    else {
      const earlier = seenIds.get(id)
      if (earlier !== undefined) bad("id", `id ${id} is already used on line ${earlier}`)
      else seenIds.set(id, row.line)
    }
    const rawType = get("type")
    const workType = normalizeWorkType(rawType)
    if (workType === "") bad("type", "type is required (feature, integration, migration, bug fix, infrastructure, research, or your own)")
    else if (workType.length > 64) bad("type", "a work type has at most 64 characters")

    const rawUnit = get("unit").toLowerCase()
    const unit = rawUnit === "" ? options.defaultUnit : units[rawUnit]
    if (unit === undefined) {
      bad("unit", rawUnit === "" ? "unit is required (hours, days or points): add a unit column or pass defaultUnit" : `"${get("unit")}" is not a unit; use hours, days or points`)
    }
    const rawSide = get("side").toLowerCase()
    const side: Side | undefined = rawSide === "" ? options.defaultSide ?? "engineering" : rawSide === "product" || rawSide === "engineering" ? rawSide : undefined
    if (side === undefined) bad("side", `"${get("side")}" is not a side; use product or engineering`)

    const likely = effort("likely", true)
    const best = effort("best", false)
    const worst = effort("worst", false)
    if ((get("best") === "") !== (get("worst") === "")) {
      bad(get("best") === "" ? "best" : "worst", "give both best and worst, or leave both empty for a single-point estimate")
    }
    if (likely !== undefined && best !== undefined && best > likely) bad("best", `best ${best} is above likely ${likely}; a range needs best ≤ likely ≤ worst`)
    if (likely !== undefined && worst !== undefined && worst < likely) bad("worst", `worst ${worst} is below likely ${likely}; a range needs best ≤ likely ≤ worst`)

    const estimatedOn = date("estimated_on", true)
    const rawStatus = get("status").toLowerCase()
    const actual = effort("actual", false)
    const completedOn = date("completed_on", false)
    const cancelledOn = date("cancelled_on", false)
    const status = rawStatus !== ""
      ? rawStatus
      : get("cancelled_on") !== ""
      ? "cancelled"
      : get("actual") !== "" || get("completed_on") !== ""
      ? "completed"
      : "open"
    let outcome: ImportedOutcome | undefined
    switch (status) {
      case "open":
        if (get("actual") !== "") bad("actual", "an open item has no actual; set status to completed or clear the actual")
        outcome = { _tag: "Open" }
        break
      case "completed":
      case "done":
        if (get("actual") === "") bad("actual", "a completed item needs its actual")
        if (get("completed_on") === "") bad("completed_on", "a completed item needs its completion date")
        if (actual !== undefined && completedOn !== undefined) {
          if (estimatedOn !== undefined && completedOn < estimatedOn) {
            bad("completed_on", `completed ${completedOn} is before estimated ${estimatedOn}`)
          }
          outcome = { _tag: "Completed", actual, completedOn }
        }
        break
      case "cancelled":
      case "canceled":
        if (get("actual") !== "") bad("actual", "a cancelled item has no actual; clear it or mark the item completed")
        if (get("cancelled_on") === "") bad("cancelled_on", "a cancelled item needs its cancellation date")
        if (cancelledOn !== undefined) {
          if (estimatedOn !== undefined && cancelledOn < estimatedOn) {
            bad("cancelled_on", `cancelled ${cancelledOn} is before estimated ${estimatedOn}`)
          }
          outcome = { _tag: "Cancelled", cancelledOn }
        }
        break
      default:
        bad("status", `"${get("status")}" is not a status; use open, completed or cancelled`)
    }

    if (rowProblems.length === 0 && likely !== undefined && unit !== undefined && side !== undefined && estimatedOn !== undefined && outcome !== undefined) {
      const title = get("title") === "" ? id : get("title")
      const candidate = {
        itemId: id,
        title,
        workType,
        unit,
        range: best !== undefined && worst !== undefined ? { best, likely, worst } : { likely },
        estimatedBy: side,
        estimatedOn,
        outcome
      }
      // The schema has the last word, so the CSV path can never admit an item the log would reject.
      const decoded = decodeItem(candidate)
      if (Result.isFailure(decoded)) bad("row", decoded.failure.message.replace(/\s+/g, " "))
      else items.push(decoded.success)
    }
    problems.push(...rowProblems)
  }
  if (problems.length > 0) return Result.fail(new EstimateCsvImportError({ problems }))
  return Result.succeed(
    options.source === undefined
      ? { _tag: "ImportEstimateHistory", teamId: options.teamId, items }
      : { _tag: "ImportEstimateHistory", teamId: options.teamId, items, source: options.source }
  )
}

const quote = (value: string): string => /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, "\"\"")}"` : value

/**
 * Writes items in the CSV format {@link importEstimateCsv} reads (all columns).
 *
 * @since 0.1.0
 */
export const estimateHistoryToCsv = (items: ReadonlyArray<ImportedWorkItem>): string => {
  const lines = ["id,title,type,unit,best,likely,worst,actual,estimated_on,completed_on,cancelled_on,status,side"]
  for (const item of items) {
    const o = item.outcome
    lines.push(
      [
        item.itemId,
        item.title,
        item.workType,
        item.unit,
        item.range.best === undefined ? "" : String(item.range.best),
        String(item.range.likely),
        item.range.worst === undefined ? "" : String(item.range.worst),
        o._tag === "Completed" ? String(o.actual) : "",
        item.estimatedOn,
        o._tag === "Completed" ? o.completedOn : "",
        o._tag === "Cancelled" ? o.cancelledOn : "",
        o._tag.toLowerCase(),
        item.estimatedBy
      ].map(quote).join(",")
    )
  }
  return lines.join("\n") + "\n"
}
