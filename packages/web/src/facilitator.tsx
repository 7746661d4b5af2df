/** The facilitator's screen, readable on a projector: lobby, phases with timeboxes, grouping, vote, discussion, agreements, export, handover. */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks"
import { call } from "./api.ts"
import { AgreementList, ThemeBoard } from "./board.tsx"
import { extendTimebox } from "./flows.ts"
import { facilitatorSession, forgetFacilitator, saveFacilitator, teamSession, type FacilitatorSession } from "./storage.ts"
import { phaseLabel, phaseOrder, type Phase, type View } from "./types.ts"
import { CopyField, Confirm, PartClocks, useTitle, ConnectionBadge, Countdown, ErrorText, formatMs, PhaseSteps, remainingOf, busyProps, useAction, useLiveView, useNow } from "./ui.tsx"
import { AgreementDrafting, AgreementManage, FollowUps, FollowUpsFolded } from "./facilitator/agreements.tsx"
import { Collecting, Lobby, ReadyAndJoined, Warnings } from "./facilitator/room.tsx"
import { Discussing } from "./facilitator/discussion.tsx"
import { Export, Handover } from "./facilitator/closing.tsx"
import { Grouping } from "./facilitator/grouping.tsx"

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
        <p>Give this link to the new facilitator only, privately (not in the meeting chat): whoever opens it facilitates this retro, on any device. Your own facilitator access has ended.</p>
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
  const clock = useRef<HTMLParagraphElement>(null)
  useTitle(view === undefined ? "Facilitator" : `Facilitator · ${phaseLabel[view.phase]} · ${view.title}`)
  // A new phase can take away the control that had the keyboard focus (Move on once the retro is closed,
  // the lobby's settings form once another tab starts writing), and the browser drops it to the top of
  // the page: it goes to the phase's name instead, and the next Tab goes on from the top of the screen's work.
  const phaseNow = useRef<HTMLParagraphElement>(null)
  const lastFocused = useRef<Element | null>(null)
  useEffect(() => {
    const onFocus = (e: FocusEvent) => { lastFocused.current = e.target instanceof Element ? e.target : null }
    document.addEventListener("focusin", onFocus)
    return () => document.removeEventListener("focusin", onFocus)
  }, [])
  useLayoutEffect(() => {
    const at = document.activeElement
    if ((at === null || at === document.body) && lastFocused.current !== null && !lastFocused.current.isConnected) phaseNow.current?.focus()
  }, [view?.phase])
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
        <PhaseSteps phase={view.phase} focusRef={phaseNow} />
        <div class="clock-row">
          <Countdown view={view} receivedAt={receivedAt} now={now} focusRef={clock} />
          <AdvanceControl view={view} token={token} retroId={retroId} />
        </div>
        <PartClocks view={view} receivedAt={receivedAt} now={now} />
        <TimeUpPrompt view={view} token={token} retroId={retroId} receivedAt={receivedAt} now={now} afterward={clock} />
      </header>
      {/* The lobby lists them beside who joined; later they still hold (a side too small to label, a retro closed
          without agreements), and a facilitator who opens the screen mid-retro has not seen the lobby. */}
      {view.phase === "draft" ? null : <Warnings view={view} compact />}
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
const TimeUpPrompt = ({ view, token, retroId, receivedAt, now, afterward }: { view: View; token: string; retroId: string; receivedAt: number; now: number; afterward: { readonly current: HTMLElement | null } }) => {
  // This prompt stays mounted from phase to phase: a failed extension must not come back with the next phase's prompt.
  const action = useAction(view.phase)
  const [dismissedFor, setDismissedFor] = useState<string | undefined>(undefined)
  const remaining = remainingOf(view, receivedAt, now)
  const key = `${view.phase}:${view.clock?.timeboxMs}`
  const shown = !(remaining === undefined || remaining > 0 || dismissedFor === key)
  // Extending or going on takes the prompt, and the button pressed, off the page: the keyboard focus goes to
  // the clock, which says what changed (and the next Tab is "Move on"), not to the top of the page.
  const pressed = useRef(false)
  useLayoutEffect(() => {
    if (shown || !pressed.current) return
    pressed.current = false
    if (document.activeElement === null || document.activeElement === document.body) afterward.current?.focus()
  }, [shown])
  if (!shown) return null
  return (
    <section class="time-up" aria-labelledby="time-up-title" data-testid="time-up">
      {/* Only the fixed sentence is announced; the ticking overrun below is not a live region. */}
      <div role="alert"><h2 id="time-up-title">Time is up for {phaseLabel[view.phase]}</h2></div>
      <p>Over by {formatMs(-remaining)}. Extend the timebox, or move on with the button above.</p>
      <div class="actions">
        {[5, 10].map((m) => (
          <button key={m} type="button" {...busyProps(action.busy)} onClick={() => {
            pressed.current = true
            // A failed extension keeps the prompt (and the focus on the button): nothing to hand on later.
            void action.run(() => extendTimebox(token, retroId, view.clock!.phase, m)).then((done) => { if (done === undefined) pressed.current = false })
          }}>Extend by {m} minutes</button>
        ))}
        <button type="button" onClick={() => { pressed.current = true; setDismissedFor(key) }}>Keep going without extending</button>
      </div>
      <ErrorText error={action.error} />
    </section>
  )
}

/** How far the dot vote is, in counts only: per theme it would anchor the votes still to come, and who is nobody's business. */
const VotingProgress = ({ view }: { view: View }) => {
  const progress = view.votingProgress
  if (progress === undefined) return <ReadyAndJoined view={view} />
  return (
    <p class="ready-line" role="status" data-testid="voting-progress">
      {progress.done} of {progress.joined} have placed all their dots · {progress.dotsPlaced} of {progress.dotsTotal} dots placed
    </p>
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
      return <><Grouping {...props} /><FollowUpsFolded {...props} /></>
    case "voting":
      return (
        <>
          <VotingProgress view={view} />
          <p>Participants place their dots. Totals appear when voting closes.</p>
          <h2>Themes</h2>
          <ThemeBoard view={view} showCards={false} />
          <FollowUpsFolded {...props} />
        </>
      )
    case "discussing":
      return <><Discussing {...props} /><FollowUpsFolded {...props} /></>
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


export type { Phase }
