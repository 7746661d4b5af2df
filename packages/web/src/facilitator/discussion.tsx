/** The theme discussion: the most-voted themes in turn, each side's optimizing-for, the handoff and information gaps, and notes. */
import type { Ref } from "preact"
import { useEffect, useRef, useState } from "preact/hooks"
import { call } from "../api.ts"
import { AccuracyReportSummary, CardItem, orderedThemes, ThemeNotes } from "../board.tsx"
import { discussionQuestions, sideLabel, sides, type Side, type ThemeView, type View } from "../types.ts"
import { Confirm, ErrorText, formatMs, busyProps, useAction, useEditorFocus, useInlineEditor, ChangedElsewhere, useListFocus } from "../ui.tsx"
import { AccuracyReportAttach, ThemeRename } from "./grouping.tsx"

export const Discussing = ({ view, token, retroId, receivedAt, now }: { view: View; token: string; retroId: string; receivedAt: number; now: number }) => {
  const action = useAction()
  const themes = orderedThemes(view)
  const focused = view.themes.find((t) => t.themeId === view.focus?.themeId)
  // The theme this screen asked to discuss. Its heading takes the focus once the view shows it, the way an
  // editor's field does when it opens: the pressed button is then the (inert) "Discussing", and what comes
  // next for the facilitator is the discussion. The request is then forgotten, so a theme chosen from
  // another tab later on leaves the focus where it is.
  const [requested, setRequested] = useState<string | undefined>(undefined)
  const reached = requested !== undefined && requested === focused?.themeId
  const headingFocus = useEditorFocus<HTMLHeadingElement>(reached)
  useEffect(() => {
    if (reached) setRequested(undefined)
  }, [reached])
  const discuss = async (themeId: string) => {
    setRequested(themeId)
    const done = await action.run(() => call(token, (c) => c.retros.focusTheme({ params: { retroId }, payload: { themeId } })).then(() => true))
    if (done === undefined) setRequested(undefined)
  }
  return (
    <div class="discussing two-columns">
      <section aria-labelledby="order-h">
        <h2 id="order-h">Themes, most voted first</h2>
        <ol class="discussion-order">
          {themes.map((t) => (
            <li key={t.themeId} data-testid="theme" data-theme-id={t.themeId} class={t.themeId === focused?.themeId ? "focused" : ""}>
              <span>{t.name}</span> <span class="count" data-testid="votes">{t.votes ?? 0} vote{(t.votes ?? 0) === 1 ? "" : "s"}</span>{" "}
              {/* aria-disabled, not disabled: a disabled button drops the focus to the top of the page while the choice is sent. */}
              <button type="button" aria-disabled={action.busy || t.themeId === focused?.themeId ? "true" : undefined} onClick={() => { if (!action.busy && t.themeId !== focused?.themeId) void discuss(t.themeId) }}>
                {t.themeId === focused?.themeId ? "Discussing" : `Discuss ${t.name}`}
              </button>
            </li>
          ))}
        </ol>
        <ErrorText error={action.error} />
      </section>
      {focused === undefined ? <p>Pick the first theme to discuss.</p> : (
        <FocusedTheme key={focused.themeId} theme={focused} view={view} token={token} retroId={retroId} receivedAt={receivedAt} now={now} heading={headingFocus.field} />
      )}
    </div>
  )
}

const FocusedTheme = ({ theme, view, token, retroId, receivedAt, now, heading }: { theme: ThemeView; view: View; token: string; retroId: string; receivedAt: number; now: number; heading: Ref<HTMLHeadingElement> }) => {
  const focus = view.focus
  const remaining = focus === undefined ? undefined : focus.remainingMs - focus.overrunMs - Math.max(0, now - receivedAt)
  const cards = (view.cards ?? []).filter((c) => c.themeId === theme.themeId)
  return (
    <section class="focused-theme" aria-labelledby="focus-h">
      <h2 id="focus-h" tabIndex={-1} ref={heading}>Discussing: {theme.name}</h2>
      {view.allowedCommands.includes("RenameTheme") ? <ThemeRename theme={theme} token={token} retroId={retroId} /> : null}
      {remaining === undefined ? null : (
        <p class={`countdown${remaining < 0 ? " overrun" : ""}`} data-testid="theme-countdown">
          {remaining < 0 ? `This theme is over its share by ${formatMs(-remaining)}` : `This theme's share: ${formatMs(remaining)} left`}
        </p>
      )}
      <AccuracyReportSummary report={theme.accuracyReport} />
      <AccuracyReportAttach theme={theme} view={view} token={token} retroId={retroId} />
      {theme.guidance === undefined ? null : (
        <details class="guidance" open data-testid="guidance">
          <summary>Guidance for the hard conversation (on the facilitator's screen: the room sees it if this is on the projector)</summary>
          <p>{theme.guidance.description}</p>
          <dl>{theme.guidance.hardConversations.map((h, i) => <div key={i}><dt>When someone says {h.trigger}</dt><dd>{h.guidance}</dd></div>)}</dl>
        </details>
      )}
      <details><summary>The theme's {cards.length === 1 ? "card" : `${cards.length} cards`}</summary><ul class="cards compact">{cards.map((c) => <CardItem key={c.cardId} card={c} />)}</ul></details>
      <NotesTaken theme={theme} token={token} retroId={retroId} />
      <OptimizingForm theme={theme} token={token} retroId={retroId} />
      <NoteForm label={discussionQuestions.handoff} id="handoff" onSubmit={(text) => call(token, (c) => c.retros.addHandoffNote({ params: { retroId, themeId: theme.themeId }, payload: { text } }))} />
      <GapForm theme={theme} token={token} retroId={retroId} />
    </section>
  )
}

/**
 * The notes taken on the theme, as the room sees them on the board, each handoff note and information gap
 * with Edit and Remove: a note typed in a hurry in front of the room gets corrected, or taken back. What
 * each side optimizes for is corrected in its own field below.
 */
const NotesTaken = ({ theme, token, retroId }: { theme: ThemeView; token: string; retroId: string }) => {
  // A removed note leaves its list with the focus: it goes to the note that took its place, or to the field
  // that writes a new note of its kind once none is left.
  const handoff = useListFocus<HTMLUListElement>(theme.handoffNotes.length, "note-handoff")
  const gaps = useListFocus<HTMLUListElement>(theme.informationGaps.length, "note-gap")
  return (
    <ThemeNotes theme={theme} editing={{
      handoff,
      gaps,
      note: (n, lead) => <EditableNote key={n.noteId} note={n} {...(lead === undefined ? {} : { lead })} token={token} retroId={retroId} themeId={theme.themeId} />
    }} />
  )
}

const EditableNote = ({ note, lead, token, retroId, themeId }: {
  note: { readonly noteId: string; readonly text: string }
  /** What the note answers, before its text (an information gap's side). */
  lead?: string
  token: string
  retroId: string
  themeId: string
}) => {
  const params = { retroId, themeId, noteId: note.noteId }
  const editor = useInlineEditor<HTMLTextAreaElement>(note.text, (text) => call(token, (c) => c.retros.editDiscussionNote({ params, payload: { text: text.trim() } })))
  const { text: editing, action, focus: editFocus } = editor
  const named = `${lead === undefined ? "" : `${lead} `}${note.text.slice(0, 40)}`
  // Taken off the board for everyone at once, in front of the room: asked first.
  const [confirming, setConfirming] = useState(false)
  const remove = () => {
    setConfirming(false)
    return action.run(() => call(token, (c) => c.retros.removeDiscussionNote({ params })))
  }
  return (
    <li data-testid="note" data-note-id={note.noteId}>
      {editing === undefined ? (
        <>
          {lead === undefined ? null : <><strong>{lead}</strong> </>}{note.text}{" "}
          <button type="button" class="link" ref={editFocus.opener} onClick={editor.open} aria-label={`Edit note: ${named}`}>Edit</button>
          <button type="button" class="link" onClick={() => { if (!action.busy) setConfirming(true) }} {...busyProps(action.busy)} aria-label={`Remove note: ${named}`}>Remove</button>
        </>
      ) : (
        <form class="note-form" onSubmit={editor.submit}>
          <label for={`edit-note-${note.noteId}`}>Correct the note{lead === undefined ? "" : ` (${lead.replace(/:$/, "")})`}</label>
          <textarea id={`edit-note-${note.noteId}`} ref={editFocus.field} rows={2} maxLength={2000} value={editing} onInput={(e) => editor.setText(e.currentTarget.value)} />
          <div class="actions">
            <button type="submit" {...busyProps(action.busy, editing.trim() === "")}>Save the note</button>
            <button type="button" onClick={editor.cancel}>Cancel</button>
          </div>
          <ChangedElsewhere now={editor.changedElsewhere} />
        </form>
      )}
      {confirming ? (
        <Confirm title="Remove this note?" confirmLabel="Yes, remove it" onConfirm={() => void remove()} onCancel={() => setConfirming(false)}>
          <p>“{note.text}” is taken off the theme for everyone, here and on every screen. You can write it again if it is needed after all.</p>
        </Confirm>
      ) : null}
      <ErrorText error={action.error} />
    </li>
  )
}

const OptimizingForm = ({ theme, token, retroId }: { theme: ThemeView; token: string; retroId: string }) => (
  <fieldset class="question">
    <legend>{discussionQuestions.optimizing}</legend>
    {sides.map((side) => (
      <NoteForm key={side} label={`${sideLabel[side]} optimizes for`} id={`opt-${side}`} initial={theme.optimizingFor[side] ?? ""} keep
        onSubmit={(text) => call(token, (c) => c.retros.recordOptimizingFor({ params: { retroId, themeId: theme.themeId, side }, payload: { text } }))} />
    ))}
  </fieldset>
)

const GapForm = ({ theme, token, retroId }: { theme: ThemeView; token: string; retroId: string }) => {
  const [side, setSide] = useState<Side>("product")
  return (
    <fieldset class="question">
      <legend>{discussionQuestions.gaps}</legend>
      <label for="gap-side">Side that lacks it</label>
      <select id="gap-side" value={side} onChange={(e) => setSide(e.currentTarget.value as Side)}>
        {sides.map((s) => <option key={s} value={s}>{sideLabel[s]}</option>)}
      </select>
      <NoteForm label="Missing information" id="gap" onSubmit={(text) => call(token, (c) => c.retros.addInformationGap({ params: { retroId, themeId: theme.themeId }, payload: { side, text } }))} />
    </fieldset>
  )
}

const NoteForm = ({ label, id, onSubmit, initial = "", keep = false }: { label: string; id: string; onSubmit: (text: string) => Promise<unknown>; initial?: string; keep?: boolean }) => {
  const [text, setText] = useState(initial)
  const action = useAction()
  const field = useRef<HTMLTextAreaElement>(null)
  const submit = async (e: Event) => {
    e.preventDefault()
    const done = await action.run(() => onSubmit(text.trim()))
    if (done !== undefined && !keep) {
      setText("")
      field.current?.focus()
    }
  }
  return (
    <form onSubmit={submit} class="note-form">
      <label for={`note-${id}`}>{label}</label>
      <textarea ref={field} id={`note-${id}`} rows={2} maxLength={2000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" {...busyProps(action.busy, text.trim() === "")}>Save note</button>
      <ErrorText error={action.error} />
    </form>
  )
}
