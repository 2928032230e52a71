#!/usr/bin/env node
// The test command. With no arguments, the whole gate: ESLint, Prettier (the whole tree's code),
// type checks (svelte-check and tsc for every tsconfig), every *.test.ts under test/unit and
// test/integration with Node's test runner (via tsx), then the browser E2E suite (its global setup builds
// the window when out/renderer is missing or stale).
// Pass file paths to run just those tests, without the gates or the E2E suite.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

function collect(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return collect(p);
    return name.endsWith('.test.ts') ? [p] : [];
  });
}

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

const args = process.argv.slice(2);
const whole = args.length === 0;

const e2e = whole && existsSync('test/e2e/playwright.config.ts');
if (e2e) {
  // Said first, not after ten minutes of unit tests.
  register();
  const { anyChromium } = await import('../test/e2e/support/chromium.ts');
  if (!anyChromium()) {
    console.error(
      'The E2E tests need Chromium: install it (apt-get install chromium, or npx playwright install chromium) and run npm test again.',
    );
    process.exit(1);
  }
}

if (whole) {
  for (const script of ['lint', 'format:check', 'check']) {
    console.log(`\n> npm run ${script}`);
    if (run('npm', ['run', '--silent', script]) !== 0) {
      console.error(`npm run ${script} failed: fix it before the tests run.`);
      process.exit(1);
    }
  }
}

const files = whole ? [...collect('test/unit'), ...collect('test/integration')].sort() : args;
let status = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]);

if (e2e) {
  status = run('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts']) || status;
}
process.exit(status);
