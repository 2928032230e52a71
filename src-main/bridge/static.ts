// Serves the built renderer (out/renderer) read-only, never outside its folder.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
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

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false; // a missing file is a 404, not an error
  }
}

export async function serveStatic(rootDir: string, pathname: string, res: ServerResponse, headOnly: boolean): Promise<void> {
  const root = resolve(rootDir);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad path');
    return;
  }
  if (rel.includes('\0')) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad path');
    return;
  }
  let file = resolve(join(root, normalize(rel)));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
    return;
  }
  if (!(await isFile(file))) {
    // The app is a single page: extensionless paths get index.html, missing assets get 404.
    if (extname(file) !== '' && file !== root) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    file = join(root, 'index.html');
    if (!(await isFile(file))) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The window is not built yet: run `npm run build` (or `npx electron-vite build`) and reload.');
      return;
    }
  }
  const body = await readFile(file);
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': type.startsWith('text/html') ? 'no-cache' : 'max-age=3600',
  });
  res.end(headOnly ? undefined : body);
}
