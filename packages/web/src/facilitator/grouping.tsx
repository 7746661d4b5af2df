/** Grouping the revealed cards into friction themes: the suggester's proposals, theme editing (rename, merge, split) and the estimate accuracy report on the Estimates theme. */
import { useState } from "preact/hooks"
import { call } from "../api.ts"
import { AccuracyReportSummary, CardMeta } from "../board.tsx"
import { units, type RevealedCard, type ThemeView, type Unit, type View } from "../types.ts"
import { Confirm, ErrorText, busyProps, useAction, useInlineEditor, ChangedElsewhere, useListFocus } from "../ui.tsx"

export const Grouping = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const action = useAction()
  const [name, setName] = useState("")
  const cards = view.cards ?? []
  const ungrouped = cards.filter((c) => c.themeId === undefined)
  // A grouped card leaves the list with the button that had focus: it goes to the next card, or to the list's heading.
  const place = useListFocus<HTMLUListElement>(ungrouped.length, "ungrouped-h")
  const create = async (e: Event) => {
    e.preventDefault()
    const done = await action.run(() => call(token, (c) => c.retros.createTheme({ params: { retroId }, payload: { name: name.trim() } })))
    if (done !== undefined) setName("")
  }
  return (
    <div class="grouping">
      <p role="status">Group the cards into themes. Each card shows the suggester's proposal and the words behind it.</p>
      <form onSubmit={create} class="row">
        <label for="new-theme">New theme</label>
        <input id="new-theme" maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" {...busyProps(action.busy, name.trim() === "")}>Create theme</button>
      </form>
      <ErrorText error={action.error} />
      <div class="two-columns">
        <section aria-labelledby="ungrouped-h">
          <h2 id="ungrouped-h" tabIndex={-1}>Cards to group ({ungrouped.length})</h2>
          <ul class="cards" ref={place.list} onClick={place.onClick}>
            {ungrouped.map((card) => <GroupCard key={card.cardId} card={card} view={view} token={token} retroId={retroId} />)}
          </ul>
        </section>
        <section aria-labelledby="themes-h">
          <h2 id="themes-h">Themes ({view.themes.length})</h2>
          {view.themes.map((theme) => <ThemeEditor key={theme.themeId} theme={theme} view={view} token={token} retroId={retroId} />)}
        </section>
      </div>
    </div>
  )
}

type Proposal = { readonly themeId?: string | undefined; readonly name: string }

const acceptProposal = async (token: string, retroId: string, view: View, card: RevealedCard, s: Proposal) => {
  let themeId = s.themeId ?? view.themes.find((t) => t.name === s.name)?.themeId
  if (themeId === undefined) {
    themeId = (await call(token, (c) => c.retros.createTheme({ params: { retroId }, payload: { name: s.name } }))).themeId
  }
  const target = themeId
  await call(token, (c) => c.retros.assignCard({ params: { retroId, cardId: card.cardId }, payload: { themeId: target } }))
}

/** The words that matched and how close it came: the suggester's scores mean nothing alone, only against the first's. */
const alternativeWhy = (p: { readonly matched: ReadonlyArray<string>; readonly score: number; readonly explanation: ReadonlyArray<string> }, firstScore: number): string => {
  // Without a matching word the proposal rests on other evidence (example cards, the team's grouping): its heaviest reason says which.
  const words = p.matched.length > 0 ? p.matched.map((w) => `“${w}”`).join(", ") : p.explanation[0] ?? "no words matched"
  return firstScore > 0 ? `${words}; ${Math.round((p.score / firstScore) * 100)}% of the first's score` : words
}

const GroupCard = ({ card, view, token, retroId }: { card: RevealedCard; view: View; token: string; retroId: string }) => {
  const action = useAction()
  const [target, setTarget] = useState("")
  const s = card.suggestion
  const selectId = `move-${card.cardId}`
  return (
    <li class={`card group-card prompt-${card.prompt}`} data-testid="card" data-card-id={card.cardId}>
      <p class="card-text">{card.text}</p>
      {/* Which prompt a card answers decides where it belongs: a "worked well" card is no friction to group. */}
      <CardMeta card={card} />
      {s === undefined ? <p class="hint">No proposal for this card.</p> : (
        <div class="suggestion" data-testid="suggestion">
          <p>
            Proposed: <strong>{s.name}</strong>
            {s.matched.length === 0 ? null : <> — because of the words <span data-testid="matched">{s.matched.map((w) => `“${w}”`).join(", ")}</span></>}
          </p>
          {s.explanation.length === 0 ? null : <details><summary>Why</summary><ul>{s.explanation.map((e, i) => <li key={i}>{e}</li>)}</ul></details>}
          <button type="button" class="primary" {...busyProps(action.busy)} onClick={() => void action.run(() => acceptProposal(token, retroId, view, card, s))}>
            Put in {s.name}
          </button>
          {/* The runners-up are one press away too: when the first proposal is wrong, the second is often right. */}
          {s.proposals.length < 2 ? null : (
            <div class="alternatives" role="group" aria-label="Other proposals" data-testid="alternatives">
              <span>Or:</span>
              {s.proposals.slice(1).map((p) => (
                <span key={p.name} class="alternative">
                  <button type="button" {...busyProps(action.busy)} aria-label={`Other proposal: ${p.name}`} onClick={() => void action.run(() => acceptProposal(token, retroId, view, card, p))}>{p.name}</button>
                  <span class="hint"> ({alternativeWhy(p, s.score)})</span>
                </span>
              ))}
            </div>
          )}
        </div>
      )}
      {view.themes.length === 0 ? null : (
        <div class="row">
          <label for={selectId}>Or move to</label>
          <select id={selectId} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            <option value="">Choose a theme</option>
            {view.themes.map((t) => <option key={t.themeId} value={t.themeId}>{t.name}</option>)}
          </select>
          <button type="button" {...busyProps(action.busy, target === "")} onClick={() => void action.run(() => call(token, (c) => c.retros.assignCard({ params: { retroId, cardId: card.cardId }, payload: { themeId: target } })))}>Move</button>
        </div>
      )}
      <ErrorText error={action.error} />
    </li>
  )
}

const ThemeEditor = ({ theme, view, token, retroId }: { theme: ThemeView; view: View; token: string; retroId: string }) => {
  const action = useAction()
  const [mergeInto, setMergeInto] = useState("")
  const [confirmingMerge, setConfirmingMerge] = useState(false)
  const [splitting, setSplitting] = useState<SplitState | undefined>(undefined)
  const cards = new Map((view.cards ?? []).map((c) => [c.cardId, c]))
  const themeCards = theme.cardIds.map((id) => cards.get(id)).filter((c): c is RevealedCard => c !== undefined)
  const split = async (e: Event) => {
    e.preventDefault()
    const chosen = splitting?.cardIds.filter((id) => theme.cardIds.includes(id)) ?? []
    const [first, ...rest] = chosen
    if (splitting === undefined || first === undefined) return
    const name = splitting.name.trim()
    const done = await action.run(() => call(token, (c) => c.retros.splitTheme({ params: { retroId, themeId: theme.themeId }, payload: { name, cardIds: [first, ...rest] } }), { idempotent: true }))
    if (done !== undefined) setSplitting(undefined)
  }
  return (
    <section class="theme" data-testid="theme" data-theme-id={theme.themeId} aria-labelledby={`th-${theme.themeId}`}>
      <h3 id={`th-${theme.themeId}`}>{theme.name} <span class="count">({theme.cardIds.length})</span></h3>
      <ThemeRename theme={theme} token={token} retroId={retroId} />
      <AccuracyReportSummary report={theme.accuracyReport} />
      <AccuracyReportAttach theme={theme} view={view} token={token} retroId={retroId} />
      <ul class="cards compact">
        {themeCards.map((c) => (
          <li key={c.cardId} class="card" data-testid="theme-card">
            <span>{c.text}</span>{" "}
            <button type="button" class="link" aria-label={`Take out of ${theme.name}: ${c.text.slice(0, 40)}`} onClick={() => void action.run(() => call(token, (cl) => cl.retros.unassignCard({ params: { retroId, cardId: c.cardId } })))}>Take out</button>
          </li>
        ))}
      </ul>
      {themeCards.length === 0 ? null : splitting === undefined
        ? <button type="button" class="link" onClick={() => setSplitting({ name: "", cardIds: [] })} aria-label={`Split ${theme.name}`}>Split</button>
        : <SplitForm theme={theme} cards={themeCards} state={splitting} onChange={setSplitting} busy={action.busy} onSubmit={split} onCancel={() => setSplitting(undefined)} />}
      {view.themes.length < 2 ? null : (
        <div class="row">
          {/* Every theme has this control: the label names the theme so each select and button has its own accessible name. */}
          <label for={`merge-${theme.themeId}`}>Merge into<span class="visually-hidden"> (moves the cards of {theme.name})</span></label>
          <select id={`merge-${theme.themeId}`} value={mergeInto} onChange={(e) => setMergeInto(e.currentTarget.value)}>
            <option value="">Choose a theme</option>
            {view.themes.filter((t) => t.themeId !== theme.themeId).map((t) => <option key={t.themeId} value={t.themeId}>{t.name}</option>)}
          </select>
          <button type="button" aria-label={`Merge ${theme.name}`} {...busyProps(action.busy, mergeInto === "")} onClick={() => { if (!action.busy) setConfirmingMerge(true) }}>Merge</button>
        </div>
      )}
      {/* A merge cannot be undone (the theme and its name go; a split afterwards makes a new theme): asked first, naming both. */}
      {confirmingMerge && mergeInto !== "" ? (
        <Confirm
          title={`Merge ${theme.name} into ${view.themes.find((t) => t.themeId === mergeInto)?.name ?? "the other theme"}?`}
          confirmLabel="Yes, merge"
          onCancel={() => setConfirmingMerge(false)}
          onConfirm={() => {
            setConfirmingMerge(false)
            void action.run(() => call(token, (c) => c.retros.mergeThemes({ params: { retroId, themeId: theme.themeId }, payload: { intoThemeId: mergeInto } })))
          }}
        >
          <p>The {theme.cardIds.length === 1 ? "card" : `${theme.cardIds.length} cards`} of {theme.name} move over, and {theme.name} is gone. This cannot be undone.</p>
        </Confirm>
      ) : null}
      <ErrorText error={action.error} />
    </section>
  )
}

/** Renames a theme: while grouping, and while discussing (the discussion often finds what a theme is really about). */
export const ThemeRename = ({ theme, token, retroId }: { theme: ThemeView; token: string; retroId: string }) => {
  const editor = useInlineEditor<HTMLInputElement>(theme.name, (name) => call(token, (c) => c.retros.renameTheme({ params: { retroId, themeId: theme.themeId }, payload: { name: name.trim() } })))
  const rename = editor.text
  return (
    <>
      {rename === undefined
        ? <button type="button" class="link" ref={editor.focus.opener} onClick={editor.open} aria-label={`Rename ${theme.name}`}>Rename</button>
        : (
          <form class="row" onSubmit={editor.submit}>
            <label for={`rename-${theme.themeId}`}>New name</label>
            <input id={`rename-${theme.themeId}`} ref={editor.focus.field} maxLength={100} value={rename} onInput={(e) => editor.setText(e.currentTarget.value)} />
            <button type="submit" {...busyProps(editor.action.busy, rename.trim() === "")}>Save name</button>
            <button type="button" onClick={editor.cancel}>Cancel</button>
            <ChangedElsewhere now={editor.changedElsewhere} />
          </form>
        )}
      <ErrorText error={editor.action.error} />
    </>
  )
}

/** The one theme an accuracy report may go on (the core's report-on-estimates-theme rule). */
const estimatesTheme = "estimates-predictability"

/**
 * Attaches the team's estimate accuracy report to the "Estimates and predictability" theme. The server
 * reads it from the retro's own team's estimate log for the facilitator's token, so any facilitator's
 * browser can attach it: another device, or the one facilitation was handed over to, holds no team token.
 * A unit without completed items attaches nothing, and the server's answer says so.
 */
export const AccuracyReportAttach = ({ theme, view, token, retroId }: { theme: ThemeView; view: View; token: string; retroId: string }) => {
  const [unit, setUnit] = useState<Unit>(theme.accuracyReport?.slice.unit ?? "days")
  const action = useAction()
  if (theme.builtIn !== estimatesTheme || !view.allowedCommands.includes("AttachAccuracyReport")) return null
  const attach = (e: Event) => {
    e.preventDefault()
    void action.run(() =>
      call(token, (c) => c.retros.attachAccuracyReportFromTeamLog({ params: { retroId, themeId: theme.themeId }, payload: { slice: { unit } } })))
  }
  const id = `acc-unit-${theme.themeId}`
  return (
    <>
      <form class="row accuracy-attach" onSubmit={attach}>
        <label for={id}>Estimates in</label>
        <select id={id} value={unit} onChange={(e) => setUnit(e.currentTarget.value as Unit)}>
          {units.map((u) => <option key={u} value={u}>{u}</option>)}
        </select>
        <button type="submit" {...busyProps(action.busy)}>
          {theme.accuracyReport === undefined ? "Attach the team's estimate accuracy report" : "Attach the latest report instead"}
        </button>
      </form>
      <ErrorText error={action.error} />
    </>
  )
}

type SplitState = { readonly name: string; readonly cardIds: ReadonlyArray<string> }

/** Choose some of a theme's cards and name the new theme they move to (the rest stay). */
const SplitForm = ({ theme, cards, state, onChange, busy, onSubmit, onCancel }: {
  theme: ThemeView
  cards: ReadonlyArray<RevealedCard>
  state: SplitState
  onChange: (s: SplitState) => void
  busy: boolean
  onSubmit: (e: Event) => void
  onCancel: () => void
}) => {
  const id = `split-${theme.themeId}`
  const toggle = (cardId: string, on: boolean) =>
    onChange({ ...state, cardIds: on ? [...state.cardIds, cardId] : state.cardIds.filter((x) => x !== cardId) })
  return (
    <form class="split" onSubmit={onSubmit} data-testid="split-form">
      <fieldset>
        <legend>Cards of {theme.name} to move to the new theme</legend>
        {cards.map((c, i) => (
          <div key={c.cardId} class="check">
            <input type="checkbox" id={`${id}-${i}`} checked={state.cardIds.includes(c.cardId)} onChange={(e) => toggle(c.cardId, e.currentTarget.checked)} />
            <label for={`${id}-${i}`}>{c.text}</label>
          </div>
        ))}
      </fieldset>
      <div class="row">
        <label for={`${id}-name`}>New theme's name</label>
        <input id={`${id}-name`} maxLength={100} value={state.name} onInput={(e) => onChange({ ...state, name: e.currentTarget.value })} />
        <button type="submit" {...busyProps(busy, state.name.trim() === "" || state.cardIds.length === 0)}>Split into new theme</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  )
}
