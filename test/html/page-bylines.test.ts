import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trimBylineText } from '../../src/html/page-bylines.js';

test('the preposition that runs a byline on into its date goes with the date ("Posted by X on <date>", "at <time>")', () => {
  assert.equal(trimBylineText('Posted by Maren Holt on 30 November 2026'), 'Posted by Maren Holt');
  assert.equal(trimBylineText('Posted by Maren Holt at 10:42 AM'), 'Posted by Maren Holt');
  assert.equal(trimBylineText('By Jon Atwood on Nov 30, 2026'), 'By Jon Atwood');
  // Not before a date, "on"/"at" and names holding them stay.
  assert.equal(trimBylineText('By Anton Attali'), 'By Anton Attali');
  assert.equal(trimBylineText('By Maren Holt at the Valley Courier'), 'By Maren Holt at the Valley Courier');
});

test('a bar before the pictures\' credit keeps it with the byline ("Words by A · Pictures by B"); a bar before a date still ends it', () => {
  assert.equal(trimBylineText('Words by Maren Holt · Pictures by Ida Berg'), 'Words by Maren Holt · Pictures by Ida Berg');
  assert.equal(trimBylineText('By Maren Holt | Photos by Ida Berg | 30 November 2026'), 'By Maren Holt | Photos by Ida Berg');
  assert.equal(trimBylineText('By Maren Holt | 30 November 2026'), 'By Maren Holt');
});
