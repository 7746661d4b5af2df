/** The team page: retros, agreements kept over time, friction per theme per retro, estimate accuracy and calibration, CSV import. */
import { useEffect, useState } from "preact/hooks"
import { ApiProblem, call } from "./api.ts"
import { BarChart, IntervalChart, pct, StackedChart } from "./charts.tsx"
import { facilitatorSession, teamSession } from "./storage.ts"
import { units, type AccuracyReport, type Calibrated, type History, type Unit } from "./types.ts"
import { busyProps, ErrorText, useAction, useTitle } from "./ui.tsx"

// The verdict first, in words: the explanation alone left a reader to work it out from the figures.
const trendLabel: Record<History["trend"]["verdict"], string> = {
  improving: "improving",
  worsening: "worsening",
  mixed: "mixed",
  steady: "steady",
  "not-enough-data": "not enough data yet"
}

export const TeamPage = ({ teamId }: { teamId: string }) => {
  const session = teamSession(teamId)
  // Bumped by an import, so the accuracy report is read again.
  const [imports, setImports] = useState(0)
  useTitle(`Team ${session?.name ?? ""}`)
  if (session === undefined) {
    return (
      <main id="main" class="narrow">
        <h1>No team access on this device</h1>
        <p>This browser holds no team admin token for this team. Open the team from the device that created it, or start from the <a href="/">start page</a>.</p>
      </main>
    )
  }
  return (
    <main id="main" class="team">
      <h1>{session.name}</h1>
      <p><a href="/">Start another retro</a></p>
      <HistorySection teamId={teamId} token={session.token} />
      <AccuracySection teamId={teamId} token={session.token} imports={imports} />
      <CalibrationSection teamId={teamId} token={session.token} />
      <ImportSection teamId={teamId} token={session.token} onImported={() => setImports(imports + 1)} />
    </main>
  )
}

const HistorySection = ({ teamId, token }: { teamId: string; token: string }) => {
  const [history, setHistory] = useState<History | undefined>(undefined)
  const action = useAction()
  useEffect(() => {
    void action.run(async () => setHistory(await call(token, (c) => c.teams.history({ params: { teamId } }))))
  }, [teamId])
  if (history === undefined) return <section><h2>Retros</h2><ErrorText error={action.error} />{action.error === undefined ? <p role="status">Loading…</p> : null}</section>
  const retros = [...history.retros].sort((a, b) => a.date.localeCompare(b.date))
  const themes = [...new Set(retros.flatMap((r) => Object.keys(r.frictionByTheme)))]
  return (
    <>
      <section aria-labelledby="retros-h">
        <h2 id="retros-h">Retros</h2>
        <p data-testid="trend"><strong>Trend: {trendLabel[history.trend.verdict]}.</strong> {history.trend.explanation}</p>
        {retros.length === 0 ? <p>No retros yet.</p> : (
          <table data-testid="retro-table">
            <thead><tr><th scope="col">Date</th><th scope="col">Retro</th><th scope="col">Phase</th><th scope="col">People</th><th scope="col">Cards</th><th scope="col">Friction per person</th><th scope="col">Agreements made</th><th scope="col">Last agreements kept</th></tr></thead>
            <tbody>
              {retros.map((r) => (
                <tr key={r.retroId}>
                  <td>{r.date}</td>
                  <td>{facilitatorSession(r.retroId) === undefined ? r.title : <a href={`/facilitate/${encodeURIComponent(r.retroId)}`}>{r.title}</a>}</td><td>{r.phase}</td><td>{r.participants}</td><td>{r.cards}</td>
                  <td>{r.frictionPerParticipant === undefined ? "—" : r.frictionPerParticipant.toFixed(1)}</td>
                  <td>{r.agreementsMade}</td><td>{pct(r.followUp.keptRate)} ({r.followUp.reviewed} reviewed)</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {retros.length === 0 ? null : (
        <div class="charts">
          <BarChart id="kept" title="Agreements kept, per retro that reviewed them" max={1} format={(v) => pct(v)}
            description={`Share of the previous retro's agreements kept (partly kept counts half; dropped counts neither way), per retro. ${retros.map((r) => `${r.date}: ${pct(r.followUp.keptRate)}`).join("; ")}.`}
            bars={retros.map((r) => ({ label: r.date, value: r.followUp.keptRate }))} />
          <StackedChart id="friction" title="Friction cards per theme, per retro"
            description={`Friction cards in each retro, split by theme. ${retros.map((r) => `${r.date}: ${r.frictionCards} (${Object.entries(r.frictionByTheme).map(([k, v]) => `${k} ${v}`).join(", ") || "none"})`).join("; ")}.`}
            columns={retros.map((r) => ({ label: r.date, values: r.frictionByTheme }))} series={themes} />
        </div>
      )}
    </>
  )
}

const AccuracySection = ({ teamId, token, imports }: { teamId: string; token: string; imports: number }) => {
  const [unit, setUnit] = useState<Unit>("days")
  const [report, setReport] = useState<AccuracyReport | undefined>(undefined)
  const action = useAction()
  useEffect(() => {
    void action.run(async () => setReport(await call(token, (c) => c.estimates.accuracy({ params: { teamId }, payload: { slice: { unit } } }))))
  }, [teamId, unit, imports])
  const types = report?.byWorkType ?? []
  return (
    <section aria-labelledby="acc-h" class="accuracy">
      <h2 id="acc-h">Estimate accuracy per work type</h2>
      <label for="acc-unit">Unit</label>
      <select id="acc-unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value as Unit)}>
        {units.map((u) => <option key={u} value={u}>{u}</option>)}
      </select>
      <ErrorText error={action.error} />
      {report === undefined ? null : report.summary.count === 0 ? <p>No completed estimates in {unit} yet. Import the team's estimate history below.</p> : (
        <>
          <p data-testid="accuracy-summary">
            {report.summary.count} completed items · ranges hit: {pct(report.summary.hitRate)} · actual ÷ estimate (median): {report.summary.bias === null ? "—" : `×${report.summary.bias.median.toFixed(2)}`}
          </p>
          <div class="charts">
            <IntervalChart id="spread" title="Actual ÷ estimate per work type (median and interval)" reference={1} format={(v) => `×${v.toFixed(2)}`}
              description={`How far actuals land from the likely estimate, per work type; 1 means on target, above 1 means underestimated. ${types.map((t) => `${t.workType}: ${t.summary.bias === null ? "not enough data" : `median ×${t.summary.bias.median.toFixed(2)} (×${t.summary.bias.low.toFixed(2)}–×${t.summary.bias.high.toFixed(2)})`}`).join("; ")}.`}
              rows={types.map((t) => t.summary.bias === null ? { label: t.workType } : { label: t.workType, low: t.summary.bias.low, mid: t.summary.bias.median, high: t.summary.bias.high })} />
            <BarChart id="hit-rate" title="Share of actuals inside the estimated range, per work type" max={1} format={(v) => pct(v)}
              description={`Hit rate of ranges per work type. ${types.map((t) => `${t.workType}: ${pct(t.summary.hitRate)}`).join("; ")}.`}
              bars={types.map((t) => ({ label: t.workType, value: t.summary.hitRate ?? undefined }))} />
          </div>
          <ul>{types.map((t) => <li key={t.workType}><strong>{t.workType}</strong>: {t.verdict}. {t.evidence}</li>)}</ul>
          {report.notes.length === 0 ? null : <ul class="hint">{report.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
        </>
      )}
    </section>
  )
}

const CalibrationSection = ({ teamId, token }: { teamId: string; token: string }) => {
  const [workType, setWorkType] = useState("")
  const [unit, setUnit] = useState<Unit>("days")
  const [best, setBest] = useState("")
  const [likely, setLikely] = useState("")
  const [worst, setWorst] = useState("")
  const [result, setResult] = useState<Calibrated | undefined>(undefined)
  const action = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    const range = { likely: Number(likely), ...(best === "" ? {} : { best: Number(best) }), ...(worst === "" ? {} : { worst: Number(worst) }) }
    const r = await action.run(() => call(token, (c) => c.estimates.calibrate({ params: { teamId }, payload: { workType: workType.trim(), unit, range, estimatedOn: new Date().toISOString().slice(0, 10) } })))
    if (r !== undefined) setResult(r)
  }
  return (
    <section aria-labelledby="cal-h">
      <h2 id="cal-h">Calibrate a new estimate</h2>
      <p>The team's own history turns a new estimate into a P10 / P50 / P90 range.</p>
      <form onSubmit={submit} class="grid-inputs">
        <div><label for="cal-type">Work type</label><input id="cal-type" required value={workType} onInput={(e) => setWorkType(e.currentTarget.value)} /></div>
        <div><label for="cal-unit">Unit</label><select id="cal-unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value as Unit)}>{units.map((u) => <option key={u} value={u}>{u}</option>)}</select></div>
        <div><label for="cal-best">Best</label><input id="cal-best" type="number" min={0} step="any" value={best} onInput={(e) => setBest(e.currentTarget.value)} /></div>
        <div><label for="cal-likely">Likely</label><input id="cal-likely" type="number" min={0} step="any" required value={likely} onInput={(e) => setLikely(e.currentTarget.value)} /></div>
        <div><label for="cal-worst">Worst</label><input id="cal-worst" type="number" min={0} step="any" value={worst} onInput={(e) => setWorst(e.currentTarget.value)} /></div>
        <div><button type="submit" class="primary" {...busyProps(action.busy)}>Calibrate</button></div>
      </form>
      <ErrorText error={action.error} />
      {result === undefined ? null : (
        <div data-testid="calibration">
          <p><strong>P10 {result.p10.toFixed(1)} · P50 {result.p50.toFixed(1)} · P90 {result.p90.toFixed(1)} {result.unit}</strong> ({result.confidence} confidence, {result.itemsUsed} items used)</p>
          <p>{result.explanation}</p>
          <IntervalChart id="calibrated" title="Calibrated range: P10 to P90, P50 marked" format={(v) => v.toFixed(1)} reference={Number(likely)}
            description={`For ${result.workType}: P10 ${result.p10.toFixed(1)}, P50 ${result.p50.toFixed(1)}, P90 ${result.p90.toFixed(1)} ${result.unit}; the dashed line is the likely estimate given, ${likely}.`}
            rows={[{ label: result.workType, low: result.p10, mid: result.p50, high: result.p90 }]} />
        </div>
      )}
    </section>
  )
}

const ImportSection = ({ teamId, token, onImported }: { teamId: string; token: string; onImported: () => void }) => {
  const [csv, setCsv] = useState("")
  const [unit, setUnit] = useState<Unit>("days")
  const [issues, setIssues] = useState<ReadonlyArray<{ readonly path: string; readonly message: string }>>([])
  const [done, setDone] = useState<string | undefined>(undefined)
  const action = useAction()
  const readFile = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0]
    if (file === undefined) return
    // Read strictly, as the server does: `file.text()` would quietly turn a spreadsheet's Windows-1252
    // "CSV" into replacement characters, and the import would keep them.
    try {
      setCsv(new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()))
      action.setError(undefined)
    } catch {
      setCsv("")
      action.setError(`${file.name} is not UTF-8 text: it was probably saved in another encoding. Export or save it as "CSV UTF-8" and choose it again.`)
    }
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    setIssues([])
    setDone(undefined)
    action.setError(undefined)
    try {
      const r = await call(token, (c) => c.estimates.importCsv({ params: { teamId }, query: { defaultUnit: unit }, payload: csv }), { idempotent: true })
      setDone(`Imported ${r.items} items (${r.completedWithoutActual} completed without an actual, ${r.skipped} skipped). The accuracy charts above include them now.`)
      onImported()
    } catch (error) {
      if (error instanceof ApiProblem && error.details.issues !== undefined && error.details.issues.length > 0) {
        setIssues(error.details.issues)
        // The table below lists every problem; the alert says what happened and what to do.
        action.setError(error.message.split("\n")[0])
      } else {
        action.setError(error instanceof Error ? error.message : String(error))
      }
    }
  }
  return (
    <section aria-labelledby="imp-h">
      <h2 id="imp-h">Import estimate history (CSV)</h2>
      <form onSubmit={submit}>
        <label for="imp-file">CSV file</label>
        <input id="imp-file" type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e)} />
        <label for="imp-text">Or paste the CSV</label>
        <textarea id="imp-text" rows={6} value={csv} onInput={(e) => setCsv(e.currentTarget.value)} />
        <label for="imp-unit">Unit for rows without one</label>
        <select id="imp-unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value as Unit)}>{units.map((u) => <option key={u} value={u}>{u}</option>)}</select>
        <button type="submit" class="primary" disabled={csv.trim() === ""}>Import</button>
      </form>
      <ErrorText error={action.error} />
      {done === undefined ? null : <p role="status">{done}</p>}
      {issues.length === 0 ? null : (
        <table data-testid="import-issues">
          <caption>Rows to fix (nothing was imported)</caption>
          <thead><tr><th scope="col">Where</th><th scope="col">Problem</th></tr></thead>
          <tbody>{issues.map((i, k) => <tr key={k}><td>{i.path}</td><td>{i.message}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  )
}
