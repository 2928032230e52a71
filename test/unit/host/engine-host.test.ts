// The engine host both faces use (host/engine-host.ts): calls, events, a cancelled call, a crashed child and its
// restart, over an in-process link with the fake engine; then the real child entry forked by browser mode's spawn.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ParascopeError } from '../../../src-main/common/errors.js';
import type { EngineLike } from '../../../src-main/common/engine-api.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';
import { EngineHost, engineChildEnv, type ChildLink, type SpawnEngine } from '../../../src-main/host/engine-host.js';
import { forkSpawn } from '../../../src-main/host/fork.js';
import { serveEngine } from '../../../src-main/rpc/engine-server.js';
import type { PortLike } from '../../../src-main/rpc/protocol.js';
import { FakeEngine } from '../../e2e/fake-engine.js';

const adapt = (p: MessagePort): PortLike => ({
  postMessage: (m) => p.postMessage(m),
  on: (_e, l) => p.on('message', (data) => l({ data })),
  start: () => p.start(),
});

/** A spawn whose "child" is serveEngine in this process; `crash()` ends the current one as a dying process would. */
function inProcess(make: () => EngineLike): { spawn: SpawnEngine; crash(code: number): void; engines: EngineLike[] } {
  const engines: EngineLike[] = [];
  let exit: ((code: number | null) => void) | null = null;
  let ports: [MessagePort, MessagePort] | null = null;
  const spawn: SpawnEngine = () => {
    const { port1, port2 } = new MessageChannel();
    ports = [port1, port2];
    const engine = make();
    engines.push(engine);
    serveEngine(adapt(port2), async () => engine);
    const link: ChildLink = {
      port: adapt(port1),
      kill: () => {
        port1.close();
        port2.close();
        exit?.(0);
      },
      onExit: (l) => (exit = l),
    };
    return link;
  };
  return {
    spawn,
    engines,
    crash(code) {
      ports?.forEach((p) => p.close());
      exit?.(code);
    },
  };
}

describe('engine host', () => {
  it('answers calls and forwards events from the child', async () => {
    const child = inProcess(() => new FakeEngine());
    const host = new EngineHost({ spawn: child.spawn, dataDir: '/d', modelsDir: '/m', log: () => {} });
    const engine = host.asEngine();
    const seen: string[] = [];
    engine.on('library', (p) => seen.push(p.reason));
    assert.equal((await engine.getSettings({})).mode, 'hybrid');
    const dir = await mkdtemp(join(tmpdir(), 'parascope-host-'));
    try {
      await writeFile(join(dir, 'a.txt'), 'Alpacas hum when curious.\n');
      const added = await engine.addFolders({ paths: [dir] });
      assert.equal(added.indexed, 1);
      assert.deepEqual(seen, ['indexed'], "the child's library event reached the host");
      assert.equal((await engine.status({})).folders.length, 1);
      await assert.rejects(engine.resolveUserPath('/etc/passwd'), (e: ParascopeError) => e.code === 'FORBIDDEN');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.equal(host.starts, 1);
    await host.close();
  });

  it('a cancelled call is answered CANCELLED at once, the engine sees its signal abort, and the child drops its late answer', async () => {
    let release!: () => void;
    let engineSignal: AbortSignal | undefined;
    const child = inProcess(() => {
      const e = new FakeEngine();
      e.status = (_req, signal) => {
        engineSignal = signal;
        return new Promise((ok) => (release = () => ok({ folders: [] } as never)));
      };
      return e;
    });
    const host = new EngineHost({ spawn: child.spawn, dataDir: '/d', modelsDir: '/m', log: () => {} });
    const ac = new AbortController();
    const slow = host.asEngine().status({}, ac.signal); // as the transports call it
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(engineSignal?.aborted, false, 'the engine got a live signal');
    ac.abort();
    await assert.rejects(slow, (e: ParascopeError) => e.code === 'CANCELLED');
    assert.equal(engineSignal?.aborted, true, 'the engine is told to stop, not only the caller');
    release();
    assert.equal(((await host.call('getSettings', {})) as { mode: string }).mode, 'hybrid', 'the link still works');
    await assert.rejects(host.call('status', {}, AbortSignal.abort()), (e: ParascopeError) => e.code === 'CANCELLED');
    await host.close();
  });

  it('a crashed child fails its pending calls with a sentence, the next call starts a new one, and events survive the restart', async () => {
    const child = inProcess(() => {
      const e = new FakeEngine();
      e.status = () => new Promise(() => {}); // never answers: the crash must end it
      return e;
    });
    const logs: string[] = [];
    const host = new EngineHost({ spawn: child.spawn, dataDir: '/d', modelsDir: '/m', log: (l) => logs.push(l) });
    const seen: string[] = [];
    host.asEngine().on('library', (p) => seen.push(p.reason)); // subscribed once, before the crash
    const hanging = host.call('status', {});
    await new Promise((r) => setTimeout(r, 20));
    child.crash(9);
    await assert.rejects(
      hanging,
      (e: ParascopeError) => e.code === 'INTERNAL' && /stopped unexpectedly \(exit code 9\); try again/.test(e.message),
    );
    assert.match(logs.join('\n'), /exited with code 9/);
    assert.equal(((await host.call('getSettings', {})) as { mode: string }).mode, 'hybrid');
    assert.equal(host.starts, 2);
    (child.engines[1] as FakeEngine).emit('library', { reason: 'removed', root: '/r' });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, ['removed'], "the new child's events reach the listener subscribed before the crash");
    await host.close();
    await assert.rejects(host.call('getSettings', {}), /shutting down/);
  });

  it("the child's environment holds malloc to two arenas, unless the user chose", () => {
    assert.equal(engineChildEnv({ PATH: '/bin' })['MALLOC_ARENA_MAX'], '2');
    assert.equal(engineChildEnv({ PATH: '/bin' })['PATH'], '/bin');
    assert.equal(engineChildEnv({ MALLOC_ARENA_MAX: '8' })['MALLOC_ARENA_MAX'], '8');
  });

  it(
    'runs the real child entry in a forked Node process (browser mode), restarts it after a kill, and stops it',
    { timeout: 120_000 },
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'parascope-host-data-'));
      const host = new EngineHost({
        spawn: forkSpawn(),
        dataDir,
        modelsDir: defaultModelsDir(),
        log: () => {},
      });
      try {
        const engine = host.asEngine();
        const s = await engine.status({});
        assert.equal(s.dataDir, dataDir);
        assert.deepEqual(s.folders, []);
        // the child logs to a rotated file in the data folder, as the desktop app's does
        assert.match(await readFile(join(dataDir, 'logs', 'engine.log'), 'utf8'), /embedding model all-MiniLM-L6-v2 on cpu/);
        const first = host.pid;
        assert.ok(first, 'the forked child has a pid');
        if (process.platform === 'linux') {
          const env = (await readFile(`/proc/${first}/environ`, 'utf8')).split('\0');
          const want = `MALLOC_ARENA_MAX=${engineChildEnv()['MALLOC_ARENA_MAX']}`;
          assert.ok(env.includes(want), `the child runs with ${want}`);
        }
        process.kill(first, 'SIGKILL');
        await new Promise((r) => setTimeout(r, 300));
        assert.equal((await engine.getSettings({})).embeddingModel, 'all-MiniLM-L6-v2', 'a new child answers');
        assert.equal(host.starts, 2);
        assert.notEqual(host.pid, first);
        const second = host.pid!;
        await host.close();
        assert.throws(() => process.kill(second, 0), /ESRCH/, 'close() ends the child');
      } finally {
        await host.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
