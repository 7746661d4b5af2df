/**
 * A `Content-Type` header read the one way the boundary (JSON bodies) and the
 * CSV import both need: its media type, lower-cased, and the `charset` it
 * names, as written (quotes removed), or undefined when it names none.
 */
export const parseContentType = (header: string | undefined): { readonly mediaType: string; readonly charset: string | undefined } => {
  const [mediaType = "", ...parameters] = (header ?? "").split(";").map((part) => part.trim())
  let charset: string | undefined
  for (const parameter of parameters) {
    const match = /^charset\s*=\s*"?([^"]*)"?$/i.exec(parameter)
    if (match !== null) {
      charset = match[1]!
      break
    }
  }
  return { mediaType: mediaType.toLowerCase(), charset }
}
