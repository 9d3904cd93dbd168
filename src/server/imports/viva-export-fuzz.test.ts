/**
 * Damaged uploads: whatever bytes arrive, parsing either gives a model or throws an ImportError (a
 * 400 on `file`), never another exception (which would be a 500). Mutations of real exports reach
 * deeper than random bytes: flipped bytes inside headers, deflate streams and XML, and cut files.
 */
import fc from 'fast-check';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildCsv, buildVivaOrganisationZip, buildXlsx, sampleExplorerRows, sampleVivaOrganisation } from '../../../test/support/viva-export-fixtures';
import { ImportError } from './import-errors';
import { importLimits } from './import-limits';
import { planVivaImport } from './viva-import-plan';
import { parseVivaExport } from './viva-export-parser';

const limits = importLimits({ maxTotalBytes: 4 * 1024 * 1024, maxEntryBytes: 4 * 1024 * 1024 });

function parsesOrRefuses(bytes: Uint8Array): void {
  try {
    planVivaImport(parseVivaExport(bytes, limits));
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
  }
}

const samples = [buildVivaOrganisationZip(sampleVivaOrganisation()), buildXlsx(sampleExplorerRows()), strToU8(buildCsv(sampleExplorerRows()))];

describe('parseVivaExport on damaged files', () => {
  it('gives a model or an ImportError for flipped bytes and cut files', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat()),
        (sample, flips, cut) => {
          const bytes = sample.slice(0, cut === null ? sample.length : cut % (sample.length + 1));
          for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
          parsesOrRefuses(bytes);
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });

  it('gives a model or an ImportError for random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => parsesOrRefuses(bytes)), { numRuns: 200, seed: 14 });
    expect(() => parseVivaExport(new Uint8Array(0), limits)).toThrow(ImportError);
  });
});
