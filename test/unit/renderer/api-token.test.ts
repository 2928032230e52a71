// Browser mode's token: taken from the address once at load, then kept out of it; sent only in the header,
// except for the event stream (EventSource cannot set headers). The real lib/api.ts in a minimal fake browser.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

interface Page {
  replaced: string[];
  storage: Map<string, string>;
  fetches: { url: string; headers: Record<string, string> }[];
  sources: string[];
}

interface ApiModule {
  invoke(channel: string, req: unknown): Promise<unknown>;
  onEvent(event: string, listener: (p: unknown) => void): () => void;
}

const g = globalThis as Record<string, unknown>;
const saved = Object.fromEntries(
  ['window', 'location', 'history', 'sessionStorage', 'fetch', 'EventSource'].map((k) => [k, g[k]]),
);
afterEach(() => Object.assign(g, saved));
let loads = 0;

/** Loads a fresh copy of lib/api.ts as a page at `href` would, with `storage` as its sessionStorage. */
async function load(href: string, storage = new Map<string, string>()): Promise<{ api: ApiModule; page: Page }> {
  const page: Page = { replaced: [], storage, fetches: [], sources: [] };
  Object.assign(g, {
    window: globalThis,
    location: new URL(href),
    history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => page.replaced.push(url) },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) },
    fetch: async (url: string, init: { headers: Record<string, string> }) => {
      page.fetches.push({ url, headers: init.headers });
      return new Response(JSON.stringify({ ok: true, result: { done: true } }));
    },
    EventSource: class {
      constructor(url: string) {
        page.sources.push(url);
      }
      addEventListener(): void {}
    },
  });
  // A variable specifier (and a fresh query) loads a new module instance and keeps tsc's DOM-less Node config away from it.
  const spec = new URL(`../../../src-renderer/lib/api.ts?load=${++loads}`, import.meta.url).href;
  return { api: (await import(spec)) as ApiModule, page };
}

test('the token leaves the address bar at load and travels in the header only', async () => {
  const { api, page } = await load('http://127.0.0.1:4321/?token=s3cret-tok&view=x#results');
  assert.deepEqual(page.replaced, ['/?view=x#results']);
  assert.equal(page.storage.get('parascope.token'), 's3cret-tok');
  assert.deepEqual(await api.invoke('status', {}), { done: true });
  assert.deepEqual(
    page.fetches.map((f) => f.url),
    ['/api/status'],
  );
  assert.equal(page.fetches[0]?.headers['x-parascope-token'], 's3cret-tok');
  api.onEvent('progress', () => undefined);
  assert.deepEqual(page.sources, ['/api/events?token=s3cret-tok']);
});

test('a reload (no token in the address) uses the one this tab kept', async () => {
  const { api, page } = await load('http://127.0.0.1:4321/', new Map([['parascope.token', 'kept-tok']]));
  assert.deepEqual(page.replaced, []);
  await api.invoke('getSettings', {});
  assert.equal(page.fetches[0]?.headers['x-parascope-token'], 'kept-tok');
});
