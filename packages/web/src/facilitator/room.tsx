/** The facilitator's lobby and writing phase: who joined (with removal), the join link, the method's warnings, the count of cards written. */
import { useState } from "preact/hooks"
import { call, problemText } from "../api.ts"
import { readyOf } from "../flows.ts"
import { type FacilitatorSession } from "../storage.ts"
import { phaseLabel, sideLabel, sides, type View } from "../types.ts"
import { CopyField, AnonymityNotice, Confirm, ErrorText, busyProps, useAction, useEditorFocus } from "../ui.tsx"
import { FollowUps } from "./agreements.tsx"

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

export const ReadyAndJoined = ({ view }: { view: View }) => {
  const ready = readyOf(view)
  const joined = ready.joined ?? view.participantCount.product + view.participantCount.engineering
  return (
    <p class="ready-line" role="status">
      {ready.ready === undefined ? `${joined} joined.` : <><span data-testid="ready-count">{ready.ready}</span> of {joined} done writing.</>}
    </p>
  )
}

/** The method's warnings, which the core gives the facilitator in the phases they apply to (the last one only at the close). */
export const Warnings = ({ view, compact = false }: { view: View; compact?: boolean }) =>
  view.warnings.length === 0 ? null : (
    // Compact after the lobby: the projected screen belongs to the phase's work, the advice stays in sight.
    <section class={compact ? "warnings compact" : "warnings"} aria-labelledby="warnings-title">
      <h2 id="warnings-title">The method advises</h2>
      <ul>{view.warnings.map((w) => <li key={w.code}>{w.message}</li>)}</ul>
    </section>
  )

const JoinLink = ({ session }: { session: FacilitatorSession }) =>
  session.joinPath === undefined ? <p>The join link was shown when the retro was created; this device did not keep it.</p> : (
    <CopyField id="join-link" label="Join link for participants (share it in the meeting chat)" value={location.origin + session.joinPath} testid="join-link" />
  )

type Timeboxes = View["settings"]["timeboxes"]
const timedPhases: ReadonlyArray<keyof Timeboxes> = ["collecting", "grouping", "voting", "discussing", "agreeing"]
type SettingField = keyof Timeboxes | "anonymityThreshold" | "voteBudget"
/**
 * Only what was typed, as typed (a number field may be half-typed or empty until the form is sent).
 * A field nobody touched shows the current setting, so a change from another tab shows up in the
 * open form; and only the typed fields are sent, so saving never puts back what another tab changed.
 */
type SettingEdits = Partial<Record<SettingField, string>>

const currentOf = (s: View["settings"], field: SettingField): number =>
  field === "anonymityThreshold" ? s.anonymityThreshold : field === "voteBudget" ? s.voteBudget : s.timeboxes[field]

/** The settings the core lets change until writing starts (ChangeSettings): the timeboxes, the anonymity threshold and the vote budget. */
const Settings = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const [edits, setEdits] = useState<SettingEdits | undefined>(undefined)
  const action = useAction()
  const focus = useEditorFocus<HTMLInputElement>(edits !== undefined)
  const s = view.settings
  if (!view.allowedCommands.includes("ChangeSettings")) return null
  const valueOf = (field: SettingField): string => edits?.[field] ?? String(currentOf(s, field))
  const edit = (field: SettingField) => (e: { readonly currentTarget: HTMLInputElement }) => setEdits({ ...edits, [field]: e.currentTarget.value })
  const save = async (e: Event) => {
    e.preventDefault()
    if (edits === undefined) return
    const changed = (field: SettingField): number | undefined => {
      const typed = edits[field]
      return typed === undefined || Number(typed) === currentOf(s, field) ? undefined : Number(typed)
    }
    const timeboxes = Object.fromEntries(timedPhases.flatMap((p) => {
      const v = changed(p)
      return v === undefined ? [] : [[p, v]]
    }))
    const threshold = changed("anonymityThreshold")
    const votes = changed("voteBudget")
    const settings = {
      ...(Object.keys(timeboxes).length === 0 ? {} : { timeboxes }),
      ...(threshold === undefined ? {} : { anonymityThreshold: threshold }),
      ...(votes === undefined ? {} : { voteBudget: votes })
    }
    const done = Object.keys(settings).length === 0
      ? true
      : await action.run(() => call(token, (c) => c.retros.changeSettings({ params: { retroId }, payload: { settings } })))
    if (done !== undefined) setEdits(undefined)
  }
  const total = timedPhases.reduce((sum, p) => sum + s.timeboxes[p], 0)
  return (
    <section class="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <p data-testid="settings-summary">
        {timedPhases.map((p) => `${phaseLabel[p]} ${s.timeboxes[p]}`).join(" · ")} min ({total} in all) · side labels from {s.anonymityThreshold} people per side · {s.voteBudget} vote{s.voteBudget === 1 ? "" : "s"} each
      </p>
      {edits === undefined ? (
        <>
          <button type="button" ref={focus.opener} onClick={() => { action.setError(undefined); setEdits({}) }}>Change the settings</button>
          <p class="hint">They can change until writing starts.</p>
        </>
      ) : (
        <form onSubmit={save}>
          <fieldset>
            <legend>Timeboxes (1–240 minutes each)</legend>
            <div class="grid-inputs">
              {timedPhases.map((p, i) => (
                <div key={p}>
                  <label for={`set-${p}`}>{phaseLabel[p]} (min)</label>
                  <input id={`set-${p}`} {...(i === 0 ? { ref: focus.field } : {})} type="number" min={1} max={240} step={1} required value={valueOf(p)} onInput={edit(p)} />
                </div>
              ))}
            </div>
          </fieldset>
          <div class="grid-inputs">
            <div>
              <label for="set-threshold">Anonymity threshold (3–10)</label>
              <input id="set-threshold" type="number" min={3} max={10} step={1} required aria-describedby="set-threshold-hint" value={valueOf("anonymityThreshold")} onInput={edit("anonymityThreshold")} />
            </div>
            <div>
              <label for="set-votes">Votes per participant (1–10)</label>
              <input id="set-votes" type="number" min={1} max={10} step={1} required value={valueOf("voteBudget")} onInput={edit("voteBudget")} />
            </div>
          </div>
          <p class="hint" id="set-threshold-hint">Cards show their side only if every side has at least this many people when writing starts; the notice below says what it gives once saved.</p>
          <ErrorText error={action.error} />
          <div class="actions">
            <button type="submit" class="primary" {...busyProps(action.busy)}>Save the settings</button>
            <button type="button" onClick={() => { action.setError(undefined); setEdits(undefined) }}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  )
}

export const Lobby = ({ view, token, retroId, session }: { view: View; token: string; retroId: string; session: FacilitatorSession }) => (
  <div class="lobby">
    <JoinLink session={session} />
    <JoinedBySide view={view} token={token} retroId={retroId} />
    <Warnings view={view} />
    <Settings view={view} token={token} retroId={retroId} />
    <AnonymityNotice view={view} />
    <FollowUps view={view} token={token} retroId={retroId} />
  </div>
)

export const Collecting = ({ view, token, retroId, session }: { view: View; token: string; retroId: string; session: FacilitatorSession }) => (
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
