/** Drafting and accepting bilateral agreements, and reviewing the last retro's agreements at follow-up. */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks"
import { ApiProblem, call } from "../api.ts"
import { AgreementList } from "../board.tsx"
import { importFromPreviousRetro, previewImportFromPreviousRetro } from "../flows.ts"
import { estimateMetricLabel, sideLabel, sides, type Side, type View } from "../types.ts"
import { Confirm, ErrorText, busyProps, useAction } from "../ui.tsx"

type Templates = { readonly defaultReviewBy: string; readonly templates: ReadonlyArray<{ readonly id: string; readonly title: string; readonly themeKey: string; readonly themeId?: string | undefined; readonly draft: { readonly statement: string; readonly commitments: ReadonlyArray<{ readonly side: Side; readonly text: string }>; readonly signal?: string | undefined; readonly reviewBy: string; readonly metric?: string | undefined } }> }

type Draft = { statement: string; product: string; engineering: string; signal: string; reviewBy: string; themeId: string; metric: string }

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
  ...(d.themeId === "" ? {} : { themeId: d.themeId }),
  ...(d.metric === "" ? {} : { metric: d.metric })
})

export const AgreementDrafting = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const [templates, setTemplates] = useState<Templates | undefined>(undefined)
  const empty = (): Draft => ({ statement: "", product: "", engineering: "", signal: "", reviewBy: templates?.defaultReviewBy ?? "", themeId: "", metric: "" })
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
      themeId: theme?.themeId ?? "",
      metric: t.draft.metric ?? ""
    })
  }
  // The emptied form disables Accept, which drops the keyboard focus to the top of the page: it goes to
  // the form's heading instead, where the next agreement starts (the accepted one is listed under Agreed).
  const heading = useRef<HTMLHeadingElement>(null)
  const submitButton = useRef<HTMLButtonElement>(null)
  const [accepted, setAccepted] = useState(0)
  useLayoutEffect(() => {
    const at = document.activeElement
    if (accepted > 0 && (at === null || at === document.body || at === submitButton.current)) heading.current?.focus()
  }, [accepted])
  const accept = async (e: Event) => {
    e.preventDefault()
    const done = await action.run(() => call(token, (c) => c.retros.acceptAgreement({ params: { retroId }, payload: { agreement: toPayload(draft) } })))
    if (done !== undefined) {
      setDraft(empty())
      setAccepted((n) => n + 1)
    }
  }
  const valid = violations !== undefined && violations.length === 0
  return (
    <form onSubmit={accept} class="agreement-form" aria-labelledby="draft-h">
      <h2 id="draft-h" tabIndex={-1} ref={heading}>Draft an agreement</h2>
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
      {/* The data to review it against: with the next retro's accuracy report attached, the metric's value shows beside it. */}
      <label for="ag-metric">Estimate metric to check it against (optional)</label>
      <select id="ag-metric" value={draft.metric} onChange={set("metric")} aria-describedby="ag-metric-hint">
        <option value="">No metric</option>
        {Object.entries(estimateMetricLabel).map(([metric, label]) => <option key={metric} value={metric}>{label}</option>)}
      </select>
      <p class="hint" id="ag-metric-hint">From the team's estimate log. At the next retro, once the accuracy report is attached, its value shows next to this agreement.</p>
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
      <button type="submit" class="primary" ref={submitButton} {...busyProps(action.busy, !valid)}>Accept the agreement</button>
    </form>
  )
}

export const AgreementManage = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
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

/** Refusals that say there is nothing to load (no earlier retro, none with agreements, reviewed already): pressing cannot help. */
const nothingToLoad: ReadonlySet<string> = new Set(["previous-retro-exists", "previous-retro-has-agreements", "previous-agreements-reviewed-once"])

/** The refusal in the facilitator's words: the server's names retros by id, which nobody in the room knows them by. */
const nothingToLoadText: Record<string, string> = {
  "previous-retro-exists": "This is the team's first retro: there are no earlier agreements to review.",
  "previous-retro-has-agreements": "The team's previous retro has no agreements (it ended without any, or has not reached them yet): there is nothing to review.",
  "previous-agreements-reviewed-once": "The previous retro's agreements were already reviewed in another retro: each agreement is reviewed once."
}

type Offer =
  | { readonly _tag: "asking" }
  | { readonly _tag: "loadable"; readonly fromRetroDate: string; readonly agreements: number }
  | { readonly _tag: "nothing"; readonly text: string }
  /** Not loadable now for another reason (the phase is past loading): nothing to offer, nothing to explain. */
  | { readonly _tag: "not-now" }
  /** The server could not say (it is unreachable): the plain offer, whose own answer says what is there. */
  | { readonly _tag: "unknown" }

const nothingOf = (e: unknown): string | undefined =>
  e instanceof ApiProblem && e.code === "rule-violated" && nothingToLoad.has(String(e.details["rule"]))
    ? nothingToLoadText[String(e.details["rule"])] ?? e.message
    : undefined

/**
 * What the load button would bring, asked of the server with the facilitator's token (so it holds on
 * any device, after a handover too), again whenever loading can have changed: the phase or the
 * agreements under review.
 */
const useOffer = (token: string, retroId: string, view: View): Offer => {
  const [offer, setOffer] = useState<Offer>({ _tag: "asking" })
  const wanted = view.followUps.length === 0
  useEffect(() => {
    if (!wanted) return
    let current = true
    previewImportFromPreviousRetro(token, retroId).then(
      (p) => { if (current) setOffer({ _tag: "loadable", fromRetroDate: p.fromRetroDate, agreements: p.agreements }) },
      (e: unknown) => {
        if (!current) return
        const nothing = nothingOf(e)
        setOffer(nothing !== undefined ? { _tag: "nothing", text: nothing } : e instanceof ApiProblem && e.status !== undefined && e.status < 500 ? { _tag: "not-now" } : { _tag: "unknown" })
      }
    )
    return () => { current = false }
  }, [wanted, token, retroId, view.phase])
  return offer
}

const loadLabel = (offer: Offer): string =>
  offer._tag !== "loadable" ? "Load the previous retro's agreements"
    : offer.agreements === 1 ? `Load the agreement of the retro of ${offer.fromRetroDate}`
    : `Load the ${offer.agreements} agreements of the retro of ${offer.fromRetroDate}`

export const FollowUps = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  const action = useAction()
  const canImport = view.allowedCommands.includes("ImportPreviousAgreements")
  const offer = useOffer(token, retroId, view)
  // Should the import itself find nothing (the team's retros changed since the offer was asked for), its
  // answer takes the button's place, and the focus goes to it from the button that went.
  const [nothing, setNothing] = useState<string | undefined>(undefined)
  const nothingText = useRef<HTMLParagraphElement>(null)
  useLayoutEffect(() => {
    if (nothing !== undefined) nothingText.current?.focus()
  }, [nothing])
  // The loaded agreements take the button's place (once the view has them): the focus goes to the
  // section's heading, from where the next Tab reaches the first review, not to the top of the page.
  const loading = useRef(false)
  const heading = useRef<HTMLHeadingElement>(null)
  const loaded = view.followUps.length > 0
  useLayoutEffect(() => {
    if (!loaded || !loading.current) return
    loading.current = false
    if (document.activeElement === null || document.activeElement === document.body) heading.current?.focus()
  }, [loaded])
  const load = () => action.run(async () => {
    loading.current = true
    try {
      await importFromPreviousRetro(token, retroId)
    } catch (e) {
      const text = nothingOf(e)
      loading.current = false
      if (text !== undefined) setNothing(text)
      else throw e
    }
  })
  // Once loading is over (agreeing), a retro with nothing to load has nothing to say here.
  if (view.followUps.length === 0 && !canImport && (offer._tag === "nothing" || nothing !== undefined)) return null
  return (
    <section class="follow-ups" aria-labelledby="fu-h" data-testid="follow-ups">
      <h2 id="fu-h" tabIndex={-1} ref={heading}>Last retro's agreements</h2>
      {view.followUps.length === 0 ? (
        nothing !== undefined ? (
          <p role="status" tabIndex={-1} ref={nothingText} data-testid="nothing-to-load">{nothing}</p>
        ) : offer._tag === "nothing" ? <p data-testid="nothing-to-load">{offer.text}</p> : (
          <>
            <p>No agreements from an earlier retro are loaded.</p>
            {/* Not while asking: an offer that vanishes a moment later would be pressed by someone. */}
            {canImport && (offer._tag === "loadable" || offer._tag === "unknown")
              ? <button type="button" {...busyProps(action.busy)} onClick={() => void load()}>{loadLabel(offer)}</button>
              : null}
          </>
        )
      ) : (
        <ol>{view.followUps.map((f) => <FollowUpItem key={f.agreement.agreementId} followUp={f} view={view} token={token} retroId={retroId} />)}</ol>
      )}
      <ErrorText error={action.error} />
    </section>
  )
}

/**
 * While grouping, voting and discussing the core still takes reviews (the guide's moment for an
 * agreement with a metric is once the accuracy report is attached), but the projected screen
 * belongs to the themes: folded away, with how many are reviewed.
 */
export const FollowUpsFolded = ({ view, token, retroId }: { view: View; token: string; retroId: string }) => {
  if (view.followUps.length === 0 || !view.allowedCommands.includes("ReviewAgreement")) return null
  const reviewed = view.followUps.filter((f) => f.outcome !== undefined).length
  return (
    <details class="follow-ups follow-ups-folded" data-testid="follow-ups">
      <summary>Last retro's agreements: {reviewed} of {view.followUps.length} reviewed</summary>
      <ol>{view.followUps.map((f) => <FollowUpItem key={f.agreement.agreementId} followUp={f} view={view} token={token} retroId={retroId} />)}</ol>
    </details>
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
