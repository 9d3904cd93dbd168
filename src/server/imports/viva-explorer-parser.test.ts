import { describe, expect, it } from 'vitest';
import { buildCsv, buildXlsx, EXPLORER_HEADER, explorerRow, sampleExplorerRows } from '../../../test/support/viva-export-fixtures';
import { importLimits } from './import-limits';
import type { VivaImportModel } from './viva-model';
import { parseVivaExplorerCsv, parseVivaExplorerXlsx } from './viva-explorer-parser';

function objective(model: VivaImportModel, externalId: string) {
  const found = model.objectives.find((candidate) => candidate.externalId === externalId);
  if (!found) throw new Error(`row ${externalId} was not parsed; parsed: ${model.objectives.map((o) => o.externalId).join(', ')}`);
  return found;
}

function expectSampleModel(model: VivaImportModel): void {
  expect(model.objectives.map((o) => [o.externalId, o.kind])).toEqual([
    ['100', 'big-rock'],
    ['102', 'big-rock'],
    ['103', 'big-rock'],
    ['101', 'kpi'],
    ['104', 'project'],
  ]);
  expect(objective(model, '103')).toMatchObject({
    title: 'Ship checkout (Phase 1; EU)',
    alignments: [
      { externalId: '100', weight: 40 },
      { externalId: '102', weight: 60 },
    ],
    status: 'closed',
    closed: true,
    score: 0.7,
  });
  expect(objective(model, '101')).toMatchObject({ outcome: { type: 'metric', metricName: 'WAU', unit: 'users', start: 1000, target: 5000 }, owners: [{ name: 'Ada Lovelace', email: null }] });
  expect(objective(model, '104').outcome).toEqual({ type: 'percentage', metricName: null, unit: null, start: 0, target: 100, targetType: null });
  expect(objective(model, '100')).toMatchObject({ progress: 40, teams: [{ externalId: 'name:Platform', name: 'Platform' }], timePeriod: { externalId: 'name:Q1 2025', name: 'Q1 2025' } });
  expect(model.timePeriods).toEqual([{ externalId: 'name:Q1 2025', name: 'Q1 2025', startDate: '2025-01-01', endDate: '2025-03-31' }]);
  expect(model.checkins).toEqual([
    { externalId: '101#checkin-1', okrExternalId: '101', date: '2025-02-01T00:00:00.000Z', author: { externalId: null, name: 'Ada Lovelace', email: null }, note: 'Going well; on plan (mostly)', value: 2500, status: 'on-track' },
    { externalId: '101#checkin-2', okrExternalId: '101', date: '2025-03-01T00:00:00.000Z', author: { externalId: null, name: 'Ada Lovelace', email: null }, note: '', value: 3100, status: 'behind' },
    { externalId: '104#checkin-1', okrExternalId: '104', date: '2025-02-10T00:00:00.000Z', author: { externalId: null, name: 'Grace Hopper', email: null }, note: 'half done & reviewed', value: 50, status: 'on-track' },
  ]);
  expect(model.skipped).toEqual([]);
}

describe('parseVivaExplorerCsv', () => {
  it('reads the Explorer columns into the normalized model', () => {
    const model = parseVivaExplorerCsv(buildCsv(sampleExplorerRows(), true));
    expect(model.source).toBe('viva-explorer-csv');
    expectSampleModel(model);
  });

  it('finds the header below a title line, in any column order, and keeps formulas as text', () => {
    const header = [...EXPLORER_HEADER].reverse();
    const row = explorerRow({ Id: '9', Title: '=cmd|"/c calc"!A1', Owner: 'ada@example.com, +Bob', Description: '@SUM(1)' });
    const csv = buildCsv([['Explorer export, 15 Dec 2025'], header, EXPLORER_HEADER.map((column) => row[EXPLORER_HEADER.indexOf(column)] ?? '').reverse()]);
    const model = parseVivaExplorerCsv(csv);
    expect(objective(model, '9')).toMatchObject({ title: '=cmd|"/c calc"!A1', description: '@SUM(1)', owners: [{ email: 'ada@example.com' }, { name: '+Bob' }] });
    expect(model.users).toEqual([{ externalId: null, name: 'ada@example.com', email: 'ada@example.com' }]);
  });

  it('skips rows without an Id, repeated Ids and unknown object types with reasons', () => {
    const csv = buildCsv([
      EXPLORER_HEADER,
      explorerRow({ Title: 'No id' }),
      explorerRow({ Id: '1', Title: 'First' }),
      explorerRow({ Id: '1', Title: 'Again' }),
      explorerRow({ Id: '2', Title: 'Odd', 'Object Type': 'Milestone' }),
      explorerRow({ Id: '3', Title: 'Bad check-in', Checkins: 'Checkin Date: someday; User: Ada; Note: x; Status: On Track; Current Value: 1; Activity Date: never UTC;' }),
    ]);
    expect(parseVivaExplorerCsv(csv).skipped).toEqual([
      { type: 'objective', externalId: null, reason: 'row 2 has no Id' },
      { type: 'objective', externalId: '1', reason: 'row 4 repeats Id 1; the first row with it is used' },
      { type: 'objective', externalId: '2', reason: 'its Object Type "Milestone" is not Objective, Key result or Deliverable' },
      { type: 'checkin', externalId: '3#checkin-1', reason: 'its Checkin Date "someday" is not a date' },
    ]);
  });

  it('refuses a file without Id and Title columns, and one over the size limit', () => {
    expect(() => parseVivaExplorerCsv('Name,Value\na,1\n')).toThrow(/has no "Id" and "Title" columns/);
    expect(() => parseVivaExplorerCsv('Id,Title\n1,x\n', importLimits({ maxEntryBytes: 5 }))).toThrow(/is larger than/);
  });
});

describe('parseVivaExplorerXlsx', () => {
  it('reads the same model from an XLSX workbook, dates written as serial numbers included', () => {
    const rows = sampleExplorerRows().map((row, index) =>
      row.map((cell, column) => {
        const name = EXPLORER_HEADER[column];
        // Excel stores dates as serial days: 45658 is 2025-01-01, 45747 is 2025-03-31.
        if (index > 0 && name === 'Start Date' && cell) return { kind: 'number' as const, value: '45658' };
        if (index > 0 && name === 'End Date' && cell) return { kind: 'number' as const, value: '45747' };
        return cell;
      }),
    );
    const model = parseVivaExplorerXlsx(buildXlsx(rows));
    expect(model.source).toBe('viva-explorer-xlsx');
    expectSampleModel(model);
  });
});
