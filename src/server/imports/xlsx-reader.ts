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

// Element names may carry a namespace prefix (`<x:c>`) in files from other generators.
const P = '(?:[\\w.-]+:)?';

/** The text of every `<t>` inside `xml`, except phonetic runs (`<rPh>`), which are not cell text. */
function runText(xml: string): string {
  const withoutPhonetic = xml.replace(new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g'), '');
  let text = '';
  for (const match of withoutPhonetic.matchAll(new RegExp(`<${P}t\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}t>)`, 'g'))) text += xmlText(match[1] ?? '');
  return text;
}

function sharedStrings(archive: ZipArchive, entries: Map<string, ZipEntry>): string[] {
  const entry = entries.get('xl/sharedstrings.xml');
  if (!entry) return [];
  const xml = readXml(archive, entry);
  return [...xml.matchAll(new RegExp(`<${P}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}si>)`, 'g'))].map((match) => runText(match[1] ?? ''));
}

/** The first sheet the workbook lists (through its relationships), else the first worksheet part by name. */
function firstSheetEntry(archive: ZipArchive, entries: Map<string, ZipEntry>): ZipEntry {
  const workbook = entries.get('xl/workbook.xml');
  const relations = entries.get('xl/_rels/workbook.xml.rels');
  if (workbook && relations) {
    const sheet = new RegExp(`<${P}sheet\\b([^>]*)>`).exec(readXml(archive, workbook));
    const relationId = sheet ? attributes(sheet[1] ?? '').get('r:id') : undefined;
    for (const match of readXml(archive, relations).matchAll(new RegExp(`<${P}Relationship\\b([^>]*)>`, 'g'))) {
      const relation = attributes(match[1] ?? '');
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

function cellValue(type: string | undefined, body: string, shared: string[]): string {
  const formula = new RegExp(`<${P}f\\b[^>]*>([\\s\\S]*?)</${P}f>`).exec(body);
  // Kept as the formula's text, so it is stored as data and never calculated (nor its cached result trusted).
  if (formula && (formula[1] ?? '').trim() !== '') return `=${xmlText(formula[1] ?? '')}`;
  if (type === 'inlineStr') return runText(new RegExp(`<${P}is\\b[^>]*>([\\s\\S]*?)</${P}is>`).exec(body)?.[1] ?? '');
  const value = xmlText(new RegExp(`<${P}v\\b[^>]*>([\\s\\S]*?)</${P}v>`).exec(body)?.[1] ?? '');
  if (type === 's') return shared[Number(value)] ?? '';
  if (type === 'b') return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
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
  let nextRow = 0;
  for (const rowMatch of sheet.matchAll(new RegExp(`<${P}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}row>)`, 'g'))) {
    const rowNumber = Number(attributes(rowMatch[1] ?? '').get('r'));
    const rowIndex = Number.isInteger(rowNumber) && rowNumber >= 1 ? rowNumber - 1 : nextRow;
    nextRow = rowIndex + 1;
    let nextColumn = 0;
    for (const cellMatch of (rowMatch[2] ?? '').matchAll(new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g'))) {
      const cellAttributes = attributes(cellMatch[1] ?? '');
      const position = cellPosition(cellAttributes.get('r') ?? '');
      const column = position ? position.column : nextColumn;
      nextColumn = column + 1;
      if (column >= MAX_COLUMNS) continue;
      const value = cellValue(cellAttributes.get('t'), cellMatch[2] ?? '', shared);
      if (value === '') continue;
      const row = rows.get(rowIndex) ?? [];
      // Gaps count as cells: a sheet with one cell at XFD in every row must not become a huge dense grid.
      cells += Math.max(1, column + 1 - row.length);
      if (cells > limits.maxCells) {
        throw new ImportError('too_many_cells', `has more than ${limits.maxCells} cells in its first sheet, more than an import reads; export fewer rows (e.g. one time period at a time).`);
      }
      while (row.length < column) row.push('');
      row[column] = value;
      rows.set(rowIndex, row);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}
