import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlight, questionTerms } from '../../../src-renderer/lib/highlight.js';
import { formatEta, relativeTo } from '../../../src-renderer/lib/paths.js';

describe('highlight', () => {
  it('marks the question words (and simple inflections), case-insensitively, skipping stop words', () => {
    const segs = highlight('Alpacas hum; a mother hums to the cria.', 'Why do alpacas hum?');
    assert.deepEqual(
      segs.filter((s) => s.mark).map((s) => s.text),
      ['Alpacas', 'hum', 'hums'],
    );
    assert.equal(segs.map((s) => s.text).join(''), 'Alpacas hum; a mother hums to the cria.');
    assert.deepEqual(questionTerms('What is the way to do it?'), ['way']);
  });

  it('marks whole words only: "log" marks logs and logged, never login or catalog', () => {
    const segs = highlight('Check the log, the logs and what was logged at login; see the catalog.', 'Where is the log?');
    assert.deepEqual(
      segs.filter((s) => s.mark).map((s) => s.text),
      ['log', 'logs', 'logged'],
    );
  });

  it('keeps markup as plain text and survives regex metacharacters in the question', () => {
    const text = '<img src=x onerror=alert(1)> costs $5 (c++)';
    const segs = highlight(text, 'c++ (costs) $5 [img]');
    assert.equal(segs.map((s) => s.text).join(''), text);
    assert.ok(segs.some((s) => s.mark && s.text === 'costs'));
  });
});

describe('paths', () => {
  it('shows paths relative to their folder on POSIX and Windows', () => {
    assert.equal(relativeTo('/home/a/docs', '/home/a/docs/x/y.md'), 'x/y.md');
    assert.equal(relativeTo('C:\\Docs\\', 'C:\\Docs\\notes\\a.txt'), 'notes\\a.txt');
    assert.equal(relativeTo('/home/a/doc', '/home/a/docs/y.md'), '/home/a/docs/y.md');
    assert.equal(formatEta(null), 'estimating…');
    assert.equal(formatEta(200), '3 min');
  });
});
