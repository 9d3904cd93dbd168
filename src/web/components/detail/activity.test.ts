import { describe, expect, test } from 'vitest';
import type { SyncRun } from '../../api/linkTypes';
import type { CheckIn, Comment } from '../../api/types';
import { activityLines, runLine } from './activity';

function run(overrides: Partial<SyncRun>): SyncRun {
  return {
    id: 'r1',
    trigger: 'manual',
    startedAt: '2027-01-10T10:00:00.000Z',
    finishedAt: '2027-01-10T10:00:01.000Z',
    outcome: 'ok',
    error: null,
    jiraRequests: 1,
    total: 11,
    done: 3,
    progressBefore: 0.3,
    progressAfter: 3 / 11,
    addedKeys: [],
    removedKeys: [],
    newlyDoneKeys: [],
    reopenedKeys: [],
    note: '',
    ...overrides,
  };
}

describe('activity lines', () => {
  test('an added story reads as the brief shows it', () => {
    expect(runLine(run({ addedKeys: ['AE-797'] })).text).toBe('AE-797 added — 30% → 27%');
  });

  test('many newly done issues are counted, two are named', () => {
    expect(runLine(run({ newlyDoneKeys: ['AE-1', 'AE-2', 'AE-3'], progressBefore: 0.27, progressAfter: 0.45 })).text).toBe('3 issues done — 27% → 45%');
    expect(runLine(run({ newlyDoneKeys: ['AE-1', 'AE-2'], removedKeys: ['AE-9'], progressBefore: 0.5, progressAfter: 0.5 })).text).toBe(
      'AE-1 and AE-2 done, AE-9 removed — 50%',
    );
  });

  test('an edit says who edited what, then what changed', () => {
    const line = runLine(run({ trigger: 'edited', note: 'JQL edited by Dana', addedKeys: ['AE-797'] }));
    expect(line.text).toBe('JQL edited by Dana, AE-797 added — 30% → 27%');
    expect(line.detail).toBe('Link edited · 1 Jira request · 3 of 11 issues done');
  });

  test('linking names who linked it, not every issue the first sync found', () => {
    const line = runLine(run({ trigger: 'created', note: 'Linked to Jira by Dana', addedKeys: ['AE-1', 'AE-2', 'AE-3'], progressBefore: null, progressAfter: 0.3 }));
    expect(line.text).toBe('Linked to Jira by Dana — 30%');
  });

  test('a sync that lowered progress says why in counts (the brief’s 30% → 27%)', () => {
    const line = runLine(run({ addedKeys: ['AE-797'] }));
    expect(line.note).toBe('Fell 30% → 27%: 1 issue added, none completed');
    const reopened = runLine(run({ reopenedKeys: ['AE-5'], removedKeys: ['AE-6', 'AE-7'], newlyDoneKeys: ['AE-8'], progressBefore: 0.5, progressAfter: 0.4 }));
    expect(reopened.text).toBe('AE-8 done, AE-6 and AE-7 removed, AE-5 reopened — 50% → 40%');
    expect(reopened.note).toBe('Fell 50% → 40%: 2 issues removed, 1 reopened, 1 completed');
  });

  test('a rise, an unchanged sync and an edit get no such note', () => {
    expect(runLine(run({ newlyDoneKeys: ['AE-1'], progressBefore: 0.27, progressAfter: 0.36 })).note).toBeUndefined();
    expect(runLine(run({ progressBefore: 0.3, progressAfter: 0.3 })).note).toBeUndefined();
    expect(runLine(run({ trigger: 'edited', note: 'JQL edited by Dana', addedKeys: ['AE-797'] })).note).toBeUndefined();
    expect(runLine(run({ progressBefore: null, progressAfter: 0.3 })).note).toBeUndefined();
  });

  test('a failed sync carries Jira’s reason and keeps the last good progress', () => {
    const line = runLine(run({ outcome: 'failed', error: { code: 'jira_unreachable', message: 'Jira did not answer.' }, total: null }));
    expect(line.kind).toBe('failed');
    expect(line.text).toBe('Sync failed: Jira did not answer.');
    expect(line.detail).toContain('last good progress kept');
  });

  test('a sync that changed nothing says so', () => {
    expect(runLine(run({ trigger: 'schedule', progressBefore: 0.3, progressAfter: 0.3 })).text).toBe('No change — 30%');
  });

  test('runs and check-ins merge newest first', () => {
    const checkIn: CheckIn = {
      id: 'c1',
      keyResultId: null,
      objectiveId: 'o1',
      value: 0.3,
      note: 'Unlinked from Jira by Dana; kept the last synced value',
      author: { id: 'u1', name: 'Dana' },
      createdAt: '2027-01-11T09:00:00.000Z',
    };
    const lines = activityLines([run({ id: 'old', finishedAt: '2027-01-09T00:00:00.000Z' }), run({ id: 'new' })], [checkIn], (v) => `${v * 100}%`);
    expect(lines.map((line) => line.id)).toEqual(['c1', 'new', 'old']);
    expect(lines[0]).toMatchObject({ text: 'Checked in 30%', detail: 'Check-in by Dana', note: checkIn.note });
  });

  test('comments join the lines by time, with their author, or none when the import named nobody known', () => {
    const comment = (id: string, createdAt: string, author: Comment['author']): Comment => ({ id, objectiveId: 'o1', keyResultId: null, text: `Text ${id}`, author, createdAt });
    const lines = activityLines(
      [run({ id: 'r', finishedAt: '2027-01-10T10:00:01.000Z' })],
      [],
      (v) => `${v}`,
      [comment('older', '2027-01-09T00:00:00.000Z', null), comment('newer', '2027-01-12T00:00:00.000Z', { id: 'u2', name: 'Grace' })],
    );
    expect(lines.map((line) => line.id)).toEqual(['newer', 'r', 'older']);
    expect(lines[0]).toMatchObject({ kind: 'comment', text: 'Grace commented', detail: 'Comment by Grace', note: 'Text newer' });
    expect(lines[2]).toMatchObject({ kind: 'comment', text: 'Comment', note: 'Text older' });
  });
});
