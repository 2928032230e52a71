// The same flow in the real Electron shell; runs only where the Electron binary is installed.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeFixtureFolder, repoRoot } from './support/server';

/** Without triggering electron's download-on-require. */
function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('electron/package.json'));
  const rel = existsSync(join(dir, 'path.txt')) ? readFileSync(join(dir, 'path.txt'), 'utf8').trim() : '';
  const bin = rel ? join(dir, 'dist', rel) : '';
  return bin && existsSync(bin) ? bin : null;
}

test('Electron: add a folder, ask, remove', async () => {
  const bin = electronBinary();
  test.skip(!bin, 'Electron binary not installed');
  const dataDir = await mkdtemp(join(tmpdir(), 'parascope-electron-'));
  const folder = await makeFixtureFolder();
  const app = await electron.launch({
    executablePath: bin!,
    args: [join(repoRoot, 'out/main/index.js'), '--no-sandbox'],
    env: { ...process.env, PARASCOPE_DATA_DIR: dataDir },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('button', { name: 'Add folder' })).toBeVisible();
    // The native dialog cannot be driven: answer pickFolder from the main process instead.
    await app.evaluate(({ dialog }, path) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [path] })) as typeof dialog.showOpenDialog;
    }, folder);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await expect(page.getByRole('list', { name: 'Folders' }).getByRole('listitem')).toHaveCount(1, { timeout: 180_000 });
    if (!existsSync(join(repoRoot, 'resources/models/parascope-reranker-minilm/manifest.json'))) {
      await page.getByRole('button', { name: 'Settings' }).click();
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      await dialog.getByRole('checkbox', { name: /Re-rank candidates/ }).uncheck();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByRole('button', { name: 'Close' }).click();
    }
    const question = page.getByRole('searchbox', { name: 'Question' });
    await question.fill('Why do alpacas hum?');
    await question.press('Enter');
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByRole('article', { name: 'alpacas.md' })).not.toHaveCount(0, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Remove field-notes' }).click();
    await expect(results.getByRole('heading', { name: 'Welcome to Parascope' })).toBeVisible();
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(dirname(folder), { recursive: true, force: true });
  }
});
