// Reads a file's bytes with the size and permission checks, and decodes text with encoding detection.
import { readFile, stat } from 'node:fs/promises';
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
  const skip = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(skip));
  } catch {
    throw new FileProblem('failed', 'not valid UTF-8 text');
  }
}
