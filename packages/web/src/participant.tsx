/** The participant's screen: join by link, read the anonymity notice, write, vote, follow live. Laptop and 375-px phone. */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks"
import { ApiProblem, call, newKey, problemText } from "./api.ts"
import { AgreementList, ThemeBoard } from "./board.tsx"
import { clearDraft, clearDrafts, draftOf, saveDraft } from "./drafts.ts"
import { forgetParticipant, participantSession, saveParticipant, type ParticipantSession } from "./storage.ts"
import { phaseLabel, prompts, sideLabel, sides, type Prompt, type Side, type View } from "./types.ts"
import { AnonymityNotice, Confirm, ConnectionBadge, Countdown, ErrorText, PhaseSteps, busyProps, useAction, useInlineEditor, ChangedElsewhere, useListFocus, useLiveView, useNow, useTitle } from "./ui.tsx"
import { checkJoin, join, readyOf, setReady } from "./flows.ts"
import { answerOtherTabs, askOtherTabs } from "./otherTabs.ts"

export const ParticipantPage = ({ retroId }: { retroId: string }) => {
  const [session, setSession] = useState<ParticipantSession | undefined>(() => participantSession(retroId))
  const update = (s: ParticipantSession | undefined) => {
    if (s === undefined) {
      forgetParticipant(retroId)
      clearDrafts(retroId)
    } else saveParticipant(retroId, s)
    setSession(s)
  }
  return session === undefined
    ? <JoinForm retroId={retroId} onJoined={update} />
    : <Board retroId={retroId} session={session} update={update} />
}

const JoinForm = ({ retroId, onJoined }: { retroId: string; onJoined: (s: ParticipantSession) => void }) => {
  const joinCode = decodeURIComponent(location.hash.replace(/^#/, ""))
  const [name, setName] = useState("")
  const [side, setSide] = useState<Side | undefined>(undefined)
  const action = useAction()
  const [joinedElsewhere, setJoinedElsewhere] = useState(false)
  useEffect(() => askOtherTabs(retroId, () => setJoinedElsewhere(true)), [retroId])
  // The phase a refused join (or the check of the link's code) named. Only the right code learns it: the
  // server tells a retro's phase to nobody without it. Once joining is over, nothing on the form can help.
  const [over, setOver] = useState<string | undefined>(undefined)
  const refusedIn = (e: unknown) => {
    if (e instanceof ApiProblem && e.code === "not-allowed-in-phase" && typeof e.details["phase"] === "string") setOver(e.details["phase"])
  }
  // Asked as the link opens, so nobody types a name for a retro that takes no one. The form shows meanwhile:
  // any other answer, or none (offline), leaves it as it is, and the join itself still decides.
  useEffect(() => {
    if (joinCode === "") return
    let current = true
    checkJoin(retroId, joinCode).catch((e: unknown) => {
      if (current) refusedIn(e)
    })
    return () => {
      current = false
    }
  }, [retroId, joinCode])
  useTitle(over === undefined ? "Join the retro" : over === "closed" ? "Retro closed" : "Joining closed")
  // The message replaces the form (and the Join button a refused join was sent from): it is the page's news,
  // so it takes the focus rather than leaving it at the top of the page.
  const overHeading = useRef<HTMLHeadingElement>(null)
  useLayoutEffect(() => {
    if (over !== undefined) overHeading.current?.focus()
  }, [over])
  // A retried join with the same name and side gets the same token back, not a second participant.
  const key = useRef(newKey())
  const submit = async (e: Event) => {
    e.preventDefault()
    if (side === undefined) {
      action.setError("Pick your side: product or engineering.")
      return
    }
    const joined = await action.run(() => join(retroId, { joinCode, name: name.trim(), side }, key.current).catch((e: unknown) => {
      refusedIn(e)
      throw e
    }))
    if (joined !== undefined) {
      // The code has done its job; keep it out of the address bar and history.
      history.replaceState(null, "", location.pathname)
      onJoined({ token: joined.participantToken, name: name.trim(), side })
    }
  }
  if (over !== undefined) {
    return (
      <main id="main" class="narrow">
        {over === "closed" ? (
          <>
            <h1 tabIndex={-1} ref={overHeading}>This retro has closed</h1>
            <p role="status">It takes no more participants: its cards, themes and agreements are final. Ask the facilitator for the summary (the Markdown export).</p>
          </>
        ) : (
          <>
            <h1 tabIndex={-1} ref={overHeading}>Joining is closed</h1>
            <p role="status">This retro has moved past writing cards, so it takes no more participants. Ask the facilitator.</p>
          </>
        )}
      </main>
    )
  }
  return (
    <main id="main" class="narrow">
      <h1>Join the retro</h1>
      {joinCode === "" ? (
        <p class="error" role="alert">This link has no join code. Ask the facilitator for the whole join link (it ends with # and a code).</p>
      ) : (
        <form onSubmit={submit} aria-describedby="join-help">
          {joinedElsewhere ? (
            <p class="warning" role="status" data-testid="joined-in-another-tab">
              You have already joined this retro in another tab of this browser. Go back to that tab to see and edit your cards: joining here again would count you twice.
            </p>
          ) : null}
          <p id="join-help">Your name is shown to the group as someone who joined. It is never attached to a card.</p>
          <label for="join-name">Your name</label>
          <input id="join-name" name="name" autocomplete="given-name" required maxLength={100} value={name} onInput={(e) => { key.current = newKey(); setName(e.currentTarget.value) }} />
          <fieldset>
            <legend>Your side</legend>
            {sides.map((s) => (
              <label key={s} class="choice">
                <input type="radio" name="side" value={s} checked={side === s} onChange={() => { key.current = newKey(); setSide(s) }} /> {sideLabel[s]}
              </label>
            ))}
          </fieldset>
          <ErrorText error={action.error} />
          <button type="submit" class="primary" {...busyProps(action.busy)}>Join the retro</button>
        </form>
      )}
    </main>
  )
}

const Board = ({ retroId, session, update }: { retroId: string; session: ParticipantSession; update: (s: ParticipantSession | undefined) => void }) => {
  const { view, receivedAt, status } = useLiveView(retroId, session.token)
  useEffect(() => answerOtherTabs(retroId), [retroId])
  const now = useNow()
  useTitle(view === undefined ? "Retro" : `${phaseLabel[view.phase]} · ${view.title}`)
  // Once collection is over a half-written card can no longer be added: keep nothing of it.
  const phase = view?.phase
  useEffect(() => {
    if (phase !== undefined && phase !== "draft" && phase !== "collecting") clearDrafts(retroId)
  }, [phase, retroId])
  if (status === "gone") {
    return (
      <main id="main" class="narrow">
        <h1>You are no longer in this retro</h1>
        <p>This tab's participant link stopped working (the facilitator removed it, or the retro is gone).</p>
        <button type="button" onClick={() => update(undefined)}>Join again</button>
      </main>
    )
  }
  if (view === undefined) {
    return <main id="main" class="narrow"><h1>Joining…</h1><ConnectionBadge status={status} /></main>
  }
  return (
    <main id="main" class="participant">
      <header class="top">
        <h1>{view.title}</h1>
        <p class="who">You are {session.name} ({sideLabel[session.side]})</p>
        <ConnectionBadge status={status} />
        <PhaseSteps phase={view.phase} />
        <Countdown view={view} receivedAt={receivedAt} now={now} />
      </header>
      <PhaseBody view={view} session={session} retroId={retroId} update={update} />
    </main>
  )
}

const PhaseBody = ({ view, session, retroId, update }: { view: View; session: ParticipantSession; retroId: string; update: (s: ParticipantSession) => void }) => {
  // "I have read this" gives way to the prompts: the focus goes to the first one's heading, and the next Tab to its field.
  const startedWriting = useRef(false)
  useLayoutEffect(() => {
    if (session.noticeRead !== true || !startedWriting.current) return
    startedWriting.current = false
    document.getElementById(`prompt-${prompts[0]!.prompt}-title`)?.focus()
  }, [session.noticeRead])
  switch (view.phase) {
    case "draft":
      return (
        <>
          <AnonymityNotice view={view} />
          <p class="waiting" role="status">Waiting for the facilitator to start writing. You can read the notice above meanwhile.</p>
          <Roster view={view} />
        </>
      )
    case "collecting":
      return session.noticeRead === true
        ? <><Writing view={view} token={session.token} retroId={retroId} /><Roster view={view} /></>
        : (
          <>
            <AnonymityNotice view={view} />
            <button type="button" class="primary" onClick={() => { startedWriting.current = true; update({ ...session, noticeRead: true }) }}>I have read this — start writing</button>
            <Roster view={view} />
          </>
        )
    case "grouping":
      return (
        <>
          <p role="status">All cards are revealed. The facilitator is grouping them into themes.</p>
          <h2>Themes</h2>
          <ThemeBoard view={view} showCards />
        </>
      )
    case "voting":
      return <Voting view={view} token={session.token} retroId={retroId} />
    case "discussing":
      return (
        <>
          <p role="status">The group discusses the themes, most voted first.</p>
          <h2>Themes, most voted first</h2>
          <ThemeBoard view={view} showCards />
        </>
      )
    case "agreeing":
      return (
        <>
          <h2>Agreements</h2>
          <AgreementList view={view} />
          <details><summary>Themes and notes</summary><ThemeBoard view={view} showCards={false} /></details>
        </>
      )
    case "closed":
      return (
        <>
          <p role="status">The retro is closed. Thank you.</p>
          <h2>Agreements</h2>
          <AgreementList view={view} />
          <ExportLink retroId={retroId} token={session.token} />
        </>
      )
  }
}

/** Who joined, as the view gives it (names, and sides where given): anyone in the room can spot an entry nobody recognises. */
const Roster = ({ view }: { view: View }) => {
  const people = view.participants
  if (people === undefined) return null
  return (
    <section class="roster" aria-labelledby="roster-title" data-testid="roster">
      <h2 id="roster-title">Who joined ({people.length})</h2>
      <p class="hint">Someone you do not recognise, or a name twice? Tell the facilitator: anyone with the join link can join.</p>
      <ul>
        {people.map((p) => <li key={p.participantId}>{p.name} ({sideLabel[p.side]})</li>)}
      </ul>
    </section>
  )
}

const Writing = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const ready = readyOf(view)
  const action = useAction()
  return (
    <>
      <p class="hint">
        Nobody sees your cards until the reveal. {view.cardCounts.total} card{view.cardCounts.total === 1 ? "" : "s"} written so far by everyone.
      </p>
      <div class="prompts">
        {prompts.map(({ prompt, question }) => (
          <PromptForm key={prompt} prompt={prompt} question={question} token={token} retroId={retroId} mine={view.myCards.filter((c) => c.prompt === prompt)} />
        ))}
      </div>
      <section class="ready" aria-labelledby="ready-title">
        <h2 id="ready-title">Done writing?</h2>
        <p>The facilitator sees only how many people are done, never who.</p>
        <ErrorText error={action.error} />
        {/* One button that toggles, aria-disabled while busy rather than disabled: a disabled button drops the
            keyboard focus to the top of the page, and the undo is one more press of the same button. */}
        <button type="button" class={ready.mine === true ? undefined : "primary"} aria-pressed={ready.mine === true ? "true" : "false"}
          aria-disabled={action.busy || (ready.mine !== true && ready.supported === false) ? "true" : undefined}
          onClick={() => { if (!action.busy && (ready.mine === true || ready.supported !== false)) void action.run(() => setReady(token, retroId, ready.mine !== true)) }}>
          {ready.mine === true ? "I'm done writing ✓ (undo)" : "I'm done writing"}
        </button>
      </section>
    </>
  )
}

const PromptForm = ({ prompt, question, token, retroId, mine }: {
  prompt: Prompt
  question: string
  token: string
  retroId: string
  mine: ReadonlyArray<{ readonly cardId: string; readonly text: string }>
}) => {
  // A half-typed card survives a reload (kept in this tab only, see drafts.ts).
  const [text, setText] = useState(() => draftOf(retroId, prompt))
  const action = useAction()
  const field = useRef<HTMLTextAreaElement>(null)
  // One key per card being written: pressing "Add card" again after a lost answer cannot add it twice.
  const key = useRef(newKey())
  // How many characters of a paste the field's limit left out (the browser cuts it without a word).
  const pasting = useRef(0)
  const [cut, setCut] = useState(0)
  const id = `prompt-${prompt}`
  // A withdrawn card leaves the list with the focus: it goes to the card that took its place, or to the prompt's heading.
  const place = useListFocus<HTMLUListElement>(mine.length, `${id}-title`)
  const add = async (e: Event) => {
    e.preventDefault()
    const added = await action.run(() => call(token, (c) => c.retros.addCard({ params: { retroId }, payload: { prompt, text } }), { idempotencyKey: key.current }))
    if (added !== undefined) {
      key.current = newKey()
      clearDraft(retroId, prompt)
      setText("")
      setCut(0)
      // The emptied form disables its button; keep keyboard users where the next card is written.
      field.current?.focus()
    }
  }
  return (
    <section class={`prompt prompt-${prompt}`} aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} tabIndex={-1}>{question}</h2>
      <form onSubmit={add}>
        <label for={`${id}-text`} class="visually-hidden">New card: {question}</label>
        <textarea ref={field} id={`${id}-text`} rows={3} maxLength={cardMaxLength} value={text} aria-describedby={text.length >= cardLengthShownFrom ? `${id}-length` : undefined}
          onPaste={(e) => { pasting.current = pasteCutBy(e); setCut(pasting.current) }}
          onInput={(e) => { key.current = newKey(); setText(e.currentTarget.value); saveDraft(retroId, prompt, e.currentTarget.value); setCut(pasting.current); pasting.current = 0 }} />
        <CardLength id={`${id}-length`} length={text.length} cut={cut} />
        <ErrorText error={action.error} />
        <button type="submit" {...busyProps(action.busy, text.trim() === "")}>Add card</button>
      </form>
      {mine.length === 0 ? null : (
        <ul class="my-cards" aria-label={`Your cards: ${question}`} ref={place.list} onClick={place.onClick}>
          {mine.map((card) => <MyCard key={card.cardId} card={card} token={token} retroId={retroId} />)}
        </ul>
      )}
    </section>
  )
}

const cardMaxLength = 2000
/** The count shows from here on: far from the limit it would only be noise. */
const cardLengthShownFrom = 1800
const count = (n: number) => n.toLocaleString("en-US")

/** How many characters of a paste will not fit in the field (0 when it all fits). */
const pasteCutBy = (e: ClipboardEvent & { currentTarget: HTMLTextAreaElement }): number => {
  // A textarea keeps line breaks as \n, which is how its length (and maxLength) counts them.
  const pasted = (e.clipboardData?.getData("text/plain") ?? "").replace(/\r\n?/g, "\n")
  const field = e.currentTarget
  const room = cardMaxLength - (field.value.length - (field.selectionEnd - field.selectionStart))
  return Math.max(0, pasted.length - Math.max(0, room))
}

/**
 * The count near the limit, and a note when a paste was cut. Screen readers hear the count
 * politely and only at a few steps (200, 100, 50, 10 and 0 left), not on every key.
 */
const CardLength = ({ id, length, cut }: { id: string; length: number; cut: number }) => {
  const left = cardMaxLength - length
  const step = [0, 10, 50, 100, 200].find((s) => left <= s)
  return (
    <>
      {length >= cardLengthShownFrom ? <p class="hint card-length" id={id} data-testid="card-length">{count(length)} / {count(cardMaxLength)}</p> : null}
      <p class="visually-hidden" aria-live="polite">
        {length >= cardLengthShownFrom && step !== undefined ? (step === 0 ? `The card is at its limit of ${count(cardMaxLength)} characters.` : `At most ${count(step)} characters left.`) : ""}
      </p>
      {cut > 0 ? (
        <p class="warning" role="status" data-testid="paste-cut">
          Your paste did not fit: a card holds {count(cardMaxLength)} characters, so its last {count(cut)} characters were left out. Put the rest in another card.
        </p>
      ) : null}
    </>
  )
}

const MyCard = ({ card, token, retroId }: { card: { readonly cardId: string; readonly text: string }; token: string; retroId: string }) => {
  const pasting = useRef(0)
  const [cut, setCut] = useState(0)
  const editor = useInlineEditor<HTMLTextAreaElement>(
    card.text,
    (text) => call(token, (c) => c.retros.editCard({ params: { retroId, cardId: card.cardId }, payload: { text } })),
    () => setCut(0)
  )
  const { text: editing, action, focus: editFocus } = editor
  // Withdrawing cannot be undone (a withdrawn card's text is gone for good): asked first.
  const [confirming, setConfirming] = useState(false)
  const withdraw = () => {
    setConfirming(false)
    return action.run(() => call(token, (c) => c.retros.withdrawCard({ params: { retroId, cardId: card.cardId } })))
  }
  return (
    <li class="card mine" data-testid="my-card">
      {editing === undefined ? (
        <>
          <p class="card-text">{card.text}</p>
          <div class="actions">
            <button type="button" ref={editFocus.opener} onClick={editor.open} aria-label={`Edit card: ${card.text.slice(0, 40)}`}>Edit</button>
            <button type="button" onClick={() => { if (!action.busy) setConfirming(true) }} {...busyProps(action.busy)} aria-label={`Withdraw card: ${card.text.slice(0, 40)}`}>Withdraw</button>
          </div>
        </>
      ) : (
        <form onSubmit={editor.submit}>
          <label for={`edit-${card.cardId}`}>Edit your card</label>
          <textarea id={`edit-${card.cardId}`} ref={editFocus.field} rows={3} maxLength={cardMaxLength} value={editing}
            aria-describedby={editing.length >= cardLengthShownFrom ? `edit-${card.cardId}-length` : undefined}
            onPaste={(e) => { pasting.current = pasteCutBy(e); setCut(pasting.current) }}
            onInput={(e) => { editor.setText(e.currentTarget.value); setCut(pasting.current); pasting.current = 0 }} />
          {/* The same limit as a new card, so the same count and the same word about a paste that did not fit. */}
          <CardLength id={`edit-${card.cardId}-length`} length={editing.length} cut={cut} />
          <div class="actions">
            <button type="submit" class="primary" {...busyProps(action.busy)}>Save</button>
            <button type="button" onClick={editor.cancel}>Cancel</button>
          </div>
          <ChangedElsewhere now={editor.changedElsewhere} />
        </form>
      )}
      {confirming ? (
        <Confirm title="Withdraw this card?" confirmLabel="Yes, withdraw it" onConfirm={() => void withdraw()} onCancel={() => setConfirming(false)}>
          <p>“{card.text}” is taken out of the retro and cannot be brought back. You can write a new card instead.</p>
        </Confirm>
      ) : null}
      <ErrorText error={action.error} />
    </li>
  )
}

const Voting = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const action = useAction()
  const votes = view.myVotes
  const left = votes === undefined ? 0 : votes.budget - votes.used
  const cards = new Map((view.cards ?? []).map((c) => [c.cardId, c]))
  // The vote buttons are aria-disabled, never disabled: a disabled button drops the keyboard focus to the
  // top of the page (while the vote is sent, or once the last dot is placed), and a second dot on the
  // same theme is one more press of the same button.
  const vote = (how: "cast" | "retract", themeId: string) =>
    void action.run(() => call(token, (c) => how === "cast" ? c.retros.castVote({ params: { retroId, themeId } }) : c.retros.retractVote({ params: { retroId, themeId } })))
  return (
    <>
      <p role="status" data-testid="votes-left">
        {votes === undefined ? "Voting is open." : `You have ${left} of ${votes.budget} vote${votes.budget === 1 ? "" : "s"} left.`} Put them on the themes the group should discuss first. Totals stay hidden until voting closes.
      </p>
      <ErrorText error={action.error} />
      <h2>Themes</h2>
      <ul class="vote-list">
        {view.themes.map((theme) => {
          const mine = votes?.byTheme[theme.themeId] ?? 0
          return (
            <li key={theme.themeId} class="theme" data-testid="theme" data-theme-id={theme.themeId}>
              <h3>{theme.name}</h3>
              <p class="theme-meta">{theme.cardIds.length} {theme.cardIds.length === 1 ? "card" : "cards"} · your votes: <span data-testid="my-votes">{mine}</span></p>
              <details>
                <summary>Cards in this theme</summary>
                <ul>{theme.cardIds.map((id) => cards.get(id)).filter((c) => c !== undefined).map((c) => <li key={c.cardId}>{c.text}</li>)}</ul>
              </details>
              <div class="actions">
                <button type="button" class="primary" aria-disabled={action.busy || left <= 0 ? "true" : undefined} onClick={() => { if (!action.busy && left > 0) vote("cast", theme.themeId) }}>
                  Vote for {theme.name}
                </button>
                <button type="button" aria-disabled={action.busy || mine === 0 ? "true" : undefined} onClick={() => { if (!action.busy && mine > 0) vote("retract", theme.themeId) }}>
                  Remove a vote from {theme.name}
                </button>
              </div>
            </li>
          )
        })}
      </ul>
    </>
  )
}

export const ExportLink = ({ retroId, token }: { retroId: string; token: string }) => {
  const action = useAction()
  const [markdown, setMarkdown] = useState<string | undefined>(undefined)
  const load = () => action.run(async () => setMarkdown(await call(token, (c) => c.retros.exportMarkdown({ params: { retroId } }))))
  return (
    <section aria-labelledby="export-title" class="export">
      <h2 id="export-title">The retro as Markdown</h2>
      <ErrorText error={action.error} />
      {markdown === undefined
        ? <button type="button" onClick={() => void load()} {...busyProps(action.busy)}>Show the Markdown export</button>
        : <ExportActions markdown={markdown} takeFocus />}
    </section>
  )
}

/** `takeFocus`: it takes the place of the button that asked for it, so the focus goes to its first button instead of the top of the page. */
export const ExportActions = ({ markdown, filename = "retro.md", takeFocus = false }: { markdown: string; filename?: string; takeFocus?: boolean }) => {
  const [copied, setCopied] = useState<string | undefined>(undefined)
  const first = useRef<HTMLButtonElement>(null)
  useLayoutEffect(() => {
    if (takeFocus) first.current?.focus()
  }, [])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(markdown)
      setCopied("Copied to the clipboard.")
    } catch {
      setCopied("The browser refused the clipboard: select the text below and copy it.")
    }
  }
  const download = () => {
    const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }))
    const a = document.createElement("a")
    a.href = url
    a.download = filename
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  return (
    <div>
      <div class="actions">
        <button type="button" class="primary" ref={first} onClick={() => void copy()}>Copy Markdown</button>
        <button type="button" onClick={download}>Download Markdown</button>
      </div>
      <p role="status">{copied ?? problemText("")}</p>
      <label for="export-text">Markdown</label>
      <textarea id="export-text" readOnly rows={14} value={markdown} data-testid="export-markdown" />
    </div>
  )
}
