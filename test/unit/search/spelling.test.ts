import assert from 'node:assert/strict';
import { test } from 'node:test';
import { englishWords } from '../../../src-main/core/search/english-words.js';
import { buildVocabulary, correctSpelling, editDistance, suggest, WordCounts } from '../../../src-main/core/search/spelling.js';

const library = buildVocabulary([
  'To undo the last commit but keep its changes, run git reset --soft.',
  'A commit records a snapshot; the last one is HEAD. Commits form a history.',
  'Configuration lives in the config file; a configured remote is fetched.',
  'The mission statement. The missing files are listed. Missing again.',
  'The hunt for the lighthouse keeper.',
  'Nothing is missing from the keeper log.',
]);

test('edit distance counts a swap of neighbouring letters as one edit and stops past the bound', () => {
  assert.equal(editDistance('lsat', 'last', 2), 1);
  assert.equal(editDistance('comit', 'commit', 2), 1);
  assert.equal(editDistance('undo', 'undo', 1), 0);
  assert.equal(editDistance('kitten', 'sitting', 5), 3);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3); // bounded: max + 1
  assert.equal(editDistance('ab', 'abcdef', 2), 3);
});

test("a misspelled question becomes the library's words, its punctuation and capitals kept", () => {
  const r = correctSpelling('Udno the lsat comit?', library);
  assert.equal(r.question, 'Undo the last commit?');
  assert.deepEqual(r.corrections, [
    { from: 'Udno', to: 'Undo' },
    { from: 'lsat', to: 'last' },
    { from: 'comit', to: 'commit' },
  ]);
  assert.equal(correctSpelling('LSAT', library).question, 'LAST');
});

test('a word the index holds, or matches by its stem, is left as typed', () => {
  assert.equal(suggest('commit', library), null);
  assert.equal(suggest('configuring', library), null); // the stem of "configured"
  assert.equal(suggest('commits', library), null);
  assert.deepEqual(correctSpelling('undo the last commit', library).corrections, []);
});

test('words the model knows whole are taken as meant even where the library lacks them', () => {
  assert.equal(suggest('hurt', library), 'hunt');
  assert.equal(suggest('hurt', library, new Set(['hurt'])), null);
});

test('everyday English words are found and taken as meant; names and acronyms are not in them', () => {
  const english = englishWords();
  assert.ok(english.size > 50_000, `${english.size} words`);
  for (const w of ['wealthier', 'infarction', 'colour', 'color', 'larva']) assert.ok(english.has(w), w);
  for (const w of ['reba', 'prader', 'json', 'udno', 'lsat']) assert.ok(!english.has(w), w);
  assert.ok([...english].every((w) => w.length >= 4 && w === w.toLowerCase()));
  const weather = buildVocabulary(['The weather turned wet.']);
  assert.equal(suggest('wealthier', weather), 'weather');
  assert.equal(suggest('wealthier', weather, english), null);
  assert.equal(suggest('weathr', weather, english), 'weather', 'a misspelling is still corrected');
});

test('a word in capitals is taken as meant, unless the whole question is in capitals', () => {
  const names = buildVocabulary(['Jason wrote the parser.', 'The last commit.']);
  assert.deepEqual(correctSpelling('Who wrote JSON?', names).corrections, []);
  assert.equal(correctSpelling('WHO WROTE JSON', names).question, 'WHO WROTE JASON'); // shouted: each word as usual
  assert.equal(correctSpelling('the lsat commit', names).question, 'the last commit');
});

test('short words, other first letters, non-alphabetic scripts and numbers are not corrected', () => {
  assert.equal(suggest('lst', library), null); // three letters: too many neighbours
  assert.equal(suggest('ommit', library), null); // the first letter is kept
  assert.equal(suggest('2024x', library), null);
  assert.equal(suggest('変更を元に戻す', library), null);
  assert.equal(suggest('xqzv', library), null); // nothing within one edit
});

test('long words may be two edits away; the more common of equally close words wins', () => {
  assert.equal(suggest('confguraton', library), 'configuration');
  assert.equal(suggest('conifg', library), 'config'); // a swap is one edit
  assert.equal(suggest('comitt', library), null); // six letters: one edit only, and "commit" is two
  // "missign" is one edit from both "missing" (2 passages) and "mission" (1); "missiom" is one from "mission" only
  assert.equal(suggest('missign', library), 'missing');
  assert.equal(suggest('missiom', library), 'mission');
});

test('an empty library corrects nothing', () => {
  assert.deepEqual(correctSpelling('udno the lsat comit', buildVocabulary([])), {
    question: 'udno the lsat comit',
    corrections: [],
  });
});

test('word counts kept passage by passage equal the counts of the passages left, and notice a passage never added', () => {
  const texts = ['The tides turn twice daily.', 'The moon pulls the tides.', 'Commit, then commit again.'];
  const kept = buildVocabulary(texts);
  kept.remove(texts[0]!);
  kept.add('Tides and the Moon.');
  const fresh = buildVocabulary([texts[1]!, texts[2]!, 'Tides and the Moon.']);
  const view = (c: WordCounts): unknown => ({
    words: [...c.words].sort(),
    stems: [...c.stems].sort(),
    byInitial: [...c.byInitial].map(([k, v]) => [k, [...v].sort()]).sort(),
  });
  assert.deepEqual(view(kept), view(fresh));
  assert.ok(!kept.words.has('daily') && !kept.byInitial.get('d'), 'a word no passage holds is gone everywhere');
  assert.equal(kept.words.get('commit'), 1, 'a passage counts its word once');
  assert.deepEqual(view(WordCounts.of([...fresh.words].map(([w, n]) => [w, n]))), view(fresh), 'saved and loaded');
  assert.equal(kept.drifted, false);
  kept.remove('A passage that was never added.');
  assert.equal(kept.drifted, true);
});

test('only words that can be corrected are kept: numbers, hashes and identifiers of logs and code are not', () => {
  const c = buildVocabulary(['req=3f9a2c took 1234ms user_42 status ok', 'Ωμέγα and Москва, 東京 too']);
  assert.deepEqual([...c.words.keys()].sort(), ['and', 'ok', 'req', 'status', 'too', 'took', 'ωμέγα', 'москва'].sort());
  // a question word is looked up the same way: nothing it could be corrected by went missing
  assert.equal(correctSpelling('statsu of the req', c).question, 'status of the req');
});
