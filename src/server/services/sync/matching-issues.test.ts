import { describe, expect, test } from 'vitest';
import { storableText } from './matching-issues';

describe('storableText', () => {
  test('drops NUL, which PostgreSQL text cannot hold', () => {
    expect(storableText('Fix\u0000 the parser')).toBe('Fix the parser');
  });

  test('replaces half an emoji, which UTF-8 cannot encode, and keeps whole ones', () => {
    expect(storableText('broken \ud83d end')).toBe('broken \ufffd end');
    expect(storableText('tail \ude00')).toBe('tail \ufffd');
    expect(storableText('whole 😀 emoji')).toBe('whole 😀 emoji');
  });

  test('leaves ordinary text alone', () => {
    expect(storableText('Campaign “dark mode” — ünïcödé')).toBe('Campaign “dark mode” — ünïcödé');
  });
});
