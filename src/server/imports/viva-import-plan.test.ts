import { describe, expect, it } from 'vitest';
import {
  buildCsv,
  buildVivaOrganisationZip,
  sampleExplorerRows,
  sampleVivaOrganisation,
  vivaCheckin,
  vivaObjective,
  vivaTimePeriod,
} from '../../../test/support/viva-export-fixtures';
import { parseVivaExplorerCsv } from './viva-explorer-parser';
import { planVivaImport } from './viva-import-plan';
import type { VivaImportPlan } from './viva-import-plan-types';
import { vivaImportReport } from './viva-import-report';
import { parseVivaOrganisationZip } from './viva-organisation-parser';

function planOf(content = sampleVivaOrganisation(), existing = {}): VivaImportPlan {
  return planVivaImport(parseVivaOrganisationZip(buildVivaOrganisationZip(content)), existing);
}

describe('planVivaImport (organisation export)', () => {
  const plan = planOf();

  it('maps periods to cycles, teams with parents and owners, and people to deactivated users by email', () => {
    expect(plan.cycles).toEqual([{ externalId: '10', name: 'Q1 2025', startDate: '2025-01-01', endDate: '2025-03-31', existingId: null }]);
    expect(plan.teams.map(({ externalId, parentExternalId, ownerEmails }) => ({ externalId, parentExternalId, ownerEmails }))).toEqual([
      { externalId: '20', parentExternalId: null, ownerEmails: ['ada@example.com'] },
      { externalId: '21', parentExternalId: '20', ownerEmails: ['grace@example.com'] },
    ]);
    expect(plan.users).toEqual([
      { email: 'ada@example.com', name: 'Ada Lovelace', externalId: '1', existingId: null, deactivated: true },
      { email: 'grace@example.com', name: 'Grace Hopper', externalId: '2', existingId: null, deactivated: true },
    ]);
  });

  it('makes Big rocks objectives, a Big rock aligned to two Big rocks a child with both weights, manual with its last check-in', () => {
    expect(plan.objectives.map((o) => [o.externalId, o.progressMode, o.parents])).toEqual([
      ['100', 'key_results', []],
      ['102', 'key_results', []],
      [
        '103',
        'manual',
        [
          { externalId: '100', weight: 40 },
          { externalId: '102', weight: 60 },
        ],
      ],
    ]);
    expect(plan.objectives[2]).toMatchObject({ manualProgress: 0.7, closed: true, vivaStatus: 'closed', score: 0.7, ownerEmail: 'ada@example.com', teamExternalIds: ['20'], cycleExternalId: '10' });
  });

  it('makes a Kpi a metric key result with phased-target milestones, and a Project a percentage key result', () => {
    expect(plan.keyResults).toEqual([
      expect.objectContaining({
        externalId: '101',
        objectiveExternalId: '100',
        kind: 'metric',
        startValue: 1000,
        targetValue: 5000,
        unit: 'users',
        currentValue: 3100,
        weight: 100,
        milestones: [
          { date: '2025-01-31', value: 2000 },
          { date: '2025-02-28', value: 3000 },
        ],
      }),
      expect.objectContaining({ externalId: '104', objectiveExternalId: '102', kind: 'percentage', startValue: 0, targetValue: 100, unit: '%', currentValue: 40, weight: 1, milestones: [] }),
    ]);
  });

  it('plans check-ins with dates, authors, values and notes, skips the one for an unknown OKR ID, and keeps comments', () => {
    expect(plan.checkins.map((c) => [c.externalId, c.target, c.value, c.note, c.authorEmail, c.date])).toEqual([
      ['1000', { kind: 'keyResult', externalId: '101' }, 25, 'Going well', 'ada@example.com', '2025-02-01T09:15:00.000Z'],
      ['1003', { kind: 'objective', externalId: '103' }, 0.7, '', 'ada@example.com', '2025-02-01T09:15:00.000Z'],
      ['1001', { kind: 'keyResult', externalId: '101' }, 3100, '', 'ada@example.com', '2025-03-01T09:15:00.000Z'],
    ]);
    expect(plan.skipped).toEqual([{ type: 'checkin', externalId: '1002', reason: 'its OKR ID 999 is not an objective, key result or project in this export' }]);
    expect(plan.comments).toEqual([
      { externalId: '5000', target: { kind: 'objective', externalId: '100' }, authorEmail: 'ada@example.com', createdAt: '2025-02-02T12:00:00.000Z', text: 'Nice progress', existingId: null },
    ]);
  });

  it('reports counts, all created on a first import and all matched when imported again', () => {
    const first = vivaImportReport(plan, true);
    const all = { cycle: 1, team: 2, user: 2, objective: 3, keyResult: 2, checkin: 3, comment: 1 };
    expect(first).toMatchObject({ dryRun: true, source: 'viva-organisation-zip', counts: all, created: all });
    expect(first.matched).toEqual({ cycle: 0, team: 0, user: 0, objective: 0, keyResult: 0, checkin: 0, comment: 0 });

    const imported = [
      ...plan.cycles.map((row) => ({ kind: 'cycle' as const, externalId: row.externalId, id: `c${row.externalId}` })),
      ...plan.teams.map((row) => ({ kind: 'team' as const, externalId: row.externalId, id: `t${row.externalId}` })),
      ...plan.objectives.map((row) => ({ kind: 'objective' as const, externalId: row.externalId, id: `o${row.externalId}` })),
      ...plan.keyResults.map((row) => ({ kind: 'keyResult' as const, externalId: row.externalId, id: `k${row.externalId}` })),
      ...plan.checkins.map((row) => ({ kind: 'checkin' as const, externalId: row.externalId, id: `ci${row.externalId}` })),
      ...plan.comments.map((row) => ({ kind: 'comment' as const, externalId: row.externalId, id: `cm${row.externalId}` })),
    ];
    const users = [
      { id: 'u1', email: 'ada@example.com' },
      { id: 'u2', email: 'grace@example.com' },
    ];
    const again = vivaImportReport(planOf(sampleVivaOrganisation(), { imported, users }), false);
    expect(again.created).toEqual({ cycle: 0, team: 0, user: 0, objective: 0, keyResult: 0, checkin: 0, comment: 0 });
    expect(again.matched).toEqual(all);
  });

  it('matches an existing cycle by name and dates, and imports a same-named cycle with other dates under another name', () => {
    const same = planOf(sampleVivaOrganisation(), { cycles: [{ id: 'c1', name: 'q1 2025', startDate: '2025-01-01', endDate: '2025-03-31' }] });
    expect(same.cycles[0]).toMatchObject({ name: 'Q1 2025', existingId: 'c1' });
    const other = planOf(sampleVivaOrganisation(), { cycles: [{ id: 'c1', name: 'Q1 2025', startDate: '2024-01-01', endDate: '2024-03-31' }] });
    expect(other.cycles[0]).toMatchObject({ name: 'Q1 2025 (Viva)', existingId: null });
    expect(other.warnings).toContain('A cycle named "Q1 2025" already exists with other dates; the time period is imported as the cycle "Q1 2025 (Viva)"');
  });

  it('makes a Kpi aligned to no Big rock an objective holding it as its one key result, with its check-ins', () => {
    const lone = planOf({
      timePeriods: [vivaTimePeriod()],
      objectives: [vivaObjective({ ID: 7, Type: 'Kpi', Outcome: { 'Outcome Type': 'Metric', 'Metric Name': 'NPS', 'Metric Unit': null, Start: 10, Target: 50 } })],
      checkins: [vivaCheckin({ 'OKR ID': 7, 'Current Value': 30 })],
    });
    expect(lone.objectives).toEqual([expect.objectContaining({ externalId: '7', progressMode: 'key_results', vivaKind: 'kpi', parents: [] })]);
    expect(lone.keyResults).toEqual([expect.objectContaining({ externalId: '7#kr', objectiveExternalId: '7', kind: 'metric', startValue: 10, targetValue: 50, unit: 'NPS', currentValue: 30, weight: 1 })]);
    expect(lone.checkins.map((c) => c.target)).toEqual([{ kind: 'keyResult', externalId: '7#kr' }]);
  });

  it('cuts an alignment loop, drops alignments to unknown items, and skips objectives without a cycle with their check-ins', () => {
    const looped = planOf({
      timePeriods: [vivaTimePeriod()],
      objectives: [
        vivaObjective({ ID: 1, Alignment: [{ ID: 2, Title: 'B', Weight: '50%' }, { ID: 404, Title: 'Gone', Weight: '50%' }] }),
        vivaObjective({ ID: 2, Alignment: [{ ID: 1, Title: 'A', Weight: '100%' }] }),
        vivaObjective({ ID: 3, 'Time Period': { ID: 99, Name: 'Elsewhere' }, 'Start Date': '2030-01-01 00:00:00', 'End Date': '2030-03-01 00:00:00' }),
      ],
      checkins: [vivaCheckin({ 'OKR ID': 3 })],
    });
    expect(looped.objectives.map((o) => [o.externalId, o.parents.map((p) => p.externalId)])).toEqual([
      ['1', ['2']],
      ['2', []],
    ]);
    expect(looped.warnings).toEqual(
      expect.arrayContaining(['Item 1: its alignment to 404 was left out because that item is not in the export', 'Objective 2: its alignment to 1 would make a loop and was left out']),
    );
    const reason = 'its time period is not in the export (or could not be made a cycle) and its dates fit no one period';
    expect(looped.skipped).toEqual([
      { type: 'objective', externalId: '3', reason },
      { type: 'checkin', externalId: '1000', reason: `its OKR 3 was not imported: ${reason}` },
    ]);
  });

  it('keeps the previous value for a check-in without one, and turns a manual objective\'s phased targets into fraction milestones', () => {
    const manual = planOf({
      timePeriods: [vivaTimePeriod()],
      objectives: [
        vivaObjective({
          ID: 1,
          'Progress and Status Configuration': { Progress: 'Update Manually' },
          'Phased Targets': { Interval: 'Monthly', 'Phased Targets': [{ 'Target Value': 50, 'Target Date': '2025-02-15 00:00:00' }, { 'Target Value': 80, 'Target Date': '2026-01-01 00:00:00' }] },
        }),
      ],
      checkins: [vivaCheckin({ ID: 1, 'OKR ID': 1, 'Current Value': 30 }), vivaCheckin({ ID: 2, 'OKR ID': 1, 'Current Value': null, 'CheckIn Date': '2025-03-01 00:00:00' })],
    });
    expect(manual.objectives[0]).toMatchObject({ progressMode: 'manual', manualProgress: 0.3, milestones: [{ date: '2025-02-15', value: 0.5 }] });
    expect(manual.checkins.map((c) => c.value)).toEqual([0.3, 0.3]);
    expect(manual.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/a phased target dated outside its period/), 'A check-in without a Current Value kept the previous value (or the start value) of its item']));
  });
});

describe('planVivaImport (Explorer export)', () => {
  it('plans the Explorer sample: cycles from period names, child objective weights, key results; owners without email stay empty', () => {
    const plan = planVivaImport(parseVivaExplorerCsv(buildCsv(sampleExplorerRows())));
    expect(plan.cycles).toEqual([{ externalId: 'name:Q1 2025', name: 'Q1 2025', startDate: '2025-01-01', endDate: '2025-03-31', existingId: null }]);
    expect(plan.objectives.map((o) => [o.externalId, o.progressMode, o.parents.map((p) => p.weight), o.ownerEmail])).toEqual([
      ['100', 'key_results', [], null],
      ['102', 'key_results', [], null],
      ['103', 'manual', [40, 60], null],
    ]);
    expect(plan.keyResults.map((k) => [k.externalId, k.objectiveExternalId, k.kind, k.currentValue])).toEqual([
      ['101', '100', 'metric', 3100],
      ['104', '102', 'percentage', 50],
    ]);
    expect(plan.checkins).toHaveLength(3);
    expect(plan.users).toEqual([]);
    expect(plan.warnings).toContain('An owner of "Grow the platform" "Ada Lovelace" has no email in the export, so no Pacer user can be matched; it is left empty');
  });
});
