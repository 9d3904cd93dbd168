import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildCsv, buildVivaOrganisationZip, buildXlsx, sampleExplorerRows, sampleVivaOrganisation } from '../../../test/support/viva-export-fixtures';
import { ImportError } from './import-errors';
import { parseVivaExport } from './viva-export-parser';

describe('parseVivaExport', () => {
  it('tells the three forms apart by their bytes', () => {
    expect(parseVivaExport(buildVivaOrganisationZip(sampleVivaOrganisation())).source).toBe('viva-organisation-zip');
    expect(parseVivaExport(buildXlsx(sampleExplorerRows())).source).toBe('viva-explorer-xlsx');
    expect(parseVivaExport(strToU8(buildCsv(sampleExplorerRows(), true))).source).toBe('viva-explorer-csv');
  });

  it('refuses a file that is none of them, and a damaged ZIP, with a 400 on `file`', () => {
    for (const bytes of [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3])]) {
      try {
        parseVivaExport(bytes);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(ImportError);
        expect((error as ImportError).toBody().error).toMatchObject({ code: 'validation_failed', fields: [{ field: 'file' }] });
      }
    }
  });
});
