// EPUB: a zip (jszip, behind the zip-bomb guard) of XHTML chapters listed by an OPF package file. The spine gives
// the reading order; each chapter is one location (page = chapter number) and goes through the same HTML block
// extractor as web pages (htmlparser2), so its headings, lists and tables read alike. A chapter without a heading of
// its own is headed by its table-of-contents label (EPUB 3 nav or EPUB 2 NCX).
// officeparser reads EPUB too, but joins the chapters into one stream: the chapter a passage is in would be lost.
import { posix } from 'node:path';
import { parseDocument } from 'htmlparser2';
import type JSZip from 'jszip';
import type { Block } from '../../common/types.js';
import { BlockBuilder } from './blocks.js';
import { parseHtml } from './html.js';
import { FileProblem } from './problem.js';
import { DEFAULT_MAX_EXPANDED_BYTES, openZip } from './zip-guard.js';

interface XmlNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: XmlNode[];
  data?: string;
}

/** Elements by local name (namespace prefixes dropped: `opf:item` and `item` alike). */
function* elements(node: XmlNode, name: string): Generator<XmlNode> {
  for (const c of node.children ?? []) {
    if (c.name && c.name.replace(/^.*:/, '').toLowerCase() === name) yield c;
    yield* elements(c, name);
  }
}

function text(node: XmlNode): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children ?? []).map(text).join('');
}

function xml(src: string): XmlNode {
  return parseDocument(src, { xmlMode: true, decodeEntities: true }) as unknown as XmlNode;
}

function resolveHref(base: string, href: string): string {
  const clean = href.split('#')[0] ?? '';
  try {
    return posix.normalize(posix.join(posix.dirname(base), decodeURIComponent(clean)));
  } catch {
    return posix.normalize(posix.join(posix.dirname(base), clean));
  }
}

async function read(zip: JSZip, path: string): Promise<string | null> {
  const f = zip.file(path);
  return f ? f.async('string') : null;
}

/** Table-of-contents labels by chapter file: the first label that points into a file names it. */
async function tocLabels(zip: JSZip, navPath: string | null, ncxPath: string | null): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const add = (base: string, href: string | undefined, label: string): void => {
    const t = label.replace(/\s+/g, ' ').trim();
    if (href && t && !labels.has(resolveHref(base, href))) labels.set(resolveHref(base, href), t);
  };
  const nav = navPath ? await read(zip, navPath) : null;
  if (nav && navPath) for (const a of elements(xml(nav), 'a')) add(navPath, a.attribs?.['href'], text(a));
  const ncx = ncxPath ? await read(zip, ncxPath) : null;
  if (ncx && ncxPath) {
    for (const point of elements(xml(ncx), 'navpoint')) {
      const label = [...elements(point, 'navlabel')][0];
      const content = [...elements(point, 'content')][0];
      if (label) add(ncxPath, content?.attribs?.['src'], text(label));
    }
  }
  return labels;
}

export async function parseEpub(buf: Buffer, maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES): Promise<Block[]> {
  const zip = await openZip(buf, 'EPUB', 'META-INF/container.xml', maxExpandedBytes);
  const container = xml((await read(zip, 'META-INF/container.xml')) ?? '');
  const opfPath = [...elements(container, 'rootfile')][0]?.attribs?.['full-path'];
  const opfSrc = opfPath ? await read(zip, opfPath) : null;
  if (!opfPath || opfSrc === null) throw new FileProblem('failed', 'corrupt EPUB (its package file is missing)');
  const opf = xml(opfSrc);
  const manifest = new Map<string, { path: string; type: string; properties: string }>();
  for (const item of elements(opf, 'item')) {
    const a = item.attribs ?? {};
    if (a['id'] && a['href'])
      manifest.set(a['id'], {
        path: resolveHref(opfPath, a['href']),
        type: a['media-type'] ?? '',
        properties: a['properties'] ?? '',
      });
  }
  const nav = [...manifest.values()].find((m) => /\bnav\b/.test(m.properties))?.path ?? null;
  const spineEl = [...elements(opf, 'spine')][0];
  const ncxId = spineEl?.attribs?.['toc'];
  const ncx =
    (ncxId ? manifest.get(ncxId)?.path : undefined) ??
    [...manifest.values()].find((m) => m.type === 'application/x-dtbncx+xml')?.path ??
    null;
  const labels = await tocLabels(zip, nav, ncx);

  const out = new BlockBuilder();
  let chapter = 0;
  for (const ref of spineEl ? elements(spineEl, 'itemref') : []) {
    const item = manifest.get(ref.attribs?.['idref'] ?? '');
    if (!item || ref.attribs?.['linear'] === 'no' || item.path === nav || !/html|xml/.test(item.type)) continue;
    const src = await read(zip, item.path);
    if (src === null) continue;
    const blocks = parseHtml(src);
    if (!blocks.some((b) => b.kind === 'paragraph')) continue;
    chapter++;
    const label = labels.get(item.path);
    if (label && !blocks.some((b) => b.kind === 'heading')) {
      // the chapter's first line is often its title set as a plain paragraph: it becomes the heading, not a repeat
      const first = blocks[0];
      if (first && first.text.replace(/\s+/g, ' ').trim() === label) blocks.shift();
      out.heading(label, 1, { page: chapter });
    }
    for (const b of blocks) {
      if (b.kind === 'heading') out.heading(b.text, b.level ?? 1, { page: chapter });
      else out.paragraph(b.text, { page: chapter });
    }
  }
  if (chapter === 0) throw new FileProblem('skipped', 'no text in any chapter');
  return out.blocks;
}
