// The glob matcher for user excludes. Regex-based matchers (ours before, picomatch too) backtrack exponentially on
// patterns like "*a*a*a*a*a*a*a*a*a*a*c"; this one matches segment by segment with the greedy one-star-backtrack
// algorithm, used twice: characters within a segment (`*`), and segments within a path (`**`). O(pattern × path).
//   "*.log"      no slash: matches the base name at any depth
//   "build/"     trailing slash: directories only
//   "**/tmp/**"  a slash inside: matched against the whole path relative to the added folder
//   "?" one character, "[a-z]" / "[!a-z]" one character in / not in the class; "**" as a whole segment spans folders.

export const MAX_EXCLUDE_LENGTH = 256;

type Token = { t: 'lit'; c: string } | { t: 'one' } | { t: 'star' } | { t: 'class'; neg: boolean; ranges: [string, string][] };
type Segment = Token[] | 'globstar';

interface CompiledPattern {
  segments: Segment[];
  dirOnly: boolean;
  basename: boolean;
}

class PatternError extends Error {}

/** One "[...]" starting at chars[start] ("["); returns the token and the index after "]". */
function parseClass(chars: string[], start: number, pattern: string): [Token, number] {
  let i = start + 1;
  const neg = chars[i] === '!';
  if (neg) i++;
  const ranges: [string, string][] = [];
  // A "]" right after "[" or "[!" is a member, as in POSIX shells.
  for (let first = true; i < chars.length && (first || chars[i] !== ']'); first = false) {
    const lo = chars[i] as string;
    const hi = chars[i + 2];
    if (chars[i + 1] === '-' && hi !== undefined && hi !== ']') {
      if (lo > hi) throw new PatternError(`The exclude pattern "${pattern}" has a range out of order (${lo}-${hi}).`);
      ranges.push([lo, hi]);
      i += 3;
    } else {
      ranges.push([lo, lo]);
      i += 1;
    }
  }
  if (i >= chars.length) throw new PatternError(`The exclude pattern "${pattern}" has a "[" without its closing "]".`);
  return [{ t: 'class', neg, ranges }, i + 1];
}

function parseSegment(seg: string, pattern: string): Segment {
  if (/^\*\*+$/.test(seg)) return 'globstar';
  const chars = Array.from(seg);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length;) {
    const c = chars[i] as string;
    if (c === '[') {
      const [tok, next] = parseClass(chars, i, pattern);
      tokens.push(tok);
      i = next;
      continue;
    }
    if (c === '*') {
      if (tokens.at(-1)?.t !== 'star') tokens.push({ t: 'star' }); // "**" inside a segment is a plain "*"
    } else tokens.push(c === '?' ? { t: 'one' } : { t: 'lit', c });
    i++;
  }
  return tokens;
}

function parsePattern(raw: string): CompiledPattern {
  if (raw.length > MAX_EXCLUDE_LENGTH) {
    throw new PatternError(`The exclude pattern "${raw.slice(0, 40)}…" is longer than ${MAX_EXCLUDE_LENGTH} characters.`);
  }
  const dirOnly = raw.endsWith('/');
  const body = dirOnly ? raw.replace(/\/+$/, '') : raw;
  const basename = !body.includes('/');
  const segments: Segment[] = [];
  for (const seg of body.split('/').filter((s) => s.length > 0)) {
    const parsed = parseSegment(seg, raw);
    if (!(parsed === 'globstar' && segments.at(-1) === 'globstar')) segments.push(parsed);
  }
  if (segments.length === 0) throw new PatternError(`The exclude pattern "${raw}" names no file or folder.`);
  return { segments, dirOnly, basename };
}

function tokenMatches(tok: Token, c: string): boolean {
  if (tok.t === 'lit') return tok.c === c;
  if (tok.t === 'one') return true;
  if (tok.t === 'class') return tok.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== tok.neg;
  return false;
}

/**
 * Greedy wildcard matching with one backtrack point: on a mismatch, the last star takes one more item and matching
 * resumes after it. Correct because every non-star token takes exactly one item; each (token, item) pair is tried
 * at most once per star, so the cost is O(tokens × items), never exponential.
 */
function wildMatch<P, I>(
  pat: readonly P[],
  items: readonly I[],
  isStar: (p: P) => boolean,
  eq: (p: P, i: I) => boolean,
): boolean {
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < items.length) {
    const tok = pat[p];
    if (tok !== undefined && isStar(tok)) {
      starP = p++;
      starI = i;
    } else if (tok !== undefined && eq(tok, items[i] as I)) {
      p++;
      i++;
    } else if (starP >= 0) {
      p = starP + 1;
      i = ++starI;
    } else return false;
  }
  while (p < pat.length && isStar(pat[p] as P)) p++;
  return p === pat.length;
}

const segmentMatches = (seg: Segment, name: string): boolean =>
  seg !== 'globstar' && wildMatch(seg, Array.from(name), (t) => t.t === 'star', tokenMatches);

function matchPath(pattern: CompiledPattern, names: readonly string[]): boolean {
  return wildMatch(pattern.segments, names, (s) => s === 'globstar', segmentMatches);
}

function usable(patterns: readonly string[]): string[] {
  return patterns.map((p) => p.trim()).filter((p) => p.length > 0 && !p.startsWith('#'));
}

/** The first invalid pattern as one sentence for the user, or null when all are valid. */
export function validateExcludes(patterns: readonly string[]): string | null {
  for (const p of usable(patterns)) {
    try {
      parsePattern(p);
    } catch (err) {
      if (err instanceof PatternError) return err.message;
      throw err;
    }
  }
  return null;
}

/**
 * Compiles exclude patterns once; returns a predicate over paths relative to the root (forward slashes).
 * Invalid patterns are skipped, not thrown: one saved before validation existed must not break every re-index.
 */
export function compileExcludes(patterns: readonly string[]): (rel: string, isDir: boolean) => boolean {
  const compiled: CompiledPattern[] = [];
  for (const p of usable(patterns)) {
    try {
      compiled.push(parsePattern(p));
    } catch (err) {
      if (!(err instanceof PatternError)) throw err;
    }
  }
  return (rel, isDir) => {
    const names = rel.split('/').filter((s) => s.length > 0);
    const base = names.slice(-1);
    return compiled.some((p) => (!p.dirOnly || isDir) && matchPath(p, p.basename ? base : names));
  };
}
