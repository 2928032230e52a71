// Electron's security checklist, item by item, against the pure policy the window applies (window-policy.ts),
// plus the preload's surface and the CSP the session and the built page carry.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CSP, devCsp } from '../../../src-main/common/csp.js';
import {
  APP_PAGE,
  APP_SCHEME_PRIVILEGES,
  appRequestFile,
  isAllowedNavigation,
  isAppUrl,
  isTrustedSender,
  permissionDecision,
  rendererUrl,
  sessionCsp,
  webPreferences,
  windowOpenDecision,
  type WindowOptions,
} from '../../../src-main/app/window-policy.js';

const root = join(import.meta.dirname, '../../..');
const built: WindowOptions = { preload: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer' };
const dev: WindowOptions = { ...built, devUrl: 'http://localhost:5173' };
const appUrl = APP_PAGE;

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([k, ...v]) => [k!, v]),
  );
}

describe('Electron security checklist: webPreferences', () => {
  const prefs = webPreferences(built.preload);
  it('isolates the context and sandboxes the renderer (items 3, 4)', () => {
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
  });
  it('gives Node to no page, worker or sub-frame (item 2)', () => {
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
  });
  it('keeps web security on and insecure content off (items 6, 8)', () => {
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
  });
  it('enables no experimental or Blink features (items 9, 10)', () => {
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.enableBlinkFeatures, undefined);
  });
  it('has no <webview> tag (items 11, 12) and never navigates on a dropped file', () => {
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.navigateOnDragDrop, false);
  });
  it('uses only the given preload and sets nothing unexpected', () => {
    assert.equal(prefs.preload, built.preload);
    assert.deepEqual(Object.keys(prefs).sort(), [
      'allowRunningInsecureContent',
      'contextIsolation',
      'experimentalFeatures',
      'navigateOnDragDrop',
      'nodeIntegration',
      'nodeIntegrationInSubFrames',
      'nodeIntegrationInWorker',
      'preload',
      'safeDialogs',
      'sandbox',
      'spellcheck',
      'webSecurity',
      'webviewTag',
    ]);
  });
});

describe('Electron security checklist: Content-Security-Policy (item 7)', () => {
  const d = directives(CSP);
  it('defaults to nothing and allows only our own files', () => {
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    for (const k of ['script-src', 'style-src', 'connect-src', 'font-src']) assert.deepEqual(d.get(k), ["'self'"], k);
    assert.deepEqual(d.get('img-src'), ["'self'", 'data:']);
    assert.deepEqual(d.get('object-src'), ["'none'"]);
    assert.deepEqual(d.get('base-uri'), ["'none'"]);
    assert.deepEqual(d.get('form-action'), ["'none'"]);
    assert.deepEqual(d.get('frame-ancestors'), ["'none'"]);
  });
  it('has no unsafe-eval, unsafe-inline, wildcard or remote origin', () => {
    assert.doesNotMatch(CSP, /unsafe-eval|unsafe-inline|\*|https?:|wss?:|blob:/);
  });
  it('is what the built app session sends; the dev policy only adds the dev server', () => {
    assert.equal(sessionCsp(built), CSP);
    const devPolicy = sessionCsp(dev);
    assert.equal(devPolicy, devCsp('http://localhost:5173'));
    assert.doesNotMatch(devPolicy, /unsafe-eval/);
    const origins = devPolicy.match(/\b(?:https?|wss?):\/\/[^\s;]+/g) ?? [];
    assert.deepEqual([...new Set(origins)].sort(), ['http://localhost:5173', 'ws://localhost:5173']);
  });
  it('is injected into the page as a meta tag too (the page carries it wherever it is served from)', async () => {
    const html = await readFile(join(root, 'src-renderer/index.html'), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="%PARASCOPE_CSP%"/);
    const config = await readFile(join(root, 'electron.vite.config.ts'), 'utf8');
    assert.match(config, /html\.replace\('%PARASCOPE_CSP%', policy\)/);
  });
});

describe('Electron security checklist: the renderer on app://, not file:// (item 18)', () => {
  it('the built window loads app://parascope/index.html; development loads the dev server', () => {
    assert.equal(rendererUrl(built), 'app://parascope/index.html');
    assert.equal(rendererUrl(dev), 'http://localhost:5173');
    assert.deepEqual(APP_SCHEME_PRIVILEGES, { standard: true, secure: true, supportFetchAPI: true, codeCache: true });
  });
  it('answers with files inside the renderer folder only, typed', () => {
    assert.deepEqual(appRequestFile('app://parascope/index.html', built.rendererDir), {
      file: '/app/out/renderer/index.html',
      type: 'text/html; charset=utf-8',
    });
    assert.deepEqual(appRequestFile('app://parascope/', built.rendererDir)?.file, '/app/out/renderer/index.html');
    assert.deepEqual(appRequestFile('app://parascope/assets/index-x1.js?v=2#h', built.rendererDir), {
      file: '/app/out/renderer/assets/index-x1.js',
      type: 'text/javascript; charset=utf-8',
    });
    assert.equal(appRequestFile('app://parascope/assets/a%20b.css', built.rendererDir)?.file, '/app/out/renderer/assets/a b.css');
  });
  it('refuses traversal, other hosts, other schemes, odd methods and unknown types', () => {
    for (const url of [
      'app://parascope/../../etc/passwd',
      'app://parascope/%2e%2e/%2e%2e/etc/passwd',
      'app://parascope/..%5c..%5cwindows',
      'app://parascope/a%00.js',
      'app://parascope/%E0%A4%A',
      'app://other/index.html',
      'app://u:p@parascope/index.html',
      'file:///app/out/renderer/index.html',
      'https://parascope/index.html',
      'app://parascope/secret.key',
      'app://parascope/assets',
      'not a url',
      '',
    ]) {
      assert.equal(appRequestFile(url, built.rendererDir), null, url);
    }
    assert.equal(appRequestFile('app://parascope/index.html', built.rendererDir, 'POST'), null);
    // `..`, encoded or not, is resolved against the folder's top and never climbs out of it
    for (const url of [
      'app://parascope/assets/%2e%2e%2f%2e%2e%2fmain/index.js',
      'app://parascope/%2e%2e%2f%2e%2e%2f..%2fmain%2findex.js',
    ]) {
      assert.equal(appRequestFile(url, built.rendererDir)?.file, '/app/out/renderer/main/index.js', url);
    }
  });
  it('the window loads rendererUrl and the scheme is registered and handled through the policy', async () => {
    const win = await readFile(join(root, 'src-main/app/window.ts'), 'utf8');
    assert.match(win, /loadURL\(rendererUrl\(opts\)\)/);
    assert.doesNotMatch(win, /loadFile\(/);
    assert.match(win, /protocol\.handle\(APP_SCHEME, [^]*appRequestFile\(req\.url, opts\.rendererDir, req\.method\)/);
    const main = await readFile(join(root, 'src-main/app/main.ts'), 'utf8');
    assert.match(main, /registerSchemesAsPrivileged\(\[\{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES \}\]\)/);
    assert.ok(main.indexOf('registerSchemesAsPrivileged') < main.indexOf('whenReady'), 'registered before ready');
    assert.match(main, /serveApp\(windowOpts\)/);
  });
});

describe('Electron security checklist: navigation, new windows, permissions (items 5, 13, 14, 15)', () => {
  it('refuses navigation to any other page or origin', () => {
    for (const url of [
      'https://evil.example/',
      'http://localhost:5173/',
      'file:///etc/passwd',
      'file:///app/out/renderer/other.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'chrome://gpu',
      '',
      'not a url',
    ]) {
      assert.equal(isAllowedNavigation(url, appUrl, built), false, url);
    }
    assert.equal(isAllowedNavigation('https://evil.example/', 'http://localhost:5173/', dev), false);
    assert.equal(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173/', dev), false);
  });
  it('allows only a reload of the current renderer URL', () => {
    assert.equal(isAllowedNavigation(appUrl, appUrl, built), true);
    assert.equal(isAllowedNavigation(`${appUrl}#x`, appUrl, built), false);
    assert.equal(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173/', dev), true);
  });
  it('denies every window.open; only credential-free https links go to the browser', () => {
    const cases: [string, string | null][] = [
      ['https://example.org/doc?q=1', 'https://example.org/doc?q=1'],
      ['http://example.org/', null],
      ['file:///etc/passwd', null],
      ['javascript:alert(1)', null],
      ['smb://server/share', null],
      ['ms-msdt:/id PCWDiagnostic', null],
      ['https://user:pw@example.org/', null],
      [appUrl, null],
      ['', null],
      ['%%%', null],
    ];
    for (const [url, external] of cases)
      assert.deepEqual(windowOpenDecision(url), { action: 'deny', openExternally: external }, url);
  });
  it('refuses every permission request and check', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
      'serial',
      'usb',
      'unknown',
    ]) {
      assert.equal(permissionDecision(p), false, p);
    }
  });
});

describe('Electron security checklist: IPC sender validation (item 17)', () => {
  it('trusts the built renderer page only, with its query or hash', () => {
    assert.equal(isTrustedSender(appUrl, built), true);
    assert.equal(isTrustedSender(`${appUrl}?a=1`, built), true);
    assert.equal(isTrustedSender(`${appUrl}#/x`, built), true);
    assert.equal(isAppUrl(appUrl, built), true);
  });
  it('rejects foreign frames', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'file:///app/out/renderer/index.html',
      'app://parascope/evil.html',
      'app://parascope/',
      'app://other/index.html',
      'app://u:p@parascope/index.html',
      `${appUrl}x`,
      'devtools://devtools/bundled/inspector.html',
      'chrome-extension://abc/index.html',
      'about:blank',
      'data:text/html,hi',
      '',
      'nonsense',
    ]) {
      assert.equal(isTrustedSender(url, built), false, url);
    }
    assert.equal(isTrustedSender(undefined, built), false);
    assert.equal(isTrustedSender(null, built), false);
  });
  it('in development trusts the dev server origin only', () => {
    assert.equal(isTrustedSender('http://localhost:5173/', dev), true);
    assert.equal(isTrustedSender('http://localhost:5173/src/App.svelte', dev), true);
    for (const url of [
      'http://localhost:5174/',
      'http://127.0.0.1:5173/',
      'https://localhost:5173/',
      'ws://localhost:5173/',
      appUrl,
      'devtools://devtools/x',
    ]) {
      assert.equal(isTrustedSender(url, dev), false, url);
    }
  });
});

describe('Electron security checklist: wiring and preload surface (items 16, 20)', () => {
  it('the window and every web contents use the policy', async () => {
    const win = await readFile(join(root, 'src-main/app/window.ts'), 'utf8');
    assert.match(win, /webPreferences: webPreferences\(opts\.preload\)/);
    assert.match(win, /setPermissionRequestHandler\(.*permissionDecision/);
    assert.match(win, /setPermissionCheckHandler\(.*permissionDecision/);
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) assert.ok(win.includes(`'${ev}'`), ev);
    assert.match(win, /setWindowOpenHandler/);
    const main = await readFile(join(root, 'src-main/app/main.ts'), 'utf8');
    assert.match(main, /'web-contents-created', \(_e, contents\) => hardenContents\(contents, windowOpts\)/);
    assert.match(main, /isTrustedSender: \(url\) => isTrustedSender\(url, windowOpts\)/);
  });
  it('the preload exposes task-level functions only: no ipcRenderer, no send, no Node', async () => {
    const pre = await readFile(join(root, 'src-main/preload/index.ts'), 'utf8');
    assert.equal((pre.match(/exposeInMainWorld/g) ?? []).length, 1);
    assert.match(pre, /exposeInMainWorld\('api', api\)/);
    assert.doesNotMatch(pre, /ipcRenderer\.send\b|ipcRenderer\.sendSync|from 'node:|require\(/);
    assert.doesNotMatch(pre, /^\s+ipcRenderer[,:]/m);
  });
  it('uses a current Electron major', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      devDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '';
    assert.ok(Number(/\d+/.exec(range)?.[0]) >= 38, range);
  });
});
