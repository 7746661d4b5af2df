import type { ComponentChildren, Ref } from "preact"
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks"
import { subscribe, type LiveStatus } from "./live.ts"
import { phaseLabel, phaseOrder, partOf, type Phase, type View } from "./types.ts"

/** The live view of a retro: SSE, resumed after drops; `receivedAt` anchors the local countdown. */
export const useLiveView = (retroId: string, token: string | undefined) => {
  const [state, setState] = useState<{ view: View | undefined; receivedAt: number; status: LiveStatus }>({ view: undefined, receivedAt: 0, status: "connecting" })
  useEffect(() => {
    if (token === undefined) return
    return subscribe(retroId, token, {
      onView: (view, receivedAt) => setState((s) => ({ ...s, view, receivedAt })),
      onStatus: (status) => setState((s) => ({ ...s, status }))
    })
  }, [retroId, token])
  return state
}

/** The tab's title names the screen (and the retro and phase), so several open tabs stay apart. */
export const useTitle = (title: string) => {
  useEffect(() => {
    document.title = `${title} — RetroBridge`
  }, [title])
}

/** Re-renders every second (the countdowns). */
export const useNow = (): number => {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return now
}

export const formatMs = (ms: number): string => {
  const total = Math.max(0, Math.round(ms / 1000))
  const m = Math.floor(total / 60)
  const s = total % 60
  return `${m}:${String(s).padStart(2, "0")}`
}

export const ConnectionBadge = ({ status }: { status: LiveStatus }) => (
  <p class={`connection connection-${status}`} role="status" data-testid="connection">
    {status === "live" ? "Live" : status === "connecting" ? "Connecting…" : status === "reconnecting" ? "Connection lost, reconnecting…" : "This link no longer works for you."}
  </p>
)

export const PhaseSteps = ({ phase, focusRef }: { phase: Phase; focusRef?: Ref<HTMLParagraphElement> }) => {
  const current = phaseOrder.indexOf(phase)
  return (
    <nav aria-label="Retro phases" class="phase-steps">
      <ol>
        {phaseOrder.map((p, i) => (
          <li key={p} class={i < current ? "done" : i === current ? "current" : "todo"} aria-current={i === current ? "step" : undefined}>
            <span class="visually-hidden">{i < current ? "done: " : i === current ? "now: " : "next: "}</span>
            {phaseLabel[p]}
          </li>
        ))}
      </ol>
      <p class="phase-now" data-testid="phase" data-phase={phase} {...(focusRef === undefined ? {} : { ref: focusRef, tabIndex: -1 })}>
        <strong>{phaseLabel[phase]}</strong>
        {partOf[phase] === undefined ? null : <span class="phase-part"> · {partOf[phase]}</span>}
      </p>
    </nav>
  )
}

/** The phase's countdown, computed from the view's elapsed time plus the time since it arrived (no clock skew). */
export const Countdown = ({ view, receivedAt, now, focusRef }: { view: View; receivedAt: number; now: number; focusRef?: Ref<HTMLParagraphElement> }) => {
  const clock = view.clock
  if (clock === undefined) return null
  const elapsed = clock.elapsedMs + Math.max(0, now - receivedAt)
  const remaining = clock.timeboxMs - elapsed
  const over = remaining < 0
  return (
    <p class={`countdown${over ? " overrun" : ""}`} data-testid="countdown" data-overrun={over ? "true" : "false"} {...(focusRef === undefined ? {} : { ref: focusRef, tabIndex: -1 })}>
      <span class="countdown-label">{over ? "Over time by" : "Time left"}</span>{" "}
      <span class="countdown-value" aria-hidden="false">{formatMs(Math.abs(remaining))}</span>
      <span class="countdown-of"> of {Math.round(clock.timeboxMs / 60000)} min</span>
    </p>
  )
}

const partLabel = { collect: "Cards", themes: "Themes", agree: "Agreements" } as const

/** The method's three parts (20 / 40 / 30 min by default), each with its own countdown and overrun. */
export const PartClocks = ({ view, receivedAt, now }: { view: View; receivedAt: number; now: number }) => {
  const since = Math.max(0, now - receivedAt)
  return (
    <ol class="parts" aria-label="The three parts" data-testid="parts">
      {view.parts.map((p, i) => {
        const running = p.startedAt !== undefined && p.endedAt === undefined
        const left = running ? (p.remainingMs ?? 0) - p.overrunMs - since : undefined
        const over = left !== undefined && left < 0 ? -left : p.endedAt !== undefined ? p.overrunMs : 0
        const state = running ? "current" : p.endedAt !== undefined ? "done" : "todo"
        return (
          <li key={p.part} class={`part part-${state}${over > 0 ? " overrun" : ""}`} data-testid={`part-${p.part}`}>
            <strong>{i + 1}. {partLabel[p.part]}</strong>{" "}
            {state === "current"
              ? (left! >= 0 ? `${formatMs(left!)} left of ${Math.round(p.timeboxMs / 60000)} min` : `over by ${formatMs(over)} (${Math.round(p.timeboxMs / 60000)} min)`)
              : state === "done"
              ? (over > 0 ? `done, ${formatMs(over)} over` : "done in time")
              : `${Math.round(p.timeboxMs / 60000)} min`}
          </li>
        )
      })}
    </ol>
  )
}

/** Remaining ms of the current timebox (negative when over). */
export const remainingOf = (view: View, receivedAt: number, now: number): number | undefined =>
  view.clock === undefined ? undefined : view.clock.timeboxMs - (view.clock.elapsedMs + Math.max(0, now - receivedAt))

export const ErrorText = ({ error, id }: { error: string | undefined; id?: string }) =>
  error === undefined ? null : <p class="error" role="alert" id={id}>{error}</p>

export const AnonymityNotice = ({ view }: { view: View }) => (
  <section class="notice" aria-labelledby="anonymity-title" data-testid="anonymity-notice">
    <h2 id="anonymity-title">What anonymity this retro gives</h2>
    <p>{view.anonymity.explanation}</p>
    <p>
      <strong>What the server keeps:</strong> {view.anonymity.storeKeeps}
    </p>
    <p>
      Nobody sees anyone else's cards until the facilitator reveals them all at once. Cards never carry your name, and
      side labels are {view.anonymity.sideLabels === "shown" ? "shown" : "hidden"} (both sides need at least {view.anonymity.threshold} people for labels).
      {view.anonymity.decided ? " This was fixed when collection started." : " This is decided when collection starts and never loosens afterwards."}
    </p>
  </section>
)

/** A dialog for confirmations (phases never go back). Focus moves in and returns. */
export const Confirm = (props: { title: string; children: ComponentChildren; confirmLabel: string; onConfirm: () => void; onCancel: () => void }) => {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    // The dialog leaves the page when it closes, so the browser cannot hand the focus back: do it here,
    // to the control that opened it (a keyboard user would otherwise start again from the top).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined
    if (dialog !== null && !dialog.open) dialog.showModal()
    return () => {
      dialog?.close()
      if (opener?.isConnected === true) opener.focus()
    }
  }, [])
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={(e) => { e.preventDefault(); props.onCancel() }} data-testid="confirm-dialog">
      <h2 id="confirm-title">{props.title}</h2>
      <div>{props.children}</div>
      <div class="actions">
        <button type="button" class="primary" onClick={props.onConfirm}>{props.confirmLabel}</button>
        <button type="button" onClick={props.onCancel}>Cancel</button>
      </div>
    </dialog>
  )
}

/**
 * Runs an async action with a busy flag and a readable error. An error belongs to one attempt: the
 * next attempt clears it. A control that outlives what its error is about (the phase a "Move on"
 * was tried in) passes that as `scope`; the error is dropped once the scope is no longer current.
 */
export const useAction = (scope?: unknown) => {
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<{ readonly message: string; readonly scope: unknown } | undefined>(undefined)
  const current = useRef(scope)
  current.current = scope
  const fail = (message: string | undefined, at: unknown = current.current) => setFailure(message === undefined ? undefined : { message, scope: at })
  // Buttons stay focusable while busy (aria-disabled, see busyProps), so a second press must do nothing here.
  const running = useRef(false)
  const run = async <A,>(f: () => Promise<A>): Promise<A | undefined> => {
    if (running.current) return undefined
    running.current = true
    const at = current.current
    setBusy(true)
    setFailure(undefined)
    try {
      return await f()
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e), at)
      return undefined
    } finally {
      running.current = false
      setBusy(false)
    }
  }
  const error = failure !== undefined && failure.scope === scope ? failure.message : undefined
  return { busy, error, setError: (message: string | undefined) => fail(message), run }
}

/**
 * The props of a button while its action runs: `aria-disabled`, not `disabled`. A disabled button
 * drops the keyboard focus to the top of the page, so after a failed save the user had to find their
 * place again; `useAction` ignores presses while busy. `unavailable` (an empty field, nothing chosen)
 * still disables the button: the user has not pressed it, and the focus is elsewhere.
 */
export const busyProps = (busy: boolean, unavailable = false): { readonly disabled?: true; readonly "aria-disabled"?: "true" } =>
  unavailable ? { disabled: true } : busy ? { "aria-disabled": "true" } : {}

/**
 * Keeps a keyboard user's place around an editor that takes the place of the button that opened it
 * (a card's Edit, a theme's Rename): the field takes the focus when the editor opens, and the button
 * gets it back when the editor closes. Neither is in the page while the other is, so the browser
 * would drop the focus to the top of the page. Before paint: by the time the field shows, it has the focus.
 */
export const useEditorFocus = <F extends HTMLElement>(open: boolean) => {
  const opener = useRef<HTMLButtonElement>(null)
  const field = useRef<F>(null)
  const wasOpen = useRef(false)
  useLayoutEffect(() => {
    if (open && !wasOpen.current) field.current?.focus()
    if (!open && wasOpen.current) opener.current?.focus()
    wasOpen.current = open
  }, [open])
  return { opener, field }
}

/** Said inside an open editor whose text someone else changed meanwhile (see `useInlineEditor`). */
export const ChangedElsewhere = ({ now }: { now: string | undefined }) =>
  now === undefined ? null : (
    <p class="warning" role="status" data-testid="changed-elsewhere">
      Changed elsewhere while you were editing, to “{now}”. Saving replaces it with your text; Cancel keeps it.
    </p>
  )

/**
 * An editor that takes the place of the button that opened it (a card's Edit, a theme's Rename, a
 * note's Edit): `text` is what is being edited, undefined while closed. A save closes it only when
 * it went through: a failed one keeps what was typed, next to the error. Cancel forgets the error.
 * The focus goes to the field when it opens and back to the button when it closes (`useEditorFocus`).
 * `current` is the text as everyone sees it now: when another tab or person changes it while the
 * editor is open, `changedElsewhere` says to what, so a save does not silently put the old text back.
 */
export const useInlineEditor = <F extends HTMLElement>(current: string, save: (text: string) => Promise<unknown>, onClose?: () => void) => {
  const [text, setText] = useState<string | undefined>(undefined)
  const openedWith = useRef(current)
  const action = useAction()
  const focus = useEditorFocus<F>(text !== undefined)
  const close = () => {
    setText(undefined)
    onClose?.()
  }
  return {
    text,
    setText,
    action,
    focus,
    // Not when it now says what was typed here: that is this editor's own save, arriving live before its answer.
    changedElsewhere: text !== undefined && current !== openedWith.current && current.trim() !== text.trim() ? current : undefined,
    open: () => {
      openedWith.current = current
      setText(current)
    },
    cancel: () => {
      action.setError(undefined)
      close()
    },
    submit: async (e: Event) => {
      e.preventDefault()
      if (text === undefined) return
      if (await action.run(() => save(text).then(() => true)) === true) close()
    }
  }
}

/**
 * Keeps a keyboard user's place when an item leaves a list with the focus on it (a card grouped,
 * a card withdrawn): the focus goes to the first enabled button of the item that took its place
 * (the next one, or the new last one), or to `emptyId` (an element with tabIndex -1) once the list
 * is empty. Only when the focus was lost with the item: someone who moved on meanwhile keeps theirs.
 * Spread `onClick` on the list (Enter and Space on a button click it too).
 */
export const useListFocus = <L extends HTMLElement>(count: number, emptyId: string) => {
  const list = useRef<L>(null)
  const pressedAt = useRef<number | undefined>(undefined)
  const previous = useRef(count)
  const onClick = (e: MouseEvent) => {
    const item = (e.target as HTMLElement).closest("li")
    if ((e.target as HTMLElement).closest("button") === null || item === null || list.current === null) return
    const index = Array.prototype.indexOf.call(list.current.children, item)
    if (index >= 0) pressedAt.current = index
  }
  useEffect(() => {
    const shrank = count < previous.current
    previous.current = count
    const index = pressedAt.current
    if (!shrank || index === undefined) return
    pressedAt.current = undefined
    if (document.activeElement !== null && document.activeElement !== document.body) return
    const items = list.current === null ? [] : Array.from(list.current.children)
    const item = items[Math.min(index, items.length - 1)]
    const next = item?.querySelector<HTMLElement>("button:not([disabled])") ?? document.getElementById(emptyId)
    next?.focus()
  }, [count])
  return { list, onClick }
}

/** A read-only field with a Copy button, for links and tokens handed to someone else. */
export const CopyField = ({ id, label, value, testid }: { id: string; label: string; value: string; testid: string }) => {
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
