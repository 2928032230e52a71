// Starts `parascope serve` (or the fake harness with PARASCOPE_E2E_SERVER=fake) and reads its URL line.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SECOND_MODEL, twoModelsDir } from '../../support/two-models.js';

/** The second embedding model the real server offers, for a change of model in Settings. */
export { SECOND_MODEL };

export const repoRoot = join(import.meta.dirname, '../../..');

export interface Served {
  url: string;
  dataDir: string;
  /** What serve and its engine said: its stderr and the tail of the engine log (printed when a test fails). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export function serverKind(): 'real' | 'fake' {
  return process.env.PARASCOPE_E2E_SERVER === 'fake' ? 'fake' : 'real';
}

export async function startServer(): Promise<Served> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parascope-e2e-data-'));
  const modelsParent = await mkdtemp(join(tmpdir(), 'parascope-e2e-models-'));
  const args =
    serverKind() === 'fake'
      ? ['--import', 'tsx', join(repoRoot, 'test/e2e/fake-serve.ts'), '--port', '0']
      : [
          join(repoRoot, 'bin/parascope.mjs'),
          'serve',
          '--port',
          '0',
          '--data-dir',
          dataDir,
          '--models-dir',
          await twoModelsDir(modelsParent),
        ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, PARASCOPE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 120 s:\n${out}\n${log}`)), 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}\n${log}`)));
  });
  return {
    url,
    dataDir,
    async log() {
      const engine = await readFile(join(dataDir, 'logs', 'engine.log'), 'utf8').catch(() => '(no engine log)');
      return `serve's stderr:\n${log.slice(-4000)}\nlogs/engine.log:\n${engine.slice(-8000)}`;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
      await rm(modelsParent, { recursive: true, force: true });
    },
  };
}

/** A small library with known answers, plus one file that cannot be parsed. */
export async function makeFixtureFolder(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'parascope-e2e-')), 'field-notes');
  await mkdir(join(dir, 'animals'), { recursive: true });
  await writeFile(
    join(dir, 'animals', 'alpacas.md'),
    '# Alpacas\n\nAlpacas are domesticated camelids from the Andes of South America, raised for their soft fleece.\n\n' +
      'Alpacas hum softly when they are curious, worried or content; a mother hums to her cria to stay in touch.\n\n' +
      'Their fleece has no lanolin, which makes it hypoallergenic and easy to spin.\n',
  );
  await writeFile(
    join(dir, 'sourdough.md'),
    '# Sourdough bread\n\nA sourdough starter is a culture of wild yeast and lactic acid bacteria kept alive with flour and water.\n\n' +
      'After shaping, let the dough proof in the refrigerator for twelve to sixteen hours; the cold slows the yeast and deepens the flavour.\n\n' +
      'Bake the loaf in a preheated Dutch oven at 250 degrees for twenty minutes with the lid on.\n',
  );
  await writeFile(
    join(dir, 'lighthouse.txt'),
    'The Skerry Point lighthouse was built in 1852 on a rock two miles offshore.\n\n' +
      'For forty years the keeper, Agnes Murray, trimmed the wick and kept the lamp burning every night, even through the great storm of 1881.\n\n' +
      'The light was automated in 1964 and the keepers left the island.\n',
  );
  // a two-page PDF whose answer is on page 2 (the preview renders that page with the passage marked)
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const pages: Array<[string, string[]]> = [
    [
      'Harbour log, spring',
      ['The harbour opened for the season on the first of April.', 'Twelve fishing boats were moored in the inner basin.'],
    ],
    [
      'Harbour log, summer',
      [
        'The tide gauge was repaired in July by the engineer Tomas Lind,',
        'who replaced the float and recalibrated the brass scale.',
      ],
    ],
  ];
  for (const [title, lines] of pages) {
    const page = pdf.addPage([595, 842]);
    page.drawText(title, { x: 60, y: 760, size: 18, font: bold });
    lines.forEach((l, i) => page.drawText(l, { x: 60, y: 720 - i * 16, size: 12, font }));
  }
  await writeFile(join(dir, 'harbour-log.pdf'), await pdf.save());
  await writeFile(join(dir, 'scanned-contract.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage, truncated\n');
  return dir;
}

export function hasCli(): boolean {
  return existsSync(join(repoRoot, 'bin/parascope.mjs'));
}
