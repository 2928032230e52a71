// The desktop's per-call cancel: the preload names a call, the window cancels it by that name, and the engine call
// behind it sees its signal abort. Driven through the exact ipcMain callbacks (app/ipc-handler.ts), without Electron.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelHandler, IpcCalls, ipcHandler, type InvokeEventLike } from '../../../src-main/app/ipc-handler.js';
import type { Dispatcher, Envelope } from '../../../src-main/rpc/dispatch.js';

const trusted = (url: string) => url === 'app://parascope/index.html';
const from = (sender: number, url = 'app://parascope/index.html'): InvokeEventLike => ({
  senderFrame: { url },
  sender: { id: sender },
});

/** A dispatcher whose calls run until their signal aborts; it records the signals it was given. */
function slowDispatcher() {
  const signals: (AbortSignal | undefined)[] = [];
  const dispatch: Dispatcher = (_channel, _payload, signal) => {
    signals.push(signal);
    return new Promise<Envelope>((ok) => {
      if (!signal) return;
      signal.addEventListener('abort', () => ok({ ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } }));
    });
  };
  return { dispatch, signals };
}

describe('IPC cancel', () => {
  it('a window cancels its own call by id: the dispatcher sees the abort and the call is answered CANCELLED', async () => {
    const calls = new IpcCalls();
    const { dispatch, signals } = slowDispatcher();
    const handle = ipcHandler('ask', dispatch, trusted, () => {}, calls);
    const cancel = cancelHandler(calls, trusted);
    const answer = handle(from(1), { question: 'q' }, 'call-1');
    assert.equal(calls.size, 1);
    cancel(from(2), 'call-1'); // another window cannot cancel it
    cancel(from(1, 'https://evil.example/'), 'call-1'); // nor a foreign frame of the same contents
    cancel(from(1), 'call-2');
    assert.equal(signals[0]?.aborted, false);
    cancel(from(1), 'call-1');
    assert.equal(signals[0]?.aborted, true);
    assert.deepEqual(await answer, { ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } });
    assert.equal(calls.size, 0, 'a finished call is forgotten');
  });

  it('a call without a usable id runs uncancellable, and odd ids never become keys', async () => {
    const calls = new IpcCalls();
    let signal: AbortSignal | undefined = AbortSignal.abort();
    const dispatch: Dispatcher = async (_c, _p, s) => ((signal = s), { ok: true, result: 1 });
    const handle = ipcHandler('status', dispatch, trusted, () => {}, calls);
    for (const id of [undefined, null, 7, {}, '', 'x'.repeat(65), '../..', 'a b', '__proto__\n']) {
      assert.deepEqual(await handle(from(1), {}, id), { ok: true, result: 1 });
      assert.equal(signal, undefined, String(id));
      signal = AbortSignal.abort();
    }
    assert.equal(calls.size, 0);
    assert.doesNotThrow(() => cancelHandler(calls, trusted)(from(1), { toString: () => 'x' }));
  });

  it('an id reused while its call runs does not take over the first call', async () => {
    const calls = new IpcCalls();
    const { dispatch, signals } = slowDispatcher();
    const handle = ipcHandler('ask', dispatch, trusted, () => {}, calls);
    const first = handle(from(1), {}, 'same');
    void handle(from(1), {}, 'same');
    assert.equal(signals[1], undefined, 'the second runs without a signal');
    cancelHandler(calls, trusted)(from(1), 'same');
    assert.equal(signals[0]?.aborted, true);
    assert.equal((await first).ok, false);
  });
});
