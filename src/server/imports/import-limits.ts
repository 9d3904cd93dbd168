/**
 * How much of an untrusted import file Pacer is willing to read. Every reader checks these while
 * it reads (not after), so a ZIP bomb or a billion-cell sheet fails early with an ImportError
 * instead of exhausting memory. The defaults fit the largest real Viva export we plan for
 * (5,000 objectives with 50,000 check-ins is about 60 MB of JSON) with room to spare.
 */
export interface ImportLimits {
  /** Uncompressed bytes of all entries read from one archive together. */
  maxTotalBytes: number;
  /** Uncompressed bytes of any one entry (or of a CSV file). */
  maxEntryBytes: number;
  /** Entries in the archive's central directory. */
  maxEntries: number;
  /** Nesting of arrays and objects in a JSON file. */
  maxJsonDepth: number;
  /** Spreadsheet cells (CSV fields or XLSX cells) in one sheet. */
  maxCells: number;
  /** Characters kept of any one text value; longer text is cut and a warning says so. */
  maxStringLength: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntryBytes: 200 * 1024 * 1024,
  maxEntries: 1000,
  maxJsonDepth: 32,
  maxCells: 5_000_000,
  maxStringLength: 100_000,
};

export function importLimits(overrides: Partial<ImportLimits> = {}): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...overrides };
}
