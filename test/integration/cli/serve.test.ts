// `parascope serve` keeps its address from one start to the next (a bookmark keeps working), through real child
// processes: the same port and token twice; a remembered port that is taken gives way to a free one, same token.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const repo = join(import.meta.dirname, '..', '..', '..');
let dataDir: string;

/** Starts serve, returns the URL it prints, and stops it. */
async function address(extra: string[] = []): Promise<URL> {
  const child = spawn(process.execPath, [join(repo, 'bin', 'parascope.mjs'), 'serve', '--data-dir', dataDir, ...extra], {
    env: { ...process.env, PARASCOPE_PROVIDERS: 'cpu' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return await new Promise<URL>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL in 60 s: ${out}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(new URL(m[1]));
        }
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parascope-serve-'));
  // serve needs the built window (a fresh clone has none until the E2E setup builds it)
  if (!existsSync(join(repo, 'out/renderer/index.html'))) {
    const b = spawnSync(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: repo,
      stdio: 'inherit',
    });
    assert.equal(b.status, 0, 'electron-vite build failed');
  }
});
after(() => rm(dataDir, { recursive: true, force: true }));

test(
  'serve prints the same address on every start, and moves off a taken port keeping its token',
  { timeout: 180_000 },
  async () => {
    const first = await address();
    const second = await address();
    assert.equal(second.href, first.href);
    const squatter = createServer();
    await new Promise<void>((ok) => squatter.listen(Number(first.port), '127.0.0.1', () => ok()));
    try {
      const third = await address();
      assert.notEqual(third.port, first.port);
      assert.equal(third.searchParams.get('token'), first.searchParams.get('token'));
    } finally {
      await new Promise((ok) => squatter.close(ok));
    }
    // a port asked for on the command line is used as asked
    const asked = await address(['--port', '0']);
    assert.equal(asked.searchParams.get('token'), first.searchParams.get('token'));
  },
);
