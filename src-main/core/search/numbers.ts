// Days of the month written two ways. A question asks for high water "on the 2nd of March" where the tide table says
// "2 March", or "on March 2" where a letter says "March 2nd"; BM25 matches whole words, so the lexical leg searches
// such a day in both forms. Only a day next to a month name counts ("2nd of March", "March 2", "2 Mar"): elsewhere
// the two forms rarely stand for each other ("the 5th president" is written "fifth", "14 years" never "14th"), and
// adding the other form there only adds noise (it moved three SQuAD questions, all for the worse, before dates alone
// were taken).

const ORDINAL = /^([1-9]|[12]\d|3[01])(?:st|nd|rd|th)$/i;
const DAY = /^([1-9]|[12]\d|3[01])$/;
const MONTH =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i;

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/**
 * The query's words, each day of the month followed by its other form ("2nd of March" → "2nd 2 of March", "March 2"
 * → "March 2 2nd"). A day is a number from 1 to 31, or its ordinal, with a month name right before or after it (past
 * "of" or "the"), and not joined to a neighbour by punctuation ("3.11", "10:30", "2-3").
 */
export function withNumberForms(query: string): string {
  // words as the store's lexical search reads them, keeping what sits between them to tell "3.11" from "3 11"
  const parts = query.split(/([\p{L}\p{N}_]+)/u);
  const words = parts.filter((_, k) => k % 2 === 1);
  const out: string[] = [];
  words.forEach((word, w) => {
    out.push(word);
    const at = 2 * w + 1;
    if (joined(parts, at - 1) || joined(parts, at + 1) || !nextToMonth(words, w)) return;
    const m = ORDINAL.exec(word);
    if (m) out.push(m[1]!);
    else if (DAY.test(word)) out.push(ordinal(Number(word)));
  });
  return out.join(' ');
}

/** A month name right before or after words[w], past one "of" or "the" ("the 2nd of March", "March the 2nd"). */
function nextToMonth(words: string[], w: number): boolean {
  const filler = (s: string | undefined): boolean => !!s && /^(?:of|the)$/i.test(s);
  const month = (s: string | undefined): boolean => !!s && MONTH.test(s);
  const after = filler(words[w + 1]) ? words[w + 2] : words[w + 1];
  const before = filler(words[w - 1]) ? words[w - 2] : words[w - 1];
  return month(after) || month(before);
}

/** True when the text at `at` sits between two words and joins them: "3.11", "10:30", "1,000", "2-3", "1/2". */
function joined(parts: string[], at: number): boolean {
  return at > 0 && at < parts.length - 1 && /^[.,:/\-–]+$/.test(parts[at]!);
}
