/** The start screen: create a team (once) and a retro, with the method's advice and the anonymity it will give. */
import { useEffect, useState } from "preact/hooks"
import { call } from "./api.ts"
import { facilitatorSession, saveFacilitator, saveTeam, storedKeys, teamSession } from "./storage.ts"
import type { History, Side } from "./types.ts"
import { busyProps, ErrorText, useAction, useTitle } from "./ui.tsx"

const today = () => new Date().toISOString().slice(0, 10)
const quarterTitle = () => {
  const d = new Date()
  return `Q${Math.floor(d.getMonth() / 3) + 1} ${d.getFullYear()} product–engineering retro`
}

type Timeboxes = { collecting: number; grouping: number; voting: number; discussing: number; agreeing: number }

export const anonymityPreview = (threshold: number): string => {
  const t = Math.max(3, threshold)
  return `Cards never carry a name. A card shows its side (product or engineering) only if both sides have at least ${t} participants when writing starts; otherwise no card shows a side. Nobody — the facilitator included — sees anyone's cards before the reveal, and the reveal order is shuffled.`
}

export const HomePage = () => {
  const teamIds = storedKeys("team")
  const retroIds = storedKeys("facilitator")
  const [teamChoice, setTeamChoice] = useState<string>(teamIds[0] ?? "")
  const [teamName, setTeamName] = useState("")
  const [title, setTitle] = useState(quarterTitle())
  const [trigger, setTrigger] = useState<"quarterly" | "major-release">("quarterly")
  const [releaseName, setReleaseName] = useState("")
  const [date, setDate] = useState(today())
  const [facilitatorName, setFacilitatorName] = useState("")
  const [facilitatorSide, setFacilitatorSide] = useState<"" | Side>("")
  const [timeboxes, setTimeboxes] = useState<Timeboxes>({ collecting: 20, grouping: 10, voting: 5, discussing: 25, agreeing: 30 })
  const [threshold, setThreshold] = useState(3)
  const [voteBudget, setVoteBudget] = useState(3)
  const [history, setHistory] = useState<History | undefined>(undefined)
  const [previous, setPrevious] = useState("")
  const action = useAction()
  useTitle("Start a retro")

  useEffect(() => {
    setHistory(undefined)
    setPrevious("")
    const session = teamChoice === "" ? undefined : teamSession(teamChoice)
    if (session === undefined) return
    call(session.token, (c) => c.teams.history({ params: { teamId: teamChoice } })).then((h) => {
      setHistory(h)
      setPrevious("latest")
    }, () => undefined)
  }, [teamChoice])

  // Only a retro dated before this one can be the one whose agreements it reviews.
  const earlier = [...(history?.retros ?? [])].filter((r) => r.date < date).sort((a, b) => a.date.localeCompare(b.date))
  const previousRetro = previous === "latest" ? earlier.at(-1) : earlier.find((r) => r.retroId === previous)

  const minutes = (key: keyof Timeboxes) => (
    <div class="field-inline">
      <label for={`tb-${key}`}>{key[0]!.toUpperCase() + key.slice(1)} (min)</label>
      <input id={`tb-${key}`} type="number" min={1} max={240} required value={timeboxes[key]} onInput={(e) => setTimeboxes({ ...timeboxes, [key]: Number(e.currentTarget.value) })} />
    </div>
  )

  const submit = async (e: Event) => {
    e.preventDefault()
    const created = await action.run(async () => {
      let teamId = teamChoice
      let admin = teamId === "" ? undefined : teamSession(teamId)?.token
      if (admin === undefined) {
        const team = await call(undefined, (c) => c.teams.create({ payload: { name: teamName.trim() } }), { idempotent: true })
        teamId = team.teamId
        admin = team.adminToken
        saveTeam(teamId, { token: admin, name: teamName.trim() })
        // Should the retro fail to be created, trying again must use this team, not create a second one.
        setTeamChoice(teamId)
      }
      const prev = previousRetro
      const retro = await call(admin, (c) =>
        c.teams.createRetro({
          params: { teamId },
          payload: {
            title: title.trim(),
            trigger,
            date,
            facilitatorName: facilitatorName.trim(),
            ...(facilitatorSide === "" ? {} : { facilitatorSide }),
            ...(trigger === "major-release" && releaseName.trim() !== "" ? { releaseName: releaseName.trim() } : {}),
            ...(prev === undefined ? {} : { previousRetro: { retroId: prev.retroId, date: prev.date } }),
            settings: { timeboxes, anonymityThreshold: threshold, voteBudget }
          }
        }), { idempotent: true })
      saveFacilitator(retro.retroId, { token: retro.facilitatorToken, teamId, joinPath: retro.joinPath, title: `${title.trim()} (${date})` })
      return retro.retroId
    })
    if (created !== undefined) location.assign(`/facilitate/${encodeURIComponent(created)}`)
  }

  return (
    <main id="main" class="home">
      <h1>RetroBridge</h1>
      <p class="lead">The quarterly product–engineering retrospective: 90 minutes, anonymous cards, themes, bilateral agreements.</p>
      {retroIds.length === 0 && teamIds.length === 0 ? null : (
        <section aria-labelledby="yours-title">
          <h2 id="yours-title">On this device</h2>
          <ul>
            {retroIds.map((id) => <li key={id}><a href={`/facilitate/${encodeURIComponent(id)}`}>Facilitate: {facilitatorSession(id)?.title ?? `retro ${id}`}</a></li>)}
            {teamIds.map((id) => <li key={id}><a href={`/team/${encodeURIComponent(id)}`}>Team page: {teamSession(id)?.name ?? id}</a></li>)}
          </ul>
        </section>
      )}
      <div class="two-columns">
        <form onSubmit={submit} aria-labelledby="create-title" class="create">
          <h2 id="create-title">Start a retro</h2>
          <fieldset>
            <legend>Team</legend>
            {teamIds.length === 0 ? null : (
              <>
                <label for="team-choice">Team</label>
                <select id="team-choice" value={teamChoice} onChange={(e) => setTeamChoice(e.currentTarget.value)}>
                  {teamIds.map((id) => <option key={id} value={id}>{teamSession(id)?.name ?? id}</option>)}
                  <option value="">A new team</option>
                </select>
              </>
            )}
            {teamChoice === "" ? (
              <>
                <label for="team-name">Team name</label>
                <input id="team-name" required maxLength={100} value={teamName} onInput={(e) => setTeamName(e.currentTarget.value)} />
              </>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>The retro</legend>
            <label for="retro-title">Title</label>
            <input id="retro-title" required maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
            <label for="retro-trigger">Why now</label>
            <select id="retro-trigger" value={trigger} onChange={(e) => setTrigger(e.currentTarget.value as "quarterly" | "major-release")}>
              <option value="quarterly">The quarterly retro</option>
              <option value="major-release">After a major release</option>
            </select>
            {trigger === "major-release" ? (
              <>
                <label for="release-name">Release</label>
                <input id="release-name" maxLength={200} value={releaseName} onInput={(e) => setReleaseName(e.currentTarget.value)} />
              </>
            ) : null}
            <label for="retro-date">Date</label>
            <input id="retro-date" type="date" required value={date} onInput={(e) => setDate(e.currentTarget.value)} />
            {earlier.length === 0 ? null : (
              <>
                <label for="previous-retro">Review the agreements of</label>
                <select id="previous-retro" value={previousRetro?.retroId ?? ""} onChange={(e) => setPrevious(e.currentTarget.value)}>
                  <option value="">No earlier retro</option>
                  {earlier.map((r) => <option key={r.retroId} value={r.retroId}>{r.title} ({r.date})</option>)}
                </select>
              </>
            )}
          </fieldset>
          <fieldset>
            <legend>Facilitator</legend>
            <label for="facilitator-name">Your name</label>
            <input id="facilitator-name" required maxLength={100} value={facilitatorName} onInput={(e) => setFacilitatorName(e.currentTarget.value)} />
            <label for="facilitator-side">Your side</label>
            <select id="facilitator-side" value={facilitatorSide} onChange={(e) => setFacilitatorSide(e.currentTarget.value as "" | Side)}>
              <option value="">Neutral, from neither side (recommended)</option>
              <option value="product">Product</option>
              <option value="engineering">Engineering</option>
            </select>
          </fieldset>
          <fieldset>
            <legend>Timeboxes: cards {timeboxes.collecting} min · themes {timeboxes.grouping + timeboxes.voting + timeboxes.discussing} min · agreements {timeboxes.agreeing} min</legend>
            <div class="grid-inputs">
              {minutes("collecting")}
              {minutes("grouping")}
              {minutes("voting")}
              {minutes("discussing")}
              {minutes("agreeing")}
            </div>
          </fieldset>
          <fieldset>
            <legend>Anonymity and votes</legend>
            <label for="threshold">Smallest side that may be labelled on cards (3–10)</label>
            <input id="threshold" type="number" min={3} max={10} required value={threshold} onInput={(e) => setThreshold(Number(e.currentTarget.value))} aria-describedby="anonymity-preview" />
            <p id="anonymity-preview" class="hint" data-testid="anonymity-preview">{anonymityPreview(threshold)}</p>
            <label for="vote-budget">Dot votes per person (1–10)</label>
            <input id="vote-budget" type="number" min={1} max={10} required value={voteBudget} onInput={(e) => setVoteBudget(Number(e.currentTarget.value))} />
          </fieldset>
          <ErrorText error={action.error} />
          <button type="submit" class="primary" {...busyProps(action.busy)}>Create the retro</button>
        </form>
        <aside class="advice" aria-labelledby="advice-title" data-testid="method-advice">
          <h2 id="advice-title">The method's advice</h2>
          <ul>
            <li><strong>Group size:</strong> 6–10 people who make decisions — PMs, tech leads, senior engineers — from both sides.</li>
            <li><strong>Cadence:</strong> once a quarter, and after a major release; at least six weeks apart so agreements have time to show.</li>
            <li><strong>Facilitator:</strong> someone neutral, from neither side, so neither side feels the discussion is steered.</li>
            <li><strong>90 minutes:</strong> 20 to write cards, 40 for themes (group, vote, discuss), 30 for agreements.</li>
            <li><strong>Agreements:</strong> bilateral (each side commits to something), observable, and time-boxed to the next retro.</li>
          </ul>
          <p><a href="/docs">API reference</a></p>
        </aside>
      </div>
    </main>
  )
}
