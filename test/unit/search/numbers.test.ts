// Numbers written two ways ("2nd" and "2") are searched in both forms by the lexical leg; numbers that are part of
// a version, a time, a thousands group or a range are left as they are.
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

test('an ordinal is also searched as its number, and a small number as its ordinal', () => {
  assert.equal(withNumberForms('When is high water on the 2nd of March?'), 'When is high water on the 2nd 2 of March');
  assert.equal(withNumberForms('high water on 2 March'), 'high water on 2 2nd March');
  assert.equal(withNumberForms('the 21ST century'), 'the 21ST 21 century');
  assert.equal(withNumberForms('see chapter 12.'), 'see chapter 12 12th');
});

test('numbers joined to their neighbours, and large ones, keep one form', () => {
  for (const q of ['Python 3.11', 'at 10:30', 'in 1998', '1,000 ships', 'pages 2-3', 'a 1/2 inch'])
    assert.equal(withNumberForms(q), q.replace(/[^\p{L}\p{N}_]+/gu, ' '), q);
});
