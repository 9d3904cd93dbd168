/**
 * Reads the first worksheet of an untrusted XLSX workbook (a ZIP of XML parts) as rows of text
 * cells, enough for a Viva Explorer export: shared strings, inline strings, numbers, booleans and
 * formula cells. It is a scanner for the few elements it needs, not an XML parser: no DTD is
 * accepted (a workbook never has one, and refusing it rules out entity expansion), and only the
 * five predefined entities, numeric references and OOXML's `_xHHHH_` escapes are decoded. A formula
 * is kept as its text (`=SUM(A1:A3)`), never evaluated. The ZIP is read within the import limits
 * (zip-reader.ts) and the cell count is capped, gaps included.
 */
import { ImportError } from './import-errors';
import type { ImportLimits } from './import-limits';
import { decodeEntities } from './plain-text';
import { decodeUtf8, type ZipEntry, ZipArchive } from './zip-reader';

const MAX_COLUMNS = 16_384; // Excel's own limit (XFD)

function notASpreadsheet(detail: string): ImportError {
  return new ImportError('not_a_spreadsheet', `is not a readable .xlsx workbook (${detail}); save the Explorer export as .xlsx or .csv and upload that.`);
}

function openWorkbook(bytes: Uint8Array, limits: ImportLimits): ZipArchive {
  try {
    return new ZipArchive(bytes, limits);
  } catch (error) {
    if (error instanceof ImportError && error.problem === 'not_a_zip') throw notASpreadsheet('it is not a ZIP archive, as .xlsx files are');
    throw error;
  }
}

/** Text of an XML part, refusing a DTD. */
function readXml(archive: ZipArchive, entry: ZipEntry): string {
  const xml = decodeUtf8(archive.read(entry));
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw notASpreadsheet(`"${entry.name}" declares a DTD, which workbooks never do`);
  return xml;
}

/** XML character data: entities, then OOXML's `_x000D_`-style escapes for characters XML cannot hold. */
function xmlText(raw: string): string {
  const cdataFree = raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_whole, data: string) => data.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  return decodeEntities(cdataFree).replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function attributes(raw: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of raw.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = (match[1] ?? '').replace(/^[\w.-]+:/, (prefix) => (prefix === 'r:' ? 'r:' : ''));
    found.set(name, xmlText(match[2] ?? match[3] ?? ''));
  }
  return found;
}

interface XmlTag {
  /** Local name, without a namespace prefix (`<x:c>` is `c`). */
  name: string;
  kind: 'open' | 'close' | 'empty';
  attributes: string;
  start: number;
  end: number;
}

/**
 * The tags of `xml` in order, in one linear pass: the pattern cannot run past the next `<`, so a
 * file full of unclosed tags costs no more than its length (a regex pairing open and close tags
 * would rescan to the end for each one). Processing instructions, comments and DTDs are not tags.
 */
function* xmlTags(xml: string): Generator<XmlTag> {
  for (const match of xml.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)([^<>]*?)(\/?)>/g)) {
    const name = (match[2] ?? '').replace(/^[\w.-]+:/, '');
    const kind = match[1] ? 'close' : match[4] ? 'empty' : 'open';
    yield { name, kind, attributes: match[3] ?? '', start: match.index, end: match.index + match[0].length };
  }
}

/** Collects the text of `<t>` runs (not inside phonetic `<rPh>` hints) while a string item or inline string is read. */
class RunText {
  text = '';
  private textStart = -1;
  private inPhonetic = false;

  take(xml: string, tag: XmlTag): void {
    if (tag.name === 'rPh') this.inPhonetic = tag.kind === 'open';
    else if (tag.name === 't' && tag.kind === 'open') this.textStart = this.inPhonetic ? -1 : tag.end;
    else if (tag.name === 't' && tag.kind === 'close' && this.textStart !== -1) {
      this.text += xmlText(xml.slice(this.textStart, tag.start));
      this.textStart = -1;
    }
  }
}

function sharedStrings(archive: ZipArchive, entries: Map<string, ZipEntry>): string[] {
  const entry = entries.get('xl/sharedstrings.xml');
  if (!entry) return [];
  const xml = readXml(archive, entry);
  const strings: string[] = [];
  let item: RunText | null = null;
  for (const tag of xmlTags(xml)) {
    if (tag.name === 'si') {
      if (tag.kind === 'open') item = new RunText();
      else if (tag.kind === 'empty') strings.push('');
      else if (item) {
        strings.push(item.text);
        item = null;
      }
    } else if (item) item.take(xml, tag);
  }
  return strings;
}

/** The first sheet the workbook lists (through its relationships), else the first worksheet part by name. */
function firstSheetEntry(archive: ZipArchive, entries: Map<string, ZipEntry>): ZipEntry {
  const workbook = entries.get('xl/workbook.xml');
  const relations = entries.get('xl/_rels/workbook.xml.rels');
  if (workbook && relations) {
    const sheet = [...xmlTags(readXml(archive, workbook))].find((tag) => tag.name === 'sheet');
    const relationId = sheet ? attributes(sheet.attributes).get('r:id') : undefined;
    for (const tag of xmlTags(readXml(archive, relations))) {
      if (tag.name !== 'Relationship') continue;
      const relation = attributes(tag.attributes);
      if (relation.get('Id') !== relationId) continue;
      const target = (relation.get('Target') ?? '').replace(/^\/?(xl\/)?/, 'xl/').toLowerCase();
      const entry = entries.get(target);
      if (entry) return entry;
    }
  }
  const sheets = [...entries.keys()].filter((name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const first = sheets[0] ? entries.get(sheets[0]) : undefined;
  if (!first) throw notASpreadsheet('it has no worksheet');
  return first;
}

/** "BC12" → column 54 (0-based), row 11 (0-based); null when malformed or beyond Excel's grid. */
function cellPosition(ref: string): { column: number; row: number } | null {
  const match = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(ref);
  if (!match) return null;
  let column = 0;
  for (const letter of (match[1] ?? '').toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  const row = Number(match[2]);
  return column <= MAX_COLUMNS && row >= 1 ? { column: column - 1, row: row - 1 } : null;
}

interface CellParts {
  type: string | undefined;
  ref: string;
  value: string;
  formula: string;
  inline: RunText | null;
}

function cellValue(cell: CellParts, shared: string[]): string {
  // Kept as the formula's text, so it is stored as data and never calculated (nor its cached result trusted).
  if (cell.formula.trim() !== '') return `=${xmlText(cell.formula)}`;
  if (cell.type === 'inlineStr') return cell.inline?.text ?? '';
  const value = xmlText(cell.value);
  if (cell.type === 's') return shared[Number(value)] ?? '';
  if (cell.type === 'b') return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
  return value.trim();
}

/** The first worksheet's rows, each as dense cells (gaps are ''); rows with no cells are left out. */
export function readFirstWorksheet(bytes: Uint8Array, limits: ImportLimits): string[][] {
  const archive = openWorkbook(bytes, limits);
  // Part names are case-insensitive in OOXML packages.
  const entries = new Map(archive.entries.map((entry) => [entry.name.toLowerCase(), entry]));
  const shared = sharedStrings(archive, entries);
  const sheet = readXml(archive, firstSheetEntry(archive, entries));
  const rows = new Map<number, string[]>();
  let cells = 0;
  let rowIndex = -1;
  let nextColumn = 0;
  let cell: CellParts | null = null;
  let textStart = -1;

  const finishCell = (done: CellParts): void => {
    const position = cellPosition(done.ref);
    const column = position ? position.column : nextColumn;
    nextColumn = column + 1;
    const value = column < MAX_COLUMNS && rowIndex >= 0 ? cellValue(done, shared) : '';
    if (value === '') return;
    const row = rows.get(rowIndex) ?? [];
    // Gaps count as cells: a sheet with one cell at XFD in every row must not become a huge dense grid.
    cells += Math.max(1, column + 1 - row.length);
    if (cells > limits.maxCells) {
      throw new ImportError('too_many_cells', `has more than ${limits.maxCells} cells in its first sheet, more than an import reads; export fewer rows (e.g. one time period at a time).`);
    }
    while (row.length < column) row.push('');
    row[column] = value;
    rows.set(rowIndex, row);
  };

  for (const tag of xmlTags(sheet)) {
    if (tag.name === 'row' && tag.kind !== 'close') {
      const rowNumber = Number(attributes(tag.attributes).get('r'));
      rowIndex = Number.isInteger(rowNumber) && rowNumber >= 1 ? rowNumber - 1 : rowIndex + 1;
      nextColumn = 0;
    } else if (tag.name === 'c' && tag.kind !== 'close') {
      const cellAttributes = attributes(tag.attributes);
      const parts: CellParts = { type: cellAttributes.get('t'), ref: cellAttributes.get('r') ?? '', value: '', formula: '', inline: null };
      if (tag.kind === 'empty') finishCell(parts);
      else cell = parts;
    } else if (tag.name === 'c' && cell) {
      finishCell(cell);
      cell = null;
    } else if (cell && (tag.name === 'v' || tag.name === 'f')) {
      if (tag.kind === 'open') textStart = tag.end;
      else if (tag.kind === 'close' && textStart !== -1) {
        cell[tag.name === 'v' ? 'value' : 'formula'] = sheet.slice(textStart, tag.start);
        textStart = -1;
      }
    } else if (cell && tag.name === 'is' && tag.kind === 'open') {
      cell.inline = new RunText();
    } else if (cell?.inline) {
      cell.inline.take(sheet, tag);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}
