import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Debian's Chromium when present (no browser download offline); else Playwright's own. */
export function chromiumPath(): string | undefined {
  const p = process.env.PARASCOPE_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(p) ? p : undefined;
}
