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
