/** Read-only pieces both the facilitator and participants see: cards, themes with their notes, agreements. */
import type { JSX, Ref } from "preact"
import { pct } from "./charts.tsx"
import { discussionQuestions, estimateMetricLabel, isEstimateMetric, promptQuestion, sideLabel, sides, type AccuracyReport, type RevealedCard, type ThemeView, type View } from "./types.ts"

/** The prompt a card answers, and its side where the retro shows sides. */
export const CardMeta = ({ card }: { card: RevealedCard }) => (
  <p class="card-meta">
    <span>{promptQuestion(card.prompt)}</span>
    {card.side === "undisclosed" ? null : <span class={`side side-${card.side}`}> · {sideLabel[card.side]}</span>}
  </p>
)

export const CardItem = ({ card }: { card: RevealedCard }) => (
  <li class={`card prompt-${card.prompt}`} data-testid="card" data-card-id={card.cardId}>
    <p class="card-text">{card.text}</p>
    <CardMeta card={card} />
  </li>
)

type Note = { readonly noteId: string; readonly text: string }
/** A list's focus keeping (useListFocus), for a list whose notes can be removed. */
type ListFocus = { readonly list: Ref<HTMLUListElement>; readonly onClick: (e: MouseEvent) => void }
const listProps = (focus: ListFocus | undefined) => focus === undefined ? {} : { ref: focus.list, onClick: focus.onClick }

/**
 * The notes taken on a theme under the three questions. `editing` (the facilitator's discussion) renders each
 * handoff note and information gap its own way (with Edit and Remove) and keeps the focus in their lists; the
 * board shows them as text. `lead` is what a note answers before its text (an information gap's side).
 */
export const ThemeNotes = ({ theme, editing }: {
  theme: ThemeView
  editing?: { readonly handoff: ListFocus; readonly gaps: ListFocus; readonly note: (note: Note, lead: string | undefined) => JSX.Element }
}) => {
  const optimizing = sides.filter((s) => theme.optimizingFor[s] !== undefined)
  if (optimizing.length === 0 && theme.handoffNotes.length === 0 && theme.informationGaps.length === 0) return null
  const note = editing?.note ?? ((n: Note, lead: string | undefined) => <li key={n.noteId}>{lead === undefined ? null : <><strong>{lead}</strong> </>}{n.text}</li>)
  return (
    <div class="theme-notes" data-testid="theme-notes">
      {optimizing.length === 0 ? null : (
        <div>
          <p class="note-q">{discussionQuestions.optimizing}</p>
          <ul>{optimizing.map((s) => <li key={s}><strong>{sideLabel[s]}:</strong> {theme.optimizingFor[s]}</li>)}</ul>
        </div>
      )}
      {theme.handoffNotes.length === 0 ? null : (
        <div>
          <p class="note-q">{discussionQuestions.handoff}</p>
          <ul {...listProps(editing?.handoff)}>{theme.handoffNotes.map((n) => note(n, undefined))}</ul>
        </div>
      )}
      {theme.informationGaps.length === 0 ? null : (
        <div>
          <p class="note-q">{discussionQuestions.gaps}</p>
          <ul {...listProps(editing?.gaps)}>{theme.informationGaps.map((n) => note(n, `${sideLabel[n.side]} lacks:`))}</ul>
        </div>
      )}
    </div>
  )
}

/**
 * The estimate accuracy report attached to a theme: the figures the Markdown export gives (hit rate, bias,
 * single-number estimates) and the work types the team misjudges, so the discussion starts from data.
 */
export const AccuracyReportSummary = ({ report }: { report: AccuracyReport | undefined }) => {
  if (report === undefined) return null
  const s = report.summary
  return (
    <div class="accuracy-report" data-testid="accuracy-report">
      <p class="note-q">Estimate accuracy, from the team's estimate log</p>
      {s.status === "not-enough-data" ? (
        <p>Too few completed items in {report.slice.unit} for figures: {s.count} of the {report.minSample} needed.</p>
      ) : (
        <p>
          {s.count} completed items in {report.slice.unit} · ranges hit: {pct(s.hitRate)} · actual ÷ estimate (median):{" "}
          {s.bias === null ? "—" : `×${s.bias.median.toFixed(2)}`} · single-number estimates: {pct(s.singlePointShare)}
        </p>
      )}
      {report.misjudgedWorkTypes.length === 0 ? null : (
        <>
          <p class="note-q">Work types the team misjudges</p>
          <ul>{report.misjudgedWorkTypes.map((w) => <li key={w.workType}><strong>{w.workType}</strong>: {w.verdict}. {w.evidence}</li>)}</ul>
        </>
      )}
    </div>
  )
}

/** Themes in discussion order once voting closed, otherwise as created. */
export const orderedThemes = (view: View): ReadonlyArray<ThemeView> => {
  if (view.discussionOrder === undefined) return view.themes
  const byId = new Map(view.themes.map((t) => [t.themeId, t]))
  const ordered = view.discussionOrder.map((id) => byId.get(id)).filter((t): t is ThemeView => t !== undefined)
  return [...ordered, ...view.themes.filter((t) => !view.discussionOrder!.includes(t.themeId))]
}

export const ThemeBoard = ({ view, showCards }: { view: View; showCards: boolean }) => {
  const cards = new Map((view.cards ?? []).map((c) => [c.cardId, c]))
  const themes = orderedThemes(view)
  const ungrouped = (view.cards ?? []).filter((c) => c.themeId === undefined)
  return (
    <div class="themes">
      {themes.map((theme) => (
        <section key={theme.themeId} class={`theme${view.focus?.themeId === theme.themeId ? " focused" : ""}`} data-testid="theme" data-theme-id={theme.themeId} aria-labelledby={`theme-${theme.themeId}`}>
          <h3 id={`theme-${theme.themeId}`}>
            {theme.name}
            {view.focus?.themeId === theme.themeId ? <span class="badge">Discussing now</span> : null}
          </h3>
          <p class="theme-meta">
            {theme.cardIds.length} card{theme.cardIds.length === 1 ? "" : "s"}, {theme.frictionCount} friction
            {theme.votes === undefined ? null : <span data-testid="votes"> · {theme.votes} vote{theme.votes === 1 ? "" : "s"}</span>}
          </p>
          <ThemeNotes theme={theme} />
          <AccuracyReportSummary report={theme.accuracyReport} />
          {showCards ? (
            <ul class="cards">{theme.cardIds.map((id) => cards.get(id)).filter((c): c is RevealedCard => c !== undefined).map((c) => <CardItem key={c.cardId} card={c} />)}</ul>
          ) : null}
        </section>
      ))}
      {showCards && ungrouped.length > 0 ? (
        <section class="theme ungrouped" aria-labelledby="ungrouped-title">
          <h3 id="ungrouped-title">Not in a theme yet</h3>
          <ul class="cards">{ungrouped.map((c) => <CardItem key={c.cardId} card={c} />)}</ul>
        </section>
      ) : null}
    </div>
  )
}

export const AgreementList = ({ view }: { view: View }) =>
  view.agreements.length === 0 ? <p>{view.phase === "closed" ? "No agreements were made." : "No agreements yet."}</p> : (
    <ol class="agreements" data-testid="agreements">
      {view.agreements.map((a) => (
        <li key={a.agreementId} class="agreement" data-testid="agreement">
          <p class="statement">{a.statement}</p>
          <ul>{a.commitments.map((c, i) => <li key={i}><strong>{sideLabel[c.side]}:</strong> {c.text}</li>)}</ul>
          {a.signal === undefined ? null : <p><strong>How we will see it:</strong> {a.signal}</p>}
          <p><strong>Review by:</strong> {a.reviewBy}</p>
          {a.metric === undefined ? null : <p data-testid="agreement-metric"><strong>Checked against:</strong> {isEstimateMetric(a.metric) ? estimateMetricLabel[a.metric] : a.metric}</p>}
        </li>
      ))}
    </ol>
  )
