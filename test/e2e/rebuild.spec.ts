// Changing the embedding model from Settings, against `parascope serve` (issue 15): Save asks first, the library
// rebuilds with progress while questions are still answered from the current index, and the new model is in use
// when it is done. The real server offers a second embedding model (test/support/two-models.ts).
import { expect, test, type Page } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hasCli, repoRoot, SECOND_MODEL, serverKind, startServer, type Served } from './support/server';

const SHOTS = join(repoRoot, 'test-artifacts/screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const NOTES = 400; // enough that the rebuild runs for a few seconds
const FILES = NOTES + 2; // and two notes of their own

let served: Served;
let folder: string;

test.beforeAll(async () => {
  test.skip(serverKind() !== 'real' || !hasCli(), 'needs the real server (bin/parascope.mjs)');
  folder = join(await mkdtemp(join(tmpdir(), 'parascope-e2e-rebuild-')), 'ferry-notes');
  await mkdir(folder);
  for (let i = 0; i < NOTES; i++)
    await writeFile(
      join(folder, `ferry-${i}.txt`),
      `The ferry to island ${i} leaves from pier ${i % 9} at ${6 + (i % 12)} in the morning.\n`,
    );
  await writeFile(join(folder, 'tides.txt'), 'Tides rise and fall twice a day because of the pull of the moon.\n');
  await writeFile(join(folder, 'lighthouse.txt'), 'The old lighthouse keeper repaints the lamp room every spring.\n');
  served = await startServer();
});

test.afterAll(async () => {
  await served?.stop();
  if (folder) await rm(dirname(folder), { recursive: true, force: true });
});

test('a new embedding model: confirmed, rebuilt while questions are answered, then in use', async ({ page }) => {
  await page.goto(served.url);
  const results = page.getByRole('region', { name: 'Results' });
  const progress = page.getByRole('region', { name: 'Indexing progress' });
  await page.getByRole('textbox', { name: 'Folder path' }).fill(folder);
  await page.getByRole('button', { name: 'Add folder' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ferry-notes: ${FILES} indexed` })).toBeVisible({
    timeout: 180_000,
  });

  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await test.step('Save with another model asks first; Keep changes nothing', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const model = dialog.getByRole('combobox', { name: 'Embedding model' });
    await expect(model).toHaveValue('all-MiniLM-L6-v2');
    await model.selectOption(SECOND_MODEL);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const confirm = dialog.getByRole('group', { name: 'Confirm the rebuild' });
    await expect(confirm).toContainText(
      `Rebuild the index with ${SECOND_MODEL}? Every folder is indexed again (${FILES} files).`,
    );
    await expect(confirm.getByRole('button', { name: `Rebuild with ${SECOND_MODEL}` })).toBeFocused();
    await page.screenshot({ path: join(SHOTS, '12-confirm-rebuild.png') });
    await confirm.getByRole('button', { name: 'Keep all-MiniLM-L6-v2' }).click();
    await expect(confirm).toBeHidden();
    await expect(model).toHaveValue('all-MiniLM-L6-v2');
  });

  await test.step('Rebuild: progress in the library, the dialog says questions still work', async () => {
    await dialog.getByRole('combobox', { name: 'Embedding model' }).selectOption(SECOND_MODEL);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: `Rebuild with ${SECOND_MODEL}` }).click();
    await expect(dialog.getByRole('status').filter({ hasText: `Rebuilding the index with ${SECOND_MODEL}.` })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(progress).toContainText(`Rebuilding with ${SECOND_MODEL}`);
    await expect(progress).toContainText('Questions use the current index until the new one is complete.');
    await shot(page, '13-rebuilding');
  });

  await test.step('a question meanwhile is answered, and the rebuild completes', async () => {
    const question = page.getByRole('searchbox', { name: 'Question' });
    await question.fill('Why do tides rise and fall?');
    await question.press('Enter');
    await expect(results.getByRole('article').first()).toHaveAccessibleName('tides.txt', { timeout: 60_000 });
    await expect(
      page.getByRole('status').filter({ hasText: `Rebuilt the index with ${SECOND_MODEL}: ${FILES} indexed` }),
    ).toBeVisible({ timeout: 180_000 });
    await expect(progress).toBeHidden();
    await shot(page, '14-rebuilt');
  });

  await test.step('the new model is in use', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(dialog.getByRole('combobox', { name: 'Embedding model' })).toHaveValue(SECOND_MODEL);
    await page.keyboard.press('Escape');
    const question = page.getByRole('searchbox', { name: 'Question' });
    await question.fill('Who repaints the lamp room of the lighthouse?');
    await question.press('Enter');
    await expect(results.getByRole('article').first()).toHaveAccessibleName('lighthouse.txt', { timeout: 60_000 });
  });
});
