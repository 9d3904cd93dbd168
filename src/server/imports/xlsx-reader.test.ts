import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildXlsx } from '../../../test/support/viva-export-fixtures';
import { importLimits } from './import-limits';
import { readFirstWorksheet } from './xlsx-reader';

function workbookWithSheet(sheetXml: string, extra: Record<string, string> = {}): Uint8Array {
  const parts: Record<string, Uint8Array> = { 'xl/worksheets/sheet1.xml': strToU8(sheetXml) };
  for (const [name, text] of Object.entries(extra)) parts[name] = strToU8(text);
  return zipSync(parts);
}

describe('readFirstWorksheet', () => {
  it('reads shared strings, inline strings and numbers into dense rows', () => {
    const xlsx = buildXlsx([
      ['Id', 'Title', 'Target'],
      [{ kind: 'number', value: '101' }, { kind: 'inline', value: 'Grow <fast> & "far"' }, { kind: 'number', value: '5000' }],
      [{ kind: 'number', value: '102' }, '', 'Tom & Jerry'],
    ]);
    expect(readFirstWorksheet(xlsx, importLimits())).toEqual([
      ['Id', 'Title', 'Target'],
      ['101', 'Grow <fast> & "far"', '5000'],
      ['102', '', 'Tom & Jerry'],
    ]);
  });

  it('keeps formulas as their text and never evaluates them or trusts their cached value', () => {
    const xlsx = buildXlsx([['Title'], [{ kind: 'formula', value: '=HYPERLINK("http://evil.example","click")' }], ['+cmd|calc'], ['@SUM(1)']]);
    expect(readFirstWorksheet(xlsx, importLimits()).map((row) => row[0])).toEqual(['Title', '=HYPERLINK("http://evil.example","click")', '+cmd|calc', '@SUM(1)']);
  });

  it('decodes only predefined entities, numeric references and _xHHHH_ escapes, and refuses a DTD', () => {
    const sheet = (text: string) => `<worksheet><sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;
    expect(readFirstWorksheet(workbookWithSheet(sheet('a&amp;b &#x41;&#66; &copy; line_x000D_end')), importLimits())).toEqual([['', 'a&b AB &copy; line\rend']]);
    const withDtd = '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><worksheet><sheetData/></worksheet>';
    expect(() => readFirstWorksheet(workbookWithSheet(withDtd), importLimits())).toThrow(/declares a DTD/);
  });

  it('reads rich text runs without phonetic hints, booleans, and cells given without references', () => {
    const xml = `<x:worksheet xmlns:x="urn"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:r><x:t>Big</x:t></x:r><x:r><x:t xml:space="preserve"> rock</x:t></x:r><x:rPh><x:t>ビッグ</x:t></x:rPh></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    expect(readFirstWorksheet(workbookWithSheet(xml), importLimits())).toEqual([['Big rock', 'TRUE']]);
  });

  it('counts gaps as cells, so a far-away cell cannot inflate the grid', () => {
    const xml = '<worksheet><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>';
    expect(() => readFirstWorksheet(workbookWithSheet(xml), importLimits({ maxCells: 1000 }))).toThrow(/has more than 1000 cells/);
  });

  it('reads a sheet full of unclosed tags in one pass (a tag-pairing regex would rescan it for each one)', () => {
    const xml = `<worksheet><sheetData>${'<row><c t="inlineStr"><is><t>x<'.repeat(100_000)}`;
    expect(readFirstWorksheet(workbookWithSheet(xml), importLimits())).toEqual([]);
  });

  it('refuses a file that is not a workbook with a message naming .xlsx', () => {
    expect(() => readFirstWorksheet(strToU8('Id,Title\n1,Grow\n'), importLimits())).toThrow(/file: is not a readable \.xlsx workbook \(it is not a ZIP archive/);
    expect(() => readFirstWorksheet(zipSync({ 'word/document.xml': strToU8('<w/>') }), importLimits())).toThrow(/it has no worksheet/);
  });
});
