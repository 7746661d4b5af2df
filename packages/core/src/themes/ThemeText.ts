/**
 * Card text as the suggester sees it: one tokenizer for card texts, theme
 * keywords and a team's earlier cards, so that all three meet on the same
 * stems.
 *
 * @since 0.2.0
 */

const hasVowel = (s: string): boolean => /[aeiouy]/.test(s)

// Porter's rule: "shipp" -> "ship", but "call", "miss", "buzz" keep their double letter.
const undouble = (s: string): string => (/([^aeioulsz])\1$/.test(s) ? s.slice(0, -1) : s)

/**
 * Crude, predictable English stemming so that "estimates", "estimated",
 * "estimating", "estimation" and "estimate" all meet at `estimat`: British
 * `-ise` becomes `-ize`; plurals (`-ies`, `-es` after sibilants, `-s`), `-ied`,
 * `-ization`, `-ation`, `-ing` and `-ed` are stripped (doubled consonants
 * undone); a final `-e` is dropped from words longer than four letters.
 *
 * @since 0.1.0
 */
export const stemThemeWord = (word: string): string => {
  if (word.length <= 3) return word
  let s = word.replace(/is(ation|ations|e|ed|es|ing)$/, "iz$1")
  if (s.length > 4 && s.endsWith("ies")) s = `${s.slice(0, -3)}y`
  else if (s.length > 4 && s.endsWith("ied")) s = `${s.slice(0, -3)}y`
  else if (s.length > 8 && s.endsWith("izations")) s = s.slice(0, -6)
  else if (s.length > 7 && s.endsWith("ization")) s = s.slice(0, -5)
  else if (s.length > 7 && s.endsWith("ations")) s = s.slice(0, -4)
  else if (s.length > 7 && s.endsWith("ation")) s = s.slice(0, -3)
  else if (s.endsWith("ing") && s.length >= 6 && hasVowel(s.slice(0, -3))) s = undouble(s.slice(0, -3))
  else if (s.endsWith("ed") && !s.endsWith("eed") && s.length >= 5 && hasVowel(s.slice(0, -2))) s = undouble(s.slice(0, -2))
  else if (s.endsWith("sses")) s = s.slice(0, -2)
  else if (/(?:x|ch|sh|zz)es$/.test(s)) s = s.slice(0, -2)
  else if (s.endsWith("s") && !/(?:ss|us|is)$/.test(s)) s = s.slice(0, -1)
  if (s.length > 4 && s.endsWith("e")) s = s.slice(0, -1)
  return s
}

/**
 * Negations all become the token `not`, so one phrase "not clear" also
 * matches "wasn't clear", "never clear" and "without a clear"; "nobody told"
 * and "no one told" meet at "not told".
 */
const NEGATIONS = new Set([
  "no", "not", "never", "without", "nobody", "none", "cannot", "cant", "dont", "didnt", "doesnt", "isnt", "wasnt", "arent",
  "werent", "wont", "hasnt", "havent", "hadnt", "couldnt", "shouldnt", "wouldnt", "neither", "nor"
])

/**
 * Numbers, in digits or words, become the token `num` ("took seven", "took
 * 7" and a keyword's "took N" are one construction).
 */
const NUMBERS = new Set([
  "n", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
  "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "dozen"
])

/** The token negations become. @since 0.2.0 */
export const NEGATION_TOKEN = "not"
/** The token numbers become. @since 0.2.0 */
export const NUMBER_TOKEN = "num"

/**
 * Irregular verb forms, so that "heard about" meets "hear about" and "told"
 * meets "tell": the stemmer only knows regular endings. ("understood" is
 * left alone: every "wish … understood" card would otherwise talk about
 * understanding.)
 */
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  ([
    ["hear", "heard"], ["tell", "told"], ["take", "took taken"], ["grow", "grew grown"], ["break", "broke broken"],
    ["say", "said says"], ["know", "knew known"], ["build", "built"], ["find", "found"], ["go", "went gone goes"],
    ["come", "came"], ["get", "got gotten"], ["give", "gave given"], ["make", "made"], ["write", "wrote written"],
    ["think", "thought"], ["bring", "brought"], ["catch", "caught"], ["feel", "felt"], ["leave", "left"], ["mean", "meant"],
    ["run", "ran"], ["see", "saw seen"], ["spend", "spent"], ["keep", "kept"], ["lose", "lost"], ["pay", "paid"],
    ["win", "won"], ["choose", "chose chosen"], ["fall", "fell fallen"], ["drive", "drove driven"], ["forget", "forgot forgotten"],
    ["hide", "hid hidden"], ["lead", "led"], ["speak", "spoke spoken"], ["stand", "stood"], ["teach", "taught"],
    ["throw", "threw thrown"], ["wake", "woke woken"], ["begin", "began begun"], ["do", "did done"], ["sell", "sold"],
    ["send", "sent"], ["fight", "fought"], ["buy", "bought"], ["hold", "held"], ["sit", "sat"], ["understand", "understands"]
  ] as const).flatMap(([base, forms]) => forms.split(" ").map((form) => [form, base] as const))
)

// Stemming runs a handful of regular expressions; the same few hundred words come back card after card.
// Bounded, so that arbitrary input cannot grow it without limit.
const canonicalCache = new Map<string, string>()

const canonical = (word: string): string => {
  let c = canonicalCache.get(word)
  if (c === undefined) {
    if (canonicalCache.size >= 20_000) canonicalCache.clear()
    c = canonicalUncached(word)
    canonicalCache.set(word, c)
  }
  return c
}

const canonicalUncached = (word: string): string =>
  NEGATIONS.has(word)
    ? NEGATION_TOKEN
    : NUMBERS.has(word) || /^\d+(?:st|nd|rd|th|s|x|k|%)?$/.test(word)
    ? NUMBER_TOKEN
    : stemThemeWord(IRREGULAR.get(word) ?? word)

/**
 * The words of a text, lowercased, accents and apostrophes removed,
 * punctuation turned into word breaks.
 *
 * @since 0.2.0
 */
export const themeWords = (text: string): ReadonlyArray<string> => {
  const cleaned = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’]s\b/g, "")
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
  return cleaned.length === 0 ? [] : cleaned.split(" ")
}

/**
 * A text as the suggester sees it: {@link themeWords}, each stemmed;
 * negations become `not` and numbers `num`.
 *
 * @since 0.1.0
 */
export const themeTokens = (text: string): ReadonlyArray<string> => themeWords(text).map(canonical)

/**
 * The tokens of words already split by {@link themeWords}.
 *
 * @since 0.2.0
 */
export const tokensOfWords = (words: ReadonlyArray<string>): ReadonlyArray<string> => words.map(canonical)

/**
 * Words too common in retro cards to say anything about a theme on their
 * own: function words, and the words of the prompts themselves.
 */
const STOPWORDS = new Set([
  "the", "and", "for", "with", "our", "their", "from", "into", "about", "too", "of", "vs", "versus", "to", "a", "an", "in", "on",
  "at", "is", "are", "be", "we", "they", "it", "or", "i", "you", "he", "she", "them", "us", "me", "my", "your", "was", "were",
  "been", "being", "has", "have", "had", "do", "does", "did", "this", "that", "these", "those", "there", "here", "then", "than",
  "so", "but", "if", "as", "by", "up", "out", "off", "over", "very", "just", "all", "any", "some", "each", "every", "what",
  "which", "who", "when", "how", "its", "also", "again", "still", "would", "should", "could", "will", "can", "may", "might",
  "must", "get", "got", "one", "num", "wish", "understood", "understand", "knew", "know", "product", "engineering", "engineer",
  "pm", "pms", "team", "side", "other", "more", "much", "many", "lot", "really", "actually", "always", "now", "even", "only",
  "make", "made", "way", "thing", "time", "work", "want", "need", "like", "new", "good", "well", "it"
].map(stemThemeWord))

/**
 * The features a team's learning counts for a text: the stems of its
 * non-stopwords and their adjacent pairs, each once, with the words they
 * came from (for explanations).
 *
 * @since 0.2.0
 */
export const themeFeatures = (text: string): ReadonlyMap<string, string> => featuresOfWords(themeWords(text))

/**
 * {@link themeFeatures} of words already split by {@link themeWords}.
 *
 * @since 0.2.0
 */
export const featuresOfWords = (words: ReadonlyArray<string>): ReadonlyMap<string, string> => {
  const kept: Array<{ readonly stem: string; readonly word: string }> = []
  for (const word of words) {
    const stem = canonical(word)
    if (stem === NEGATION_TOKEN || STOPWORDS.has(stem) || stem.length < 2) continue
    kept.push({ stem, word })
  }
  const features = new Map<string, string>()
  kept.forEach(({ stem, word }, i) => {
    if (!features.has(stem)) features.set(stem, word)
    const next = kept[i + 1]
    if (next !== undefined) {
      const pair = `${stem} ${next.stem}`
      if (!features.has(pair)) features.set(pair, `${word} ${next.word}`)
    }
  })
  return features
}
