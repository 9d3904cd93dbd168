/**
 * parseVivaExport: one entry point for an uploaded Viva Goals file, whichever form it is. The form
 * is judged by the bytes, never by the file name or the Content-Type the browser sent: a ZIP with
 * `xl/workbook.xml` is an Explorer XLSX, any other ZIP an organisation export, and anything else is
 * read as Explorer CSV text (which refuses it clearly when it has no Id and Title columns).
 */
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits';
import { parseVivaExplorerCsv, parseVivaExplorerXlsx } from './viva-explorer-parser';
import type { VivaImportModel } from './viva-model';
import { parseVivaOrganisationZip } from './viva-organisation-parser';
import { decodeUtf8, ZipArchive } from './zip-reader';

function looksLikeZip(bytes: Uint8Array): boolean {
  // PK\3\4: a local file header; PK\5\6: the end record of an empty archive.
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

export function parseVivaExport(bytes: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): VivaImportModel {
  if (!looksLikeZip(bytes)) return parseVivaExplorerCsv(decodeUtf8(bytes.subarray(0, limits.maxEntryBytes + 1)), limits);
  const archive = new ZipArchive(bytes, limits);
  const isWorkbook = archive.entries.some((entry) => entry.name.toLowerCase() === 'xl/workbook.xml');
  return isWorkbook ? parseVivaExplorerXlsx(bytes, limits) : parseVivaOrganisationZip(bytes, limits);
}
