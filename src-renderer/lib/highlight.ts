// Splits a passage into plain and marked segments for the question's words; the template renders them
// as text nodes, so nothing is ever parsed as HTML.
export interface Segment {
  text: string;
  mark: boolean;
}

const STOP = new Set(
  'the and for are was were with that this what which who whom whose when where why how does did do not from into about than then there their they them have has had can could would should will its it’s you your our but all any per via out off'.split(
    ' ',
  ),
);

export function questionTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !STOP.has(w)))];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function highlight(text: string, question: string): Segment[] {
  const terms = questionTerms(question).sort((a, b) => b.length - a.length);
  if (!terms.length) return [{ text, mark: false }];
  // Whole words and their regular inflections (hum → hums, humming; log → logs, logged), case-insensitively; any
  // other letters make another word ("log" never marks "login").
  const inflected = (t: string): string =>
    `${escapeRegExp(t)}(?:s|es|d|ed|ing|er|ers|${escapeRegExp(t.slice(-1))}(?:ed|ing|er|ers))?`;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(inflected).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (i > last) out.push({ text: text.slice(last, i), mark: false });
    out.push({ text: m[0], mark: true });
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), mark: false });
  return out;
}
