import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ParascopeError } from '../../../src-main/common/errors.js';
import { startBridge, type Bridge } from '../../../src-main/bridge/server.js';
import { FakeEngine } from '../../e2e/fake-engine.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  bridge: Bridge,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  const u = new URL(bridge.url);
  return new Promise((ok, bad) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', bad);
    req.end(opts.body);
  });
}

describe('bridge server', () => {
  let bridge: Bridge;
  let engine: FakeEngine;
  let dir: string;
  let port: string;
  const auth = () => ({ 'x-parascope-token': bridge.token, 'content-type': 'application/json' });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parascope-bridge-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Parascope</title>');
    await writeFile(join(dir, 'notes.txt'), 'Alpacas hum when they are curious.\n');
    engine = new FakeEngine();
    bridge = await startBridge({ engine, port: 0, rendererDir: dir });
    port = new URL(bridge.url).port;
  });
  after(async () => {
    await bridge.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('binds loopback, puts the token in the URL and uses a 32-byte base64url token', () => {
    assert.match(bridge.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    assert.equal(Buffer.from(bridge.token, 'base64url').length, 32);
  });

  it('answers a valid call', async () => {
    const r = await call(bridge, '/api/getSettings', { headers: auth(), body: '{}' });
    assert.equal(r.status, 200);
    const body = JSON.parse(r.body);
    assert.equal(body.ok, true);
    assert.equal(body.result.mode, 'hybrid');
  });

  it('answers the browser shell channels without launching anything', async () => {
    const info = JSON.parse((await call(bridge, '/api/info', { headers: auth(), body: '{}' })).body);
    assert.equal(info.result.shell, 'browser');
    const open = await call(bridge, '/api/openPath', { headers: auth(), body: JSON.stringify({ path: '/etc/passwd' }) });
    assert.equal(open.status, 403);
    assert.equal(JSON.parse(open.body).error.code, 'FORBIDDEN');
  });

  it('a request the page gives up on (closed before the answer) aborts the engine call it started', async () => {
    let seen: AbortSignal | undefined;
    let started!: () => void;
    const running = new Promise<void>((ok) => (started = ok));
    const ask = engine.ask;
    engine.ask = (_req, signal) => {
      seen = signal;
      started();
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new ParascopeError('CANCELLED', 'Cancelled.'))),
      );
    };
    try {
      const ac = new AbortController();
      const u = new URL(bridge.url);
      const gone = fetch(`http://127.0.0.1:${u.port}/api/ask`, {
        method: 'POST',
        headers: auth(),
        body: '{"question":"Why do alpacas hum?"}',
        signal: ac.signal,
      });
      await running;
      assert.equal(seen?.aborted, false);
      ac.abort();
      await assert.rejects(gone);
      for (let i = 0; i < 50 && !seen?.aborted; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(seen?.aborted, true, 'the engine is told to stop');
    } finally {
      engine.ask = ask;
    }
    const r = await call(bridge, '/api/getSettings', { headers: auth(), body: '{}' });
    assert.equal(r.status, 200, 'the bridge keeps answering');
  });

  it('rejects a request without a token', async () => {
    const r = await call(bridge, '/api/status', { headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(r.status, 403);
    assert.equal(JSON.parse(r.body).error.code, 'FORBIDDEN');
  });

  it('refuses the token in the query string for API calls: only the header counts there', async () => {
    const q = `?token=${encodeURIComponent(bridge.token)}`;
    const r = await call(bridge, `/api/status${q}`, { headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(r.status, 403);
    const err = JSON.parse(r.body).error;
    assert.equal(err.code, 'FORBIDDEN');
    assert.match(err.message, /x-parascope-token header/);
    const add = await call(bridge, `/api/addFolders${q}`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: [dir] }),
    });
    assert.equal(add.status, 403);
    // A wrong header is not rescued by a right query token either.
    const both = await call(bridge, `/api/status${q}`, {
      headers: { 'x-parascope-token': 'wrong', 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(both.status, 403);
  });

  it('rejects a wrong token', async () => {
    const r = await call(bridge, '/api/status', {
      headers: { 'x-parascope-token': bridge.token.slice(0, -2) + 'xx' },
      body: '{}',
    });
    assert.equal(r.status, 403);
  });

  it('rejects a foreign Origin', async () => {
    const r = await call(bridge, '/api/status', { headers: { ...auth(), origin: 'http://evil.example' }, body: '{}' });
    assert.equal(r.status, 403);
    const ok = await call(bridge, '/api/status', { headers: { ...auth(), origin: `http://localhost:${port}` }, body: '{}' });
    assert.equal(ok.status, 200);
  });

  it('rejects a Host other than the loopback name (DNS rebinding), even for static files', async () => {
    const r = await call(bridge, '/api/status', { headers: { ...auth(), host: `evil.example:${port}` }, body: '{}' });
    assert.equal(r.status, 403);
    const s = await call(bridge, '/', { method: 'GET', headers: { host: 'evil.example' } });
    assert.equal(s.status, 403);
  });

  it('rejects a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ question: 'x'.repeat(1024 * 1024 + 10) });
    const r = await call(bridge, '/api/ask', { headers: auth(), body: big });
    assert.equal(r.status, 413);
  });

  it('rejects a malformed payload with 400 BAD_REQUEST and a one-line message', async () => {
    for (const body of ['{"paths": "not-an-array"}', '{nope', '{"paths":["/x"],"extra":1}']) {
      const r = await call(bridge, '/api/addFolders', { headers: auth(), body });
      assert.equal(r.status, 400, body);
      const err = JSON.parse(r.body).error;
      assert.equal(err.code, 'BAD_REQUEST');
      assert.doesNotMatch(err.message, /\n/);
    }
  });

  it('answers an unknown channel with 404', async () => {
    const r = await call(bridge, '/api/deleteEverything', { headers: auth(), body: '{}' });
    assert.equal(r.status, 404);
    assert.equal(JSON.parse(r.body).error.code, 'NOT_FOUND');
  });

  it('maps engine errors to their HTTP status', async () => {
    const r = await call(bridge, '/api/ask', { headers: auth(), body: JSON.stringify({ question: 'anything' }) });
    assert.equal(r.status, 409);
    assert.equal(JSON.parse(r.body).error.code, 'NO_INDEX');
  });

  it('serves the renderer with a CSP header and refuses paths outside it', async () => {
    const r = await call(bridge, '/', { method: 'GET' });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-security-policy']), /default-src 'none'/);
    const esc = await call(bridge, '/..%2f..%2fetc%2fpasswd', { method: 'GET' });
    assert.doesNotMatch(esc.body, /root:/); // falls back to index.html inside the renderer folder
    const txt = await call(bridge, '/%2e%2e/%2e%2e/etc/hostname', { method: 'GET' });
    assert.ok(txt.status === 404 || txt.body.includes('<title>Parascope'), String(txt.status));
  });

  it('delivers progress and library events over SSE (token in the query)', async () => {
    const denied = await call(bridge, '/api/events', { method: 'GET' });
    assert.equal(denied.status, 403);
    const wrong = await call(bridge, `/api/events?token=${bridge.token.slice(0, -2)}xx`, { method: 'GET' });
    assert.equal(wrong.status, 403);
    const u = new URL(bridge.url);
    const received: string[] = [];
    const got = new Promise<void>((ok, bad) => {
      const req = request({ host: u.hostname, port: u.port, path: `/api/events?token=${bridge.token}`, method: 'GET' }, (res) => {
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /text\/event-stream/);
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          received.push(c);
          const all = received.join('');
          if (all.includes('event: library')) {
            req.destroy();
            ok();
          } else if (all.includes(': connected')) engine.emit('library', { reason: 'watch', root: '/r' });
        });
      });
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : bad(e)));
      req.end();
    });
    await got;
    const all = received.join('');
    assert.match(all, /event: library\ndata: {"reason":"watch","root":"\/r"}/);
  });

  it('runs a full add → ask round trip', async () => {
    const add = await call(bridge, '/api/addFolders', { headers: auth(), body: JSON.stringify({ paths: [dir] }) });
    assert.equal(add.status, 200, add.body);
    const ask = await call(bridge, '/api/ask', { headers: auth(), body: JSON.stringify({ question: 'Why do alpacas hum?' }) });
    const body = JSON.parse(ask.body);
    assert.equal(body.ok, true);
    assert.match(body.result.passages[0].path, /notes\.txt$/);
  });
});
