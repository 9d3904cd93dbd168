import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToPlainText } from './plain-text';
import { parseEmail, parseInstant, parseNumber, parseObjectiveKind, parseProgressMode, parseStatus, parseWeight } from './viva-values';

describe('Viva value parsing', () => {
  it('reads the date forms Viva exports write, in UTC, and refuses dates that do not exist', () => {
    expect(parseInstant('2025-02-01 09:15:00')).toEqual({ date: '2025-02-01', instant: '2025-02-01T09:15:00.000Z' });
    expect(parseInstant('2025-02-01T09:15:00+02:00')?.instant).toBe('2025-02-01T07:15:00.000Z');
    expect(parseInstant('2025-02-01 09:15:00 UTC')?.instant).toBe('2025-02-01T09:15:00.000Z');
    expect(parseInstant('2/1/2025 9:15 PM')?.instant).toBe('2025-02-01T21:15:00.000Z');
    expect(parseInstant('Feb 1, 2025')?.date).toBe('2025-02-01');
    expect(parseInstant('1 February 2025')?.date).toBe('2025-02-01');
    expect(parseInstant('45658', true)?.date).toBe('2025-01-01');
    expect(parseInstant('45658')).toBeNull();
    expect(parseInstant('2025-02-30')).toBeNull();
    expect(parseInstant('soon')).toBeNull();
  });

  it('reads numbers and weights with percent signs and thousands separators', () => {
    expect(parseNumber('40.0%')).toBe(40);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber(' -3 ')).toBe(-3);
    expect(parseNumber('1e400')).toBeNull();
    expect(parseNumber('12abc')).toBeNull();
    expect(parseWeight('40.0%')).toBe(40);
    expect(parseWeight('140%')).toBeNull();
  });

  it('reads statuses, kinds, progress modes and emails', () => {
    expect(['On Track', 'Behind', 'At Risk', 'Closed', 'Not Started', 'Weird'].map(parseStatus)).toEqual(['on-track', 'behind', 'at-risk', 'closed', 'not-started', null]);
    expect(['Big rock', 'Kpi', 'Project', 'Key result', 'Deliverable', 'Objective', 'Task'].map(parseObjectiveKind)).toEqual(['big-rock', 'kpi', 'project', 'kpi', 'project', 'big-rock', null]);
    expect(parseProgressMode('Update from Children')).toBe('children');
    expect(parseProgressMode('Update Manually')).toBe('manual');
    expect(parseEmail(' Ada@Example.COM ')).toBe('ada@example.com');
    expect(parseEmail('Ada Lovelace')).toBeNull();
  });

  it('decodes only the predefined entities and numeric references, and reduces HTML to text', () => {
    expect(decodeEntities('&lt;&amp;&#65;&#x1F600;&#0;&nbsp;&copy;')).toBe('<&A😀\uFFFD&nbsp;&copy;');
    expect(htmlToPlainText('<div>a&nbsp;&lt;b&gt;</div><style>p{}</style><p>2 < 3</p><!-- hidden -->')).toBe('a <b>\n2 < 3');
  });
});

describe('htmlToPlainText on hostile input', () => {
  it('drops unclosed scripts and comments to the end, and reads thousands of unclosed openings in one pass', () => {
    expect(htmlToPlainText('kept<script>alert(1)')).toBe('kept');
    expect(htmlToPlainText('kept<!-- hidden <b>x</b>')).toBe('kept');
    expect(htmlToPlainText('a<b c<i>d</i>')).toBe('ad');
    const hostile = '<script><!--<a '.repeat(20_000);
    expect(htmlToPlainText(`x${hostile}`)).toBe('x');
    expect(htmlToPlainText('<!--'.repeat(20_000))).toBe('');
  });
});
