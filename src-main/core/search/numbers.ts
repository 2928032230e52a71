// Numbers written two ways. A question asks for "the 2nd of March" where the table says "2 March", or for "the 19
// century" where the text says "19th"; BM25 matches whole words, so the lexical leg searches each such number in
// both forms. Only small whole numbers get an ordinal form (days, centuries, editions): "3.11", "10:30" or "1998"
// are left as they are.

const ORDINAL = /^(\d{1,3})(?:st|nd|rd|th)$/i;
/** A whole number of one or two digits standing alone (not part of "3.11", "10:30", "1,000" or "2-3"). */
const SMALL = /^\d{1,2}$/;

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** The query's words with the other form of each number added after it ("2nd" → "2nd 2", "2" → "2 2nd"). */
export function withNumberForms(query: string): string {
  const out: string[] = [];
  // words as the store's lexical search reads them, keeping what sits between them to tell "3.11" from "3 11"
  const parts = query.split(/([\p{L}\p{N}_]+)/u);
  for (let i = 1; i < parts.length; i += 2) {
    const word = parts[i]!;
    out.push(word);
    const m = ORDINAL.exec(word);
    if (m) out.push(String(Number(m[1])));
    else if (SMALL.test(word) && !joined(parts, i - 1) && !joined(parts, i + 1)) out.push(ordinal(Number(word)));
  }
  return out.join(' ');
}

/** True when the text at `at` sits between two words and joins them: "3.11", "10:30", "1,000", "2-3", "1/2". */
function joined(parts: string[], at: number): boolean {
  return at > 0 && at < parts.length - 1 && /^[.,:/\-–]+$/.test(parts[at]!);
}
