// Packages the app with electron-builder --dir (a stub stands in for the Electron binary, which cannot be
// downloaded here) and checks the layout the packaged app relies on. ~30 s on 2 cores; set
// PARASCOPE_PACKAGING_TEST=0 to skip it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, opts?: object): string[];
  statFile(archive: string, filename: string): { unpacked?: boolean };
};
const skip = process.env.PARASCOPE_PACKAGING_TEST === '0' ? 'PARASCOPE_PACKAGING_TEST=0' : false;

describe('packaging (electron-builder --dir)', { skip, timeout: 600_000 }, () => {
  let tmp: string;
  let resources: string;

  before(() => {
    if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/renderer/index.html'))) {
      const b = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
      assert.equal(b.status, 0, 'electron-vite build failed');
    }
    tmp = mkdtempSync(join(tmpdir(), 'parascope-pack-'));
    const dist = join(tmp, 'electron-dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dist, 'electron'), 0o755);
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/electron-builder/cli.js'),
        '--dir',
        '--linux',
        '--x64',
        `-c.electronDist=${dist}`,
        '-c.electronVersion=45.5.0',
        `-c.directories.output=${join(tmp, 'out')}`,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
    assert.equal(r.status, 0, `electron-builder failed:\n${r.stdout}\n${r.stderr}`);
    resources = join(tmp, 'out', 'linux-unpacked', 'resources');
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('puts the app code in resources/app.asar and nothing from the source tree', () => {
    const archive = join(resources, 'app.asar');
    assert.ok(existsSync(archive));
    const files = new Set(asar.listPackage(archive));
    for (const f of ['/package.json', '/out/main/index.js', '/out/main/engine-child.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      assert.ok(files.has(f), `${f} missing from app.asar`);
    }
    assert.ok(files.has('/node_modules/zod/package.json'), 'runtime dependencies are packaged');
    const leaked = [...files].filter((f) => /^\/(src-main|src-renderer|test|tools|resources|bench)\//.test(f));
    assert.deepEqual(leaked.slice(0, 5), []);
  });

  it('unpacks every native module (*.node) next to the archive', () => {
    const archive = join(resources, 'app.asar');
    const natives = asar.listPackage(archive).filter((f) => f.endsWith('.node'));
    assert.ok(natives.some((f) => f.includes('onnxruntime-node')), 'onnxruntime binding packaged');
    assert.ok(natives.some((f) => f.includes('lancedb')), 'lancedb binding packaged');
    for (const f of natives) {
      assert.ok(asar.statFile(archive, f.slice(1)).unpacked, `${f} is inside the archive`);
      assert.ok(existsSync(join(resources, 'app.asar.unpacked', f)), `${f} not in app.asar.unpacked`);
    }
    assert.ok(existsSync(join(resources, 'app.asar.unpacked/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1')));
    assert.ok(!existsSync(join(resources, 'app.asar.unpacked/node_modules/onnxruntime-node/bin/napi-v6/darwin')), 'other platforms left out');
  });

  it('unpacks the OCR engine, its LSTM cores and the English model as real files, and leaves out the rest', () => {
    const unpacked = join(resources, 'app.asar.unpacked/node_modules');
    assert.ok(existsSync(join(unpacked, '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz')), 'English LSTM model');
    assert.ok(!existsSync(join(unpacked, '@tesseract.js-data/eng/4.0.0')), 'the legacy-engine model is not shipped');
    assert.ok(existsSync(join(unpacked, 'tesseract.js/src/worker-script/node/index.js')), 'the OCR worker script');
    assert.ok(existsSync(join(unpacked, 'tesseract.js-core/tesseract-core-simd-lstm.wasm')));
    assert.ok(!existsSync(join(unpacked, 'tesseract.js-core/tesseract-core-simd.wasm')), 'non-LSTM cores are not shipped');
    const files = new Set(asar.listPackage(join(resources, 'app.asar')));
    assert.ok(files.has('/node_modules/officeparser/package.json'));
    assert.ok(![...files].some((f) => f.startsWith('/node_modules/officeparser/dist/officeparser.browser')), 'browser bundles left out');
  });

  it('ships the bundled models as resources/models/<model>/manifest.json', () => {
    const models = readdirSync(join(root, 'resources/models'), { withFileTypes: true }).filter((d) => d.isDirectory());
    assert.ok(models.length > 0, 'no models in resources/models');
    for (const m of models) {
      assert.ok(existsSync(join(resources, 'models', m.name, 'manifest.json')), `${m.name}/manifest.json missing`);
    }
  });
});
