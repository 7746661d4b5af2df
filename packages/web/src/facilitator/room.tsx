/** The facilitator's lobby and writing phase: who joined (with removal), the join link, the method's warnings, the count of cards written. */
import { useState } from "preact/hooks"
import { call, problemText } from "../api.ts"
import { readyOf } from "../flows.ts"
import { type FacilitatorSession } from "../storage.ts"
import { sideLabel, sides, type View } from "../types.ts"
import { CopyField, AnonymityNotice, Confirm, busyProps, useAction } from "../ui.tsx"
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
export const Warnings = ({ view }: { view: View }) =>
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

export const Lobby = ({ view, token, retroId, session }: { view: View; token: string; retroId: string; session: FacilitatorSession }) => (
  <div class="lobby">
    <JoinLink session={session} />
    <JoinedBySide view={view} token={token} retroId={retroId} />
    <Warnings view={view} />
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
