/**
 * A card being written survives a reload: the half-typed text is kept per
 * retro and prompt in the tab's sessionStorage, like the participant's token
 * (a shared laptop forgets it when the tab closes), and removed once the card
 * is added. Drafts never leave the browser: nothing here calls the server.
 */

const prefix = (retroId: string) => `retrobridge:draft:${retroId}:`
const draftKey = (retroId: string, prompt: string) => `${prefix(retroId)}${prompt}`

/** The kept draft, or "" (also when storage is disabled or the entry is damaged). */
export const draftOf = (retroId: string, prompt: string): string => {
  try {
    const raw = sessionStorage.getItem(draftKey(retroId, prompt))
    if (raw === null) return ""
    const parsed: unknown = JSON.parse(raw)
    return typeof parsed === "string" ? parsed : ""
  } catch {
    return ""
  }
}

/** Keeps the text; an empty or blank text removes the draft. */
export const saveDraft = (retroId: string, prompt: string, text: string): void => {
  try {
    if (text.trim() === "") sessionStorage.removeItem(draftKey(retroId, prompt))
    else sessionStorage.setItem(draftKey(retroId, prompt), JSON.stringify(text))
  } catch {
    // Storage full or disabled (private mode): the text stays in the field until the tab reloads.
  }
}

export const clearDraft = (retroId: string, prompt: string): void => {
  try {
    sessionStorage.removeItem(draftKey(retroId, prompt))
  } catch {
    // Storage disabled: there is nothing kept to remove.
  }
}

/** Removes every draft of the retro (the participant leaves, or collection is over). */
export const clearDrafts = (retroId: string): void => {
  try {
    const lead = prefix(retroId)
    const keys: Array<string> = []
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i)
      if (key?.startsWith(lead)) keys.push(key)
    }
    for (const key of keys) sessionStorage.removeItem(key)
  } catch {
    // Storage disabled: there is nothing kept to remove.
  }
}
