/** Which screen a path shows. API paths (`/retros/…`, `/teams/…`) never reach the app. */
export type Route =
  | { readonly screen: "participant"; readonly retroId: string }
  | { readonly screen: "facilitator"; readonly retroId: string }
  | { readonly screen: "team"; readonly teamId: string }
  | { readonly screen: "home" }

export const routeOf = (path: string): Route => {
  const [, first, id] = path.split("/").map((s) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  })
  if (first === "join" && id) return { screen: "participant", retroId: id }
  if (first === "facilitate" && id) return { screen: "facilitator", retroId: id }
  if (first === "team" && id) return { screen: "team", teamId: id }
  return { screen: "home" }
}
