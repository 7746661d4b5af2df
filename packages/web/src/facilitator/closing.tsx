/** The Markdown export and handing facilitation to someone else. */
import { useEffect, useRef, useState } from "preact/hooks"
import { call } from "../api.ts"
import { handOver } from "../flows.ts"
import { ExportActions } from "../participant.tsx"
import { type FacilitatorSession } from "../storage.ts"
import { type Side, type View } from "../types.ts"
import { ErrorText, busyProps, useAction } from "../ui.tsx"

export const Export = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
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

export const Handover = ({ view, token, retroId, session, onHandedOver }: { view: View; token: string; retroId: string; session: FacilitatorSession; onHandedOver: (link: string) => void }) => {
  const [open, setOpen] = useState(false)
  const [name, setName] = useState("")
  const [side, setSide] = useState<"" | Side>("")
  const action = useAction()
  if (view.phase === "closed") return null
  const submit = async (e: Event) => {
    e.preventDefault()
    const result = await action.run(() => handOver(token, retroId, name.trim(), side === "" ? undefined : side))
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
          {/* As on the start page: a facilitator from one side gets the method's neutral-facilitator warning. */}
          <label for="handover-side">Their side</label>
          <select id="handover-side" value={side} onChange={(e) => setSide(e.currentTarget.value as "" | Side)}>
            <option value="">Neutral, from neither side (recommended)</option>
            <option value="product">Product</option>
            <option value="engineering">Engineering</option>
          </select>
          <button type="submit" class="primary" {...busyProps(action.busy, name.trim() === "")}>Hand over now</button>
          <button type="button" onClick={() => setOpen(false)}>Cancel</button>
        </form>
      )}
      <p class="hint">The new facilitator gets a fresh link; this device's access ends at once.</p>
      <ErrorText error={action.error} />
    </section>
  )
}
