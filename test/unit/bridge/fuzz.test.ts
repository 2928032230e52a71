// Hostile traffic against the loopback bridge (server.test.ts covers token, Origin, Host and size basics):
// every refusal is a 4xx with a JSON {ok:false,error:{code,message}} (plain 404/403/400 for static files),
// nothing reaches the engine, and the server keeps answering valid calls.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { channels } from '../../../src-main/common/contract.js';
import { startBridge, type Bridge } from '../../../src-main/bridge/server.js';
import { FakeEngine } from '../../e2e/fake-engine.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP/1.1 over a socket, so paths, headers and bytes go out exactly as written. */
function raw(port: number, head: string, body: Buffer | string = '', host = '127.0.0.1'): Promise<Reply> {
  return new Promise((ok, bad) => {
    const sock = connect({ host, port }, () => {
      const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      sock.write(head.replace(/\n/g, '\r\n') + `content-length: ${b.length}\r\nconnection: close\r\n\r\n`);
      sock.write(b); // no half-close: the server closes (connection: close) after answering
    });
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', bad);
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headText = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = headText.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      let payload = rest.join('\r\n\r\n');
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) payload = unchunk(payload);
      ok({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: payload });
    });
  });
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

function assertJsonError(r: Reply, what: string, code = 'BAD_REQUEST'): void {
  assert.ok(r.status >= 400 && r.status < 500, `${what}: status ${r.status}`);
  assert.match(String(r.headers['content-type']), /^application\/json/, what);
  const body = JSON.parse(r.body) as { ok: boolean; error: { code: string; message: string } };
  assert.equal(body.ok, false, what);
  assert.equal(body.error.code, code, `${what}: ${body.error.code} ${body.error.message}`);
  assert.ok(body.error.message.length > 0 && !/[\r\n]/.test(body.error.message), what);
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('bridge fuzz', () => {
  let bridge: Bridge;
  let engine: FakeEngine;
  let dir: string;
  let port: number;
  const post = (channel: string, body: Buffer | string, extra = '', contentType = 'application/json') =>
    raw(
      port,
      `POST /api/${channel} HTTP/1.1\nhost: 127.0.0.1:${port}\nx-parascope-token: ${bridge.token}\n${contentType ? `content-type: ${contentType}\n` : ''}${extra}`,
      body,
    );
  const stillUp = async () => {
    const r = await post('getSettings', '{}');
    assert.equal(r.status, 200, r.body);
    assert.equal(JSON.parse(r.body).ok, true);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parascope-fuzz-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Parascope</title>');
    engine = new FakeEngine();
    bridge = await startBridge({ engine, port: 0, rendererDir: dir });
    port = Number(new URL(bridge.url).port);
  });
  after(async () => {
    await bridge.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only: other interfaces and ::1 refuse the connection', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address);
    for (const host of ['::1', ...others.slice(0, 4)]) {
      await assert.rejects(
        raw(port, `GET / HTTP/1.1\nhost: 127.0.0.1:${port}\n`, '', host),
        /ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EHOSTUNREACH/,
        host,
      );
    }
    const ok = await raw(port, `GET / HTTP/1.1\nhost: 127.0.0.1:${port}\n`);
    assert.equal(ok.status, 200);
  });

  it('answers seeded random and malformed JSON bodies on every channel with 400 JSON', async () => {
    const r = rng(0xb1d6e);
    const fixed = [
      '{',
      '}',
      '{"a":',
      'nul',
      'undefined',
      'NaN',
      '{"path": NaN}',
      "{'path':'x'}",
      '[1,2',
      '"\\ud800"',
      '1e999999',
      '{"__proto__":{"polluted":1}}',
      '{"constructor":{"prototype":{"polluted":1}}}',
      '[]',
      'null',
      '0',
      '"x"',
      'true',
      '{"path":"/tmp/a\\u0000b","paths":["/tmp\\u0000"],"root":"\\u0000"}',
      '['.repeat(5000) + ']'.repeat(5000),
      '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
    ];
    let sent = 0;
    const before = engine.calls.length;
    for (const channel of channels) {
      const bodies = [...fixed];
      for (let i = 0; i < 12; i++) {
        const len = Math.floor(r() * 200);
        bodies.push(Array.from({ length: len }, () => String.fromCharCode(32 + Math.floor(r() * 95))).join(''));
      }
      for (const body of bodies) {
        const reply = await post(channel, body);
        assertJsonError(reply, `${channel} ${body.slice(0, 40)}`);
        sent++;
      }
    }
    assert.equal(engine.calls.length, before, 'a malformed body reached the engine');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    console.log(`# ${sent} malformed bodies over ${channels.length} channels: all 4xx JSON BAD_REQUEST`);
    await stillUp();
  });

  it('refuses invalid UTF-8 bodies with 400 instead of decoding them to U+FFFD', async () => {
    for (const bytes of [[0xff], [0xc0, 0xae], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]]) {
      const body = Buffer.concat([Buffer.from('{"question":"'), Buffer.from(bytes), Buffer.from('"}')]);
      assertJsonError(await post('ask', body), `bytes ${bytes.join(',')}`);
    }
    await stillUp();
  });

  it('refuses API calls that are not application/json with 415 (no simple cross-site requests)', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'text/json',
      '',
    ]) {
      const r = await post('getSettings', '{}', '', type);
      assert.equal(r.status, 415, type);
      assertJsonError(r, `content-type ${type || '(none)'}`);
    }
    assert.equal((await post('getSettings', '{}', '', 'Application/JSON; charset=utf-8')).status, 200);
  });

  it('refuses wrong methods, origins and hosts with 4xx JSON', async () => {
    const t = bridge.token;
    const cases: [string, string, string?][] = [
      [`GET /api/status HTTP/1.1\nhost: 127.0.0.1:${port}\nx-parascope-token: ${t}\n`, 'BAD_REQUEST'],
      [
        `PUT /api/status HTTP/1.1\nhost: 127.0.0.1:${port}\nx-parascope-token: ${t}\ncontent-type: application/json\n`,
        'BAD_REQUEST',
      ],
      [`DELETE /index.html HTTP/1.1\nhost: 127.0.0.1:${port}\n`, 'BAD_REQUEST'],
      [`POST / HTTP/1.1\nhost: 127.0.0.1:${port}\n`, 'BAD_REQUEST'],
      [
        `POST /api/status HTTP/1.1\nhost: 127.0.0.1:${port}\nx-parascope-token: ${t}\norigin: null\ncontent-type: application/json\n`,
        'FORBIDDEN',
      ],
      [
        `POST /api/status HTTP/1.1\nhost: 127.0.0.1:${port}\nx-parascope-token: ${t}\norigin: http://127.0.0.1:${port}.evil.example\ncontent-type: application/json\n`,
        'FORBIDDEN',
      ],
      [
        `POST /api/status HTTP/1.1\nhost: 127.0.0.1:${port}\nx-parascope-token: ${t}\norigin: https://127.0.0.1:${port}\ncontent-type: application/json\n`,
        'FORBIDDEN',
      ],
      [
        `POST /api/status HTTP/1.1\nhost: 127.0.0.1:${port + 1}\nx-parascope-token: ${t}\ncontent-type: application/json\n`,
        'FORBIDDEN',
      ],
      [
        `POST /api/status HTTP/1.1\nhost: 0.0.0.0:${port}\nx-parascope-token: ${t}\ncontent-type: application/json\n`,
        'FORBIDDEN',
      ],
      [`POST /api/status HTTP/1.1\nhost: [::1]:${port}\nx-parascope-token: ${t}\ncontent-type: application/json\n`, 'FORBIDDEN'],
      [
        `POST /api/status HTTP/1.1\nhost: 127.0.0.1:${port}\nx-parascope-token: ${t}x\ncontent-type: application/json\n`,
        'FORBIDDEN',
      ],
      [`POST /api/status?token= HTTP/1.1\nhost: 127.0.0.1:${port}\ncontent-type: application/json\n`, 'FORBIDDEN'],
      [`POST /api/status HTTP/1.0\nx-parascope-token: ${t}\ncontent-type: application/json\n`, 'FORBIDDEN'], // no Host at all
    ];
    for (const [head, code] of cases)
      assertJsonError(await raw(port, head, '{}'), head.split('\n')[0]! + ' ' + head.split('\n').slice(1).join(' | '), code);
    await stillUp();
  });

  it('refuses oversized headers and malformed HTTP with 4xx JSON, and stays up', async () => {
    const big = await raw(port, `GET / HTTP/1.1\nhost: 127.0.0.1:${port}\nx-filler: ${'a'.repeat(64 * 1024)}\n`);
    assert.equal(big.status, 431);
    assertJsonError(big, 'oversized header');
    const many = await raw(
      port,
      `GET / HTTP/1.1\nhost: 127.0.0.1:${port}\n${Array.from({ length: 3000 }, (_, i) => `x-h${i}: v`).join('\n')}\n`,
    );
    assertJsonError(many, '3000 headers');
    const garbage = await raw(port, 'NOT A REQUEST\n');
    assertJsonError(garbage, 'garbage request line');
    const badLength = await raw(port, `POST /api/status HTTP/1.1\nhost: 127.0.0.1:${port}\ncontent-length: -5\n`);
    assertJsonError(badLength, 'negative content-length');
    await stillUp();
  });

  it('never serves a file outside the renderer folder, however the path is spelled', async () => {
    const paths = [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/..%5c..%5cetc%5cpasswd',
      '/%252e%252e/%252e%252e/etc/passwd',
      '/%c0%ae%c0%ae/etc/passwd',
      '/index.html%00.png',
      '/%00',
      '/%zz',
      '/%',
      '//etc/passwd',
      '/./././../etc/passwd',
      `/${'../'.repeat(40)}etc/passwd`,
      '/etc/passwd',
      `/${'a'.repeat(5000)}.js`,
    ];
    for (const p of paths) {
      const r = await raw(port, `GET ${p} HTTP/1.1\nhost: 127.0.0.1:${port}\n`);
      assert.doesNotMatch(r.body, /root:/, p);
      assert.ok([200, 400, 403, 404].includes(r.status), `${p}: ${r.status}`);
      if (r.status === 200) assert.match(r.body, /<title>Parascope/, `${p} served something else`);
    }
    await stillUp();
  });

  it('refuses the token in the query for API calls (only the event stream takes it there)', async () => {
    const u = new URL(bridge.url);
    const r = await new Promise<number>((ok, bad) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          method: 'POST',
          path: `/api/status?token=${encodeURIComponent(bridge.token)}`,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          ok(res.statusCode ?? 0);
        },
      );
      req.on('error', bad);
      req.end('{}');
    });
    assert.equal(r, 403);
  });
});
