// Days of the month written two ways ("the 2nd of March", "2 March") are searched in both forms by the lexical leg;
// other numbers, and numbers joined to their neighbours, keep the form they were typed in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ordinal, withNumberForms } from '../../../src-main/core/search/numbers.js';

test('ordinals in English', () => {
  assert.deepEqual([1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal), [
    '1st',
    '2nd',
    '3rd',
    '4th',
    '10th',
    '11th',
    '12th',
    '13th',
    '21st',
    '22nd',
    '23rd',
    '101st',
    '111th',
    '112th',
  ]);
});

test('a day next to a month is searched as its number and as its ordinal', () => {
  assert.equal(withNumberForms('When is high water on the 2nd of March?'), 'When is high water on the 2nd 2 of March');
  assert.equal(withNumberForms('high water on 2 March'), 'high water on 2 2nd March');
  assert.equal(withNumberForms('due March 21ST'), 'due March 21ST 21');
  assert.equal(withNumberForms('Sept 3 or the 31 of dec'), 'Sept 3 3rd or the 31 31st of dec');
});

test('other numbers keep one form: not a day, no month beside it, or joined to a neighbour', () => {
  for (const q of [
    "Who was the university's 5th president?",
    'the 19th century',
    'up to 14 years',
    'on 32 March',
    'Python 3.11 in March',
    'March 10:30',
    'March 2-3',
    'in 1998',
  ])
    assert.equal(withNumberForms(q), q.replace(/[^\p{L}\p{N}_]+/gu, ' ').trim(), q);
});
