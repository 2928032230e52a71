// Where the models run, in words: one wording for the CLI's status and the window's device badge.
import type { StatusInfo } from './types.js';

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** "2 threads for the models, 1 parse worker". */
export function threadsLabel(t: StatusInfo['threads']): string {
  return `${plural(t.models, 'thread')} for the models, ${plural(t.parseWorkers, 'parse worker')}`;
}

/** The precision in a device such as "cpu (int8)", or null. */
export function devicePrecision(device: string): string | null {
  return /\(([^)]+)\)/.exec(device)?.[1] ?? null;
}
