/**
 * The app's entry: picks the screen from the path. The participant's screen
 * is in this entry (it is the first load on a phone); the facilitator, team
 * and start screens load on demand, so their code never weighs on it.
 */
import { render, type ComponentType } from "preact"
import { useEffect, useState } from "preact/hooks"
import { ParticipantPage } from "./participant.tsx"
import { routeOf } from "./route.ts"
import "./styles.css"

/** Loads a screen's chunk on demand. */
const Lazy = <P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props: P }) => {
  const [Screen, setScreen] = useState<ComponentType<P> | undefined>(undefined)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    load().then((s) => setScreen(() => s), () => setFailed(true))
  }, [])
  if (failed) return <main id="main"><p role="alert">This screen could not be loaded. Check the connection and reload the page.</p></main>
  return Screen === undefined ? <main id="main"><p role="status">Loading…</p></main> : <Screen {...props} />
}

const App = () => {
  const route = routeOf(location.pathname)
  switch (route.screen) {
    case "participant":
      return <ParticipantPage retroId={route.retroId} />
    case "facilitator":
      return <Lazy load={() => import("./facilitator.tsx").then((m) => m.FacilitatorPage)} props={{ retroId: route.retroId }} />
    case "team":
      return <Lazy load={() => import("./team.tsx").then((m) => m.TeamPage)} props={{ teamId: route.teamId }} />
    case "home":
      return <Lazy load={() => import("./home.tsx").then((m) => m.HomePage)} props={{}} />
  }
}

render(<App />, document.getElementById("app")!)
