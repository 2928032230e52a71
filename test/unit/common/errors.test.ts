import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ParascopeError, redactPaths, serializeError } from '../../../src-main/common/errors.js';

test('INTERNAL messages reach the window without absolute paths; the error itself keeps them for the log', async () => {
  const err = await readFile('/home/alice/Private Notes/diary.txt').then(
    () => assert.fail('the file should not exist'),
    (e: unknown) => e as Error,
  );
  assert.match(err.message, /\/home\/alice/);
  const wire = serializeError(err);
  assert.equal(wire.code, 'INTERNAL');
  assert.equal(wire.message, "ENOENT: no such file or directory, open '…/diary.txt'");
  assert.match(err.message, /\/home\/alice\/Private Notes\/diary\.txt/); // untouched: what the log prints
  assert.ok(err.stack?.includes('/home/alice'));
});

test('redactPaths: POSIX, Windows, UNC and file:// forms, quoted or bare; relative paths and URLs stay', () => {
  const cases: [string, string][] = [
    ['Cannot read /Users/bob/Library/Parascope/catalog.json at line 3', 'Cannot read …/catalog.json at line 3'],
    ['at run (/opt/parascope/resources/app.asar/out/main/index.js:120:7)', 'at run (…/index.js:120:7)'],
    [
      "EACCES: permission denied, mkdir 'C:\\Users\\Bob Smith\\AppData\\Roaming\\Parascope'",
      "EACCES: permission denied, mkdir '…/Parascope'",
    ],
    ['bad file C:/Users/bob/notes.md, try again', 'bad file …/notes.md, try again'],
    ['share \\\\fileserver\\team\\q3.docx failed', 'share …/q3.docx failed'],
    ['import failed: file:///home/bob/app/out/main/chunk-x.js', 'import failed: …/chunk-x.js'],
    ['module file:///C:/Program%20Files/Parascope/x.js', 'module …/x.js'],
    ['rm -rf / refused', 'rm -rf / refused'], // a bare root names nothing
    ['lookup="/srv/data/index.lock"', 'lookup="…/index.lock"'],
    ['the folder sub/dir and and/or ratios 1/2 stay', 'the folder sub/dir and and/or ratios 1/2 stay'],
    ['see https://example.com/docs/page for help', 'see https://example.com/docs/page for help'],
    ['two: /a/b/one.txt and /c/d/two.txt', 'two: …/one.txt and …/two.txt'],
  ];
  for (const [input, want] of cases) assert.equal(redactPaths(input), want, input);
});

test('user errors, cancellations and thrown strings', () => {
  const user = new ParascopeError('NOT_FOUND', '/home/alice/docs is not in the library; see the folder list (parascope status).');
  assert.deepEqual(serializeError(user), { code: 'NOT_FOUND', message: user.message }); // the user's own path, on purpose
  assert.deepEqual(serializeError(new DOMException('x', 'AbortError')), { code: 'CANCELLED', message: 'Cancelled.' });
  assert.deepEqual(serializeError('boom in /var/tmp/x/y.bin'), { code: 'INTERNAL', message: 'boom in …/y.bin' });
});
