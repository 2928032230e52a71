// The layering rules in eslint.config.js: each forbidden import is reported, the allowed ones are not.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('keeps Node, Electron and core out of src-main/common', async () => {
    assert.ok((await restricted('src-main/common/probe.ts', "import { join } from 'node:path';\nexport const j = join;\n")).length >= 1);
    assert.ok((await restricted('src-main/common/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).length >= 1);
    assert.ok((await restricted('src-main/common/probe.ts', "import type { EngineLike } from '../core/engine-api.js';\nexport type E = EngineLike;\n")).length >= 1);
  });

  it('keeps electron and app/ out of src-main/core', async () => {
    assert.ok((await restricted('src-main/core/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).length >= 1);
    assert.ok((await restricted('src-main/core/probe.ts', "import { x } from '../app/paths.js';\nexport const y = x;\n")).length >= 1);
    assert.equal((await restricted('src-main/core/probe.ts', "import { join } from 'node:path';\nexport const j = join;\n")).length, 0);
  });

  it('lets the renderer import only src-main/common and svelte, in .ts and .svelte files', async () => {
    const ok = "import { mount } from 'svelte';\nimport type { Api } from '../../src-main/common/contract';\nexport const m: unknown = mount as unknown as Api;\n";
    assert.deepEqual(await restricted('src-renderer/lib/probe.ts', ok), []);
    assert.ok((await restricted('src-renderer/lib/probe.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n")).length >= 1);
    assert.ok((await restricted('src-renderer/lib/probe.ts', "import type { EngineLike } from '../../src-main/core/engine-api';\nexport type E = EngineLike;\n")).length >= 1);
    const svelte = "<script lang=\"ts\">\n  import { ipcRenderer } from 'electron';\n  ipcRenderer.send('x');\n</script>\n<p>hi</p>\n";
    assert.ok((await restricted('src-renderer/lib/Probe.svelte', svelte)).length >= 1);
  });

  it('lets the preload import electron and common only', async () => {
    assert.equal((await restricted('src-main/preload/probe.ts', "import { contextBridge } from 'electron';\nexport const c = contextBridge;\n")).length, 0);
    assert.ok((await restricted('src-main/preload/probe.ts', "import { Engine } from '../core/engine.js';\nexport const e = Engine;\n")).length >= 1);
  });
});
