// IdleSession (models/idle-session.ts): a session unused for idleMs is released and opens again on its next run;
// never while a run is in flight. A fake session stands in for onnxruntime here (orchestration only); the real
// models go through it in test/integration/models/loading.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as ort from 'onnxruntime-node';
import { IdleSession } from '../../../src-main/core/models/idle-session.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function fakeSession(log: string[], runMs = 0): ort.InferenceSession {
  const id = log.filter((l) => l === 'open').length;
  return {
    inputNames: ['input_ids'],
    run: async () => {
      log.push(`run ${id}`);
      await sleep(runMs);
      return {};
    },
    release: async () => void log.push(`release ${id}`),
  } as unknown as ort.InferenceSession;
}

test('released after idleMs without a run, opened again by the next run', async () => {
  const log: string[] = ['open'];
  const s = new IdleSession(fakeSession(log), async () => (log.push('open'), fakeSession(log)), 40);
  await s.run({});
  await s.run({});
  assert.equal(s.loaded, true);
  await sleep(80);
  assert.equal(s.loaded, false, 'released when idle');
  await s.run({});
  assert.equal(s.reopened, 1);
  assert.deepEqual(log, ['open', 'run 1', 'run 1', 'release 1', 'open', 'run 2']);
  await s.release();
  assert.deepEqual(log.slice(-1), ['release 2']);
});

test('never released while a run is in flight, and never with idleMs Infinity', async () => {
  const log: string[] = ['open'];
  const s = new IdleSession(fakeSession(log, 120), async () => fakeSession(log), 30);
  const long = s.run({});
  await sleep(60); // past idleMs, but the run has not finished
  assert.equal(s.loaded, true);
  await long;
  await sleep(60);
  assert.equal(s.loaded, false);

  const never = new IdleSession(fakeSession(log), async () => fakeSession(log), Infinity);
  await never.run({});
  await sleep(60);
  assert.equal(never.loaded, true);
  await never.release();
});
