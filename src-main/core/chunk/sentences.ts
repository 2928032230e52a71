// Sentence and word spans for splitting long paragraphs. Spans are [start, end) offsets into the input;
// together they cover every non-whitespace character, so splitting never drops text.

export type Span = [start: number, end: number];

const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt vs etc al fig figs eq eqs no nos vol vols p pp ch sec cf ca approx dept est ' +
    'inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun e.g i.e ' +
    'u.s u.k a.m p.m ph.d resp incl max min avg'
  ).split(' '),
);

const TERMINATOR = /[.!?…]+["'”’)\]]*(?=\s|$)/g;

function isBoundary(text: string, termStart: number, termEnd: number): boolean {
  const term = text.slice(termStart, termEnd);
  // "!" and "?" always end a sentence; a period or an ellipsis only when the context agrees.
  if (!/^[.…]/.test(term)) return true;
  let wordStart = termStart;
  while (wordStart > 0 && !/\s/.test(text[wordStart - 1] as string)) wordStart--;
  const word = text
    .slice(wordStart, termStart)
    .replace(/^["'“‘([]+/, '')
    .toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  // Initials ("J. Smith") and single letters in enumerations.
  if (/^\p{L}$/u.test(word)) return false;
  // The next sentence should start with something that can start one: not a lowercase letter.
  let next = termEnd;
  while (next < text.length && /\s/.test(text[next] as string)) next++;
  if (next >= text.length) return true;
  return !/\p{Ll}/u.test(text[next] as string);
}

export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipWs(text, 0);
  TERMINATOR.lastIndex = 0;
  for (let m = TERMINATOR.exec(text); m; m = TERMINATOR.exec(text)) {
    const end = m.index + m[0].length;
    if (end <= start || !isBoundary(text, m.index, end)) continue;
    spans.push([start, end]);
    start = skipWs(text, end);
  }
  const tailEnd = trimWsEnd(text, text.length);
  if (tailEnd > start) spans.push([start, tailEnd]);
  return spans;
}

export function splitWords(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    spans.push([m.index, Math.min(to, m.index + m[0].length)]);
  }
  return spans;
}

function skipWs(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

function trimWsEnd(text: string, i: number): number {
  while (i > 0 && /\s/.test(text[i - 1] as string)) i--;
  return i;
}
