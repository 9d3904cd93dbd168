import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  buildVivaOrganisationZip,
  sampleVivaOrganisation,
  vivaCheckin,
  vivaExportFileName,
  vivaObjective,
  vivaTimePeriod,
  vivaUser,
} from '../../../test/support/viva-export-fixtures';
import { ImportError } from './import-errors';
import { importLimits } from './import-limits';
import { parseVivaOrganisationZip, vivaExportEntity } from './viva-organisation-parser';

function objective(model: ReturnType<typeof parseVivaOrganisationZip>, externalId: string) {
  const found = model.objectives.find((candidate) => candidate.externalId === externalId);
  if (!found) throw new Error(`objective ${externalId} was not parsed; parsed: ${model.objectives.map((o) => o.externalId).join(', ')}`);
  return found;
}

describe('parseVivaOrganisationZip', () => {
  it('matches export files by entity, case-insensitively and inside folders', () => {
    expect(vivaExportEntity('TimePeriods_export_file_1_2_Organization_1_20251215093000.json')).toBe('timeperiods');
    expect(vivaExportEntity('export/CHECKINS_export_file_1_2_Organization_1_20251215093000.JSON')).toBe('checkins');
    expect(vivaExportEntity('objectives.json')).toBeNull();
    expect(vivaExportEntity('Goals_export_file_1.json')).toBeNull();
  });

  it('reads periods, teams, users, objectives with weighted alignments, outcomes, phased targets, check-ins and comments', () => {
    const model = parseVivaOrganisationZip(buildVivaOrganisationZip(sampleVivaOrganisation()));
    expect(model.source).toBe('viva-organisation-zip');
    expect(model.timePeriods).toEqual([{ externalId: '10', name: 'Q1 2025', startDate: '2025-01-01', endDate: '2025-03-31' }]);
    expect(model.teams[1]).toMatchObject({ externalId: '21', name: 'Payments', parentExternalId: '20', owners: [{ externalId: '2', name: 'Grace Hopper', email: 'grace@example.com' }] });
    expect(model.users.map((user) => user.email)).toEqual(['ada@example.com', 'grace@example.com']);

    const child = objective(model, '103');
    expect(child).toMatchObject({
      kind: 'big-rock',
      title: 'Ship the new checkout (Phase 1; EU)',
      alignments: [
        { externalId: '100', weight: 40 },
        { externalId: '102', weight: 60 },
      ],
      progressMode: 'manual',
      status: 'closed',
      closed: true,
      score: 0.7,
      timePeriod: { externalId: '10', name: 'Q1 2025' },
      teams: [{ externalId: '20', name: 'Platform' }],
    });
    const kpi = objective(model, '101');
    expect(kpi.kind).toBe('kpi');
    expect(kpi.outcome).toEqual({ type: 'metric', metricName: 'WAU', unit: 'users', start: 1000, target: 5000, targetType: 'Increase From' });
    expect(kpi.phasedTargets).toEqual([
      { date: '2025-01-31', value: 2000 },
      { date: '2025-02-28', value: 3000 },
    ]);
    expect(objective(model, '100')).toMatchObject({ progressMode: 'children', outcome: { type: 'percentage', start: 0, target: 100 }, phasedTargets: [], score: null, createdAt: '2024-12-20T10:00:00.000Z' });
    expect(objective(model, '104')).toMatchObject({ kind: 'project', outcome: null, alignments: [{ externalId: '102', weight: null }] });

    expect(model.checkins).toHaveLength(4);
    expect(model.checkins[0]).toEqual({
      externalId: '1000',
      okrExternalId: '101',
      date: '2025-02-01T09:15:00.000Z',
      author: { externalId: '1', name: 'Ada Lovelace', email: 'ada@example.com' },
      note: 'Going well',
      value: 25,
      status: 'on-track',
    });
    expect(model.checkins.slice(1).map((checkin) => checkin.note)).toEqual(['', '', '']);
    expect(model.comments).toEqual([{ externalId: '5000', okrExternalId: '100', text: 'Nice progress', author: { externalId: '1', name: 'Ada Lovelace', email: 'ada@example.com' }, createdAt: '2025-02-02T12:00:00.000Z' }]);
    expect(model.skipped).toEqual([]);
  });

  it('tolerates nulls everywhere a Viva export may write them', () => {
    const allNull = Object.fromEntries(Object.keys(vivaObjective()).map((key) => [key, null]));
    const model = parseVivaOrganisationZip(
      buildVivaOrganisationZip({
        objectives: [
          vivaObjective({ ...allNull, ID: 7, Title: 'Only a title', Type: 'Big rock' }),
          vivaObjective({ ...allNull }),
        ],
        checkins: [vivaCheckin({ 'Check In Owner': null, 'Check In Note': null, Status: null, 'Current Value': null, 'Metric Name': null, 'Activity Date': null })],
        timePeriods: [vivaTimePeriod({ 'Start Date': null, 'End Date': null })],
        users: [vivaUser({ Email: null })],
      }),
    );
    expect(objective(model, '7')).toMatchObject({ title: 'Only a title', owners: [], teams: [], alignments: [], progress: null, status: null, outcome: null, phasedTargets: [], timePeriod: null });
    expect(model.checkins[0]).toMatchObject({ author: null, note: '', value: null, status: null });
    expect(model.timePeriods[0]).toMatchObject({ startDate: null, endDate: null });
    expect(model.skipped).toEqual([
      { type: 'user', externalId: '1', reason: 'it has no Email, so it cannot be matched to a Pacer user' },
      { type: 'objective', externalId: null, reason: 'it has no ID' },
    ]);
  });

  it('skips records of the wrong shape with the reason, and keeps going', () => {
    const model = parseVivaOrganisationZip(
      buildVivaOrganisationZip({
        objectives: [vivaObjective({ ID: 1, Title: { nested: 'object' } }), 'not a record', vivaObjective({ ID: 2, Type: 'Milestone' }), vivaObjective({ ID: 3 })],
        checkins: [vivaCheckin({ 'CheckIn Date': 'yesterday', 'Activity Date': 'soon' })],
      }),
    );
    expect(model.objectives.map((o) => o.externalId)).toEqual(['3']);
    expect(model.skipped).toEqual([
      { type: 'objective', externalId: '1', reason: expect.stringMatching(/^it does not have the shape of a Viva Goals objectives record \(title: /) },
      { type: 'objective', externalId: null, reason: expect.stringMatching(/^it does not have the shape/) },
      { type: 'objective', externalId: '2', reason: 'its Type "Milestone" is not Big rock, Kpi or Project' },
      { type: 'checkin', externalId: '1000', reason: 'its CheckIn Date is missing or not a date' },
    ]);
  });

  it('keeps the first record of a repeated ID and notes the others as skipped', () => {
    const model = parseVivaOrganisationZip(buildVivaOrganisationZip({ objectives: [vivaObjective({ Title: 'First' }), vivaObjective({ Title: 'Second' })], checkins: [vivaCheckin(), vivaCheckin()] }));
    expect(model.objectives.map((o) => o.title)).toEqual(['First']);
    expect(model.skipped).toEqual([
      { type: 'objective', externalId: '100', reason: 'the export lists this ID twice; the first is used' },
      { type: 'checkin', externalId: '1000', reason: 'the export lists this ID twice; the first is used' },
    ]);
  });

  it('reduces HTML notes to plain text and never keeps markup or scripts', () => {
    const model = parseVivaOrganisationZip(
      buildVivaOrganisationZip({
        checkins: [
          vivaCheckin({
            'Check In Note': {
              'Check In Note': '',
              'Check In Note HTML': '<p>Shipped <b>v2</b> &amp; &lt;fixed&gt; bugs<script>alert(1)</script></p><ul><li>one</li><li>two</li></ul><img src=x onerror=alert(2)>',
            },
          }),
        ],
      }),
    );
    expect(model.checkins[0]?.note).toBe('Shipped v2 & <fixed> bugs\n• one\n• two');
  });

  it('keeps __proto__ keys as harmless data', () => {
    const json = '[{"ID": 5, "Title": "Polluter", "Type": "Big rock", "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}]';
    const model = parseVivaOrganisationZip(zipSync({ [vivaExportFileName('objectives')]: strToU8(json) }));
    expect(model.objectives.map((o) => o.title)).toEqual(['Polluter']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses JSON nested deeper than the limit as an ImportError naming the file', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const zip = zipSync({ [vivaExportFileName('objectives')]: strToU8(deep) });
    expect(() => parseVivaOrganisationZip(zip)).toThrow(/objectives_export_file_.*nests arrays or objects more than 32 levels deep/);
  });

  it('refuses broken JSON, a ZIP without export files and a file that is not a ZIP with a 400 on `file`', () => {
    const broken = zipSync({ [vivaExportFileName('objectives')]: strToU8('[{"ID": 1,') });
    expect(() => parseVivaOrganisationZip(broken)).toThrow(/is not valid JSON/);
    const unrelated = zipSync({ 'holiday.jpg': new Uint8Array(10) });
    expect(() => parseVivaOrganisationZip(unrelated)).toThrow(/holds no Viva Goals export files/);
    try {
      parseVivaOrganisationZip(strToU8('Id,Title\n1,Grow'));
      throw new Error('a CSV was accepted as a ZIP');
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).statusCode).toBe(400);
      expect((error as ImportError).fields).toEqual([{ field: 'file', message: expect.stringMatching(/^is not a readable ZIP archive/) }]);
    }
  });

  it('notes a file that is not an array as skipped and warns about files that are not exports', () => {
    const model = parseVivaOrganisationZip(
      buildVivaOrganisationZip({ objectives: [vivaObjective()], extraFiles: { [vivaExportFileName('comments')]: '{"not": "an array"}', 'README.txt': 'hello' } }),
    );
    expect(model.skipped).toEqual([{ type: 'file', externalId: vivaExportFileName('comments'), reason: 'it does not hold a JSON array of records, as a Viva Goals export file does' }]);
    expect(model.warnings).toEqual(['"README.txt" is not a Viva Goals export file and was ignored']);
  });

  it('cuts text longer than the limit, with a warning', () => {
    const model = parseVivaOrganisationZip(buildVivaOrganisationZip({ objectives: [vivaObjective({ Description: 'x'.repeat(500) })] }), importLimits({ maxStringLength: 100 }));
    expect(objective(model, '100').description).toHaveLength(100);
    expect(model.warnings).toEqual(['A description was longer than 100 characters and was cut']);
  });
});
