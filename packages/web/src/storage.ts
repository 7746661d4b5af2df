/**
 * Where the app keeps the tokens the server showed once.
 *
 * Participant tokens live in sessionStorage: a participant may write on a
 * shared laptop, and closing the tab must leave nothing that lets the next
 * person edit or withdraw their cards. A reload keeps the tab's storage.
 * Facilitator and team-admin tokens live in localStorage: they are held by
 * one person on their own machine and losing them loses control of the retro
 * or team. "Forget on this device" removes them. See
 * docs/decisions/0005-web-ui-library.md.
 */

export interface ParticipantSession {
  readonly token: string
  readonly name: string
  readonly side: "product" | "engineering"
  /** The participant read the anonymity notice (asked once per retro per tab). */
  readonly noticeRead?: boolean | undefined
}

export interface FacilitatorSession {
  readonly token: string
  readonly teamId: string
  /** Shown once at creation; kept so the join link survives a reload. */
  readonly joinPath?: string | undefined
  /** For the start page's list of retros on this device. */
  readonly title?: string | undefined
}

export interface TeamSession {
  readonly token: string
  readonly name: string
}

const read = <A>(store: Storage, key: string): A | undefined => {
  try {
    const raw = store.getItem(key)
    return raw === null ? undefined : (JSON.parse(raw) as A)
  } catch {
    return undefined
  }
}

const write = (store: Storage, key: string, value: unknown): void => {
  try {
    store.setItem(key, JSON.stringify(value))
  } catch {
    // Storage full or disabled (private mode): the session still works until the tab closes.
  }
}

const participantKey = (retroId: string) => `retrobridge:participant:${retroId}`
const facilitatorKey = (retroId: string) => `retrobridge:facilitator:${retroId}`
const teamKey = (teamId: string) => `retrobridge:team:${teamId}`

export const participantSession = (retroId: string) => read<ParticipantSession>(sessionStorage, participantKey(retroId))
export const saveParticipant = (retroId: string, s: ParticipantSession) => write(sessionStorage, participantKey(retroId), s)
export const forgetParticipant = (retroId: string) => sessionStorage.removeItem(participantKey(retroId))

export const facilitatorSession = (retroId: string) => read<FacilitatorSession>(localStorage, facilitatorKey(retroId))
export const saveFacilitator = (retroId: string, s: FacilitatorSession) => write(localStorage, facilitatorKey(retroId), s)
export const forgetFacilitator = (retroId: string) => localStorage.removeItem(facilitatorKey(retroId))

export const teamSession = (teamId: string) => read<TeamSession>(localStorage, teamKey(teamId))
export const saveTeam = (teamId: string, s: TeamSession) => write(localStorage, teamKey(teamId), s)
export const forgetTeam = (teamId: string) => localStorage.removeItem(teamKey(teamId))

/** Teams and retros this browser holds tokens for (home page lists). */
export const storedKeys = (prefix: "team" | "facilitator"): Array<string> => {
  const out: Array<string> = []
  const lead = `retrobridge:${prefix}:`
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)
    if (key?.startsWith(lead)) out.push(key.slice(lead.length))
  }
  return out
}
