// Format detection by extension. Unknown extensions are treated as text if the content passes the binary check.
import { basename, extname } from 'node:path';

export type Format =
  | 'text'
  | 'markdown'
  | 'rst'
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

/** Extensions that are never text: reported as unsupported without opening them. */
const KNOWN_BINARY = new Set(
  (
    '.gif .ico .icns .heic .psd .svgz ' +
    '.mp3 .wav .flac .ogg .m4a .aac .mp4 .mov .avi .mkv .webm ' +
    '.zip .gz .tgz .bz2 .xz .7z .rar .zst .tar .jar .war .dmg .iso .img ' +
    '.exe .dll .so .dylib .o .a .lib .class .pyc .wasm .node .bin .dat ' +
    '.doc .xls .ppt .sqlite .db .onnx .pt .safetensors ' +
    '.ttf .otf .woff .woff2 .eot'
  ).split(' '),
);

export function detectFormat(path: string): Format {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.rst.txt')) return 'rst';
  return BY_EXTENSION[extname(name)] ?? 'text';
}

/** False for extensions we know hold no extractable text (images, archives, executables, legacy binary Office). */
export function isSupportedPath(path: string): boolean {
  return !KNOWN_BINARY.has(extname(path).toLowerCase());
}
