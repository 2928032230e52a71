import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** `command -v name`, or undefined. */
function onPath(name: string): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * The system's Chromium (PARASCOPE_CHROMIUM, Debian's /usr/bin/chromium, or chromium/chromium-browser on
 * PATH): no browser download is needed where one is installed. Undefined means Playwright's own.
 */
export function chromiumPath(): string | undefined {
  const env = process.env.PARASCOPE_CHROMIUM;
  if (env) return existsSync(env) ? env : undefined;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return onPath('chromium') ?? onPath('chromium-browser');
}

/** Playwright's own Chromium (`npx playwright install chromium`), when it has been downloaded. */
export function playwrightChromium(): string | undefined {
  const p = chromium.executablePath();
  return p && existsSync(p) ? p : undefined;
}

/** The browser the E2E tests will use, or undefined when there is none. */
export function anyChromium(): string | undefined {
  return chromiumPath() ?? playwrightChromium();
}
