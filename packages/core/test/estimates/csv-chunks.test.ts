/**
 * An import fed in chunks, as a request body arrives, answers exactly what the
 * import of the whole text answers, wherever the chunks split the text.
 */
import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { makeCommandDecoder } from "../../src/Decider.ts"
import { EstimateLogCommand, estimateHistoryToCsv, importEstimateCsv, makeEstimateCsvImporter } from "../../src/estimates/index.ts"
import { arbImportedItem } from "./arbitraries.ts"

// Titles the writer must quote: quotes, commas, line ends of both kinds.
const awkwardTitle = fc.constantFrom("say \"hi\", then go", "two\nlines", "crlf\r\ninside", "\"\"", "ends with a quote\"", "a,b,c")

/** A file as exports write them, good or spoiled in one of the ways that end or fail an import. */
const arbCsv = fc.record({
  items: fc.array(fc.tuple(arbImportedItem, fc.option(awkwardTitle, { nil: undefined })), { maxLength: 12 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  blankLines: fc.boolean(),
  spoil: fc.constantFrom("none", "none", "unclosed-quote", "text-after-quote", "bad-row", "empty")
}).map(({ items, crlf, bom, blankLines, spoil }) => {
  const seen = new Set<string>()
  const unique = items
    .map(([item, title]) => title === undefined ? item : { ...item, title })
    .filter((i) => !seen.has(i.itemId) && seen.add(i.itemId))
  let text = spoil === "empty" ? "" : estimateHistoryToCsv(unique)
  if (blankLines) text = text.replace(/\n(?=[A-Za-z0-9])/, "\n\n")
  if (spoil === "unclosed-quote") text += "X-1,\"never closed,feature\n"
  if (spoil === "text-after-quote") text += "X-2,\"quoted\"tail,feature\n"
  if (spoil === "bad-row") text += "X-3,only two\n"
  // Line ends outside and inside quoted fields alike, as a Windows tool writes them.
  if (crlf) text = text.replace(/\r?\n/g, "\r\n")
  return bom ? `\uFEFF${text}` : text
})

/** Cut points, as offsets into the text (duplicates make empty chunks). */
const arbCuts = fc.array(fc.nat(), { maxLength: 12 })

const chunked = (text: string, cuts: ReadonlyArray<number>) => {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  const chunks: Array<string> = []
  let from = 0
  for (const cut of at) {
    chunks.push(text.slice(from, cut))
    from = cut
  }
  chunks.push(text.slice(from))
  return chunks
}

describe("makeEstimateCsvImporter", () => {
  it("answers what importEstimateCsv answers for the whole text, wherever the chunks split it (property)", () => {
    const seen = { insideQuotes: 0, betweenCrLf: 0, afterQuote: 0, succeeded: 0, failed: 0 }
    fc.assert(fc.property(arbCsv, arbCuts, (text, cuts) => {
      const chunks = chunked(text, cuts)
      const importer = makeEstimateCsvImporter({ teamId: "t", defaultUnit: "hours" })
      for (const chunk of chunks) importer.push(chunk)
      const whole = importEstimateCsv(text, { teamId: "t", defaultUnit: "hours" })
      expect(importer.finish()).toEqual(whole)

      if (Result.isSuccess(whole)) seen.succeeded++
      else seen.failed++
      let offset = 0
      for (const chunk of chunks.slice(0, -1)) {
        offset += chunk.length
        const before = text.slice(0, offset)
        if ((before.match(/"/g)?.length ?? 0) % 2 === 1) seen.insideQuotes++
        if (before.endsWith("\r") && text[offset] === "\n") seen.betweenCrLf++
        if (before.endsWith("\"")) seen.afterQuote++
      }
    }), { numRuns: 400 })
    // The splits that could go wrong did happen, on files that import and on files that do not.
    expect(seen.insideQuotes).toBeGreaterThan(20)
    expect(seen.betweenCrLf).toBeGreaterThan(5)
    expect(seen.afterQuote).toBeGreaterThan(5)
    expect(seen.succeeded).toBeGreaterThan(50)
    expect(seen.failed).toBeGreaterThan(50)
  })

  it("reports a problem's line as the whole file numbers it, across chunks", () => {
    const text = "id,title,type,unit,likely,estimated_on\r\nA-1,\"two\r\nlines\",feature,hours,2,2026-01-05\r\nA-2,Fine,feature,hours,x,2026-01-05\r\n"
    const importer = makeEstimateCsvImporter({ teamId: "t" })
    // One character at a time: every split there is.
    for (const c of text) importer.push(c)
    const result = importer.finish()
    expect(Result.isFailure(result) && result.failure.problems).toEqual([
      { line: 4, column: "likely", reason: "\"x\" is not a positive number (use a dot for decimals, no units or thousands separators)" }
    ])
  })

  it("finishes once", () => {
    const importer = makeEstimateCsvImporter({ teamId: "t" })
    importer.push("id,type,unit,likely,estimated_on\nA,feature,hours,2,2026-01-01\n")
    expect(Result.isSuccess(importer.finish())).toBe(true)
    expect(() => importer.push("B,feature,hours,2,2026-01-01\n")).toThrow(/finished/)
    expect(() => importer.finish()).toThrow(/finished/)
  })

  it("hands the command handler an import it need not decode again, and only a valid one (property)", () => {
    const decoder = makeCommandDecoder(EstimateLogCommand)
    const decodeAgain = Schema.decodeUnknownResult(EstimateLogCommand)
    let marked = 0
    let refused = 0
    fc.assert(fc.property(arbCsv, fc.constantFrom("team-a", "bad team id", "team-b"), fc.option(fc.constantFrom("jira.csv", " ", "x".repeat(5000)), { nil: undefined }), (text, teamId, source) => {
      const result = importEstimateCsv(text, { teamId, defaultUnit: "hours", ...(source === undefined ? {} : { source }) })
      if (Result.isFailure(result)) return
      const { command } = result.success
      // What the decoder would make of it: the same command, or a refusal.
      const again = decodeAgain(structuredClone(command))
      expect(decoder.isDecoded(command)).toBe(Result.isSuccess(again))
      if (Result.isSuccess(again)) {
        expect(again.success).toEqual(command)
        marked++
      } else {
        expect(decoder.decode(command)._tag).toBe("Failure")
        refused++
      }
    }), { numRuns: 300 })
    expect(marked).toBeGreaterThan(30)
    expect(refused).toBeGreaterThan(30)
  })
})
