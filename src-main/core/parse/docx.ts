// DOCX: mammoth converts to HTML (keeping heading styles), then the HTML block extractor makes the blocks.
// Guarded against zip bombs (zip-guard.ts) before mammoth inflates anything.
import mammoth from 'mammoth';
import type { Block } from '../../common/types.js';
import { parseHtml } from './html.js';
import { FileProblem } from './problem.js';
import { DEFAULT_MAX_EXPANDED_BYTES, openZip } from './zip-guard.js';

export { DEFAULT_MAX_EXPANDED_BYTES } from './zip-guard.js';

export async function parseDocx(buf: Buffer, maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES): Promise<Block[]> {
  await openZip(buf, 'DOCX', 'word/document.xml', maxExpandedBytes);
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
