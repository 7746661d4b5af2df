/**
 * Live views of retros for Server-Sent Events, shared per retro within one
 * process: one store subscription per retro however many viewers it has,
 * the retro's state loaded once per change, and each view computed and
 * encoded once per viewer class (the same token on several tabs shares it).
 *
 * A viewer never holds anything back: its queue keeps only the newest frame
 * (a view is whole, so a reader that fell behind skips to the latest), and
 * the hub offers frames without waiting for anyone.
 *
 * The facilitator's view proposes themes for revealed cards; with
 * `themeEvidence` those proposals learn from the team's earlier retros, read
 * once per retro and phase (earlier retros are done; re-reading them on every
 * write would cost the whole team's history per card added).
 *
 * @since 0.2.0
 */
import { Cause, Clock, Effect, Fiber, Queue, Result, Stream } from "effect"
import { Retro, Store, Themes } from "@retrobridge/core"

/** Who watches: a role and its secret (an observer has none). */
type Watcher = Retro.Viewer

interface Viewer {
  /** The viewer class: viewers with the same key see the same view. */
  readonly key: string
  readonly watcher: Watcher
  readonly queue: Queue.Queue<Uint8Array, Cause.Done>
  /** The newest version this viewer has a view of, and that view's JSON without its clocks ({@link timeless}). */
  version: number
  json: string
}

/**
 * A view's JSON without the fields that move with time alone, to tell
 * whether anything the viewer may see changed. A frame sent when nothing
 * visible changed would still say *when* something hidden happened: another
 * participant's edit while cards are hidden, a vote while votes are secret.
 * In the room, that moment says who did it. (Inside a JSON string a quote is
 * escaped, so a card's text cannot match.)
 */
const timeless = (json: string): string => json.replace(/"(?:elapsedMs|remainingMs|overrunMs)":\d+/g, "")

interface Hub {
  readonly viewers: Set<Viewer>
  /** One view session per viewer class: the secret is hashed once, card ownership checked once. */
  readonly sessions: Map<string, Retro.ViewSession>
  /** Wakes the hub; a sliding queue of one, so wake-ups that pile up count once. */
  readonly wake: Queue.Queue<void>
  /** The team's grouping evidence for the facilitator's proposals, and the phase it was read in. */
  evidence: { readonly phase: Retro.Phase; readonly value: Themes.Evidence | undefined } | undefined
  fiber: Fiber.Fiber<void, never> | undefined
}

const encoder = new TextEncoder()
const gone = encoder.encode("event: gone\ndata: {}\n\n")
const failed = encoder.encode("event: error\ndata: {}\n\n")
const heartbeat = encoder.encode(": heartbeat\n\n")
const shutdownFrame = encoder.encode("event: shutdown\ndata: {}\n\n")

const keyOf = (watcher: Watcher): string => watcher.role === "observer" ? "observer" : `${watcher.role}:${watcher.secret}`

/** @since 0.2.0 */
export interface LiveViews {
  /**
   * The frames (`id: <version>`, `event: view`) of one viewer after the
   * version and view it already has, with `: heartbeat` comments while
   * nothing else is waiting; ends after `event: gone` when the viewer may no
   * longer see the retro, and after `event: shutdown` when the server stops.
   */
  readonly frames: (retroId: string, watcher: Watcher, from: { readonly version: number; readonly json: string }) => Stream.Stream<Uint8Array>
}

/**
 * Live views over `store`, loading states through `retros` (its cache is
 * shared with the writes of this process).
 *
 * @since 0.2.0
 */
export const makeLiveViews = (
  store: Store.EventStore["Service"],
  retros: { readonly load: (streamId: string) => Effect.Effect<Store.Loaded<Retro.State>, unknown> },
  options: {
    readonly heartbeatMs?: number | undefined
    /** Completes when the server is stopping: every stream then says `event: shutdown` and ends. */
    readonly shutdown?: Effect.Effect<void> | undefined
    /** The team's grouping evidence for a retro's theme proposals (see the module's notes). */
    readonly themeEvidence?: ((state: Retro.Active) => Effect.Effect<Themes.Evidence, unknown>) | undefined
  } = {}
): LiveViews => {
  const heartbeatMs = options.heartbeatMs ?? 15_000
  let stopping = false
  let watchingShutdown = false

  /** Ends every stream with `event: shutdown`: one watcher for the whole process, not one per viewer. */
  const stopAll = Effect.suspend(() => {
    stopping = true
    const fibers: Array<Fiber.Fiber<void, never>> = []
    for (const hub of hubs.values()) {
      for (const viewer of hub.viewers) end(hub, viewer, shutdownFrame)
      if (hub.fiber !== undefined) fibers.push(hub.fiber)
    }
    hubs.clear()
    return Effect.forEach(fibers, Fiber.interrupt, { discard: true })
  })
  const hubs = new Map<string, Hub>()

  const end = (hub: Hub, viewer: Viewer, last: Uint8Array) => {
    hub.viewers.delete(viewer)
    Queue.offerUnsafe(viewer.queue, last)
    Queue.endUnsafe(viewer.queue)
  }

  /** What the facilitator's view may learn from: read when a facilitator watches revealed cards, once per phase. */
  const evidenceFor = (hub: Hub, state: Retro.State): Effect.Effect<Retro.ViewOptions | undefined> => {
    const read = options.themeEvidence
    if (read === undefined || state.status !== "active" || state.revealOrder === undefined) return Effect.succeed(undefined)
    let watched = false
    for (const viewer of hub.viewers) if (viewer.watcher.role === "facilitator") watched = true
    if (!watched) return Effect.succeed(undefined)
    const cached = hub.evidence
    if (cached !== undefined && cached.phase === state.phase) return Effect.succeed({ themeEvidence: cached.value })
    // A store that cannot read the team's other retros costs the proposals their learning, not the stream.
    return read(state).pipe(
      Effect.orElseSucceed(() => undefined),
      Effect.map((value) => {
        hub.evidence = { phase: state.phase, value }
        return { themeEvidence: value }
      })
    )
  }

  /** Brings every viewer of the retro up to its current state. */
  const publish = (retroId: string, hub: Hub) =>
    Effect.gen(function*() {
      const { state, version } = yield* retros.load(Retro.streamId(retroId))
      const now = yield* Clock.currentTimeMillis
      const viewOptions = yield* evidenceFor(hub, state)
      // Computed once per viewer class and version, shared by every viewer of the class.
      const computed = new Map<string, { readonly seen: string; readonly frame: Uint8Array } | undefined>()
      for (const viewer of hub.viewers) {
        if (viewer.version >= version) continue
        let frame = computed.get(viewer.key)
        if (frame === undefined && !computed.has(viewer.key)) {
          let session = hub.sessions.get(viewer.key)
          if (session === undefined) hub.sessions.set(viewer.key, session = Retro.makeViewSession(viewer.watcher))
          const view = session.view(state, now, viewer.watcher.role === "facilitator" ? viewOptions : undefined)
          if (Result.isSuccess(view)) {
            const json = JSON.stringify(view.success)
            frame = { seen: timeless(json), frame: encoder.encode(`id: ${version}\nevent: view\ndata: ${json}\n\n`) }
          }
          computed.set(viewer.key, frame)
        }
        if (frame === undefined) {
          end(hub, viewer, gone)
          continue
        }
        viewer.version = version
        if (frame.seen === viewer.json) continue
        viewer.json = frame.seen
        Queue.offerUnsafe(viewer.queue, frame.frame)
      }
    })

  const run = (retroId: string, hub: Hub, fromVersion: number): Effect.Effect<void, never> => {
    const changes = store.subscribe(Retro.streamId(retroId), fromVersion).pipe(
      Stream.runForEach(() => Effect.sync(() => Queue.offerUnsafe(hub.wake, undefined)))
    )
    const publisher = Effect.forever(Effect.flatMap(Queue.take(hub.wake), () => publish(retroId, hub)))
    // One timer per retro rather than per viewer; a viewer with a frame waiting needs no heartbeat.
    const heartbeats = Effect.forever(Effect.andThen(Effect.sleep(heartbeatMs), Effect.sync(() => {
      for (const viewer of hub.viewers) if (Queue.sizeUnsafe(viewer.queue) === 0) Queue.offerUnsafe(viewer.queue, heartbeat)
    })))
    return Effect.raceFirst(changes, Effect.raceFirst(publisher, heartbeats)).pipe(
      Effect.catchCause(() =>
        Effect.sync(() => {
          // The store failed under the subscription: every stream says so and ends, and the next viewer starts afresh.
          for (const viewer of hub.viewers) end(hub, viewer, failed)
          if (hubs.get(retroId) === hub) hubs.delete(retroId)
        })
      ),
      Effect.asVoid
    )
  }

  const join = (retroId: string, watcher: Watcher, from: { readonly version: number; readonly json: string }) =>
    Effect.gen(function*() {
      if (options.shutdown !== undefined && !watchingShutdown) {
        watchingShutdown = true
        yield* Effect.forkDetach(Effect.andThen(options.shutdown, stopAll))
      }
      const queue = yield* Queue.sliding<Uint8Array, Cause.Done>(1)
      const viewer: Viewer = { key: keyOf(watcher), watcher, queue, version: from.version, json: timeless(from.json) }
      let hub = hubs.get(retroId)
      if (hub === undefined) {
        hub = { viewers: new Set(), sessions: new Map(), wake: yield* Queue.sliding<void>(1), fiber: undefined, evidence: undefined }
        hubs.set(retroId, hub)
      }
      hub.viewers.add(viewer)
      if (hub.fiber === undefined) {
        // Outlives the request that started it: it serves every viewer of the retro until the last leaves.
        hub.fiber = yield* Effect.forkDetach(run(retroId, hub, from.version))
      }
      // Whatever changed between this viewer's first view and joining reaches it now.
      Queue.offerUnsafe(hub.wake, undefined)
      return { hub, viewer }
    })

  const leave = (retroId: string, hub: Hub, viewer: Viewer) =>
    Effect.suspend(() => {
      hub.viewers.delete(viewer)
      let sameClass = false
      for (const other of hub.viewers) if (other.key === viewer.key) sameClass = true
      // A session remembers the viewer's cards: kept only while someone of its class watches.
      if (!sameClass) hub.sessions.delete(viewer.key)
      if (hub.viewers.size > 0 || hubs.get(retroId) !== hub) return Effect.void
      hubs.delete(retroId)
      const fiber = hub.fiber
      return fiber === undefined ? Effect.void : Effect.forkDetach(Fiber.interrupt(fiber)).pipe(Effect.asVoid)
    })

  return {
    frames: (retroId, watcher, from) =>
      Stream.unwrap(Effect.suspend(() =>
        stopping
          ? Effect.succeed(Stream.make(shutdownFrame))
          : Effect.map(join(retroId, watcher, from), ({ hub, viewer }) =>
            Stream.fromQueue(viewer.queue).pipe(Stream.ensuring(leave(retroId, hub, viewer))))
      ))
  }
}
