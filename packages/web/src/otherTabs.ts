/**
 * Whether this browser already holds a participant's place in a retro in another tab.
 *
 * A participant's token lives in the tab that joined (sessionStorage: a shared laptop keeps
 * nothing once the tab closes). Opening the join link again in a new tab therefore shows the
 * join form, and joining there makes the same person a second participant, with a second vote
 * budget and without their cards. The tabs ask each other over a BroadcastChannel: only
 * "is anyone here?" and "here", never a token or a name.
 */

const channelName = (retroId: string) => `retrobridge:participant-tabs:${retroId}`

type Message = "anyone-here" | "here"

const open = (retroId: string): BroadcastChannel | undefined => {
  try {
    return typeof BroadcastChannel === "undefined" ? undefined : new BroadcastChannel(channelName(retroId))
  } catch {
    return undefined
  }
}

/** A tab holding a participant's place answers the others' question; returns the function that stops it. */
export const answerOtherTabs = (retroId: string): () => void => {
  const channel = open(retroId)
  if (channel === undefined) return () => undefined
  channel.onmessage = (e: MessageEvent<Message>) => {
    if (e.data === "anyone-here") channel.postMessage("here" satisfies Message)
  }
  return () => channel.close()
}

/** Asks the other tabs; `onFound` runs when one of them holds a participant's place in the retro. */
export const askOtherTabs = (retroId: string, onFound: () => void): () => void => {
  const channel = open(retroId)
  if (channel === undefined) return () => undefined
  channel.onmessage = (e: MessageEvent<Message>) => {
    if (e.data === "here") onFound()
  }
  channel.postMessage("anyone-here" satisfies Message)
  return () => channel.close()
}
