/**
 * The estimate log over HTTP: record, re-estimate, actual, cancel, the
 * accuracy report, calibration and CSV import (with its larger body limit).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { Estimates } from "@retrobridge/core"
import { makeHarness, setupTeam } from "./fixtures/harness.ts"

describe("estimates", () => {
  it("records, completes and reports; imports a CSV history; calibrates from it", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const base = `/teams/${team.teamId}/estimates`
    const as = { token: team.adminToken }
    const recorded = await h.call("POST", base, {
      ...as,
      body: { itemId: "W-1", title: "Checkout refactor", workType: "refactor", unit: "days", range: { best: 2, likely: 3, worst: 6 }, estimatedBy: "engineering", estimatedOn: "2026-09-01" }
    })
    expect(recorded.status).toBe(201)
    expect((await h.call("POST", `${base}/W-1/re-estimates`, { ...as, body: { range: { best: 3, likely: 4, worst: 8 }, estimatedBy: "engineering", estimatedOn: "2026-09-05" } })).status).toBe(200)
    expect((await h.call("PUT", `${base}/W-1/actual`, { ...as, body: { actual: 5, completedOn: "2026-09-20" } })).status).toBe(200)
    const again = await h.call("PUT", `${base}/W-1/actual`, { ...as, body: { actual: 6, completedOn: "2026-09-21" } })
    expect(again.status).toBe(422)
    expect(Object.keys(again.json).sort()).toEqual(["code", "details", "message"])
    expect((await h.call("POST", `${base}/W-9/cancel`, { ...as, body: { cancelledOn: "2026-09-20" } })).status).toBe(422)

    const history = Estimates.generateHistory({ seed: 7, count: 120, startOn: "2026-01-01", days: 240 })
    const csv = Estimates.historyToCsv(history)
    const imported = await h.call("POST", `${base}/import`, { ...as, raw: csv, headers: { "content-type": "text/csv" } })
    expect(imported.status, imported.text).toBe(200)
    expect(imported.json.items).toBe(history.length)
    const bad = await h.call("POST", `${base}/import`, { ...as, raw: "id,title\nX,Y\n", headers: { "content-type": "text/csv" } })
    expect(bad.status).toBe(422)
    expect(bad.json.code).toBe("csv-invalid")
    const huge = await h.call("POST", `${base}/import`, { ...as, raw: csv.repeat(Math.ceil(6_000_000 / csv.length)), headers: { "content-type": "text/csv" } })
    expect(huge.status).toBe(413)

    const report = await h.call("POST", `${base}/accuracy`, { ...as, body: { slice: { unit: "hours" } } })
    expect(report.status, report.text).toBe(200)
    expect(report.json.summary.count).toBeGreaterThan(0)
    const calibrated = await h.call("POST", `${base}/calibrate`, {
      ...as,
      body: { workType: history[0]!.workType, unit: "hours", range: { best: 4, likely: 8, worst: 16 }, estimatedOn: "2026-12-01" }
    })
    expect(calibrated.status, calibrated.text).toBe(200)
    expect(calibrated.json.range.likely).toBeGreaterThan(0)
    await h.dispose()
  })

  it("reads a CSV import as it arrives: chunks split anywhere, characters split between chunks", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const as = { token: team.adminToken }
    const history = Estimates.generateHistory({ seed: 3, count: 400, startOn: "2026-01-01", days: 200 })
      .map((item, i) => i % 7 === 0 ? { ...item, title: `Café ☕ "naïve", 日本 ${i}\nsecond line` } : item)
    const bytes = new TextEncoder().encode(Estimates.historyToCsv(history))
    // Cuts every 97 bytes: inside quoted fields, between \r and \n, inside multi-byte characters.
    let cutInsideCharacter = 0
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 97) {
          if (at > 0 && (bytes[at]! & 0xc0) === 0x80) cutInsideCharacter++
          controller.enqueue(bytes.slice(at, at + 97))
        }
        controller.close()
      }
    })
    const imported = await h.call("POST", `/teams/${team.teamId}/estimates/import`, { ...as, raw: body, headers: { "content-type": "text/csv; charset=utf-8" } })
    expect(imported.status, imported.text).toBe(200)
    expect(imported.json.items).toBe(history.length)
    expect(cutInsideCharacter).toBeGreaterThan(0)
    const stored = await Effect.runPromise(h.store.read(Estimates.logStreamId(team.teamId)))
    const items = (stored.at(-1)!.data as { items: ReadonlyArray<{ title: string }> }).items
    expect(items.map((i) => i.title)).toEqual(history.map((i) => i.title))
    await h.dispose()
  })

  it("takes only text/csv, and a retried import writes once; a retry that imports differently is refused", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const path = `/teams/${team.teamId}/estimates/import`
    const csv = "id,type,likely,estimated_on\nA-1,feature,2,2026-01-05\n"
    const wrongType = await h.call("POST", path, { token: team.adminToken, raw: csv, headers: { "content-type": "text/plain" } })
    expect(wrongType.status).toBe(415)
    expect(wrongType.json.code).toBe("unsupported-media-type")
    const send = (unit: string) =>
      h.call("POST", `${path}?defaultUnit=${unit}`, { token: team.adminToken, raw: csv, headers: { "content-type": "text/csv", "idempotency-key": "import-1" } })
    const first = await send("hours")
    expect(first.status, first.text).toBe(200)
    const retry = await send("hours")
    expect(retry.json).toEqual(first.json)
    expect(await Effect.runPromise(h.store.version(Estimates.logStreamId(team.teamId)))).toBe(first.json.version)
    // Same file, other unit: another import, so the key may not answer it.
    const other = await send("days")
    expect(other.status).toBe(409)
    expect(other.json.code).toBe("idempotency-key-reused")
    await h.dispose()
  })

  it("a keyed import retried through another server process, its body cut differently, is written once; another file or query under the key is refused", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const path = `/teams/${team.teamId}/estimates/import`
    const csv = Estimates.historyToCsv(Estimates.generateHistory({ seed: 5, count: 300, startOn: "2026-01-01", days: 120 }))
    const inPieces = (text: string, size: number) => {
      const bytes = new TextEncoder().encode(text)
      return new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size))
          controller.close()
        }
      })
    }
    const send = (on: typeof h, body: ReadableStream<Uint8Array> | string, query = "defaultUnit=days") =>
      on.call("POST", `${path}?${query}`, { token: team.adminToken, raw: body, headers: { "content-type": "text/csv", "idempotency-key": "import-2" } })
    const first = await send(h, inPieces(csv, 101))
    expect(first.status, first.text).toBe(200)
    // A second process knows the key only from the store's record of it.
    const other = await makeHarness({}, h.store)
    const retry = await send(other, inPieces(csv, 4096))
    expect(retry.status, retry.text).toBe(200)
    expect(retry.json.version).toBe(first.json.version)
    expect(await Effect.runPromise(h.store.version(Estimates.logStreamId(team.teamId)))).toBe(first.json.version)
    const changed = csv.replace(/\n([^\n]*)\n$/, "\n")
    for (const [what, reply] of [
      ["a file with one row less", await send(other, changed)],
      ["the same file, another default unit", await send(other, csv, "defaultUnit=hours")]
    ] as const) {
      expect({ what, status: reply.status, code: reply.json.code }).toEqual({ what, status: 409, code: "idempotency-key-reused" })
    }
    expect(await Effect.runPromise(h.store.version(Estimates.logStreamId(team.teamId)))).toBe(first.json.version)
    await other.dispose()
    await h.dispose()
  })

  it("refuses a CSV that is not UTF-8 (a spreadsheet's Windows-1252 export) instead of importing replacement characters", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const head = new TextEncoder().encode("id,title,type,unit,likely,estimated_on\nA-1,Plain,feature,hours,2,2026-01-05\n")
    // "Café" as Windows-1252 writes it: 0xE9 is no UTF-8 character.
    const latin1 = Uint8Array.from([..."A-2,Caf"].map((c) => c.charCodeAt(0)).concat([0xe9], [...",feature,hours,3,2026-01-06\n"].map((c) => c.charCodeAt(0))))
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head)
        controller.enqueue(latin1)
        controller.close()
      }
    })
    const refused = await h.call("POST", `/teams/${team.teamId}/estimates/import`, { token: team.adminToken, raw: body, headers: { "content-type": "text/csv" } })
    expect(refused.status).toBe(422)
    expect(refused.json.code).toBe("csv-invalid")
    expect(refused.json.message).toContain("not UTF-8")
    expect(refused.json.details.issues).toEqual([{ path: "line 3, row", message: "not UTF-8 text" }])
    expect(await Effect.runPromise(h.store.version(Estimates.logStreamId(team.teamId)))).toBe(0)
    await h.dispose()
  })

  it("names the line of the first byte that is not UTF-8, wherever the body's chunks fall", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const encoder = new TextEncoder()
    const row = (n: number) => encoder.encode(`A-${n},Caf\u00e9 ${n},feature,hours,2,2026-01-05\n`)
    const rows = [encoder.encode("id,title,type,unit,likely,estimated_on\n")]
    for (let n = 2; n <= 500; n++) rows.push(row(n))
    // Line 402 as Windows-1252 writes "Café": 0xE9 where UTF-8 has 0xC3 0xA9.
    const bad = rows[401]!
    const at = bad.indexOf(0xc3)
    rows[401] = Uint8Array.from([...bad.subarray(0, at), 0xe9, ...bad.subarray(at + 2)])
    const file = new Uint8Array(rows.reduce((n, r) => n + r.length, 0))
    rows.reduce((offset, r) => (file.set(r, offset), offset + r.length), 0)
    const chunked = (size: number) => new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < file.length; i += size) controller.enqueue(file.slice(i, i + size))
        controller.close()
      }
    })
    // One chunk; chunks of 4 KiB; and of 7 bytes, which split the valid é of other lines between two chunks.
    for (const body of [file, chunked(4096), chunked(7)]) {
      const refused = await h.call("POST", `/teams/${team.teamId}/estimates/import`, { token: team.adminToken, raw: body, headers: { "content-type": "text/csv" } })
      expect(refused.status).toBe(422)
      expect(refused.json.message).toContain("line 402")
      expect(refused.json.details.issues).toEqual([{ path: "line 402, row", message: "not UTF-8 text" }])
    }
    // A character cut off by the next line: its first byte (0xC3) is on line 3, which the next chunk ends.
    const cut = encoder.encode("id,title,type,unit,likely,estimated_on\nA-1,Plain,feature,hours,2,2026-01-05\nA-2,Caf")
    const rest = encoder.encode("\nA-3,Plain,feature,hours,2,2026-01-05\n")
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Uint8Array.from([...cut, 0xc3]))
        controller.enqueue(rest)
        controller.close()
      }
    })
    const cutOff = await h.call("POST", `/teams/${team.teamId}/estimates/import`, { token: team.adminToken, raw: split, headers: { "content-type": "text/csv" } })
    expect(cutOff.json.details.issues).toEqual([{ path: "line 3, row", message: "not UTF-8 text" }])
    expect(await Effect.runPromise(h.store.version(Estimates.logStreamId(team.teamId)))).toBe(0)
    await h.dispose()
  })

  it("reads a CSV in the charset its Content-Type names, and says so for one it does not know", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const path = `/teams/${team.teamId}/estimates/import`
    // Windows-1252, as a spreadsheet saves it: "Café" with 0xE9, and the euro sign as 0x80.
    const bytes = Buffer.from("id,title,type,unit,likely,estimated_on\nA-1,Caf\u00e9 \u0080 budget,feature,hours,2,2026-01-05\n", "latin1")
    const imported = await h.call("POST", path, { token: team.adminToken, raw: new Blob([bytes]).stream(), headers: { "content-type": "text/csv; charset=windows-1252" } })
    expect(imported.status, imported.text).toBe(200)
    const stored = await Effect.runPromise(h.store.read(Estimates.logStreamId(team.teamId)))
    expect((stored.at(-1)!.data as { items: ReadonlyArray<{ title: string }> }).items[0]!.title).toBe("Café € budget")
    const unknown = await h.call("POST", path, { token: team.adminToken, raw: "id\n", headers: { "content-type": "text/csv; charset=klingon" } })
    expect(unknown.status).toBe(415)
    expect(unknown.json).toMatchObject({ code: "unsupported-charset", details: { path: "Content-Type" } })
    expect(unknown.json.message).toContain("klingon")
    await h.dispose()
  })

  it("answers any byte stream with 200 or 422, never a failure, and writes only what it accepts (property)", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const head = "id,title,type,unit,likely,estimated_on\n"
    const row = fc.tuple(fc.stringMatching(/^[A-Z]-[0-9]{1,4}$/), fc.string({ maxLength: 12 }), fc.constantFrom("feature", "bug", ""), fc.constantFrom("hours", "days", "x"), fc.constantFrom("2", "0", "-1", "1e3", "x"))
      .map(([id, title, type, unit, likely]) => `${id},${JSON.stringify(title)},${type},${unit},${likely},2026-01-05\n`)
    const text = fc.oneof(
      fc.array(row, { maxLength: 6 }).map((rows) => new TextEncoder().encode(head + rows.join(""))),
      fc.uint8Array({ maxLength: 300 }),
      fc.tuple(fc.array(row, { maxLength: 3 }), fc.uint8Array({ maxLength: 40 })).map(([rows, junk]) => Uint8Array.from([...new TextEncoder().encode(head + rows.join("")), ...junk]))
    )
    let version = 0
    const seen = { accepted: 0, refused: 0 }
    await fc.assert(fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 5 }), async (bytes, cuts) => {
      const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          let from = 0
          for (const cut of [...at, bytes.length]) {
            controller.enqueue(bytes.slice(from, cut))
            from = cut
          }
          controller.close()
        }
      })
      const answer = await h.call("POST", `/teams/${team.teamId}/estimates/import`, { token: team.adminToken, raw: body, headers: { "content-type": "text/csv" } })
      expect([200, 422], answer.text).toContain(answer.status)
      const now = await Effect.runPromise(h.store.version(Estimates.logStreamId(team.teamId)))
      if (answer.status === 200) {
        // A file of a header alone imports nothing, and writes nothing.
        expect(now).toBe(answer.json.items > 0 ? version + 1 : version)
        seen.accepted++
      } else {
        expect(now).toBe(version)
        // A bad file, or ids an earlier import of the run already brought.
        expect(["csv-invalid", "import-conflict"]).toContain(answer.json.code)
        seen.refused++
      }
      version = now
    }), { numRuns: 150 })
    expect(h.errorLog).toEqual([])
    expect(seen.accepted).toBeGreaterThan(5)
    expect(seen.refused).toBeGreaterThan(50)
    await h.dispose()
  }, 60_000)

  it("calibrates against the log as it is now: a completion recorded between two queries counts in the second", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const base = `/teams/${team.teamId}/estimates`
    const as = { token: team.adminToken }
    const history = Estimates.generateHistory({ seed: 5, count: 200, startOn: "2026-01-01", days: 200 })
    expect((await h.call("POST", `${base}/import`, { ...as, raw: Estimates.historyToCsv(history), headers: { "content-type": "text/csv" } })).status).toBe(200)
    const query = { workType: history[0]!.workType, unit: "hours", range: { best: 4, likely: 8, worst: 16 }, estimatedOn: "2026-12-01" }
    const first = await h.call("POST", `${base}/calibrate`, { ...as, body: query })
    expect(first.status, first.text).toBe(200)
    expect((await h.call("POST", `${base}/calibrate`, { ...as, body: query })).json).toEqual(first.json)
    expect((await h.call("POST", base, {
      ...as,
      body: { itemId: "NEW-1", title: "One more", workType: query.workType, unit: "hours", range: { likely: 5 }, estimatedBy: "engineering", estimatedOn: "2026-11-01" }
    })).status).toBe(201)
    expect((await h.call("PUT", `${base}/NEW-1/actual`, { ...as, body: { actual: 9, completedOn: "2026-11-10" } })).status).toBe(200)
    const after = await h.call("POST", `${base}/calibrate`, { ...as, body: query })
    expect(after.json.itemsUsed).toBe(first.json.itemsUsed + 1)
    await h.dispose()
  })

  it("reports kept between questions answer as a server asked for the first time would: per question, and afresh once the log changes", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const base = `/teams/${team.teamId}/estimates`
    const as = { token: team.adminToken }
    const history = Estimates.generateHistory({ seed: 11, count: 300, startOn: "2026-01-01", days: 300 })
    expect((await h.call("POST", `${base}/import`, { ...as, raw: Estimates.historyToCsv(history), headers: { "content-type": "text/csv" } })).status).toBe(200)
    const workType = history[0]!.workType
    // One item re-estimated before completion, so the initial and the latest estimates answer differently.
    expect((await h.call("POST", base, {
      ...as,
      body: { itemId: "RE-1", title: "Re-estimated", workType, unit: "hours", range: { best: 1, likely: 2, worst: 3 }, estimatedBy: "engineering", estimatedOn: "2026-10-01" }
    })).status).toBe(201)
    expect((await h.call("POST", `${base}/RE-1/re-estimates`, { ...as, body: { range: { best: 8, likely: 9, worst: 10 }, estimatedBy: "engineering", estimatedOn: "2026-10-05" } })).status).toBe(200)
    expect((await h.call("PUT", `${base}/RE-1/actual`, { ...as, body: { actual: 9, completedOn: "2026-10-20" } })).status).toBe(200)
    const questions = [
      { slice: { unit: "hours" } },
      { slice: { unit: "hours" }, basis: "latest" },
      { slice: { unit: "hours", workTypes: [workType] } },
      { slice: { unit: "days" } }
    ]
    // A harness on the same store with nothing kept: what any server that never answered before says.
    const fresh = async (question: object) => {
      const cold = await makeHarness({}, h.store)
      const reply = await cold.call("POST", `${base}/accuracy`, { ...as, body: question })
      await cold.dispose()
      return reply.json
    }
    const ask = async () => {
      const answers: Array<unknown> = []
      // Each question twice, interleaved, so a repeat is answered from what was kept.
      for (const question of [...questions, ...questions]) {
        const reply = await h.call("POST", `${base}/accuracy`, { ...as, body: question })
        expect(reply.status, reply.text).toBe(200)
        answers.push(reply.json)
      }
      for (const [i, question] of questions.entries()) {
        const expected = await fresh(question)
        expect(answers[i], JSON.stringify(question)).toEqual(expected)
        expect(answers[i + questions.length], JSON.stringify(question)).toEqual(expected)
      }
      return answers.slice(0, questions.length) as Array<{ readonly summary: { readonly count: number } }>
    }
    const before = await ask()
    // The questions differ, so their answers do: a report kept under the wrong question would show here.
    expect(new Set(before.map((a) => JSON.stringify(a))).size).toBe(questions.length)
    expect((await h.call("POST", base, {
      ...as,
      body: { itemId: "NEW-1", title: "One more", workType, unit: "hours", range: { likely: 5 }, estimatedBy: "engineering", estimatedOn: "2026-11-01" }
    })).status).toBe(201)
    expect((await h.call("PUT", `${base}/NEW-1/actual`, { ...as, body: { actual: 9, completedOn: "2026-11-10" } })).status).toBe(200)
    const after = await ask()
    expect(after[0]!.summary.count).toBe(before[0]!.summary.count + 1)
    expect(after[3]).toEqual(before[3])
    await h.dispose()
  })

  it("reaches an item by any id it accepted: the longest ids (128 characters) have every item route", async () => {
    const h = await makeHarness()
    const team = await setupTeam(h)
    const base = `/teams/${team.teamId}/estimates`
    const as = { token: team.adminToken }
    for (const itemId of ["J".repeat(128), `PROJ-1:${"x".repeat(121)}`]) {
      const record = (id: string) => h.call("POST", base, {
        ...as,
        body: { itemId: id, title: "Checkout refactor", workType: "refactor", unit: "days", range: { likely: 3 }, estimatedBy: "engineering", estimatedOn: "2026-09-01" }
      })
      expect((await record(itemId)).status).toBe(201)
      const reEstimated = await h.call("POST", `${base}/${encodeURIComponent(itemId)}/re-estimates`, { ...as, body: { range: { likely: 4 }, estimatedBy: "engineering", estimatedOn: "2026-09-05" } })
      expect(reEstimated.status, reEstimated.text).toBe(200)
      const done = await h.call("PUT", `${base}/${encodeURIComponent(itemId)}/actual`, { ...as, body: { actual: 5, completedOn: "2026-09-20" } })
      expect(done.status, done.text).toBe(200)
      const cancelled = await record(`${itemId.slice(0, -1)}C`)
      expect(cancelled.status).toBe(201)
      expect((await h.call("POST", `${base}/${encodeURIComponent(`${itemId.slice(0, -1)}C`)}/cancel`, { ...as, body: { cancelledOn: "2026-09-20" } })).status).toBe(200)
    }
    await h.dispose()
  })
})
