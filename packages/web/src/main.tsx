import { render } from "preact"
import "./styles.css"

const App = () => <main id="main"><h1>RetroBridge</h1><p>Loading…</p></main>

render(<App />, document.getElementById("app")!)
