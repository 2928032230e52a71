// Format detection by extension. Unknown extensions are treated as text if the content passes the binary check.
// A gzip-compressed document (`notes.md.gz`, `README.gz`, `changelog.Debian.gz`, as Linux keeps its documentation)
// is read as the file it holds, when that is a text format.
import { basename, extname } from 'node:path';

export type Format =
  | 'text'
  | 'markdown'
  | 'rst'
  | 'asciidoc'
  | 'html'
  | 'pdf'
  | 'docx'
  | 'epub'
  | 'pptx'
  | 'odp'
  | 'xlsx'
  | 'ods'
  | 'odt'
  | 'rtf'
  | 'csv'
  | 'tsv'
  | 'eml'
  | 'mbox'
  | 'image';

const BY_EXTENSION: Record<string, Format> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.rst': 'rst',
  '.adoc': 'asciidoc',
  '.asciidoc': 'asciidoc',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.epub': 'epub',
  '.pptx': 'pptx',
  '.odp': 'odp',
  '.xlsx': 'xlsx',
  '.ods': 'ods',
  '.odt': 'odt',
  '.rtf': 'rtf',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.eml': 'eml',
  '.mbox': 'mbox',
  '.mbx': 'mbox',
  // images, read by OCR
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.tif': 'image',
  '.tiff': 'image',
  '.webp': 'image',
  '.bmp': 'image',
};

/**
 * Extensions never read: binary formats, and text formats whose text is drawing or typesetting commands rather than
 * prose (PostScript, SVG: a manual's `.ps` next to its `.pdf` would fill the index with operator soup). Reported as
 * unsupported without opening them.
 */
const KNOWN_BINARY = new Set(
  (
    '.gif .ico .icns .heic .psd .svgz .svg .ps .eps .dvi ' +
    '.mp3 .wav .flac .ogg .m4a .aac .mp4 .mov .avi .mkv .webm ' +
    '.zip .gz .tgz .bz2 .xz .7z .rar .zst .tar .jar .war .dmg .iso .img ' +
    '.exe .dll .so .dylib .o .a .lib .class .pyc .wasm .node .bin .dat ' +
    '.doc .xls .ppt .sqlite .db .onnx .pt .safetensors ' +
    '.ttf .otf .woff .woff2 .eot'
  ).split(' '),
);

/** Formats a `.gz` may hold: text read whole. A compressed PDF, image or office file is not opened. */
const GZIP_INNER = new Set<Format>(['text', 'markdown', 'rst', 'asciidoc', 'html', 'csv', 'tsv', 'mbox', 'eml']);

/**
 * The name of the document a gzip-compressed file holds (`guide.md.gz` → `guide.md`), or null for a name that is
 * not a compressed document (no `.gz`; a `.tar.gz` archive; a manual page, `ls.1.gz`, whose roff macros are not read).
 */
export function gzipInner(path: string): string | null {
  const name = basename(path).toLowerCase();
  if (!name.endsWith('.gz') || name.length <= 3) return null;
  const inner = path.slice(0, -3);
  const ext = extname(inner).toLowerCase();
  if (ext === '.tar' || /^\.[0-9]/.test(ext)) return null;
  return GZIP_INNER.has(detectFormat(inner)) && !KNOWN_BINARY.has(ext) ? inner : null;
}

export function detectFormat(path: string): Format {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.gz')) {
    const inner = gzipInner(path);
    if (inner !== null) return detectFormat(inner);
  }
  if (name.endsWith('.rst.txt')) return 'rst';
  return BY_EXTENSION[extname(name)] ?? 'text';
}

/** False for extensions we know hold no extractable text (images, archives, executables, legacy binary Office). */
export function isSupportedPath(path: string): boolean {
  if (gzipInner(path) !== null) return true;
  return !KNOWN_BINARY.has(extname(path).toLowerCase());
}

/** The extension a user reads in "unsupported file type (…)": both parts of a compressed one (`.tar.gz`, `.1.gz`). */
export function typeLabel(path: string): string {
  const ext = extname(path).toLowerCase();
  if (ext !== '.gz') return ext;
  const inner = extname(path.slice(0, -3)).toLowerCase();
  return inner ? inner + ext : ext;
}
