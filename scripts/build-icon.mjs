#!/usr/bin/env node
// Renders build/icon.svg to build/icon.png (512×512) with Chromium; run after editing the SVG.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';
import { chromium } from 'playwright-core';

// the same browser and flags as the E2E tests (system Chromium, or Playwright's own)
register();
const { CHROMIUM_ARGS, chromiumPath } = await import('../test/e2e/support/chromium.ts');

const root = join(import.meta.dirname, '..');
const svg = readFileSync(join(root, 'build/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: join(root, 'build/icon.png'), omitBackground: true });
await browser.close();
console.log('wrote build/icon.png');
