// Which file of the built renderer (out/renderer) a URL path names, for both ways the window is served: the
// desktop app's app:// protocol (app/window-policy.ts) and browser mode's HTTP bridge (bridge/static.ts).
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The content types of what the built renderer holds; anything else is not served. */
export const RENDERER_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export type RendererPath = { file: string; type: string | undefined } | { refused: 'bad' | 'outside' };

/**
 * The file under `rootDir` that a URL path (still percent-encoded) names: refused as 'bad' when it does not decode
 * or holds a NUL, as 'outside' when it leaves the folder (`..`, encoded or not). `type` is undefined for a file
 * the renderer does not serve (or a folder: the caller decides what a path without an extension means).
 */
export function rendererPath(rootDir: string, pathname: string): RendererPath {
  const root = resolve(rootDir);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return { refused: 'bad' };
  }
  if (rel.includes('\0')) return { refused: 'bad' };
  const file = resolve(join(root, normalize(rel)));
  if (file !== root && !file.startsWith(root + sep)) return { refused: 'outside' };
  return { file, type: RENDERER_TYPES[extname(file).toLowerCase()] };
}
