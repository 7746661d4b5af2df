import fc from "fast-check"

// Properties here also count their interesting cases ("this happened at least N times"). Those
// counts depend on the draw, so CI runs every property from one fixed seed: the same generated
// cases on every run, and a red CI always means a real change. FC_SEED=<n> explores other draws
// locally (fast-check prints the seed of any failure so it can be replayed).
fc.configureGlobal({ seed: Number(process.env["FC_SEED"] ?? 20261202) })
