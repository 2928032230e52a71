// The engine utility process's message loop, driven over a real MessageChannel with the fake engine.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ParascopeError } from '../../../src-main/common/errors.js';
import type { ChildMessage } from '../../../src-main/rpc/protocol.js';
import { serveEngine, type PortLike } from '../../../src-main/rpc/engine-server.js';
import { FakeEngine } from '../../e2e/fake-engine.js';

function adapt(p: MessagePort): PortLike {
  return { postMessage: (m) => p.postMessage(m), on: (_e, l) => p.on('message', (data) => l({ data })), start: () => p.start() };
}

function client(port: MessagePort) {
  const seen: ChildMessage[] = [];
  const waiters: ((m: ChildMessage) => void)[] = [];
  port.on('message', (m: ChildMessage) => {
    seen.push(m);
    waiters.forEach((w) => w(m));
  });
  let id = 0;
  return {
    seen,
    next: (pred: (m: ChildMessage) => boolean) =>
      new Promise<ChildMessage>((ok) => {
        const hit = seen.find(pred);
        if (hit) return ok(hit);
        waiters.push((m) => pred(m) && ok(m));
      }),
    call(method: string, arg: unknown) {
      const my = ++id;
      port.postMessage({ type: 'call', id: my, method, arg });
      return this.next((m) => m.type === 'result' && m.id === my);
    },
  };
}

describe('engine-serve', () => {
  it('queues calls until the engine opens, answers them, forwards events and errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parascope-serve-'));
    await writeFile(join(dir, 'a.txt'), 'Alpacas hum when curious.\n');
    const { port1, port2 } = new MessageChannel();
    const c = client(port1);
    let release!: () => void;
    const engine = new FakeEngine();
    const close = serveEngine(adapt(port2), () => new Promise((ok) => (release = () => ok(engine))));
    const early = c.call('getSettings', {});
    release();
    assert.deepEqual((await early) as unknown, { type: 'result', id: 1, ok: true, result: engine.settings });
    assert.ok(c.seen.some((m) => m.type === 'ready'));

    const added = await c.call('addFolders', { paths: [dir] });
    assert.equal(added.type === 'result' && added.ok, true);
    assert.ok(c.seen.some((m) => m.type === 'event' && m.event === 'progress' && m.payload.phase === 'done'));
    assert.ok(c.seen.some((m) => m.type === 'event' && m.event === 'library'));

    const forbidden = await c.call('resolveUserPath', '/etc/passwd');
    assert.deepEqual(forbidden.type === 'result' && !forbidden.ok && forbidden.error.code, 'FORBIDDEN');
    await close();
    port1.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails every call with the open error when the engine cannot open', async () => {
    const { port1, port2 } = new MessageChannel();
    const c = client(port1);
    serveEngine(adapt(port2), () => Promise.reject(new ParascopeError('MODEL_INVALID', 'The model is damaged.')));
    const r = await c.call('status', {});
    assert.equal(r.type === 'result' && !r.ok && r.error.code, 'MODEL_INVALID');
    assert.ok(c.seen.some((m) => m.type === 'fatal'));
    port1.close();
  });
});
