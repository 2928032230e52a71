import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { CSP, devCsp } from './src-main/bridge/csp.js';

const root = import.meta.dirname;
const NATIVE = ['onnxruntime-node', '@lancedb/lancedb', '@huggingface/tokenizers', 'pdfjs-dist', 'mammoth', 'apache-arrow'];

/** The CSP meta tag: strict in the built app, relaxed for Vite's dev server (inline HMR styles, websocket). */
function cspMeta(): Plugin {
  let dev = false;
  return {
    name: 'parascope-csp-meta',
    configResolved(c) {
      dev = c.command === 'serve';
    },
    transformIndexHtml(html, ctx) {
      const policy = dev && ctx.server ? devCsp(`http://localhost:${ctx.server.config.server.port ?? 5173}`) : CSP;
      return html.replace('%PARASCOPE_CSP%', policy);
    },
  };
}

/** Until src-main/core/engine.ts exists, the engine child builds against a stub that reports it. */
function engineFallback(): Plugin {
  const real = resolve(root, 'src-main/core/engine.ts');
  return {
    name: 'parascope-engine-fallback',
    resolveId(source, importer) {
      if (source === '../core/engine.js' && importer?.endsWith('engine-child.ts') && !existsSync(real)) {
        return resolve(root, 'src-main/app/engine-missing.ts');
      }
      return null;
    },
  };
}

export default defineConfig({
  main: {
    plugins: [engineFallback()],
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: NATIVE },
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          'engine-child': resolve(root, 'src-main/app/engine-child.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() packages or load ESM: one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [svelte(), cspMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
