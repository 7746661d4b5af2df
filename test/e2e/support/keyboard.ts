/**
 * Moving through a page with Tab alone, as someone without a pointer does. Reading which
 * element has focus is observation, not input: the only input is keyboard.press/type.
 */
import type { Page } from "playwright-core"

export interface Focused {
  readonly tag: string
  readonly type: string
  /** aria-label, else the label's text, else the element's own text, collapsed. */
  readonly name: string
  readonly visible: boolean
  /** `aria-disabled="true"`: shown greyed out, and a press does nothing until it clears. */
  readonly busy: boolean
}

const describeFocus = `(() => {
  const el = document.activeElement
  if (el === null || el === document.body) return { tag: "body", type: "", name: "", visible: false, busy: false }
  const label = el.getAttribute("aria-label") ?? (el.labels && el.labels.length > 0 ? el.labels[0].textContent : null) ?? el.textContent ?? ""
  const box = el.getBoundingClientRect()
  return { tag: el.tagName.toLowerCase(), type: el.getAttribute("type") ?? "", name: label.replace(/\\s+/g, " ").trim(), visible: box.width > 0 && box.height > 0, busy: el.getAttribute("aria-disabled") === "true" }
})()`

export const focused = async (page: Page): Promise<Focused> => (await page.evaluate(describeFocus)) as Focused

/**
 * Presses Tab until the focused element matches, and fails (listing what it passed) after
 * `limit` presses. A control that cannot be reached this way fails the keyboard test.
 */
export const tabTo = async (page: Page, what: string, matches: (f: Focused) => boolean, limit = 60): Promise<Focused> => {
  const passed: Array<string> = []
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab")
    const f = await focused(page)
    if (matches(f)) {
      if (!f.visible) throw new Error(`Tab reached ${what}, but it is not visible on screen`)
      return f
    }
    passed.push(`${f.tag}${f.type === "" ? "" : `[${f.type}]`} "${f.name.slice(0, 50)}"`)
  }
  throw new Error(`Tab did not reach ${what} in ${limit} presses; focus went through:\n  ${passed.join("\n  ")}`)
}

/** Tabs to the control whose name is or starts with `name` (case-sensitive). */
export const tabToNamed = (page: Page, name: string, tag?: string): Promise<Focused> =>
  tabTo(page, `"${name}"`, (f) => (f.name === name || f.name.startsWith(name)) && (tag === undefined || f.tag === tag))
