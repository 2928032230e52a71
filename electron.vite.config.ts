import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { CSP, devCsp } from './src-main/common/csp.js';

const root = import.meta.dirname;
const NATIVE = [
  'onnxruntime-node',
  '@lancedb/lancedb',
  '@huggingface/tokenizers',
  'pdfjs-dist',
  'mammoth',
  'apache-arrow',
  // load files beside themselves at run time (worker scripts, WebAssembly, the OCR model, native canvas)
  'tesseract.js',
  '@tesseract.js-data/eng',
  '@napi-rs/canvas',
  'officeparser',
];

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

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: NATIVE },
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          'engine-child': resolve(root, 'src-main/host/engine-child.ts'),
          // The parser pool starts `./worker.js` beside the bundled engine (see core/parse/pool.ts).
          worker: resolve(root, 'src-main/core/parse/worker.ts'),
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
