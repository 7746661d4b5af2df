/** The facilitator's screen, readable on a projector: lobby, phases with timeboxes, grouping, vote, discussion, agreements, export, handover. */
import type { Ref } from "preact"
import { useEffect, useRef, useState } from "preact/hooks"
import { call, problemText } from "./api.ts"
import { AccuracyReportSummary, AgreementList, CardItem, CardMeta, orderedThemes, ThemeBoard, ThemeNotes } from "./board.tsx"
import { extendTimebox, handOver, importFromPreviousRetro, readyOf } from "./flows.ts"
import { ExportActions } from "./participant.tsx"
import { facilitatorSession, forgetFacilitator, saveFacilitator, teamSession, type FacilitatorSession } from "./storage.ts"
import { discussionQuestions, phaseLabel, phaseOrder, sideLabel, sides, units, type Phase, type RevealedCard, type Side, type ThemeView, type Unit, type View } from "./types.ts"
import { AnonymityNotice, Confirm, PartClocks, useTitle, ConnectionBadge, Countdown, ErrorText, formatMs, PhaseSteps, remainingOf, busyProps, useAction, useEditorFocus, useListFocus, useLiveView, useNow } from "./ui.tsx"

/** A handover link carries the new token in the fragment (never sent to a server or its logs). */
const takeHandoverFromHash = (retroId: string): void => {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""))
  const token = params.get("facilitator")
  if (token === null) return
  saveFacilitator(retroId, { token, teamId: params.get("team") ?? "", joinPath: params.get("join") ?? undefined })
  history.replaceState(null, "", location.pathname)
}

export const FacilitatorPage = ({ retroId }: { retroId: string }) => {
  const [session, setSession] = useState<FacilitatorSession | undefined>(() => {
    takeHandoverFromHash(retroId)
    return facilitatorSession(retroId)
  })
  const [handedTo, setHandedTo] = useState<string | undefined>(undefined)
  if (handedTo !== undefined) {
    return (
      <main id="main" class="narrow">
        <h1>Facilitation handed over</h1>
        <p>Give this link to the new facilitator. It works once on their device; your own facilitator access has ended.</p>
        <CopyField id="handover-link" label="Handover link" value={handedTo} testid="handover-link" />
      </main>
    )
  }
  if (session === undefined) {
    return (
      <main id="main" class="narrow">
        <h1>No facilitator access on this device</h1>
        <p>This browser holds no facilitator token for this retro. Open the handover link you were given, or start a retro from the <a href="/">start page</a>.</p>
      </main>
    )
  }
  return (
    <Facilitate
      retroId={retroId}
      session={session}
      onHandedOver={(link) => {
        forgetFacilitator(retroId)
        setSession(undefined)
        setHandedTo(link)
      }}
    />
  )
}

const CopyField = ({ id, label, value, testid }: { id: string; label: string; value: string; testid: string }) => {
  const [note, setNote] = useState("")
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value)
      setNote("Copied.")
    } catch {
      setNote("Select the text and copy it.")
    }
  }
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="row">
        <input id={id} readOnly value={value} data-testid={testid} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void copy()}>Copy</button>
      </div>
      <p role="status" class="hint">{note}</p>
    </div>
  )
}

const advanceWarning: Partial<Record<Phase, string>> = {
  draft: "Writing starts. The anonymity promise is fixed from here on, and the settings can no longer change.",
  collecting: "Every card is revealed at once. Nobody can write, edit or withdraw a card afterwards.",
  grouping: "Themes are fixed and the dot vote opens.",
  voting: "Voting closes and the totals are shown; themes are discussed most voted first.",
  discussing: "The discussion ends; the group drafts agreements.",
  agreeing: "The retro closes. Agreements are final and the export is complete."
}

const Facilitate = ({ retroId, session, onHandedOver }: { retroId: string; session: FacilitatorSession; onHandedOver: (link: string) => void }) => {
  const { view, receivedAt, status } = useLiveView(retroId, session.token)
  const now = useNow()
  useTitle(view === undefined ? "Facilitator" : `Facilitator · ${phaseLabel[view.phase]} · ${view.title}`)
  if (status === "gone") {
    return (
      <main id="main" class="narrow">
        <h1>Facilitator access ended</h1>
        <p>This device's facilitator token no longer works: facilitation was handed to someone else, or the retro is gone.</p>
        <button type="button" onClick={() => { forgetFacilitator(retroId); location.assign("/") }}>Forget it on this device</button>
      </main>
    )
  }
  if (view === undefined) return <main id="main"><h1>Opening the retro…</h1><ConnectionBadge status={status} /></main>
  const token = session.token
  return (
    <main id="main" class="facilitator">
      <header class="top">
        <h1>{view.title}</h1>
        <p class="who">
          Facilitated by {view.facilitatorName} · {view.date}{view.releaseName === undefined ? "" : ` · ${view.releaseName}`}
          {teamSession(view.teamId) === undefined ? null : <> · <a href={`/team/${encodeURIComponent(view.teamId)}`}>Team page</a></>}
        </p>
        <ConnectionBadge status={status} />
        <PhaseSteps phase={view.phase} />
        <div class="clock-row">
          <Countdown view={view} receivedAt={receivedAt} now={now} />
          <AdvanceControl view={view} token={token} retroId={retroId} />
        </div>
        <PartClocks view={view} receivedAt={receivedAt} now={now} />
        <TimeUpPrompt view={view} token={token} retroId={retroId} receivedAt={receivedAt} now={now} />
      </header>
      <Body view={view} token={token} retroId={retroId} session={session} receivedAt={receivedAt} now={now} />
      <Handover view={view} token={token} retroId={retroId} session={session} onHandedOver={onHandedOver} />
    </main>
  )
}

const AdvanceControl = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  // The phase the question was asked in. Once the retro has moved on (another tab, another device), the
  // question is about a phase that is over: it is dropped rather than answered for the phase after.
  const [askedIn, setAskedIn] = useState<View["phase"] | undefined>(undefined)
  const asking = askedIn !== undefined && askedIn === view.phase
  // A failure to move on is about the phase it was tried in: once the retro has moved on, it is stale.
  const action = useAction(view.phase)
  const next = phaseOrder[phaseOrder.indexOf(view.phase) + 1]
  if (next === undefined) return null
  const confirm = async (from: View["phase"]) => {
    setAskedIn(undefined)
    await action.run(() => call(token, (c) => c.retros.advancePhase({ params: { retroId }, payload: { from } })))
  }
  return (
    <div class="advance">
      {/* busyProps: the dialog hands the focus back to this button as the move is sent, and a disabled
          button would drop it to the top of the page; the button then names the phase after. */}
      <button type="button" class="primary" {...busyProps(action.busy)} onClick={() => { if (action.busy) return; action.setError(undefined); setAskedIn(view.phase) }}>Move on to {phaseLabel[next]}</button>
      <ErrorText error={action.error} />
      {asking ? (
        <Confirm title={`Move from ${phaseLabel[view.phase]} to ${phaseLabel[next]}?`} confirmLabel={`Yes, move on to ${phaseLabel[next]}`} onConfirm={() => void confirm(askedIn)} onCancel={() => setAskedIn(undefined)}>
          <p>Phases never go back. {advanceWarning[view.phase]}</p>
        </Confirm>
      ) : null}
    </div>
  )
}

/** When the timebox runs out: extend it or move on, never a silent overrun. */
const TimeUpPrompt = ({ view, token, retroId, receivedAt, now }: { view: View; token: string; retroId: string; receivedAt: number; now: number }) => {
  // This prompt stays mounted from phase to phase: a failed extension must not come back with the next phase's prompt.
  const action = useAction(view.phase)
  const [dismissedFor, setDismissedFor] = useState<string | undefined>(undefined)
  const remaining = remainingOf(view, receivedAt, now)
  const key = `${view.phase}:${view.clock?.timeboxMs}`
  if (remaining === undefined || remaining > 0 || dismissedFor === key) return null
  return (
    <section class="time-up" aria-labelledby="time-up-title" data-testid="time-up">
      {/* Only the fixed sentence is announced; the ticking overrun below is not a live region. */}
      <div role="alert"><h2 id="time-up-title">Time is up for {phaseLabel[view.phase]}</h2></div>
      <p>Over by {formatMs(-remaining)}. Extend the timebox, or move on with the button above.</p>
      <div class="actions">
        {[5, 10].map((m) => (
          <button key={m} type="button" {...busyProps(action.busy)} onClick={() => void action.run(() => extendTimebox(token, retroId, view.clock!.phase, m))}>Extend by {m} minutes</button>
        ))}
        <button type="button" onClick={() => setDismissedFor(key)}>Keep going without extending</button>
      </div>
      <ErrorText error={action.error} />
    </section>
  )
}

const Body = (props: { view: View; token: string; retroId: string; session: FacilitatorSession; receivedAt: number; now: number }) => {
  const { view } = props
  switch (view.phase) {
    case "draft":
      return <Lobby {...props} />
    case "collecting":
      return <Collecting {...props} />
    case "grouping":
      return <Grouping {...props} />
    case "voting":
      return (
        <>
          <ReadyAndJoined view={view} />
          <p role="status">Participants place their dots. Totals appear when voting closes.</p>
          <h2>Themes</h2>
          <ThemeBoard view={view} showCards={false} />
        </>
      )
    case "discussing":
      return <Discussing {...props} />
    case "agreeing":
      return (
        <>
          <FollowUps {...props} />
          <AgreementDrafting {...props} />
          <h2>Agreed</h2>
          <AgreementManage {...props} />
          <Export {...props} />
        </>
      )
    case "closed":
      return (
        <>
          <h2>Agreements</h2>
          <AgreementList view={view} />
          <Export {...props} />
        </>
      )
  }
}

type Person = NonNullable<View["participants"]>[number]

const JoinedBySide = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const action = useAction()
  const [removing, setRemoving] = useState<Person | undefined>(undefined)
  const [refused, setRefused] = useState<{ name: string; message: string } | undefined>(undefined)
  const canRemove = view.allowedCommands.includes("RemoveParticipant")
  const remove = async (person: Person) => {
    setRemoving(undefined)
    setRefused(undefined)
    try {
      await call(token, (c) => c.retros.removeParticipant({ params: { retroId, participantId: person.participantId } }))
    } catch (e) {
      // The core says why (e.g. the anonymity set would get too small) and what to do instead.
      setRefused({ name: person.name, message: problemText(e) })
    }
  }
  return (
    <section aria-labelledby="joined-title" class="joined">
      <h2 id="joined-title">Who joined</h2>
      <div class="sides">
        {sides.map((side) => {
          const people = (view.participants ?? []).filter((p) => p.side === side)
          return (
            <div key={side} class={`side-column side-${side}`}>
              <h3>{sideLabel[side]}: <span data-testid={`joined-${side}`}>{view.participantCount[side]}</span></h3>
              <ul>{people.map((p) => (
                <li key={p.participantId} data-testid="participant">
                  {p.name}
                  {canRemove ? <>{" "}<button type="button" class="link" {...busyProps(action.busy)} aria-label={`Remove ${p.name}`} onClick={() => { if (!action.busy) setRemoving(p) }}>Remove</button></> : null}
                </li>
              ))}</ul>
            </div>
          )
        })}
      </div>
      {refused === undefined ? null : (
        <div class="error" role="alert" data-testid="remove-refused">
          <p><strong>{refused.name} was not removed.</strong> {refused.message}</p>
        </div>
      )}
      {removing === undefined ? null : (
        <Confirm title={`Remove ${removing.name} from this retro?`} confirmLabel={`Yes, remove ${removing.name}`} onConfirm={() => void action.run(() => remove(removing))} onCancel={() => setRemoving(undefined)}>
          <p>
            Their link stops working at once; they can join again with the join link.
            {view.phase === "draft" ? "" : " Cards they already wrote stay in the retro, anonymous as before."}
          </p>
        </Confirm>
      )}
    </section>
  )
}

const ReadyAndJoined = ({ view }: { view: View }) => {
  const ready = readyOf(view)
  const joined = ready.joined ?? view.participantCount.product + view.participantCount.engineering
  return (
    <p class="ready-line" role="status">
      {ready.ready === undefined ? `${joined} joined.` : <><span data-testid="ready-count">{ready.ready}</span> of {joined} done writing.</>}
    </p>
  )
}

const Warnings = ({ view }: { view: View }) =>
  view.warnings.length === 0 ? null : (
    <section class="warnings" aria-labelledby="warnings-title">
      <h2 id="warnings-title">The method advises</h2>
      <ul>{view.warnings.map((w) => <li key={w.code}>{w.message}</li>)}</ul>
    </section>
  )

const JoinLink = ({ session }: { session: FacilitatorSession }) =>
  session.joinPath === undefined ? <p>The join link was shown when the retro was created; this device did not keep it.</p> : (
    <CopyField id="join-link" label="Join link for participants (share it in the meeting chat)" value={location.origin + session.joinPath} testid="join-link" />
  )

const Lobby = ({ view, token, retroId, session }: { view: View; token: string; retroId: string; session: FacilitatorSession }) => (
  <div class="lobby">
    <JoinLink session={session} />
    <JoinedBySide view={view} token={token} retroId={retroId} />
    <Warnings view={view} />
    <AnonymityNotice view={view} />
    <FollowUps view={view} token={token} retroId={retroId} />
  </div>
)

const Collecting = ({ view, token, retroId, session }: { view: View; token: string; retroId: string; session: FacilitatorSession }) => (
  <div>
    <ReadyAndJoined view={view} />
    <p class="big-number"><span data-testid="card-count">{view.cardCounts.total}</span> cards written</p>
    {view.cardCounts.bySide === undefined ? <p class="hint">Per-side counts are hidden: a side is too small to hide in.</p> : (
      <p>{sides.map((s) => `${sideLabel[s]}: ${view.cardCounts.bySide![s]}`).join(" · ")}</p>
    )}
    <p class="hint">Nobody, you included, sees a card before the reveal.</p>
    <JoinedBySide view={view} token={token} retroId={retroId} />
    {/* People still join while cards are written: latecomers need the link too. */}
    <JoinLink session={session} />
    {/* The method reviews the last retro's agreements at the start: loading and reviewing them works while cards are written too. */}
    <FollowUps view={view} token={token} retroId={retroId} />
  </div>
)

// ---------------------------------------------------------------------------
// Grouping
// ---------------------------------------------------------------------------

const Grouping = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
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

const acceptSuggestion = async (token: string, retroId: string, view: View, card: RevealedCard) => {
  const s = card.suggestion
  if (s === undefined) return
  let themeId = s.themeId ?? view.themes.find((t) => t.name === s.name)?.themeId
  if (themeId === undefined) {
    themeId = (await call(token, (c) => c.retros.createTheme({ params: { retroId }, payload: { name: s.name } }))).themeId
  }
  const target = themeId
  await call(token, (c) => c.retros.assignCard({ params: { retroId, cardId: card.cardId }, payload: { themeId: target } }))
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
          {s.explanation.length === 0 ? null : <details><summary>Why</summary><ul>{s.explanation.map((e, i) => <li key={i}>{e}</li>)}</ul>
            {s.proposals.length > 1 ? <p>Other proposals: {s.proposals.slice(1).map((p) => `${p.name} (${p.matched.join(", ") || "no words"})`).join("; ")}</p> : null}
          </details>}
          <button type="button" class="primary" {...busyProps(action.busy)} onClick={() => void action.run(() => acceptSuggestion(token, retroId, view, card))}>
            Put in {s.name}
          </button>
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
const ThemeRename = ({ theme, token, retroId }: { theme: ThemeView; token: string; retroId: string }) => {
  const action = useAction()
  const [rename, setRename] = useState<string | undefined>(undefined)
  const renameFocus = useEditorFocus<HTMLInputElement>(rename !== undefined)
  const stop = () => {
    action.setError(undefined)
    setRename(undefined)
  }
  const save = async (e: Event) => {
    e.preventDefault()
    const done = await action.run(() => call(token, (c) => c.retros.renameTheme({ params: { retroId, themeId: theme.themeId }, payload: { name: (rename ?? "").trim() } })))
    if (done !== undefined) setRename(undefined)
  }
  return (
    <>
      {rename === undefined
        ? <button type="button" class="link" ref={renameFocus.opener} onClick={() => setRename(theme.name)} aria-label={`Rename ${theme.name}`}>Rename</button>
        : (
          <form class="row" onSubmit={save}>
            <label for={`rename-${theme.themeId}`}>New name</label>
            <input id={`rename-${theme.themeId}`} ref={renameFocus.field} maxLength={100} value={rename} onInput={(e) => setRename(e.currentTarget.value)} />
            <button type="submit" {...busyProps(action.busy, rename.trim() === "")}>Save name</button>
            <button type="button" onClick={stop}>Cancel</button>
          </form>
        )}
      <ErrorText error={action.error} />
    </>
  )
}

/** The one theme an accuracy report may go on (the core's report-on-estimates-theme rule). */
const estimatesTheme = "estimates-predictability"

/**
 * Attaches the team's estimate accuracy report to the "Estimates and predictability" theme. The report is
 * read from the team's estimate log, which only the team's admin token may read: the start page keeps that
 * token in the browser that created the team, next to the facilitator's. Elsewhere (another device, or after
 * a handover) this says where it can be done instead of offering a button that cannot work.
 */
const AccuracyReportAttach = ({ theme, view, token, retroId }: { theme: ThemeView; view: View; token: string; retroId: string }) => {
  const [unit, setUnit] = useState<Unit>(theme.accuracyReport?.slice.unit ?? "days")
  const action = useAction()
  if (theme.builtIn !== estimatesTheme || !view.allowedCommands.includes("AttachAccuracyReport")) return null
  const team = teamSession(view.teamId)
  if (team === undefined) {
    return (
      <p class="hint" data-testid="accuracy-needs-team">
        The team's estimate accuracy report can be attached to this theme only from a browser that holds the team's admin token, which the estimate log needs:
        open this retro's facilitator screen in the browser the team was created in (its start page keeps the token) and attach it there.
      </p>
    )
  }
  const attach = (e: Event) => {
    e.preventDefault()
    void action.run(async () => {
      const report = await call(team.token, (c) => c.estimates.accuracy({ params: { teamId: view.teamId }, payload: { slice: { unit } } }))
      // An empty report would put "no data" in front of the room: say so here instead, and attach nothing.
      if (report.summary.count === 0) {
        throw new Error(`The team's estimate log has no completed items in ${unit}, so nothing was attached. Pick the unit the team estimates in, or import its estimate history on the team page.`)
      }
      await call(token, (c) => c.retros.attachAccuracyReport({ params: { retroId, themeId: theme.themeId }, payload: { report } }))
    })
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

// ---------------------------------------------------------------------------
// Discussion
// ---------------------------------------------------------------------------

const Discussing = ({ view, token, retroId, receivedAt, now }: { view: View; token: string; retroId: string; receivedAt: number; now: number }) => {
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
      <ThemeNotes theme={theme} />
      <OptimizingForm theme={theme} token={token} retroId={retroId} />
      <NoteForm label={discussionQuestions.handoff} id="handoff" onSubmit={(text) => call(token, (c) => c.retros.addHandoffNote({ params: { retroId, themeId: theme.themeId }, payload: { text } }))} />
      <GapForm theme={theme} token={token} retroId={retroId} />
    </section>
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

// ---------------------------------------------------------------------------
// Agreements
// ---------------------------------------------------------------------------

type Templates = { readonly defaultReviewBy: string; readonly templates: ReadonlyArray<{ readonly id: string; readonly title: string; readonly themeKey: string; readonly themeId?: string | undefined; readonly draft: { readonly statement: string; readonly commitments: ReadonlyArray<{ readonly side: Side; readonly text: string }>; readonly signal?: string | undefined; readonly reviewBy: string } }> }

type Draft = { statement: string; product: string; engineering: string; signal: string; reviewBy: string; themeId: string }

const violationGroups: ReadonlyArray<{ readonly title: string; readonly codes: ReadonlyArray<string> }> = [
  { title: "Bilateral", codes: ["blank-statement", "blank-commitment", "not-bilateral"] },
  { title: "Observable", codes: ["no-signal", "signal-not-concrete", "vague-wording"] },
  { title: "Time-boxed", codes: ["invalid-review-date", "review-in-past", "review-too-late", "invalid-decision-date"] }
]

const toPayload = (d: Draft) => ({
  statement: d.statement,
  commitments: sides.map((side) => ({ side, text: d[side] })).filter((c) => c.text.trim() !== ""),
  ...(d.signal.trim() === "" ? {} : { signal: d.signal }),
  reviewBy: d.reviewBy,
  ...(d.themeId === "" ? {} : { themeId: d.themeId })
})

const AgreementDrafting = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const [templates, setTemplates] = useState<Templates | undefined>(undefined)
  const empty = (): Draft => ({ statement: "", product: "", engineering: "", signal: "", reviewBy: templates?.defaultReviewBy ?? "", themeId: "" })
  const [draft, setDraft] = useState<Draft>(empty)
  const [violations, setViolations] = useState<ReadonlyArray<{ code: string; field: string; message: string }> | undefined>(undefined)
  const action = useAction()
  const seq = useRef(0)
  useEffect(() => {
    // The method's templates, dated for this retro and naming its themes, from the API.
    call(token, (c) => c.retros.agreementTemplates({ params: { retroId } })).then((t) => {
      setTemplates(t)
      setDraft((d) => (d.reviewBy === "" ? { ...d, reviewBy: t.defaultReviewBy } : d))
    }, (e: unknown) => action.setError(e instanceof Error ? e.message : String(e)))
  }, [retroId])
  useEffect(() => {
    if (draft.statement.trim() === "" && draft.product === "" && draft.engineering === "") {
      setViolations(undefined)
      return
    }
    const mine = ++seq.current
    const timer = setTimeout(() => {
      call(token, (c) => c.retros.validateAgreement({ params: { retroId }, payload: { agreement: toPayload(draft) } })).then(
        (r) => { if (seq.current === mine) setViolations(r.violations) },
        (e: unknown) => { if (seq.current === mine) setViolations([{ code: "request", field: "", message: e instanceof Error ? e.message : String(e) }]) }
      )
    }, 350)
    return () => clearTimeout(timer)
  }, [draft])
  const set = (key: keyof Draft) => (e: Event) => setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value })
  const useTemplate = (id: string) => {
    const t = templates?.templates.find((x) => x.id === id)
    if (t === undefined) return
    const theme = t.themeId === undefined ? view.themes.find((th) => th.builtIn === t.themeKey) : { themeId: t.themeId }
    setDraft({
      statement: t.draft.statement,
      product: t.draft.commitments.find((c) => c.side === "product")?.text ?? "",
      engineering: t.draft.commitments.find((c) => c.side === "engineering")?.text ?? "",
      signal: t.draft.signal ?? "",
      reviewBy: t.draft.reviewBy,
      themeId: theme?.themeId ?? ""
    })
  }
  const accept = async (e: Event) => {
    e.preventDefault()
    const done = await action.run(() => call(token, (c) => c.retros.acceptAgreement({ params: { retroId }, payload: { agreement: toPayload(draft) } })))
    if (done !== undefined) setDraft(empty())
  }
  const valid = violations !== undefined && violations.length === 0
  return (
    <form onSubmit={accept} class="agreement-form" aria-labelledby="draft-h">
      <h2 id="draft-h">Draft an agreement</h2>
      <label for="template">Start from one of the method's templates</label>
      <select id="template" value="" onChange={(e) => useTemplate(e.currentTarget.value)}>
        <option value="">Choose a template…</option>
        {(templates?.templates ?? []).map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}
      </select>
      <label for="ag-statement">What we agree</label>
      <textarea id="ag-statement" rows={2} value={draft.statement} onInput={set("statement")} />
      <div class="two-columns">
        {sides.map((side) => (
          <div key={side}>
            <label for={`ag-${side}`}>{sideLabel[side]} commits to</label>
            <textarea id={`ag-${side}`} rows={3} value={draft[side]} onInput={set(side)} />
          </div>
        ))}
      </div>
      <label for="ag-signal">How we will see it (observable signal)</label>
      <input id="ag-signal" value={draft.signal} onInput={set("signal")} />
      <div class="two-columns">
        <div>
          <label for="ag-review">Review by</label>
          <input id="ag-review" type="date" value={draft.reviewBy} onInput={set("reviewBy")} />
        </div>
        <div>
          <label for="ag-theme">Theme</label>
          <select id="ag-theme" value={draft.themeId} onChange={set("themeId")}>
            <option value="">No theme</option>
            {view.themes.map((t) => <option key={t.themeId} value={t.themeId}>{t.name}</option>)}
          </select>
        </div>
      </div>
      <div class="validation" aria-live="polite" data-testid="agreement-issues">
        {violations === undefined ? <p class="hint">Checks appear as you type: bilateral, observable, time-boxed.</p> : valid ? <p class="ok">✓ Bilateral, observable and time-boxed.</p> : (
          violationGroups.map((g) => {
            const found = violations.filter((v) => g.codes.includes(v.code))
            return (
              <div key={g.title} class={found.length === 0 ? "check ok" : "check bad"}>
                <p><strong>{found.length === 0 ? "✓" : "✗"} {g.title}</strong></p>
                {found.length === 0 ? null : <ul>{found.map((v, i) => <li key={i}>{v.message}</li>)}</ul>}
              </div>
            )
          }).concat(violations.filter((v) => !violationGroups.some((g) => g.codes.includes(v.code))).map((v, i) => <p key={`x${i}`} class="error">{v.message}</p>))
        )}
      </div>
      <ErrorText error={action.error} />
      <button type="submit" class="primary" {...busyProps(action.busy, !valid)}>Accept the agreement</button>
    </form>
  )
}

const AgreementManage = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const action = useAction()
  // Withdrawing cannot be undone: asked first, naming the agreement (its number alone says little on a busy screen).
  const [withdrawing, setWithdrawing] = useState<{ readonly agreementId: string; readonly statement: string } | undefined>(undefined)
  const withdraw = (agreementId: string) => {
    setWithdrawing(undefined)
    void action.run(() => call(token, (c) => c.retros.withdrawAgreement({ params: { retroId, agreementId } })))
  }
  return (
    <>
      <AgreementList view={view} />
      {view.agreements.length === 0 ? null : (
        <div class="actions">
          {view.agreements.map((a, i) => (
            <button key={a.agreementId} type="button" {...busyProps(action.busy)} aria-label={`Withdraw agreement ${i + 1}: ${a.statement.slice(0, 60)}`} onClick={() => { if (!action.busy) setWithdrawing({ agreementId: a.agreementId, statement: a.statement }) }}>
              Withdraw agreement {i + 1}
            </button>
          ))}
        </div>
      )}
      {withdrawing === undefined ? null : (
        <Confirm title="Withdraw this agreement?" confirmLabel="Yes, withdraw it" onConfirm={() => withdraw(withdrawing.agreementId)} onCancel={() => setWithdrawing(undefined)}>
          <p>“{withdrawing.statement}” leaves the retro's agreements and will not be reviewed next quarter. This cannot be undone.</p>
        </Confirm>
      )}
      <ErrorText error={action.error} />
    </>
  )
}

// ---------------------------------------------------------------------------
// Last quarter's agreements, inside the flow
// ---------------------------------------------------------------------------

const outcomes = [
  { value: "kept", label: "Kept" },
  { value: "partly-kept", label: "Partly kept" },
  { value: "not-kept", label: "Not kept" },
  { value: "dropped", label: "Dropped on purpose" }
] as const

const FollowUps = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const action = useAction()
  const canImport = view.allowedCommands.includes("ImportPreviousAgreements")
  return (
    <section class="follow-ups" aria-labelledby="fu-h" data-testid="follow-ups">
      <h2 id="fu-h">Last retro's agreements</h2>
      {view.followUps.length === 0 ? (
        <>
          <p>No agreements from an earlier retro are loaded.</p>
          {canImport ? <button type="button" {...busyProps(action.busy)} onClick={() => void action.run(() => importFromPreviousRetro(token, retroId))}>Load the previous retro's agreements</button> : null}
        </>
      ) : (
        <ol>{view.followUps.map((f) => <FollowUpItem key={f.agreement.agreementId} followUp={f} view={view} token={token} retroId={retroId} />)}</ol>
      )}
      <ErrorText error={action.error} />
    </section>
  )
}

const FollowUpItem = ({ followUp, view, token, retroId }: { followUp: View["followUps"][number]; view: View; token: string; retroId: string }) => {
  const [outcome, setOutcome] = useState<string>(followUp.outcome ?? "")
  const [evidence, setEvidence] = useState(followUp.evidence ?? "")
  const action = useAction()
  const id = followUp.agreement.agreementId
  const canReview = view.allowedCommands.includes("ReviewAgreement")
  return (
    <li class="follow-up">
      <p class="statement">{followUp.agreement.statement}</p>
      <ul>{followUp.agreement.commitments.map((c, i) => <li key={i}><strong>{sideLabel[c.side]}:</strong> {c.text}</li>)}</ul>
      {/* The signal is what the review looks for as evidence; the date is when it was due. */}
      <p class="hint" data-testid="follow-up-terms">
        {followUp.agreement.signal === undefined || followUp.agreement.signal.trim() === "" ? null : <><strong>Signal:</strong> {followUp.agreement.signal} · </>}
        <strong>Review by:</strong> {followUp.agreement.reviewBy}
      </p>
      {followUp.metricReading === undefined ? null : <p class="hint" data-testid="metric-reading">Evidence from the estimate log: {followUp.metricReading.text}</p>}
      {followUp.outcome === undefined ? null : <p><strong>Reviewed:</strong> {outcomes.find((o) => o.value === followUp.outcome)?.label} — {followUp.evidence}</p>}
      {!canReview ? null : (
        <form class="row" onSubmit={(e) => { e.preventDefault(); void action.run(() => call(token, (c) => c.retros.reviewAgreement({ params: { retroId, agreementId: id }, payload: { outcome: outcome as "kept", evidence: evidence.trim() } }))) }}>
          <label for={`fu-outcome-${id}`}>Outcome</label>
          <select id={`fu-outcome-${id}`} value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {outcomes.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
          <label for={`fu-evidence-${id}`}>Evidence</label>
          <input id={`fu-evidence-${id}`} value={evidence} onInput={(e) => setEvidence(e.currentTarget.value)} />
          <button type="submit" {...busyProps(action.busy, outcome === "" || evidence.trim() === "")}>Record review</button>
        </form>
      )}
      <ErrorText error={action.error} />
    </li>
  )
}

// ---------------------------------------------------------------------------
// Export and handover
// ---------------------------------------------------------------------------

const Export = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const action = useAction()
  // Each export remembers the view it was asked for: an export of an earlier state (a reviewed or
  // withdrawn agreement, the close) must never be shown, even for one frame, or copied as the current one.
  const [exported, setExported] = useState<{ readonly text: string; readonly forView: View } | undefined>(undefined)
  const latest = useRef(0)
  useEffect(() => {
    const mine = ++latest.current
    void action.run(async () => {
      const text = await call(token, (c) => c.retros.exportMarkdown({ params: { retroId } }))
      if (latest.current === mine) setExported({ text, forView: view })
    })
  }, [view])
  const markdown = exported?.forView === view ? exported.text : undefined
  return (
    <section aria-labelledby="export-h" class="export">
      <h2 id="export-h">Export</h2>
      <ErrorText error={action.error} />
      {markdown === undefined ? <p role="status">Preparing the Markdown…</p> : <ExportActions markdown={markdown} filename={`${view.date}-${view.title.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}.md`} />}
    </section>
  )
}

const Handover = ({ view, token, retroId, session, onHandedOver }: { view: View; token: string; retroId: string; session: FacilitatorSession; onHandedOver: (link: string) => void }) => {
  const [open, setOpen] = useState(false)
  const [name, setName] = useState("")
  const action = useAction()
  if (view.phase === "closed") return null
  const submit = async (e: Event) => {
    e.preventDefault()
    const result = await action.run(() => handOver(token, retroId, name.trim()))
    if (result === undefined) return
    const hash = new URLSearchParams({ facilitator: result.facilitatorToken, team: session.teamId, ...(session.joinPath === undefined ? {} : { join: session.joinPath }) })
    onHandedOver(`${location.origin}/facilitate/${encodeURIComponent(retroId)}#${hash.toString()}`)
  }
  return (
    <section class="handover" aria-labelledby="handover-h">
      <h2 id="handover-h">Hand facilitation over</h2>
      {!open ? <button type="button" onClick={() => setOpen(true)}>Hand facilitation to someone else</button> : (
        <form onSubmit={submit} class="row">
          <label for="handover-name">New facilitator's name</label>
          <input id="handover-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <button type="submit" class="primary" {...busyProps(action.busy, name.trim() === "")}>Hand over now</button>
          <button type="button" onClick={() => setOpen(false)}>Cancel</button>
        </form>
      )}
      <p class="hint">The new facilitator gets a fresh link; this device's access ends at once.</p>
      <ErrorText error={action.error} />
    </section>
  )
}

export type { Phase }
