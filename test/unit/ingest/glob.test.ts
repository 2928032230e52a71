import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExcludes, validateExcludes } from '../../../src-main/core/ingest/glob.js';

test('glob: a backtracking-bait pattern runs in linear time', () => {
  const pattern = '*a*a*a*a*a*a*a*a*a*a*c'; // took ~25 s per name with the old regex matcher
  const ex = compileExcludes([pattern, `**/${pattern}`, `${pattern}/**`]);
  const name = 'a'.repeat(200);
  const start = performance.now();
  assert.equal(ex(name, false), false);
  assert.equal(ex(`x/${name}/y/${name}`, false), false);
  assert.equal(ex(`${name}c`, false), true);
  const ms = performance.now() - start;
  assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
});

test('glob: many ** segments against a deep path stay fast', () => {
  const ex = compileExcludes(['**/a/**/a/**/a/**/a/**/a/**/a/**/c']);
  const deep = Array.from({ length: 200 }, () => 'a').join('/');
  const start = performance.now();
  assert.equal(ex(deep, false), false);
  assert.equal(ex(`${deep}/c`, false), true);
  assert.ok(performance.now() - start < 50);
});

test('glob: ?, classes, negated classes, ** at the start, middle and end', () => {
  const ex = compileExcludes(['report-[0-9][0-9].txt', 'draft[!s].md', 'a/**/z', '/top.txt', 'x?y']);
  assert.equal(ex('deep/report-42.txt', false), true);
  assert.equal(ex('report-4x.txt', false), false);
  assert.equal(ex('drafta.md', false), true);
  assert.equal(ex('drafts.md', false), false);
  assert.equal(ex('a/z', false), true);
  assert.equal(ex('a/b/c/z', false), true);
  assert.equal(ex('b/a/z', false), false);
  assert.equal(ex('top.txt', false), true);
  assert.equal(ex('sub/top.txt', false), false);
  assert.equal(ex('x-y', false), true);
  assert.equal(ex('x/y', false), false); // "?" never matches a slash
  const all = compileExcludes(['**']);
  assert.equal(all('any/thing', false), true);
  const under = compileExcludes(['tmp/**']);
  assert.equal(under('tmp', true), true);
  assert.equal(under('tmp/a/b', false), true);
  assert.equal(under('x/tmp/a', false), false);
  const lit = compileExcludes(['[]]x', '[a-]y']);
  assert.equal(lit(']x', false), true);
  assert.equal(lit('-y', false), true);
});

test('glob: invalid patterns are refused with a sentence and skipped by compileExcludes', () => {
  assert.equal(validateExcludes(['*.log', 'build/', '# comment', '  ', '**/tmp/**']), null);
  const outOfOrder = validateExcludes(['*.log', '[z-a]']);
  assert.ok(outOfOrder?.includes('"[z-a]"') && outOfOrder.includes('out of order'), outOfOrder ?? '');
  assert.match(validateExcludes(['file[1.txt']) ?? '', /"file\[1\.txt" has a "\[" without its closing "\]"/);
  assert.match(validateExcludes(['[!]']) ?? '', /without its closing/);
  assert.match(validateExcludes(['a'.repeat(257)]) ?? '', /longer than 256 characters/);
  assert.equal(validateExcludes(['a'.repeat(256)]), null);
  let ex: ((rel: string, isDir: boolean) => boolean) | undefined;
  assert.doesNotThrow(() => {
    ex = compileExcludes(['[z-a]', 'file[1.txt', '*.log']);
  });
  assert.equal(ex?.('a/x.log', false), true); // the valid pattern still applies
  assert.equal(ex?.('z', false), false);
});
