/**
 * Import of existing estimate history from CSV exports: every row checked,
 * every bad row reported (line, column, reason), and nothing imported unless
 * all rows are good. Work-type labels are kept verbatim.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { Id, type Side, Text } from "../Primitives.ts"
import { type EstimateCsvField, type EstimateCsvMapping, type EstimateCsvStatus, genericEstimateCsvMapping } from "./CsvMapping.ts"
import { decodedBy } from "../internal/DecodedCommands.ts"
import { EstimateLogCommand, type ImportedOutcome, type ImportEstimateHistory, ImportedWorkItem } from "./EstimateLogCommand.ts"
import { compareEstimateTimes, estimateTimeProblem } from "./EstimateTime.ts"
import { estimateEffortProblem, type EstimateUnit, suggestWorkTypeGroups, type WorkTypeGroupSuggestion, workTypeLabelProblem } from "./Range.ts"

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
  /**
   * The positions of the fields that were in quotes, when any were: a quoted
   * field's spaces are its own (a title written with them reads back with
   * them), where an unquoted field's are taken as the file's layout.
   *
   * @since 0.2.0
   */
  readonly quoted?: ReadonlyArray<number>
}

/** What a scan of the text so far found: the records, where the unfinished rest begins, or a problem that ends the file. */
interface CsvScan {
  /** How much of the text the complete records take; the rest is kept for the next chunk. */
  readonly consumed: number
  /** The line on which the unfinished rest begins. */
  readonly line: number
  readonly problem?: EstimateCsvProblem
}

/**
 * Scans the complete records at the start of `src` (RFC 4180: see {@link parseEstimateCsv}), handing
 * each to `emit`. Unless `final`, a record the text may not have finished yet (no line end after it, a
 * quoted field still open, or a `\r` as the last character, which the next chunk may make `\r\n`) is
 * left unread, so a text scanned in chunks gives the records and lines of the whole.
 */
const scanCsv = (src: string, firstLine: number, final: boolean, emit: (record: EstimateCsvRecord) => void): CsvScan => {
  let line = firstLine
  let i = 0
  const n = src.length
  while (i < n) {
    const recordStart = i
    const startLine = line
    const fields: Array<string> = []
    let quoted: Array<number> | undefined
    let field = ""
    let endOfRecord = false
    while (!endOfRecord) {
      if (src[i] === "\"") {
        ;(quoted ??= []).push(fields.length)
        const quoteLine = line
        i++
        let closed = false
        while (i < n) {
          // The text up to the next quote in one slice: a long quoted field costs no string per character.
          const quote = src.indexOf("\"", i)
          const end = quote === -1 ? n : quote
          for (let nl = src.indexOf("\n", i); nl !== -1 && nl < end; nl = src.indexOf("\n", nl + 1)) line++
          field += src.slice(i, end)
          i = end
          if (quote === -1) break
          if (src[i + 1] === "\"") {
            field += "\""
            i += 2
            continue
          }
          i++
          closed = true
          break
        }
        if (!closed) {
          if (!final) return { consumed: recordStart, line: startLine }
          return { consumed: n, line, problem: { line: quoteLine, column: "row", reason: "a quoted field is never closed (missing \")" } }
        }
        if (i < n && src[i] !== "," && src[i] !== "\n" && src[i] !== "\r") {
          return { consumed: n, line, problem: { line, column: "row", reason: "unexpected text after a closing quote; quote the whole field" } }
        }
      } else {
        // One slice per unquoted field instead of a string per character: linear and light on garbage.
        const start = i
        let c = src.charCodeAt(i)
        while (i < n && c !== 44 /* , */ && c !== 10 /* \n */ && c !== 13 /* \r */) c = src.charCodeAt(++i)
        field = src.slice(start, i)
      }
      fields.push(field)
      field = ""
      if (i >= n) {
        if (!final) return { consumed: recordStart, line: startLine }
        endOfRecord = true
      } else if (src[i] === ",") i++
      else {
        if (src[i] === "\r") {
          i++
          if (i === n && !final) return { consumed: recordStart, line: startLine }
        }
        if (src[i] === "\n") i++
        line++
        endOfRecord = true
      }
    }
    if (!(fields.length === 1 && fields[0]!.trim() === "")) emit(quoted === undefined ? { line: startLine, fields } : { line: startLine, fields, quoted })
  }
  return { consumed: n, line }
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
  const scan = scanCsv(withoutBom(text), 1, true, (record) => records.push(record))
  return scan.problem === undefined ? Result.succeed(records) : Result.fail(scan.problem)
}

const withoutBom = (text: string): string => text.charCodeAt(0) === 0xfeff ? text.slice(1) : text

/**
 * How many records a CSV text holds, counted without parsing them (line
 * breaks outside quotes, blank lines left out): the total that progress
 * reports before the rows are read.
 */
const countEstimateCsvRecords = (text: string): number => {
  let count = 0
  let inQuotes = false
  let content = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34 /* " */) {
      inQuotes = !inQuotes
      content = true
    } else if (c === 10 /* \n */ && !inQuotes) {
      if (content) count++
      content = false
    } else if (c !== 13 && c !== 32 && c !== 9 && c !== 0xfeff) content = true
  }
  return content ? count + 1 : count
}

/** Header names are compared without case, spaces, `_` or `-`. */
const headerKey = (raw: string): string => raw.trim().toLowerCase().replace(/[\s_-]+/g, "")

const isId = Schema.is(Id)
const decodeItem = Schema.decodeUnknownResult(ImportedWorkItem)
// The fields of ImportEstimateHistory other than its items.
const decodeImportFields = Schema.decodeUnknownResult(Schema.Struct({ teamId: Id, source: Schema.optionalKey(Text) }), { onExcessProperty: "ignore" })

/**
 * How far an import has got, reported through `onProgress`.
 *
 * @since 0.2.0
 */
export interface EstimateCsvProgress {
  readonly rowsDone: number
  readonly rowsTotal: number
}

/** @since 0.1.0 */
export interface EstimateCsvOptions {
  readonly teamId: Id
  /** Which export the file is; default {@link genericEstimateCsvMapping}. */
  readonly mapping?: EstimateCsvMapping
  /** Unit for rows without a unit column or value (and no unit in the mapping); without it such rows are errors. */
  readonly defaultUnit?: EstimateUnit
  /** Side for rows without a `side` column or value. Default `"engineering"`. */
  readonly defaultSide?: Side
  /** Where the history came from, kept on the import event. */
  readonly source?: string
  /**
   * UTC offset (`Z`, `+02:00`, `-05:00`) of date-times written without one
   * (Jira writes local times; SQL dumps often do). Default `Z`. The stored
   * times carry the offset explicitly.
   */
  readonly utcOffset?: string
  /** Called every 1,000 rows and once at the end. */
  readonly onProgress?: (progress: EstimateCsvProgress) => void
}

/**
 * A successful import: the command to decide against the team's log, and
 * what the team should know before it does.
 *
 * @since 0.2.0
 */
export interface EstimateCsvImport {
  readonly command: ImportEstimateHistory
  /** Look-alike work-type labels, offered for the team to merge (never applied). */
  readonly workTypeSuggestions: ReadonlyArray<WorkTypeGroupSuggestion>
  /** Rows left out on purpose (presets skip never-estimated issues), with the reason. */
  readonly skipped: ReadonlyArray<EstimateCsvProblem>
  /** Completed items whose actual the export does not know: kept, but they inform no report. */
  readonly completedWithoutActual: number
}

const units: Record<string, EstimateUnit> = {
  minutes: "minutes",
  minute: "minutes",
  min: "minutes",
  mins: "minutes",
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

const LocalDateTime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)$/
const Offset = /^(Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/

/**
 * Reads a time as written in an export into an {@link EstimateTime}: a
 * date, a date-time with offset, or a local date-time (ISO with `T` or a
 * space, or the mapping's own format) to which `utcOffset` is added.
 */
const readTime = (raw: string, mapping: EstimateCsvMapping, utcOffset: string): string | undefined => {
  if (estimateTimeProblem(raw) === undefined) return raw
  const local = LocalDateTime.exec(raw)
  const candidate = local !== null
    ? `${local[1]}T${local[2]}${utcOffset}`
    : /[+-]\d{2}:\d{2}$|Z$/.test(raw) && raw.includes(" ")
    ? raw.replace(" ", "T")
    : (() => {
      const parsed = mapping.parseLocalTime?.(raw)
      return parsed === undefined ? undefined : estimateTimeProblem(parsed) === undefined ? parsed : `${parsed}${utcOffset}`
    })()
  return candidate !== undefined && estimateTimeProblem(candidate) === undefined ? candidate : undefined
}

const NumberPattern = /^\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/**
 * An import fed the CSV a chunk at a time, as it arrives (a request body, a file read in pieces):
 * each `push` reads the rows the text so far completes, so a large file is never held whole nor
 * checked in one long step. `finish` reads the rest and answers exactly what
 * {@link importEstimateCsv} answers for the whole text. Chunks may split the text anywhere,
 * inside a quoted field or between `\r` and `\n` included.
 *
 * @since 0.2.0
 */
export interface EstimateCsvImporter {
  /** Reads the rows this chunk completes. After a problem that ends the file (an unclosed quote), the rest is ignored. */
  readonly push: (chunk: string) => void
  /** Reads what is left and answers; call it once, after the last chunk. */
  readonly finish: () => Result.Result<EstimateCsvImport, EstimateCsvImportError>
}

/**
 * Starts an {@link EstimateCsvImporter}. Progress is not reported (the number of rows is known only
 * at the end); the caller knows how much of the file it has pushed.
 *
 * @since 0.2.0
 */
export const makeEstimateCsvImporter = (options: Omit<EstimateCsvOptions, "onProgress">): EstimateCsvImporter =>
  makeImporter(options, undefined)

/**
 * Reads a CSV export of past work into an {@link ImportEstimateHistory}
 * command, or returns every problem found (line, column, reason), in one
 * pass over the rows. Work-type labels are kept exactly as written (only
 * surrounding spaces are trimmed); look-alike labels come back as
 * suggestions. Blank and missing-value labels (`\N`, `NULL`, `N/A` …) are
 * per-row errors. See {@link genericEstimateCsvMapping} for the default
 * format and the presets for Jira and Linear exports. To import a file as it
 * arrives, see {@link makeEstimateCsvImporter}.
 *
 * @since 0.1.0
 */
export const importEstimateCsv = (
  text: string,
  options: EstimateCsvOptions
): Result.Result<EstimateCsvImport, EstimateCsvImportError> => {
  const progress = options.onProgress === undefined
    ? undefined
    : { onProgress: options.onProgress, rowsTotal: Math.max(0, countEstimateCsvRecords(text) - 1) }
  const importer = makeImporter(options, progress)
  importer.push(text)
  return importer.finish()
}

const makeImporter = (
  options: Omit<EstimateCsvOptions, "onProgress">,
  progress: { readonly onProgress: (progress: EstimateCsvProgress) => void; readonly rowsTotal: number } | undefined
): EstimateCsvImporter => {
  const mapping = options.mapping ?? genericEstimateCsvMapping
  const utcOffset = options.utcOffset ?? "Z"
  // Set once the import cannot succeed whatever follows: the answer `finish` gives.
  let failure: EstimateCsvImportError | undefined = Offset.test(utcOffset)
    ? undefined
    : new EstimateCsvImportError({ problems: [{ line: 0, column: "utcOffset", reason: `"${utcOffset}" is not a UTC offset; use Z, +02:00 or -05:00` }] })
  let header: EstimateCsvRecord | undefined
  // The text not yet read (an unfinished record), and the line it starts on.
  let pending = ""
  let pendingLine = 1
  // How long the unfinished record was when last scanned. A record that long again is scanned anew only
  // once the text has doubled, so one record spanning many chunks (a huge quoted field) costs linear time.
  let unfinished = 0
  let started = false
  let finished = false

  const problems: Array<EstimateCsvProblem> = []
  const fieldOf = new Map<string, EstimateCsvField>()
  for (const [field, names] of Object.entries(mapping.columns) as Array<[EstimateCsvField, ReadonlyArray<string>]>) {
    for (const name of names) if (!fieldOf.has(headerKey(name))) fieldOf.set(headerKey(name), field)
  }
  const index = new Map<EstimateCsvField, number>()
  const columnName = new Map<EstimateCsvField, string>()
  const readHeader = (record: EstimateCsvRecord): void => {
    header = record
    record.fields.forEach((raw, position) => {
      const field = fieldOf.get(headerKey(raw))
      if (field === undefined) {
        if (!mapping.ignoreUnknownColumns) {
          const known = Object.values(mapping.columns).flat().join(", ")
          problems.push({ line: record.line, column: raw, reason: `unknown column "${raw}"; known columns: ${known}` })
        }
      } else if (index.has(field)) {
        problems.push({ line: record.line, column: raw, reason: `column ${columnName.get(field)} appears twice (as "${raw}")` })
      } else {
        index.set(field, position)
        columnName.set(field, raw.trim())
      }
    })
    for (const field of mapping.required) {
      if (!index.has(field)) {
        const names = mapping.columns[field] ?? [field]
        problems.push({ line: record.line, column: names[0] ?? field, reason: `required column ${names.map((n) => `"${n}"`).join(" or ")} is missing (${mapping.name})` })
      }
    }
    if (problems.length > 0) failure = new EstimateCsvImportError({ problems })
  }

  const scale = mapping.effortScale ?? 1
  const items: Array<ImportedWorkItem> = []
  const skipped: Array<EstimateCsvProblem> = []
  const labels: Array<string> = []
  const seenIds = new Map<string, number>()
  let completedWithoutActual = 0
  let done = 0
  // One set of row helpers for the whole file (not a closure set per row): they read the current row.
  let row: EstimateCsvRecord = { line: 0, fields: [] }
  let rowProblems: Array<EstimateCsvProblem> = []
  const name = (field: EstimateCsvField): string => columnName.get(field) ?? field
  const bad = (field: EstimateCsvField | "row", reason: string): void => {
    rowProblems.push({ line: row.line, column: field === "row" ? "row" : name(field), reason })
  }
  const get = (field: EstimateCsvField): string => {
    const position = index.get(field)
    return position === undefined ? "" : (row.fields[position] ?? "").trim()
  }
  // A person's text (a title, an estimator's name) as written when quoted: the export quotes one with
  // spaces around it, so that it reads back the same. Codes, numbers and dates are trimmed either way.
  const text = (field: "title" | "estimator"): string => {
    const position = index.get(field)
    if (position === undefined) return ""
    const raw = row.fields[position] ?? ""
    const trimmed = raw.trim()
    return trimmed !== "" && row.quoted?.includes(position) === true ? raw : trimmed
  }
  const effort = (field: "best" | "likely" | "worst" | "actual", required: boolean): number | undefined => {
    const raw = get(field)
    if (raw === "" || (mapping.lenientActuals && field === "actual" && Number(raw) === 0)) {
      if (required) bad(field, `${name(field)} is required`)
      return undefined
    }
    const value = NumberPattern.test(raw) ? Number(raw) * scale : Number.NaN
    if (!Number.isFinite(value) || value <= 0) {
      bad(field, `"${raw}" is not a positive number (use a dot for decimals, no units or thousands separators)`)
      return undefined
    }
    // The rule of the commands, said here with the line and column it concerns.
    const problem = estimateEffortProblem(value)
    if (problem !== undefined) {
      bad(field, `"${raw}"${scale === 1 ? "" : ` (${value} in the item's unit)`}: ${problem}`)
      return undefined
    }
    return value
  }
  const time = (field: "estimated_on" | "completed_on" | "cancelled_on", required: boolean): string | undefined => {
    const raw = get(field)
    if (raw === "") {
      if (required) bad(field, `${name(field)} is required`)
      return undefined
    }
    const value = readTime(raw, mapping, utcOffset)
    if (value === undefined) {
      const problem = estimateTimeProblem(raw.slice(0, 10))
      bad(field, problem !== undefined && /^\d{4}-\d{2}-\d{2}/.test(raw) ? problem : `"${raw}" is not a date or date-time (${mapping.timeFormats})`)
    }
    return value
  }

  const readRow = (record: EstimateCsvRecord, header: EstimateCsvRecord): void => {
    row = record
    done++
    if (progress !== undefined && done % 1000 === 0) progress.onProgress({ rowsDone: done, rowsTotal: progress.rowsTotal })
    rowProblems = []
    if (row.fields.length !== header.fields.length) {
      bad("row", `has ${row.fields.length} fields but the header has ${header.fields.length}; check for a stray comma or an unquoted comma in a title`)
      problems.push(...rowProblems)
      return
    }
    if (mapping.skipUnestimated && (get("likely") === "" || Number(get("likely")) === 0)) {
      skipped.push({ line: row.line, column: name("likely"), reason: "no estimate" })
      return
    }
    const id = get("id")
    if (id === "") bad("id", `${name("id")} is required`)
    else if (!isId(id)) bad("id", `"${id}" is not a valid id (1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit)`)
    else {
      const earlier = seenIds.get(id)
      if (earlier !== undefined) bad("id", `id ${id} is already used on line ${earlier}`)
      else seenIds.set(id, row.line)
    }
    const workType = get("type")
    const typeProblem = workTypeLabelProblem(workType)
    if (typeProblem !== undefined) {
      bad("type", workType === "" ? `${name("type")} is required: every item needs a work type (feature, bug fix, … or your own label)` : typeProblem)
    }

    const rawUnit = get("unit").toLowerCase()
    const unit = rawUnit === "" ? mapping.unit ?? options.defaultUnit : units[rawUnit]
    if (unit === undefined) {
      bad("unit", rawUnit === "" ? "unit is required (minutes, hours, days or points): add a unit column or pass defaultUnit" : `"${get("unit")}" is not a unit; use minutes, hours, days or points`)
    }
    const rawSide = get("side").toLowerCase()
    const side: Side | undefined = rawSide === "" ? options.defaultSide ?? "engineering" : rawSide === "product" || rawSide === "engineering" ? rawSide : undefined
    if (side === undefined) bad("side", `"${get("side")}" is not a side; use product or engineering`)
    const estimator = text("estimator")

    const likely = effort("likely", true)
    const best = effort("best", false)
    const worst = effort("worst", false)
    if ((get("best") === "") !== (get("worst") === "")) {
      bad(get("best") === "" ? "best" : "worst", "give both best and worst, or leave both empty for a single-point estimate")
    }
    if (likely !== undefined && best !== undefined && best > likely) bad("best", `best ${best} is above likely ${likely}; a range needs best ≤ likely ≤ worst`)
    if (likely !== undefined && worst !== undefined && worst < likely) bad("worst", `worst ${worst} is below likely ${likely}; a range needs best ≤ likely ≤ worst`)

    const estimatedOn = time("estimated_on", true)
    const actual = effort("actual", false)
    const completedOn = time("completed_on", false)
    const cancelledOn = time("cancelled_on", false)
    const rawStatus = get("status")
    const hasActual = actual !== undefined
    const status: EstimateCsvStatus | undefined = rawStatus !== ""
      ? mapping.status?.(rawStatus)
      : get("cancelled_on") !== ""
      ? "cancelled"
      : get("completed_on") !== "" || (hasActual && !mapping.lenientActuals)
      ? "completed"
      : "open"
    // A preset's "not done" resolution (Jira) ends the item on its resolution date.
    const endOn = cancelledOn ?? completedOn
    let outcome: ImportedOutcome | undefined
    switch (status) {
      case "open":
        if (hasActual && !mapping.lenientActuals) bad("actual", "an open item has no actual; set status to completed or clear the actual")
        outcome = { _tag: "Open" }
        break
      case "completed":
        if (get("completed_on") === "") bad("completed_on", "a completed item needs its completion date")
        if (completedOn !== undefined) {
          if (estimatedOn !== undefined && compareEstimateTimes(completedOn, estimatedOn) < 0) {
            bad("completed_on", `completed ${completedOn} is before estimated ${estimatedOn}`)
          }
          if (actual === undefined) completedWithoutActual++
          outcome = actual === undefined ? { _tag: "Completed", completedOn } : { _tag: "Completed", actual, completedOn }
        }
        break
      case "cancelled":
        if (hasActual && !mapping.lenientActuals) bad("actual", "a cancelled item has no actual; clear it or mark the item completed")
        if (endOn === undefined) bad(get("cancelled_on") === "" && index.has("cancelled_on") ? "cancelled_on" : "completed_on", "a cancelled item needs its cancellation date")
        else {
          if (estimatedOn !== undefined && compareEstimateTimes(endOn, estimatedOn) < 0) {
            bad(cancelledOn !== undefined ? "cancelled_on" : "completed_on", `cancelled ${endOn} is before estimated ${estimatedOn}`)
          }
          outcome = { _tag: "Cancelled", cancelledOn: endOn }
        }
        break
      default:
        bad("status", `"${rawStatus}" is not a status; use open, completed or cancelled`)
    }

    if (rowProblems.length === 0 && likely !== undefined && unit !== undefined && side !== undefined && estimatedOn !== undefined && outcome !== undefined) {
      // A line break inside a quoted title is CRLF in most exports (RFC 4180); typed text takes newlines as LF.
      const written = text("title")
      const title = written === "" ? id : written.replace(/\r\n?/g, "\n")
      const candidate = {
        itemId: id,
        title,
        workType,
        unit,
        range: best !== undefined && worst !== undefined ? { best, likely, worst } : { likely },
        estimatedBy: side,
        ...(estimator === "" ? {} : { estimator }),
        estimatedOn,
        outcome
      }
      // The schema has the last word, so the CSV path can never admit an item the log would reject.
      const decoded = decodeItem(candidate)
      if (Result.isFailure(decoded)) bad("row", decoded.failure.message.replace(/\s+/g, " "))
      else {
        items.push(decoded.success)
        labels.push(workType)
      }
    }
    problems.push(...rowProblems)
  }

  const read = (record: EstimateCsvRecord): void => {
    if (header === undefined) readHeader(record)
    else readRow(record, header)
  }
  const scan = (text: string, final: boolean): void => {
    if (failure !== undefined) return
    const scanned = scanCsv(text, pendingLine, final, (record) => {
      if (failure === undefined) read(record)
    })
    // A parse problem ends the file: it is the whole answer, as the rows after it cannot be read.
    if (scanned.problem !== undefined && failure === undefined) failure = new EstimateCsvImportError({ problems: [scanned.problem] })
    pending = text.slice(scanned.consumed)
    pendingLine = scanned.line
    unfinished = pending.length
  }

  return {
    push: (chunk) => {
      if (finished) throw new Error("this CSV import has finished; start another for more text")
      if (failure !== undefined || chunk === "") return
      let text = pending + chunk
      if (!started) {
        started = true
        text = withoutBom(text)
      }
      if (text.length < 2 * unfinished) {
        pending = text
        return
      }
      scan(text, false)
    },
    finish: () => {
      if (finished) throw new Error("this CSV import has finished already")
      finished = true
      scan(pending, true)
      if (failure !== undefined) return Result.fail(failure)
      if (header === undefined) {
        return Result.fail(new EstimateCsvImportError({ problems: [{ line: 1, column: "row", reason: "the file is empty; expected a header row" }] }))
      }
      progress?.onProgress({ rowsDone: done, rowsTotal: done })
      if (problems.length > 0) return Result.fail(new EstimateCsvImportError({ problems }))
      const command: ImportEstimateHistory = options.source === undefined
        ? { _tag: "ImportEstimateHistory", teamId: options.teamId, items }
        : { _tag: "ImportEstimateHistory", teamId: options.teamId, items, source: options.source }
      // Every item passed the item schema above; with the command's own fields checked too, the command
      // handler need not decode the whole import again (about a third of its time on a large file).
      if (Result.isSuccess(decodeImportFields(command))) decodedBy(EstimateLogCommand).add(command)
      return Result.succeed({ command, workTypeSuggestions: suggestWorkTypeGroups(labels), skipped, completedWithoutActual })
    }
  }
}

const quote = (value: string): string => /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, "\"\"")}"` : value

/**
 * Writes items in the CSV format {@link importEstimateCsv} reads by default
 * (all columns of {@link genericEstimateCsvMapping}).
 *
 * @since 0.1.0
 */
export const estimateHistoryToCsv = (items: ReadonlyArray<ImportedWorkItem>): string => {
  const lines = ["id,title,type,unit,best,likely,worst,actual,estimated_on,completed_on,cancelled_on,status,side,estimator"]
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
        o._tag === "Completed" && o.actual !== undefined ? String(o.actual) : "",
        item.estimatedOn,
        o._tag === "Completed" ? o.completedOn : "",
        o._tag === "Cancelled" ? o.cancelledOn : "",
        o._tag.toLowerCase(),
        item.estimatedBy,
        item.estimator ?? ""
      ].map(quote).join(",")
    )
  }
  return lines.join("\n") + "\n"
}
