import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PacerExport } from '../../contract/exports';
import { ImportError } from './import-errors';
import { importLimits } from './import-limits';
import { planPacerDocument, planPacerDocumentImport, readPacerDocument } from './pacer-document-plan';

const limits = importLimits();

function objective(id: string, overrides: Partial<PacerExport['objectives'][number]> = {}): PacerExport['objectives'][number] {
  return {
    id,
    cycleId: 'c1',
    title: `Objective ${id}`,
    description: '',
    ownerId: 'u1',
    parents: [],
    teamIds: [],
    startDate: null,
    endDate: null,
    progressMode: 'key_results',
    manualProgress: null,
    milestones: [],
    closedAt: null,
    score: null,
    createdAt: '2026-01-02T00:00:00.000Z',
    ...overrides,
  };
}

function document(overrides: Partial<PacerExport> = {}): PacerExport {
  return {
    format: 'pacer-export',
    version: 1,
    exportedAt: '2026-12-05T18:00:00.000Z',
    users: [{ id: 'u1', email: 'Ada@Example.com', name: 'Ada', role: 'admin', deactivated: false }],
    teams: [],
    cycles: [{ id: 'c1', name: 'Q1', startDate: '2026-01-01', endDate: '2026-03-31' }],
    objectives: [objective('o1')],
    keyResults: [],
    checkIns: [],
    comments: [],
    jiraLinks: [],
    ...overrides,
  };
}

const bytes = (value: unknown) => strToU8(JSON.stringify(value));

function importError(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError, nothing was thrown');
}

describe('readPacerDocument', () => {
  it('refuses what is not a Pacer export, another version, a damaged document, deep nesting and oversized files, each saying what to do', () => {
    expect(importError(() => readPacerDocument(strToU8('not json'), limits)).message).toMatch(/^file: the file is not valid JSON .* is not a Pacer export/);
    expect(importError(() => readPacerDocument(bytes([1, 2]), limits)).message).toMatch(/is not a Pacer export/);
    expect(importError(() => readPacerDocument(bytes({ ...document(), version: 2 }), limits)).message).toMatch(/version 2, and this Pacer reads version 1/);
    const damaged = importError(() => readPacerDocument(bytes({ ...document(), objectives: [{ ...objective('o1'), title: 'x'.repeat(201) }] }), limits));
    expect(damaged.message).toMatch(/damaged or edited: objectives\.0\.title/);
    expect(importError(() => readPacerDocument(strToU8(`{"format":"pacer-export","version":1,"users":${'['.repeat(40)}${']'.repeat(40)}}`), limits)).problem).toBe('too_deep');
    expect(importError(() => readPacerDocument(bytes(document()), importLimits({ maxEntryBytes: 100 }))).problem).toBe('too_large');
  });

  it('keeps only known fields: a __proto__ key or an extra field reaches nothing', () => {
    const text = JSON.stringify(document()).replace('"format"', '"__proto__":{"polluted":true},"extra":1,"format"');
    const read = readPacerDocument(strToU8(text), limits) as unknown as Record<string, unknown>;
    expect(read.extra).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('readPacerDocument cleaning', () => {
  it('removes NUL and control characters and replaces lone surrogates, which no database stores as read', () => {
    const read = readPacerDocument(bytes(document({ objectives: [objective('o1', { title: 'Grow\u0000 revenue\u0007', description: 'half \ud800 emoji' })] })), limits);
    expect(read.objectives[0]?.title).toBe('Grow revenue');
    expect(read.objectives[0]?.description).toBe('half \ufffd emoji');
  });
});

describe('planPacerDocument', () => {
  it('maps users by email, cycles by name and dates, keeps weighted parents and manual milestones, and matches what an earlier restore made', () => {
    const plan = planPacerDocument(
      document({
        objectives: [
          objective('o1'),
          objective('o2'),
          objective('o3', { parents: [{ objectiveId: 'o1', weight: 40 }, { objectiveId: 'o2', weight: 60 }], progressMode: 'manual', manualProgress: 0.4, milestones: [{ date: '2026-02-01', value: 0.3 }] }),
        ],
        keyResults: [
          { id: 'k1', objectiveId: 'o1', title: 'Percent', ownerId: null, startValue: 0, targetValue: 100, currentValue: 20, unit: '%', weight: 1, milestones: [], closedAt: null, score: null, createdAt: '2026-01-02T00:00:00.000Z' },
        ],
        checkIns: [{ id: 'ch1', objectiveId: null, keyResultId: 'k1', value: 20, note: 'n', authorId: 'u1', createdAt: '2026-01-10T00:00:00.000Z' }],
      }),
      { users: [{ id: 'local-ada', email: 'ada@example.com' }], cycles: [{ id: 'local-q1', name: 'q1', startDate: '2026-01-01', endDate: '2026-03-31' }], imported: [{ kind: 'objective', externalId: 'o1', id: 'local-o1' }] },
      limits,
    );
    expect(plan.source).toBe('pacer');
    expect(plan.users).toEqual([{ email: 'ada@example.com', name: 'Ada', externalId: 'u1', existingId: 'local-ada', deactivated: true }]);
    expect(plan.cycles[0]?.existingId).toBe('local-q1');
    expect(plan.objectives.map((o) => [o.externalId, o.existingId, o.ownerEmail])).toEqual([
      ['o1', 'local-o1', 'ada@example.com'],
      ['o2', null, 'ada@example.com'],
      ['o3', null, 'ada@example.com'],
    ]);
    expect(plan.objectives[2]).toMatchObject({ parents: [{ externalId: 'o1', weight: 40 }, { externalId: 'o2', weight: 60 }], progressMode: 'manual', manualProgress: 0.4, milestones: [{ date: '2026-02-01', value: 0.3 }] });
    expect(plan.keyResults[0]).toMatchObject({ kind: 'percentage', currentValue: 20, objectiveExternalId: 'o1' });
    expect(plan.checkins[0]).toMatchObject({ target: { kind: 'keyResult', externalId: 'k1' }, authorEmail: 'ada@example.com', date: '2026-01-10T00:00:00.000Z' });
  });

  it('skips what does not resolve inside the document and drops alignment loops, saying why', () => {
    const plan = planPacerDocument(
      document({
        objectives: [objective('o1', { parents: [{ objectiveId: 'o2', weight: null }] }), objective('o2', { parents: [{ objectiveId: 'o1', weight: null }, { objectiveId: 'gone', weight: 10 }] }), objective('o3', { cycleId: 'nowhere' })],
        keyResults: [{ id: 'k9', objectiveId: 'o3', title: 'Orphan', ownerId: 'stranger', startValue: 0, targetValue: 1, currentValue: 0, unit: '', weight: 1, milestones: [], closedAt: null, score: null, createdAt: '2026-01-02T00:00:00.000Z' }],
        checkIns: [{ id: 'ch9', objectiveId: null, keyResultId: 'k9', value: 1, note: '', authorId: 'u1', createdAt: '2026-01-10T00:00:00.000Z' }],
        jiraLinks: [{ objectiveId: 'o1', keyResultId: null, connectionName: 'Jira Cloud', jql: 'project = AE', metric: 'percent_done', startValue: null, targetValue: null, field: null, countAll: false, doneRule: { type: 'status_category' }, periodScoped: false }],
      }),
      {},
      limits,
    );
    expect(plan.objectives.map((o) => [o.externalId, o.parents.map((p) => p.externalId)])).toEqual([
      ['o1', ['o2']],
      ['o2', []],
    ]);
    expect(plan.warnings.join('\n')).toMatch(/o2: its alignment to o1 would make a loop/);
    expect(plan.warnings.join('\n')).toMatch(/o2: its alignment to gone, which is not in the export/);
    expect(plan.skipped).toEqual([
      { type: 'objective', externalId: 'o3', reason: 'its cycle nowhere is not in the export' },
      { type: 'keyResult', externalId: 'k9', reason: 'its objective o3 is not in the export (or was skipped)' },
      { type: 'checkin', externalId: 'ch9', reason: 'its key result k9 is not in the export (or was skipped)' },
      { type: 'jiraLink', externalId: 'o1', reason: expect.stringMatching(/Jira link of objective o1 \(percent_done: project = AE\) is not restored: this Pacer has no Jira connection named "Jira Cloud"/) },
    ]);
  });

  it('keeps milestones inside the period in date order, bounds values, and skips a check-in whose time is not one', () => {
    const plan = planPacerDocument(
      document({
        objectives: [objective('o1', { progressMode: 'manual', manualProgress: 3, milestones: [{ date: '2026-03-01', value: 0.8 }, { date: '2026-01-15', value: 0.2 }, { date: '2027-01-01', value: 1 }] })],
        keyResults: [{ id: 'k1', objectiveId: 'o1', title: 'Big', ownerId: null, startValue: -1e300, targetValue: 1e300, currentValue: 5, unit: '', weight: 1e9, milestones: [], closedAt: null, score: null, createdAt: '2026-01-02T00:00:00.000Z' }],
        checkIns: [
          { id: 'ch1', objectiveId: 'o1', keyResultId: null, value: 0.5, note: '', authorId: 'u1', createdAt: 'yesterday' },
          { id: 'ch2', objectiveId: 'o1', keyResultId: null, value: 7, note: '', authorId: 'u1', createdAt: '2026-01-20T10:00:00+02:00' },
        ],
      }),
      {},
      limits,
    );
    expect(plan.objectives[0]).toMatchObject({ manualProgress: 1, milestones: [{ date: '2026-01-15', value: 0.2 }, { date: '2026-03-01', value: 0.8 }] });
    expect(plan.warnings.join('\n')).toMatch(/Objective o1: a phased target dated outside its period \(2026-01-01 to 2026-03-31\) was left out/);
    expect(plan.keyResults[0]).toMatchObject({ startValue: -1e15, targetValue: 1e15, weight: 1000 });
    expect(plan.skipped).toEqual([{ type: 'checkin', externalId: 'ch1', reason: 'its time "yesterday" is not a date and time' }]);
    expect(plan.checkins).toMatchObject([{ externalId: 'ch2', date: '2026-01-20T08:00:00.000Z', value: 1 }]);
  });

  it('reads bytes end to end', () => {
    expect(planPacerDocumentImport(bytes(document()), {}, limits).objectives).toHaveLength(1);
  });
});
