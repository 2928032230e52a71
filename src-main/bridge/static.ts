// Serves the built renderer (out/renderer) read-only, never outside its folder.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { RENDERER_TYPES, rendererPath } from '../core/renderer-files.js';

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false; // a missing file is a 404, not an error
  }
}

export async function serveStatic(rootDir: string, pathname: string, res: ServerResponse, headOnly: boolean): Promise<void> {
  const hit = rendererPath(rootDir, pathname);
  if ('refused' in hit) {
    if (hit.refused === 'bad') res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad path');
    else res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
    return;
  }
  const root = resolve(rootDir);
  let file = hit.file;
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
  const type = (file === hit.file ? hit.type : undefined) ?? RENDERER_TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': type.startsWith('text/html') ? 'no-cache' : 'max-age=3600',
  });
  res.end(headOnly ? undefined : body);
}
