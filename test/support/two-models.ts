// A models folder with the bundled models and a second embedding model (`minilm-b`): the bundled files hard-linked
// (copied where the temp folder is on another disk), minilm-b's from all-MiniLM-L6-v2, so a change of embedding
// model runs for real (another id in its manifest, the same weights) without a download. Symbolic links would not do: the
// loader refuses model files that link outside their folder.
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultModelsDir } from '../../src-main/core/paths.js';

export const SECOND_MODEL = 'minilm-b';

async function mirror(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const e of await readdir(from, { withFileTypes: true })) {
    const [src, dst] = [join(from, e.name), join(to, e.name)];
    if (e.isDirectory()) await mirror(src, dst);
    else await link(src, dst).catch(() => copyFile(src, dst));
  }
}

export async function twoModelsDir(parent: string): Promise<string> {
  const bundled = defaultModelsDir();
  const dir = join(parent, 'models');
  await mirror(bundled, dir);
  const second = join(dir, SECOND_MODEL);
  await mirror(join(bundled, 'all-MiniLM-L6-v2'), second);
  // its own manifest (a file of its own, not a link): the model's id is what an index records it was built with
  const manifest = JSON.parse(await readFile(join(second, 'manifest.json'), 'utf8')) as { id: string };
  await rm(join(second, 'manifest.json'));
  await writeFile(join(second, 'manifest.json'), JSON.stringify({ ...manifest, id: SECOND_MODEL }, null, 2));
  return dir;
}
