import { describe, expect, it } from 'vitest';
import { buildCsv } from '../../../test/support/viva-export-fixtures';
import { parseCsv } from './csv-parser';

describe('parseCsv', () => {
  it('reads quoted fields with doubled quotes, delimiters and line breaks inside, and a BOM', () => {
    const rows = [
      ['Id', 'Title', 'Note'],
      ['1', 'Grow, "fast"', 'line one\r\nline two'],
      ['2', '', '=HYPERLINK("http://evil")'],
    ];
    expect(parseCsv(buildCsv(rows, true), 100)).toEqual([
      ['Id', 'Title', 'Note'],
      ['1', 'Grow, "fast"', 'line one\r\nline two'],
      ['2', '', '=HYPERLINK("http://evil")'],
    ]);
  });

  it('reads unquoted fields, LF and CR line ends, skips blank lines and keeps a last line without a line end', () => {
    expect(parseCsv('a,b\n1,2\r\r\n3,4\r5,"6"', 100)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('takes the delimiter from the header line (semicolon or tab)', () => {
    expect(parseCsv('Id;Title\n1;"a;b"\n', 100)).toEqual([
      ['Id', 'Title'],
      ['1', 'a;b'],
    ]);
    expect(parseCsv('Id\tTitle\n1\ta,b\n', 100)).toEqual([
      ['Id', 'Title'],
      ['1', 'a,b'],
    ]);
  });

  it('keeps a stray quote inside an unquoted field as text, and an unterminated quote to the end', () => {
    expect(parseCsv('a,b\n5" screen,x\n', 100)).toEqual([
      ['a', 'b'],
      ['5" screen', 'x'],
    ]);
    expect(parseCsv('a,"open\nstill open', 100)).toEqual([['a', 'open\nstill open']]);
  });

  it('refuses more cells than the limit', () => {
    expect(() => parseCsv('a,b,c\n1,2,3\n', 5)).toThrow(/has more than 5 cells/);
  });
});
