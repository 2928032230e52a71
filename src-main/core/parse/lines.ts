// Line scanning shared by the line-based formats (text, Markdown, RST). Linear in the text length.

export interface Line {
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character, before the line break. */
  end: number;
  /** 1-based. */
  no: number;
  text: string;
}

export function* lines(text: string): Generator<Line> {
  let start = 0;
  let no = 1;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    yield { start, end, no, text: text.slice(start, end) };
    if (nl >= text.length) return;
    start = nl + 1;
    no++;
  }
}

export function isBlank(s: string): boolean {
  return !/\S/.test(s);
}

/** Where consecutive lines' text lies in the source, without the first line's indent and the last one's trailing
 * space, and the first line's number. */
export function spanOf(ls: readonly Line[]): { start: number; end: number; line: number } {
  const a = ls[0] as Line;
  const b = ls[ls.length - 1] as Line;
  return {
    start: a.start + (a.text.length - a.text.trimStart().length),
    end: b.end - (b.text.length - b.text.trimEnd().length),
    line: a.no,
  };
}

/** Offset of the first non-whitespace character at or after `from`. */
export function skipSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && /\s/.test(text[i] as string)) i++;
  return i;
}

/** Offset just past the last non-whitespace character before `to`. */
export function trimEndAt(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && /\s/.test(text[i - 1] as string)) i--;
  return i;
}
