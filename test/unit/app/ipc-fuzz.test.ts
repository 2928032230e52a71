// Malformed payloads on every contract channel, through the exact handler ipcMain registers (ipc-handler.ts →
// the shared dispatcher): each answer is a typed error, nothing throws, the engine and the OS are never reached.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channels, requestSchemas, type Channel } from '../../../src-main/common/contract.js';
import { ParascopeError } from '../../../src-main/common/errors.js';
import { createDispatcher, type Envelope } from '../../../src-main/rpc/dispatch.js';
import type { EngineLike } from '../../../src-main/common/engine-api.js';
import { ipcHandler } from '../../../src-main/app/ipc-handler.js';
import { createShellHandlers, type NativeShell } from '../../../src-main/app/shell-handlers.js';

const APP = 'file:///app/out/renderer/index.html';
const LIB = '/library';

/** Records what reached the engine and the OS; resolveUserPath only accepts paths under LIB, like the real one. */
function harness() {
  const reached: string[] = [];
  const resolved: string[] = [];
  const os: string[] = [];
  const handler = (name: string) => async () => {
    reached.push(name);
    return {};
  };
  const engine = Object.fromEntries(channels.map((c) => [c, handler(c)])) as unknown as EngineLike;
  engine.on = () => () => undefined;
  engine.close = async () => undefined;
  engine.resolveUserPath = async (path: string) => {
    resolved.push(path);
    if (!path.startsWith(`${LIB}/`))
      throw new ParascopeError('FORBIDDEN', 'Parascope only opens files in the folders you added.');
    return path;
  };
  const native: NativeShell = {
    openPath: async (p) => (os.push(`open ${p}`), ''),
    showItemInFolder: (p) => void os.push(`show ${p}`),
    pickFolder: async () => (os.push('pick'), null),
  };
  const logs: string[] = [];
  const dispatch = createDispatcher(engine, createShellHandlers(engine, native, '1.0.0'), (m) => logs.push(m));
  const handlers = Object.fromEntries(
    channels.map((c) => [
      c,
      ipcHandler(
        c,
        dispatch,
        (url) => url === APP,
        (m) => logs.push(m),
      ),
    ]),
  ) as Record<Channel, ReturnType<typeof ipcHandler>>;
  const send = (c: Channel, payload: unknown, frameUrl: string | null = APP) =>
    handlers[c]({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, payload);
  return { send, reached, resolved, os, logs };
}

const VALID: Record<Channel, Record<string, unknown>> = {
  addFolders: { paths: [LIB] },
  reindex: { path: LIB },
  removeFolder: { path: LIB },
  cancelIndex: {},
  status: {},
  files: { root: LIB },
  ask: { question: 'Why do alpacas hum?', top: 5 },
  preview: { path: `${LIB}/alpacas.md`, start: 0 },
  listModels: {},
  rebuildIndex: {},
  getSettings: {},
  setSettings: { mode: 'dense', maxFileMB: 10 },
  openPath: { path: `${LIB}/a.txt`, line: 3 },
  showInFolder: { path: `${LIB}/a.txt` },
  pickFolder: {},
  info: {},
};

const HUGE = 'x'.repeat(1_000_000);
function nested(depth: number): unknown {
  let v: unknown = { path: LIB };
  for (let i = 0; i < depth; i++) v = { path: v, paths: [v] };
  return v;
}
const polluted = () => JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as object;

/** Whole payloads that are no request at all. */
const WHOLE: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['0', 0],
  ['-1', -1],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['1e308', 1e308],
  ['true', true],
  ['string', 'status'],
  ['huge string', HUGE],
  ['empty array', []],
  ['array', [VALID.ask]],
  ['bigint', 10n],
  ['symbol', Symbol('x')],
  ['function', () => 1],
  ['date', new Date(0)],
  ['map', new Map([['path', LIB]])],
  ['proto keys', polluted()],
  ['deep', nested(10_000)],
  ['null-proto extra', Object.assign(Object.create(null), { evil: 1 })],
  [
    'throwing getter',
    Object.defineProperty({}, 'path', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    }),
  ],
  [
    'throwing proxy',
    new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
        get: () => {
          throw new Error('boom');
        },
      },
    ),
  ],
];

/** Field values no field of the contract accepts. */
const BAD_FIELD: [string, unknown][] = [
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['-1', -1],
  ['1e308', 1e308],
  ['empty string', ''],
  ['huge string', HUGE],
  ['NUL string', `${LIB}/a\0.txt`],
  ['array of NUL', [`${LIB}\0`]],
  ['object', { a: 1 }],
  ['array of null', [null]],
  ['array of numbers', [1, 2]],
  ['proto object', polluted()],
  ['deep', nested(500)],
];

function variants(c: Channel): [string, unknown][] {
  const base = VALID[c];
  const out: [string, unknown][] = WHOLE.map(([n, v]) => [`whole ${n}`, v]);
  out.push(['extra key', { ...base, extra: 1 }]);
  out.push(['__proto__ own key', Object.assign(JSON.parse('{"__proto__":{"polluted":"yes"}}') as object, base)]);
  out.push(['constructor key', { ...base, constructor: { prototype: { polluted: 'yes' } } }]);
  out.push(['prototype key', { ...base, prototype: { polluted: 'yes' } }]);
  out.push(['huge key', { ...base, [`k\n${'k'.repeat(100_000)}`]: 1 }]);
  for (const key of Object.keys(base)) {
    for (const [n, v] of BAD_FIELD) out.push([`${key}=${n}`, { ...base, [key]: v }]);
  }
  // Fields of the schema absent from the valid example, set to wrong values.
  const shape = (requestSchemas[c] as unknown as { shape: Record<string, unknown> }).shape;
  for (const key of Object.keys(shape).filter((k) => !(k in base))) {
    for (const [n, v] of BAD_FIELD) out.push([`${key}=${n}`, { ...base, [key]: v }]);
  }
  return out;
}

function assertTypedError(env: Envelope, what: string, code = 'BAD_REQUEST'): void {
  assert.equal(env.ok, false, `${what} was accepted`);
  if (env.ok) return;
  assert.equal(env.error.code, code, `${what}: ${env.error.code} ${env.error.message}`);
  assert.equal(typeof env.error.message, 'string');
  assert.ok(
    env.error.message.length > 0 && env.error.message.length <= 300,
    `${what}: message of ${env.error.message.length} chars`,
  );
  assert.doesNotMatch(env.error.message, /[\n\r\0]/, what);
  assert.deepEqual(Object.keys(env.error).sort(), ['code', 'message']);
}

/** mulberry32: a seeded generator, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'path',
  'paths',
  'root',
  'question',
  'top',
  'candidates',
  'mode',
  'rerank',
  'excludes',
  'maxFileMB',
  'page',
  'line',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'x',
  '',
];
function randomValue(r: () => number, depth = 0): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  switch (Math.floor(r() * (depth > 3 ? 6 : 8))) {
    case 0:
      return pick([null, undefined, true, false]);
    case 1:
      return pick([0, -0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, NaN, Infinity, -Infinity, Math.floor(r() * 2000) - 1000]);
    case 2:
      return pick([
        '',
        ' ',
        '\0',
        '../../etc/passwd',
        `${LIB}\0/x`,
        'dense',
        '\u202e',
        '\ud800',
        'x'.repeat(Math.floor(r() * 6000)),
      ]);
    case 3:
      return String.fromCharCode(...Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 0x10000)));
    case 4:
      return pick([LIB, `${LIB}/a.txt`, 'hybrid', 'Why?']);
    case 5:
      return pick([[], {}, Object.create(null)]);
    case 6:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 4); i > 0; i--)
        Object.defineProperty(o, pick(KEYS), {
          value: randomValue(r, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      return o;
    }
  }
}

const hasNul = (v: unknown, d = 0): boolean =>
  typeof v === 'string'
    ? v.includes('\0')
    : d < 6 && typeof v === 'object' && v !== null && Object.values(v).some((x) => hasNul(x, d + 1));

describe('IPC fuzz: malformed payloads on every channel', () => {
  it('answers every fixed malformed payload with BAD_REQUEST and never reaches the engine or the OS', async () => {
    const h = harness();
    let total = 0;
    for (const c of channels) {
      for (const [name, payload] of variants(c)) {
        let env: Envelope;
        try {
          env = await h.send(c, payload);
        } catch (err) {
          assert.fail(`${c} / ${name} threw out of the handler: ${String(err)}`);
        }
        assertTypedError(env, `${c} / ${name}`);
        total++;
      }
    }
    assert.deepEqual(h.reached, []);
    assert.deepEqual(h.resolved, []);
    assert.deepEqual(h.os, []);
    assert.deepEqual(h.logs, [], 'malformed input is not a bug: nothing is logged as INTERNAL');
    assert.ok(total >= channels.length * 20, `${total} payloads`);
    console.log(`# fixed battery: ${total} payloads over ${channels.length} channels, all BAD_REQUEST`);
  });

  it('answers 4,000 seeded random payloads per run with a typed error unless the schema accepts them', async () => {
    const h = harness();
    const r = rng(0x5eed);
    let rejected = 0;
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      const c = channels[i % channels.length]!;
      const payload = r() < 0.15 ? { ...VALID[c], ...(randomValue(r) as object) } : randomValue(r);
      const valid = requestSchemas[c].safeParse(payload).success && !hasNul(payload);
      const before = h.reached.length + h.resolved.length + h.os.length;
      let env: Envelope;
      try {
        env = await h.send(c, payload);
      } catch (err) {
        assert.fail(`case ${i} (${c}) threw: ${String(err)}`);
      }
      if (valid) {
        accepted++;
        continue;
      }
      assertTypedError(env, `case ${i} (${c})`);
      assert.equal(h.reached.length + h.resolved.length + h.os.length, before, `case ${i} (${c}) reached the engine`);
      rejected++;
    }
    assert.deepEqual(h.logs, []);
    assert.ok(rejected > 3000, `${rejected} rejected`);
    console.log(`# random battery (seed 0x5eed): ${rejected} malformed → BAD_REQUEST, ${accepted} happened to be valid`);
  });

  it('leaves Object.prototype and Array.prototype unpolluted', () => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(([] as unknown as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('still answers valid requests on every channel afterwards', async () => {
    const h = harness();
    for (const c of channels) {
      const env = await h.send(c, VALID[c]);
      assert.equal(env.ok, true, `${c}: ${JSON.stringify(env)}`);
    }
    assert.equal(h.reached.length, channels.length - 4); // the four shell channels do not reach engine handlers
  });
});

describe('IPC: sender check and the file boundary', () => {
  it('refuses every channel from a foreign, destroyed or unknown frame with FORBIDDEN, before validation', async () => {
    const h = harness();
    for (const c of channels) {
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'devtools://devtools/x', '', null]) {
        assertTypedError(await h.send(c, VALID[c], url), `${c} from ${String(url)}`, 'FORBIDDEN');
        assertTypedError(await h.send(c, null, url), `${c} (null) from ${String(url)}`, 'FORBIDDEN');
      }
    }
    const throwing = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    const handler = ipcHandler(
      'status',
      async () => assert.fail('dispatched'),
      (url) => url === APP,
      () => undefined,
    );
    assertTypedError(await handler(throwing, {}), 'disposed frame', 'FORBIDDEN');
    assert.deepEqual(h.reached, []);
  });

  it('opens and shows only files under added folders (engine.resolveUserPath), FORBIDDEN otherwise', async () => {
    const h = harness();
    for (const path of [
      '/etc/passwd',
      `${LIB}/../etc/passwd`.replace(`${LIB}/..`, '/x'),
      '/library-evil/a.txt',
      'relative.txt',
      'C:\\Windows\\system32',
    ]) {
      assertTypedError(await h.send('openPath', { path }), `openPath ${path}`, 'FORBIDDEN');
      assertTypedError(await h.send('showInFolder', { path }), `showInFolder ${path}`, 'FORBIDDEN');
    }
    assert.deepEqual(h.os, [], 'the OS was asked to open something outside the library');
    assert.equal(h.resolved.length, 10, 'every path went through resolveUserPath');
    assert.deepEqual(await h.send('openPath', { path: `${LIB}/a.txt`, page: 2 }), { ok: true, result: { opened: true } });
    assert.deepEqual(await h.send('showInFolder', { path: `${LIB}/a.txt` }), { ok: true, result: { shown: true } });
    assert.deepEqual(h.os, [`open ${LIB}/a.txt`, `show ${LIB}/a.txt`]);
  });
});
