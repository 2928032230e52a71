#!/usr/bin/env node
// The test command: every *.test.ts under test/unit and test/integration with Node's test runner (via tsx),
// then the browser E2E suite when it exists. Pass file paths to run a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function collect(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return collect(p);
    return name.endsWith('.test.ts') ? [p] : [];
  });
}

const args = process.argv.slice(2);
const files = args.length ? args : [...collect('test/unit'), ...collect('test/integration')].sort();
const node = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
let status = node.status ?? 1;
if (!args.length && existsSync('test/e2e/playwright.config.ts')) {
  const pw = spawnSync('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts'], { stdio: 'inherit' });
  status = status || (pw.status ?? 1);
}
process.exit(status);
