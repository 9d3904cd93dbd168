/**
 * An RFC 4180 CSV parser for untrusted text: quoted fields with doubled quotes, line breaks inside
 * quotes, CRLF, LF or CR line ends, a leading byte order mark, and the delimiter (comma, semicolon
 * or tab) taken from the header line, as spreadsheet apps in some locales write semicolons. It is
 * lenient where files are sloppy (a stray quote inside an unquoted field is kept as text) and
 * strict about size: more cells than the limit is an ImportError. Cells are text only; a cell
 * reading `=1+2` is that text and nothing evaluates it.
 */
import { ImportError } from './import-errors';

function delimiterOf(text: string): string {
  const headerEnd = text.search(/[\r\n]/);
  const header = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const counts = [',', ';', '\t'].map((delimiter) => ({ delimiter, count: header.split(delimiter).length - 1 }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0] && counts[0].count > 0 ? counts[0].delimiter : ',';
}

/** Rows of cells; blank lines are left out. */
export function parseCsv(input: string, maxCells: number): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = delimiterOf(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let cells = 0;
  let at = 0;

  const endCell = (): void => {
    row.push(cell);
    cell = '';
    cells++;
    if (cells > maxCells) {
      throw new ImportError('too_many_cells', `has more than ${maxCells} cells, more than an import reads; export fewer rows (e.g. one time period at a time).`);
    }
  };
  const endRow = (): void => {
    endCell();
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
  };

  while (at < text.length) {
    const char = text[at];
    if (quoted) {
      if (char === '"') {
        if (text[at + 1] === '"') {
          cell += '"';
          at += 2;
          continue;
        }
        quoted = false;
        at++;
        continue;
      }
      // Copy up to the next quote in one go: a long quoted note is not built character by character.
      const next = text.indexOf('"', at);
      const end = next === -1 ? text.length : next;
      cell += text.slice(at, end);
      at = end;
      continue;
    }
    if (char === '"' && cell === '') {
      quoted = true;
    } else if (char === delimiter) {
      endCell();
    } else if (char === '\r' || char === '\n') {
      endRow();
      if (char === '\r' && text[at + 1] === '\n') at++;
    } else {
      cell += char;
    }
    at++;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}
