// Zip containers (DOCX, PPTX, XLSX, ODF, EPUB) opened behind a zip-bomb guard: the archive's declared sizes are
// checked, then every entry's real inflated size is counted by streaming, before any parser inflates anything.
import { createInflateRaw } from 'node:zlib';
import JSZip from 'jszip';
import { FileProblem } from './problem.js';

export const DEFAULT_MAX_EXPANDED_BYTES = 256 * 1024 * 1024;

interface CompressedLike {
  uncompressedSize?: number;
  compressedContent?: Uint8Array | string;
  compression?: { magic?: string };
}

function compressed(entry: JSZip.JSZipObject): CompressedLike | undefined {
  // jszip keeps the central directory's sizes and the raw entry bytes on the (untyped) _data field.
  return (entry as unknown as { _data?: CompressedLike })._data;
}

function declaredSize(entry: JSZip.JSZipObject): number {
  const size = compressed(entry)?.uncompressedSize;
  // jszip reads the 32-bit field as a signed int: 2 GiB and more come back negative
  return typeof size === 'number' ? size >>> 0 : 0;
}

/**
 * The bytes an entry really inflates to, counted by streaming (nothing kept) and stopped past `limit`:
 * the declared sizes are written by whoever made the file and can lie.
 */
function inflatedSize(entry: JSZip.JSZipObject, limit: number): Promise<number> {
  const data = compressed(entry);
  const raw = data?.compressedContent;
  if (!raw || typeof raw === 'string') return Promise.resolve(declaredSize(entry));
  if (data.compression?.magic !== '\x08\x00') return Promise.resolve(raw.length); // stored
  return new Promise((resolve) => {
    let total = 0;
    const z = createInflateRaw();
    const done = (n: number): void => {
      z.removeAllListeners('data');
      z.destroy();
      resolve(n);
    };
    z.on('data', (b: Buffer) => {
      total += b.length;
      if (total > limit) done(total);
    });
    z.on('end', () => done(total));
    z.on('error', () => done(total)); // corrupt streams are reported by the format's parser
    z.end(raw);
  });
}

/**
 * Opens a zip container, or throws a FileProblem naming the format ("corrupt PPTX (…)"): not a zip, a required
 * part missing, or an archive that expands beyond the limit (the main part alone past `maxExpandedBytes`, or the
 * whole archive past twice that).
 */
export async function openZip(
  buf: Buffer,
  label: string,
  required: string,
  maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES,
): Promise<JSZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem('failed', `corrupt ${label} (not a valid zip archive: ${msg.split('\n')[0]})`);
  }
  const main = zip.file(required);
  if (!main) throw new FileProblem('failed', `corrupt ${label} (${required} is missing)`);
  let total = 0;
  zip.forEach((_, entry) => {
    total += declaredSize(entry);
  });
  if (declaredSize(main) > maxExpandedBytes || total > maxExpandedBytes * 2) {
    throw new FileProblem('failed', `${label} expands beyond the size limit`);
  }
  let inflated = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    inflated += await inflatedSize(entry, maxExpandedBytes * 2 - inflated);
    if (inflated > maxExpandedBytes * 2) throw new FileProblem('failed', `${label} expands beyond the size limit`);
  }
  return zip;
}
