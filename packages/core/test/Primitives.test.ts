import fc from "fast-check"
import { Result, Schema, SchemaIssue } from "effect"
import { describe, expect, it } from "vitest"
import { AgreementDraft } from "../src/agreements/index.ts"
import { NameText, NoteText, Text, textLimits, TypedDraftText, TypedText } from "../src/Primitives.ts"
import { Team } from "../src/index.ts"

const messageOf = (result: Result.Result<unknown, { readonly message: string }>): string =>
  Result.isFailure(result) ? result.failure.message : "accepted"
const decodeNote = Schema.decodeUnknownResult(NoteText)
const decodeName = Schema.decodeUnknownResult(NameText)
const decodeStored = Schema.decodeUnknownResult(Text)

describe("TypedText", () => {
  it.each([
    ["CSI (U+009B), a terminal escape", "red\u009b31m"],
    ["NEL (U+0085)", "one\u0085two"],
    ["U+0080", "\u0080"],
    ["U+009F", "x\u009f"]
  ])("refuses the C1 control %s like C0", (_, text) => {
    expect(messageOf(decodeNote(text))).toContain("control characters")
  })

  it.each([
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate", "\udc00"],
    ["a reversed pair", "ok \udc00\ud800"],
    ["a high surrogate before text", "\ud83dabc"]
  ])("refuses %s: it is not Unicode text", (_, text) => {
    expect(messageOf(decodeNote(text))).toContain("not valid Unicode")
  })

  it.each([
    ["zero-width spaces", "\u200b\u200b"],
    ["a zero-width joiner and non-joiner", "\u200d\u200c"],
    ["a byte-order mark", "\ufeff"],
    ["a soft hyphen", "\u00ad"],
    ["a word joiner between spaces", " \u2060 "],
    ["bidi controls alone", "\u202e\u2066\u2069"]
  ])("refuses text of only invisible format characters (%s) as blank", (_, text) => {
    expect(messageOf(decodeNote(text))).toContain("blank")
  })

  it("keeps bidi controls and format characters inside visible text", () => {
    for (const text of ["\u2067שלום\u2069 team", "\u202bمرحبا\u202c", "re\u00adsume", "👩\u200d💻 pairing", "tab\there\nnewline"]) {
      expect(Result.isSuccess(decodeNote(text)), JSON.stringify(text)).toBe(true)
    }
  })

  it("a blank text is one problem, not two (the HTTP error body listed \"must not be blank\" twice for one field)", () => {
    const format = SchemaIssue.makeFormatterStandardSchemaV1()
    for (const text of ["   ", "", "\u200b", "\r\n"]) {
      const decoded = decodeNote(text)
      const issues = Result.isFailure(decoded) ? format(decoded.failure.issue).issues : []
      expect(issues.map((i) => i.message), JSON.stringify(text)).toEqual(["text must not be blank (spaces and invisible characters such as zero-width spaces do not count)"])
    }
  })

  it("takes CR LF and a lone CR as line endings and keeps them as LF, in drafts too", () => {
    const decodeDraft = Schema.decodeUnknownResult(TypedDraftText(100))
    for (const decode of [decodeNote, decodeDraft]) {
      expect(decode("Two things:\r\n- scope\r\n- dates\r\n")).toEqual(Result.succeed("Two things:\n- scope\n- dates\n"))
      expect(decode("old Mac\rline")).toEqual(Result.succeed("old Mac\nline"))
      expect(decode("blank line\r\n\r\nafter")).toEqual(Result.succeed("blank line\n\nafter"))
    }
    // Line endings alone are still blank; other controls next to them still refused.
    expect(messageOf(decodeNote("\r\n\r\n"))).toContain("blank")
    expect(messageOf(decodeNote("x\r\n\u0007"))).toContain("control characters")
    // Encoding gives back the LF text a command holds.
    expect(Schema.encodeSync(NoteText)("a\nb")).toBe("a\nb")
  })

  it("counts characters, not UTF-16 units, and names the limit when over it", () => {
    expect(Result.isSuccess(decodeNote("😀".repeat(textLimits.note)))).toBe(true)
    expect(messageOf(decodeNote("😀".repeat(textLimits.note + 1)))).toContain("2000 characters")
    expect(Result.isSuccess(decodeName("𝒜".repeat(100)))).toBe(true)
    expect(messageOf(decodeName("a".repeat(101)))).toContain("100 characters")
  })

  it("stored Text decodes everything it decoded before", () => {
    for (const text of ["\u200b\u200b", "\ud800", "red\u009b31m", "😀".repeat(5000), "\u0000"]) {
      expect(Result.isSuccess(decodeStored(text)), JSON.stringify(text)).toBe(true)
    }
  })

  it("draft texts (may be blank) follow the same rules for characters and length", () => {
    const draft = Schema.decodeUnknownResult(TypedDraftText(10))
    expect(Result.isSuccess(draft(""))).toBe(true)
    expect(Result.isSuccess(draft("😀".repeat(10)))).toBe(true)
    expect(messageOf(draft("😀".repeat(11)))).toContain("10 characters")
    expect(messageOf(draft("\u009b"))).toContain("control characters")
    expect(messageOf(draft("\udfff"))).toContain("not valid Unicode")
    const agreement = Schema.decodeUnknownResult(AgreementDraft)
    expect(messageOf(agreement({ statement: "We pair \u009b", commitments: [], reviewBy: "2026-05-01" }))).toContain("control characters")
  })

  it("a command is an InvalidCommand naming the field and the rule", () => {
    const created = Team.decide({ _tag: "CreateTeam", teamId: "t", name: "\u200b", at: 1 } as never, Team.initialState)
    expect(Result.isFailure(created) && created.failure).toMatchObject({ _tag: "InvalidCommand", field: "name", rule: "not-blank" })
    const csi = Team.decide({ _tag: "CreateTeam", teamId: "t", name: "Core\u009b2J", at: 1 } as never, Team.initialState)
    expect(Result.isFailure(csi) && csi.failure).toMatchObject({ _tag: "InvalidCommand", field: "name", rule: "no-control-characters" })
    const long = Team.decide({ _tag: "CreateTeam", teamId: "t", name: "é".repeat(101), at: 1 } as never, Team.initialState)
    expect(Result.isFailure(long) && long.failure).toMatchObject({ _tag: "InvalidCommand", field: "name", rule: "max-length" })
    expect(messageOf(long)).toContain("100 characters")
  })

  it("accepts exactly the non-blank, well-formed texts of at most n characters without C0/C1 controls, CR LF and CR made LF (property)", () => {
    const n = 8
    const decode = Schema.decodeUnknownResult(TypedText(n))
    const pieces = fc.oneof(
      { arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }), weight: 4 },
      { arbitrary: fc.constantFrom("😀", "𝒜", "\t", "\n", " ", "a", "\u202e", "\u2069"), weight: 3 },
      { arbitrary: fc.constantFrom("\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u034f"), weight: 3 },
      { arbitrary: fc.constantFrom("\u0085", "\u009b", "\u0080", "\u009f", "\u0000", "\u001b", "\u007f"), weight: 1 },
      { arbitrary: fc.constantFrom("\r\n", "\r"), weight: 1 },
      { arbitrary: fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff"), weight: 1 }
    )
    const seen = { c1: 0, lone: 0, invisibleOnly: 0, astralAtLimit: 0, accepted: 0, lineEndings: 0 }
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 6 }).map((p) => p.join("")), (text) => {
        // The limit counts the text as sent; the rest is judged on it with its line endings made LF.
        const codePoints = [...text]
        const lf = text.replace(/\r\n?/g, "\n")
        const lone = codePoints.some((c) => c.length === 1 && c >= "\ud800" && c <= "\udfff")
        const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(lf)
        const blank = lf.replace(/[\s\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, "").length === 0
        const expected = !lone && !control && !blank && codePoints.length <= n
        const decoded = decode(text)
        expect(Result.isSuccess(decoded), JSON.stringify(text)).toBe(expected)
        if (Result.isSuccess(decoded)) expect(decoded.success).toBe(lf)
        if (expected && text.includes("\r")) seen.lineEndings++
        if (/[\u0080-\u009f]/.test(text)) seen.c1++
        if (lone) seen.lone++
        if (blank && text.trim().length > 0) seen.invisibleOnly++
        if (expected && text.length > n) seen.astralAtLimit++
        if (expected) seen.accepted++
      }),
      { numRuns: 2000 }
    )
    // Each refusal was met, and texts longer than n UTF-16 units but not n characters were accepted.
    expect(seen.c1).toBeGreaterThan(20)
    expect(seen.lone).toBeGreaterThan(20)
    expect(seen.invisibleOnly).toBeGreaterThan(20)
    expect(seen.astralAtLimit).toBeGreaterThan(5)
    expect(seen.accepted).toBeGreaterThan(100)
    expect(seen.lineEndings).toBeGreaterThan(20)
  })
})
