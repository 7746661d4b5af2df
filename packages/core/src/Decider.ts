/**
 * The decider pattern every aggregate of the core follows: a command is
 * decided against the current state into events (or a typed error), and events
 * fold into state. Both functions are pure and total; replaying the same events
 * always yields the same state.
 *
 * @since 0.1.0
 */
import { Predicate, Result, Schema, SchemaIssue } from "effect"
import { decodedBy } from "./internal/DecodedCommands.ts"

/**
 * @since 0.1.0
 */
export interface Decider<State, Command, Event, Err> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => Result.Result<ReadonlyArray<Event>, Err>
  readonly evolve: (state: State, event: Event) => State
  /**
   * Optional: folds many events at once, with the same result as folding them
   * one by one with `evolve` — for a decider whose state is cheaper to build
   * in a batch (privately mutable inside the fold, immutable once handed out).
   *
   * @since 0.2.0
   */
  readonly evolveAll?: (state: State, events: Iterable<Event>) => State
}

/**
 * Folds events into state from the decider's initial state.
 *
 * @since 0.1.0
 */
export const replay = <State, Command, Event, Err>(
  decider: Decider<State, Command, Event, Err>,
  events: Iterable<Event>,
  from: State = decider.initialState
): State => {
  if (decider.evolveAll !== undefined) return decider.evolveAll(from, events)
  let state = from
  for (const event of events) state = decider.evolve(state, event)
  return state
}

/**
 * What was wrong with a command's shape, as a rule name:
 * `not-an-object` (the command is not a JSON object), `unknown-command` (no
 * such `_tag`), `required` (a field is missing), `type` (a field has the
 * wrong type), `one-of` (not one of the allowed values), `not-blank`,
 * `max-length`, `min-length`, `no-control-characters` (texts allow newline
 * and tab only), `pattern` (ids and dates), `range` (numbers), `invalid`
 * (any other check).
 *
 * @since 0.2.0
 */
export const InvalidCommandRule = Schema.Literals([
  "not-an-object",
  "unknown-command",
  "required",
  "type",
  "one-of",
  "not-blank",
  "max-length",
  "min-length",
  "no-control-characters",
  "pattern",
  "range",
  "invalid"
])
/** @since 0.2.0 */
export type InvalidCommandRule = typeof InvalidCommandRule.Type

/**
 * A command that does not have the shape its aggregate accepts: decided
 * nothing, appended nothing. `field` is the path of the first bad field
 * (`""` for the command as a whole), `rule` what it broke, `detail` what was
 * expected.
 *
 * @since 0.2.0
 */
export class InvalidCommand extends Schema.TaggedError<InvalidCommand>()("InvalidCommand", {
  command: Schema.String,
  field: Schema.String,
  rule: InvalidCommandRule,
  detail: Schema.String
}) {
  override get message(): string {
    const where = this.field === "" ? this.command : `${this.command}.${this.field}`
    return `${where} is invalid (${this.rule}): ${this.detail}. Fix the command and send it again; nothing was changed.`
  }
}

const representationRules: Readonly<Record<string, InvalidCommandRule>> = {
  "effect/schema/isMaxLength": "max-length",
  "effect/schema/isMaxCodePoints": "max-length",
  "effect/schema/isMinLength": "min-length",
  "effect/schema/isLengthBetween": "max-length",
  "effect/schema/isPattern": "pattern",
  "effect/schema/isGreaterThanOrEqualTo": "range",
  "effect/schema/isGreaterThan": "range",
  "effect/schema/isLessThanOrEqualTo": "range",
  "effect/schema/isLessThan": "range",
  "effect/schema/isBetween": "range",
  "effect/schema/isInt": "type",
  "effect/schema/isFinite": "type"
}

const knownRules: ReadonlySet<string> = new Set(InvalidCommandRule.literals)

/** The first leaf of an issue: its path, the rule it broke and what was expected. */
const firstProblem = (
  issue: SchemaIssue.Issue,
  path: ReadonlyArray<PropertyKey>
): { path: ReadonlyArray<PropertyKey>; rule: InvalidCommandRule; detail: string } => {
  switch (issue._tag) {
    case "Pointer":
      return firstProblem(issue.issue, [...path, ...issue.path])
    // A check on the text as sent, before a transformation (typed text's line endings), fails inside one.
    case "Encoding":
      return firstProblem(issue.issue, path)
    case "Composite":
      return issue.issues[0] === undefined ? { path, rule: "invalid", detail: "invalid value" } : firstProblem(issue.issues[0], path)
    case "Filter": {
      const annotations = issue.filter.annotations as { readonly title?: unknown; readonly expected?: unknown; readonly representation?: { readonly id?: unknown } } | undefined
      const title = annotations?.title
      const id = annotations?.representation?.id
      const rule: InvalidCommandRule = typeof title === "string" && knownRules.has(title)
        ? title as InvalidCommandRule
        : typeof id === "string" ? representationRules[id] ?? "invalid" : "invalid"
      return { path, rule, detail: typeof annotations?.expected === "string" ? `expected ${annotations.expected}` : formatIssue(issue) }
    }
    case "MissingKey":
      return { path, rule: "required", detail: "the field is missing" }
    case "InvalidType":
      return { path, rule: "type", detail: formatIssue(issue) }
    case "AnyOf": {
      // An optional field is a union with undefined: report what the defined member objected to.
      const specific = issue.issues.find((inner) => inner._tag !== "InvalidType")
      if (specific !== undefined) return firstProblem(specific, path)
      return { path, rule: issue.issues.length > 0 ? "type" : "one-of", detail: formatIssue(issue) }
    }
    default:
      return { path, rule: "invalid", detail: formatIssue(issue) }
  }
}

const formatIssue = SchemaIssue.makeFormatterDefault()

const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((text, key) => typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`, "")

/**
 * A decoder for the commands of one aggregate, from its tagged-union schema:
 * any value in, a decoded command or an {@link InvalidCommand} out (never a
 * throw). Commands it returns are remembered, so deciding them again skips
 * the second decode.
 *
 * @since 0.2.0
 */
export interface CommandDecoder<Command> {
  readonly decode: (input: unknown) => Result.Result<Command, InvalidCommand>
  /** True for a command this decoder produced. */
  readonly isDecoded: (command: unknown) => boolean
}

/**
 * Builds a {@link CommandDecoder} for a `Schema.TaggedUnion` of commands.
 *
 * @since 0.2.0
 */
export const makeCommandDecoder = <Command, Encoded>(
  schema: Schema.Codec<Command, Encoded, never, never>
): CommandDecoder<Command> => {
  // One decoder per schema, so a command the handler decoded is not decoded again by `decide`.
  const known = decoderCache.get(schema)
  if (known !== undefined) return known as CommandDecoder<Command>
  const made = buildCommandDecoder(schema)
  decoderCache.set(schema, made)
  return made
}

const decoderCache = new WeakMap<object, CommandDecoder<unknown>>()

const buildCommandDecoder = <Command, Encoded>(
  schema: Schema.Codec<Command, Encoded, never, never>
): CommandDecoder<Command> => {
  // Shared with the core's own builders of commands (a CSV import), which list what they built from decoded parts.
  const decoded = decodedBy(schema)
  // A Schema.TaggedUnion decodes by its tag, so the error names the field of the right command.
  const cases = (schema as { readonly cases?: Readonly<Record<string, Schema.Codec<unknown, unknown, never, never>>> }).cases
  const tags = cases === undefined ? undefined : Object.keys(cases)
  const decoders = new Map<string, (input: unknown) => Result.Result<unknown, Schema.SchemaError>>(
    cases === undefined ? [] : Object.entries(cases).map(([tag, member]) => [tag, Schema.decodeUnknownResult(member)])
  )
  const decodeWhole = Schema.decodeUnknownResult(schema)
  const decode = (input: unknown): Result.Result<Command, InvalidCommand> => {
    if (!Predicate.isObject(input) || Array.isArray(input)) {
      return Result.fail(new InvalidCommand({
        command: "command",
        field: "",
        rule: "not-an-object",
        detail: `expected a JSON object with a _tag, got ${input === null ? "null" : Array.isArray(input) ? "an array" : typeof input}`
      }))
    }
    if (decoded.has(input)) return Result.succeed(input as unknown as Command)
    const tag = (input as { readonly _tag?: unknown })._tag
    const name = typeof tag === "string" ? tag.slice(0, 64) : "command"
    let result: Result.Result<unknown, Schema.SchemaError>
    if (tags !== undefined) {
      const decoder = typeof tag === "string" ? decoders.get(tag) : undefined
      if (decoder === undefined) {
        return Result.fail(new InvalidCommand({ command: name, field: "_tag", rule: "unknown-command", detail: `expected one of ${tags.join(", ")}` }))
      }
      result = decoder(input)
    } else {
      result = decodeWhole(input)
    }
    if (Result.isSuccess(result)) {
      decoded.add(result.success as object)
      return Result.succeed(result.success as Command)
    }
    const problem = firstProblem(result.failure.issue, [])
    return Result.fail(new InvalidCommand({ command: name, field: pathText(problem.path), rule: problem.rule, detail: problem.detail }))
  }
  return { decode, isDecoded: (command) => Predicate.isObject(command) && decoded.has(command) }
}
