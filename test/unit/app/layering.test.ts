// The layering rule of eslint.config.js (eslint/layering.js), run through ESLint's Node API on snippets
// linted as if they sat at a given path: each forbidden import is reported, the allowed ones are not.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function messages(file: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result?.messages ?? [];
}

/** The layering messages for `code` at `file`. */
async function refused(file: string, code: string): Promise<string[]> {
  const all = await messages(file, code);
  const fatal = all.filter((m) => m.ruleId === null);
  assert.deepEqual(fatal, [], `parse error in the probe at ${file}`);
  return all.filter((m) => m.ruleId === 'local/layering').map((m) => m.message);
}

const imp = (spec: string) => `import * as m from '${spec}';\nexport const x = m;\n`;

async function allows(file: string, spec: string): Promise<void> {
  assert.deepEqual(await refused(file, imp(spec)), [], `${file} should be allowed to import ${spec}`);
}

async function forbids(file: string, spec: string, what: RegExp): Promise<void> {
  const found = await refused(file, imp(spec));
  assert.equal(found.length, 1, `${file} should not be allowed to import ${spec}`);
  assert.match(found[0]!, what);
}

describe('layering lint', () => {
  it('keeps src-main/common free of Node, Electron and every other layer', async () => {
    const f = 'src-main/common/probe.ts';
    await allows(f, './types.js');
    await allows(f, 'zod');
    await forbids(f, 'node:path', /a Node builtin/);
    await forbids(f, 'path', /a Node builtin/);
    await forbids(f, 'electron', /electron/);
    await forbids(f, '../core/engine.js', /layer src-main\/core/);
    await forbids(f, 'htmlparser2', /package htmlparser2/);
    // Type-only imports are dependencies too.
    assert.equal((await refused(f, "import type { Engine } from '../core/engine.js';\nexport type E = Engine;\n")).length, 1);
  });

  it('lets src-main/core use common, Node and packages, never electron or a transport', async () => {
    const f = 'src-main/core/parse/probe.ts';
    await allows(f, '../../common/types.js');
    await allows(f, '../store/catalog.js');
    await allows(f, 'node:fs/promises');
    await allows(f, '@lancedb/lancedb');
    await forbids(f, 'electron', /electron/);
    await forbids(f, 'electron/main', /electron/);
    await forbids(f, '../../app/paths.js', /layer src-main\/app/);
    await forbids(f, '../../bridge/server.js', /layer src-main\/bridge/);
    await forbids(f, '../../cli/main.js', /layer src-main\/cli/);
  });

  it('lets app/ import electron, core, rpc and host but no transport', async () => {
    const f = 'src-main/app/probe.ts';
    await allows(f, 'electron');
    await allows(f, '../core/engine.js');
    await allows(f, '../common/csp.js');
    await allows(f, '../rpc/dispatch.js');
    await allows(f, '../host/engine-host.js');
    await forbids(f, '../bridge/dispatch.js', /layer src-main\/bridge/);
    await forbids(f, '../bridge/server.js', /layer src-main\/bridge/);
    await forbids(f, '../cli/main.js', /layer src-main\/cli/);
  });

  it('keeps rpc/ transport-free and host/ free of electron', async () => {
    await allows('src-main/rpc/probe.ts', '../common/contract.js');
    await forbids('src-main/rpc/probe.ts', 'node:child_process', /Node/);
    await forbids('src-main/rpc/probe.ts', 'electron', /electron/);
    await forbids('src-main/rpc/probe.ts', '../bridge/server.js', /layer src-main\/bridge/);
    await allows('src-main/host/probe.ts', 'node:child_process');
    await allows('src-main/host/probe.ts', '../rpc/protocol.js');
    await forbids('src-main/host/probe.ts', 'electron', /electron/);
    await forbids('src-main/host/probe.ts', '../app/paths.js', /layer src-main\/app/);
  });

  it('keeps electron and app/ out of bridge/ and cli/', async () => {
    for (const f of ['src-main/bridge/probe.ts', 'src-main/cli/probe.ts']) {
      await allows(f, 'node:http');
      await allows(f, '../common/engine-api.js');
      await forbids(f, 'electron', /electron/);
      await forbids(f, '../app/paths.js', /layer src-main\/app/);
    }
    await allows('src-main/cli/probe.ts', '../bridge/server.js');
    await forbids('src-main/bridge/probe.ts', '../cli/main.js', /layer src-main\/cli/);
  });

  it('lets the preload import electron and common only', async () => {
    const f = 'src-main/preload/probe.ts';
    await allows(f, 'electron');
    await allows(f, '../common/contract.js');
    await forbids(f, '../core/engine.js', /layer src-main\/core/);
    await forbids(f, 'node:fs', /a Node builtin/);
    await forbids(f, 'zod', /package zod/);
  });

  it('lets the renderer import only svelte and src-main/common, in .ts and .svelte files', async () => {
    const f = 'src-renderer/lib/probe.ts';
    await allows(f, 'svelte');
    await allows(f, 'svelte/reactivity');
    await allows(f, '../../src-main/common/contract');
    await allows(f, './state/search.svelte');
    await forbids(f, 'node:fs', /a Node builtin/);
    await forbids(f, 'electron', /electron/);
    await forbids(f, '../../src-main/core/engine-api', /layer src-main\/core/);
    await forbids(f, '../../package.json', /outside every layer/);
    const svelte =
      "<script lang=\"ts\">\n  import { ipcRenderer } from 'electron';\n  ipcRenderer.send('x');\n</script>\n<p>hi</p>\n";
    assert.equal((await refused('src-renderer/lib/Probe.svelte', svelte)).length, 1);
  });

  it('sees every kind of import: re-export, dynamic import, import type, require', async () => {
    const f = 'src-main/common/probe.ts';
    assert.equal((await refused(f, "export { app } from 'electron';\n")).length, 1);
    assert.equal((await refused(f, "export * from 'node:fs';\n")).length, 1);
    assert.equal((await refused(f, "export const load = () => import('node:fs');\n")).length, 1);
    assert.equal((await refused(f, "export type Fs = typeof import('node:fs');\n")).length, 1);
    assert.equal(
      (
        await refused(
          f,
          "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const fs = require('node:fs');\n",
        )
      ).length,
      1,
    );
  });

  it('gives every folder of src-main a layer, and refuses a file in a folder that has none', async () => {
    for (const dir of readdirSync(join(root, 'src-main'), { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      const found = await refused(`src-main/${dir.name}/probe.ts`, 'export const x = 1;\n');
      assert.deepEqual(found, [], `src-main/${dir.name} has no entry in the layer map`);
    }
    const [msg] = await refused('src-main/newfolder/probe.ts', 'export const x = 1;\n');
    assert.match(msg ?? '', /in no layer/);
  });

  it('lints .svelte files with eslint-plugin-svelte, not a regex over <script>', async () => {
    const found = await messages(
      'src-renderer/lib/Probe.svelte',
      '<script lang="ts">\n  let { html }: { html: string } = $props();\n</script>\n{@html html}\n',
    );
    assert.ok(
      found.some((m) => m.ruleId === 'svelte/no-at-html-tags'),
      JSON.stringify(found),
    );
  });
});
