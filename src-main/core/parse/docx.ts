// DOCX: mammoth converts to HTML (keeping heading styles), then the HTML block extractor makes the blocks.
// Guarded against zip bombs: the archive's declared uncompressed sizes are checked before anything is inflated.
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { Block } from '../../common/types.js';
import { parseHtml } from './html.js';
import { FileProblem } from './problem.js';

export const DEFAULT_MAX_EXPANDED_BYTES = 256 * 1024 * 1024;

function declaredSize(entry: JSZip.JSZipObject): number {
  // jszip keeps the central directory's uncompressed size on the (untyped) _data field.
  const data = (entry as unknown as { _data?: { uncompressedSize?: number } })._data;
  return typeof data?.uncompressedSize === 'number' ? data.uncompressedSize : 0;
}

export async function parseDocx(buf: Buffer, maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES): Promise<Block[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem('failed', `corrupt DOCX (not a valid zip archive: ${msg.split('\n')[0]})`);
  }
  const doc = zip.file('word/document.xml');
  if (!doc) throw new FileProblem('failed', 'corrupt DOCX (word/document.xml is missing)');
  let total = 0;
  zip.forEach((_, entry) => {
    total += declaredSize(entry);
  });
  if (declaredSize(doc) > maxExpandedBytes || total > maxExpandedBytes * 2) {
    throw new FileProblem('failed', 'DOCX expands beyond the size limit');
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: buf },
      // Images would become base64 data URIs: useless for text search and large.
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem('failed', `corrupt DOCX (${msg.split('\n')[0]})`);
  }
  const blocks = parseHtml(html);
  if (blocks.length === 0) throw new FileProblem('skipped', 'no text in document');
  return blocks;
}
