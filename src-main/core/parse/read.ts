// Reads a file's bytes with the size and permission checks, and decodes text with encoding detection.
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import { sizeLimitReason } from '../ingest/walker.js';
import { FileProblem, fsProblem } from './problem.js';

export async function readBytes(path: string, maxBytes = Infinity): Promise<Buffer> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    fsProblem(err);
  }
  if (size === 0) throw new FileProblem('skipped', 'empty file');
  if (size > maxBytes) {
    throw new FileProblem('skipped', sizeLimitReason(maxBytes));
  }
  try {
    const buf = await readFile(path);
    if (buf.length === 0) throw new FileProblem('skipped', 'empty file');
    return buf;
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    fsProblem(err);
  }
}

const gunzipAsync = promisify(gunzip);

/**
 * The document inside a gzip file (`README.gz`), held to the same size limit as a file on disk: a small `.gz` can
 * expand a thousandfold, and zlib stops at the limit instead of filling memory first.
 */
export async function gunzipDocument(buf: Buffer, maxBytes = Infinity): Promise<Buffer> {
  if (buf[0] !== 0x1f || buf[1] !== 0x8b) throw new FileProblem('failed', 'not a gzip file');
  try {
    const out = await gunzipAsync(buf, Number.isFinite(maxBytes) ? { maxOutputLength: maxBytes } : {});
    if (out.length === 0) throw new FileProblem('skipped', 'empty file');
    return out;
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FileProblem('skipped', `${sizeLimitReason(maxBytes)} once uncompressed`);
    }
    throw new FileProblem('failed', 'damaged gzip file (it cannot be uncompressed)');
  }
}

const SAMPLE = 8192;

/** UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte. */
function sniffUtf16(buf: Buffer): 'le' | 'be' | null {
  const n = Math.min(buf.length, SAMPLE) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZero++;
    if (buf[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'be';
  return null;
}

export function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, SAMPLE);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i] as number;
    if (b === 0) return true;
    // Control characters other than tab, LF, VT, FF, CR and ESC (ANSI colours in logs).
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return n > 0 && control / n > 0.1;
}

function decodeUtf16(buf: Buffer, order: 'le' | 'be', skip: number): string {
  const body = buf.subarray(skip, skip + ((buf.length - skip) & ~1));
  if (order === 'le') return new TextDecoder('utf-16le').decode(body);
  const swapped = Buffer.from(body);
  swapped.swap16();
  return new TextDecoder('utf-16le').decode(swapped);
}

/** Decodes text: UTF-8 (BOM stripped), UTF-16 with or without a BOM; throws FileProblem for binary or invalid text. */
export function decodeText(buf: Buffer): string {
  if (buf.length === 0) throw new FileProblem('skipped', 'empty file');
  if (buf[0] === 0xff && buf[1] === 0xfe) return decodeUtf16(buf, 'le', 2);
  if (buf[0] === 0xfe && buf[1] === 0xff) return decodeUtf16(buf, 'be', 2);
  const utf16 = sniffUtf16(buf);
  if (utf16) return decodeUtf16(buf, utf16, 0);
  if (looksBinary(buf)) throw new FileProblem('skipped', 'binary file');
  // PostScript under another name (a `.ps` is never opened): its text is drawing commands, not prose
  if (buf.subarray(0, 4).toString('latin1') === '%!PS') throw new FileProblem('skipped', 'PostScript file (not read)');
  const skip = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(skip));
  } catch {
    // UTF-8 with a few bad bytes is damaged, not another encoding: read as one, its every accent would turn to junk
    if (mostlyUtf8(buf)) throw new FileProblem('failed', 'not valid UTF-8 text');
    const legacy = decodeLegacy(buf);
    if (legacy === null) throw new FileProblem('failed', 'unknown text encoding (not UTF-8)');
    return legacy;
  }
}

/**
 * Whether the first 64 KB read as UTF-8 with some bad bytes: at least as many well-formed sequences of two or more
 * bytes as stray bytes outside ASCII. Legacy text forms such sequences only by chance, a few among many strays.
 */
function mostlyUtf8(buf: Buffer): boolean {
  const n = Math.min(buf.length, DETECT_SAMPLE);
  let good = 0;
  let stray = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i] as number;
    if (b < 0x80) continue;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= buf.length;
    for (let k = 1; ok && k < len; k++) ok = ((buf[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      good++;
      i += len - 1;
    } else stray++;
  }
  return good >= stray;
}

/** Multi-byte East Asian encodings: a guess of one is taken only when chardet is sure (binary data reads as one). */
const MULTI_BYTE = new Set(['Shift_JIS', 'EUC-JP', 'EUC-KR', 'GB18030', 'Big5']);
const SURE = 90;
const DETECT_SAMPLE = 64 * 1024;

/**
 * Text in a legacy encoding (a Latin-1 or Windows-1252 note, a Windows-1250 or -1251 letter, Shift_JIS), or null
 * when no likely encoding reads it as text. chardet ranks the encodings from the first 64 KB; on short Western text
 * its Latin code pages come out nearly level (a French note: ISO-8859-2 58, ISO-8859-1 54), so Windows-1252, what
 * Western editors wrote, goes first when it ranks within half of the best and reads as text. Then the others, best
 * first, while within half of the best.
 */
function decodeLegacy(buf: Buffer): string | null {
  const ranked = analyse(buf.subarray(0, DETECT_SAMPLE)).filter(
    (m) => !m.name.startsWith('UTF') && m.name !== 'ASCII' && (!MULTI_BYTE.has(m.name) || m.confidence >= SURE),
  );
  const best = ranked[0]?.confidence ?? 0;
  const likely = ranked.filter((m) => m.confidence * 2 >= best).map((m) => (m.name === 'ISO-8859-1' ? 'windows-1252' : m.name));
  // Latin-1 is read as Windows-1252, its superset (its C1 controls are Windows' quotes, dashes and euro sign), as
  // browsers do; iconv-lite decodes, since Node's TextDecoder reads windows-1252 as Latin-1
  const order = likely.includes('windows-1252') ? ['windows-1252', ...likely.filter((n) => n !== 'windows-1252')] : likely;
  for (const encoding of new Set(order)) {
    if (!iconv.encodingExists(encoding)) continue;
    const text = iconv.decode(buf, encoding);
    if (readsAsText(text)) return text;
  }
  return null;
}

/**
 * Symbols of running text in the Western and Cyrillic code pages (not ± ¼ ³ ¶ ¤ ¦, which a wrong page gives); CJK
 * punctuation and full-width forms are counted with the letters.
 */
const TEXT_SYMBOLS = new Set([...'°€£¥§©®™–—‘’‚“”„…•«»·²µ¡¿№\u00a0']);

/**
 * Whether decoded text reads as text: nine in ten characters outside ASCII are letters or symbols of running text.
 * Text decoded in the wrong code page, or bytes that are no text at all, give symbols (Polish read as Windows-1252:
 * ł → ³, ś → ¶, ą → ±), C1 control characters or replacement characters.
 */
function readsAsText(text: string): boolean {
  let outside = 0;
  let readable = 0;
  for (const ch of text.slice(0, DETECT_SAMPLE)) {
    if (ch.charCodeAt(0) < 0x80) continue;
    outside++;
    if (TEXT_SYMBOLS.has(ch) || /[\p{L}\p{M}\u3000-\u303f\uff00-\uffef]/u.test(ch)) readable++; // + CJK punctuation
  }
  return outside > 0 && readable / outside >= 0.9;
}
