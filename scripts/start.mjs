#!/usr/bin/env node
// `npm start`: the Electron app when its binary is installed, otherwise browser mode (`parascope serve`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron binary, if installed. require('electron') alone would try to download it when missing. */
function electronBinary() {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const rel = existsSync(join(pkgDir, 'path.txt')) ? readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim() : '';
    const installed = process.env.ELECTRON_OVERRIDE_DIST_PATH || (rel && existsSync(join(pkgDir, 'dist', rel)));
    if (!installed) return null;
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

const extra = process.argv.slice(2);
if (electronBinary()) {
  run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'dev', ...extra]);
} else {
  console.log('Electron binary not installed (offline install); starting browser mode instead.');
  if (!existsSync(join(root, 'out/renderer/index.html'))) {
    const built = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  run(process.execPath, [join(root, 'bin/parascope.mjs'), 'serve', ...extra]);
}
