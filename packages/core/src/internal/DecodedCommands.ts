/**
 * The commands known to be decoded, per command schema: what a command decoder
 * returned, and what the core built itself from decoded parts. A command
 * handler decodes whatever it is handed; a command listed here it takes as is.
 *
 * @since 0.2.0
 */

const registries = new WeakMap<object, WeakSet<object>>()

/** The commands known to satisfy `schema` as decoded values. */
export const decodedBy = (schema: object): WeakSet<object> => {
  let known = registries.get(schema)
  if (known === undefined) registries.set(schema, known = new WeakSet())
  return known
}
