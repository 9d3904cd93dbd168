/**
 * The dates Pacer's insight reads — created, updated, resolutiondate and (Cloud only)
 * statuscategorychangedate — as tests set them through the library API (`sim.store`), and as
 * Jira moves them on transitions: a change of status category moves statuscategorychangedate,
 * resolving stamps the resolution date and reopening clears it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import type { DeploymentMode } from '../model';
import { call, page } from '../test-support/client';
import { SimStoreError } from './store';

const NOW = new Date('2026-03-02T12:00:00.000Z');
/** Jira's wire form of a canonical instant. */
const wire = (iso: string): string => `${iso.slice(0, 23)}+0000`;
const DATE_FIELDS = 'created,updated,resolutiondate,statuscategorychangedate,status,resolution';

describe.each<DeploymentMode>(['cloud', 'datacenter'])('issue dates through the library API (%s)', (mode) => {
  let sim: JiraSim;
  let clock = NOW;
  const api = mode === 'cloud' ? '/rest/api/3' : '/rest/api/2';

  beforeAll(async () => {
    sim = await startJiraSim({ mode, scenario: 'empty', now: () => clock });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    clock = NOW;
  });

  const fieldsOf = async (key: string, fields = DATE_FIELDS): Promise<Record<string, unknown>> => {
    const response = await call(sim, 'GET', `${api}/issue/${key}?fields=${fields}`, { auth: sim.authorizationFor() });
    expect(response.status).toBe(200);
    return (response.json as { fields: Record<string, unknown> }).fields;
  };
  const searchKeys = async (jql: string): Promise<string[]> => {
    const path = mode === 'cloud' ? `${api}/search/jql` : `${api}/search`;
    const response = await call(sim, 'GET', `${path}?jql=${encodeURIComponent(jql)}&fields=summary`, { auth: sim.authorizationFor() });
    expect(response.status, response.text).toBe(200);
    return page(response).issues.map((issue) => issue.key ?? '');
  };

  it('serves the dates an issue is created with; statuscategorychangedate only on Cloud', async () => {
    sim.store.create({
      projectKey: 'AE',
      key: 'AE-1',
      summary: 'Backdated',
      status: 'Done',
      resolution: 'Done',
      created: '2026-01-05T09:00:00.000Z',
      statusCategoryChangedAt: '2026-01-20T15:00:00.000Z',
      resolutionDate: '2026-01-21T16:30:00.000Z',
      updated: '2026-01-22T08:00:00.000Z',
    });
    const fields = await fieldsOf('AE-1');
    expect(fields).toMatchObject({
      created: wire('2026-01-05T09:00:00.000Z'),
      resolutiondate: wire('2026-01-21T16:30:00.000Z'),
      updated: wire('2026-01-22T08:00:00.000Z'),
      status: { name: 'Done' },
    });
    if (mode === 'cloud') {
      expect(fields.statuscategorychangedate).toBe(wire('2026-01-20T15:00:00.000Z'));
      expect(await fieldsOf('AE-1', '*all')).toHaveProperty('statuscategorychangedate', wire('2026-01-20T15:00:00.000Z'));
    } else {
      // Asked for by name or through *all, Data Center has no such field.
      expect(fields).not.toHaveProperty('statuscategorychangedate');
      expect(await fieldsOf('AE-1', '*all')).not.toHaveProperty('statuscategorychangedate');
    }
  });

  it('fills in the dates a backdated create leaves out the way they would have happened', async () => {
    const open = sim.store.create({ projectKey: 'AE', summary: 'Open since January', created: '2026-01-05T09:00:00.000Z' });
    expect(open).toMatchObject({ created: '2026-01-05T09:00:00.000Z', updated: '2026-01-05T09:00:00.000Z', statusCategoryChangedAt: '2026-01-05T09:00:00.000Z', resolutionDate: null });
    const done = sim.store.create({ projectKey: 'AE', summary: 'Done in February', status: 'Done', resolution: 'Done', created: '2026-01-05T09:00:00.000Z', resolutionDate: '2026-02-10T10:00:00.000Z' });
    expect(done).toMatchObject({ updated: '2026-02-10T10:00:00.000Z', statusCategoryChangedAt: '2026-02-10T10:00:00.000Z' });
    const fresh = sim.store.create({ projectKey: 'AE', summary: 'Made now' });
    expect(fresh).toMatchObject({ created: NOW.toISOString(), updated: NOW.toISOString(), statusCategoryChangedAt: NOW.toISOString() });
  });

  it('moves statuscategorychangedate only when a transition changes the category; resolving stamps the resolution date, reopening clears it', async () => {
    sim.store.create({ projectKey: 'AE', key: 'AE-7', summary: 'Walks the workflow', created: '2026-01-05T09:00:00.000Z' });
    const steps: Array<[status: string, at: string, expected: { category: string; resolved: string | null; resolution: string | null }]> = [
      ['In Progress', '2026-01-10T09:00:00.000Z', { category: '2026-01-10T09:00:00.000Z', resolved: null, resolution: null }],
      // In Progress → In Review stays in the same category.
      ['In Review', '2026-01-12T09:00:00.000Z', { category: '2026-01-10T09:00:00.000Z', resolved: null, resolution: null }],
      ['Done', '2026-01-15T17:00:00.000Z', { category: '2026-01-15T17:00:00.000Z', resolved: '2026-01-15T17:00:00.000Z', resolution: 'Done' }],
      // Done → Closed: both in the Done category, so neither date moves.
      ['Closed', '2026-01-16T09:00:00.000Z', { category: '2026-01-15T17:00:00.000Z', resolved: '2026-01-15T17:00:00.000Z', resolution: 'Done' }],
      ['To Do', '2026-01-20T09:00:00.000Z', { category: '2026-01-20T09:00:00.000Z', resolved: null, resolution: null }],
    ];
    for (const [status, at, expected] of steps) {
      const issue = sim.store.transition('AE-7', status, { at });
      expect(issue, `after ${status}`).toMatchObject({ statusCategoryChangedAt: expected.category, resolutionDate: expected.resolved, resolution: expected.resolution, updated: at });
      const fields = await fieldsOf('AE-7');
      expect(fields.updated).toBe(wire(at));
      expect(fields.resolutiondate).toBe(expected.resolved === null ? null : wire(expected.resolved));
      if (mode === 'cloud') expect(fields.statuscategorychangedate).toBe(wire(expected.category));
    }
    // Without `at`, a transition happens on the simulator's clock.
    clock = new Date('2026-02-01T10:00:00.000Z');
    expect(sim.store.transition('AE-7', 'Done')).toMatchObject({ statusCategoryChangedAt: clock.toISOString(), resolutionDate: clock.toISOString(), updated: clock.toISOString() });
    const history = sim.store.changelog(sim.store.get('AE-7')?.id ?? '');
    expect(history.map((entry) => entry.created)).toEqual([...steps.map(([, at]) => at), clock.toISOString()]);
  });

  it('keeps Jira\'s bookkeeping on plain field writes unless the write sets the dates itself', async () => {
    sim.store.create({ projectKey: 'AE', key: 'AE-3', summary: 'Patched', created: '2026-01-05T09:00:00.000Z' });
    const inProgress = sim.store.transition('AE-3', 'In Progress', { at: '2026-01-06T09:00:00.000Z' }).statusId;
    // A write that leaves the category alone leaves the date alone.
    expect(sim.store.update('AE-3', { summary: 'Renamed' }, null, { at: '2026-01-07T09:00:00.000Z' })).toMatchObject({
      statusCategoryChangedAt: '2026-01-06T09:00:00.000Z',
      updated: '2026-01-07T09:00:00.000Z',
    });
    const doneId = sim.store.dataset.statuses.find((s) => s.name === 'Done')?.id ?? '';
    expect(sim.store.update('AE-3', { statusId: doneId, resolution: 'Fixed' }, null, { at: '2026-01-08T09:00:00.000Z' })).toMatchObject({
      statusCategoryChangedAt: '2026-01-08T09:00:00.000Z',
      resolutionDate: '2026-01-08T09:00:00.000Z',
    });
    // Changing the resolution's name keeps the date it was resolved on; clearing it clears the date.
    expect(sim.store.update('AE-3', { resolution: "Won't Do" }, null, { at: '2026-01-09T09:00:00.000Z' }).resolutionDate).toBe('2026-01-08T09:00:00.000Z');
    expect(sim.store.update('AE-3', { resolution: null, statusId: inProgress }, null, { at: '2026-01-10T09:00:00.000Z' })).toMatchObject({
      resolutionDate: null,
      statusCategoryChangedAt: '2026-01-10T09:00:00.000Z',
    });
    // Dates a write names win, and a patch's `updated` is when it happened.
    expect(
      sim.store.update('AE-3', { statusId: doneId, resolution: 'Done', resolutionDate: '2026-01-11T12:00:00.000Z', statusCategoryChangedAt: '2026-01-11T11:00:00.000Z', updated: '2026-01-11T13:00:00.000Z' }),
    ).toMatchObject({ resolutionDate: '2026-01-11T12:00:00.000Z', statusCategoryChangedAt: '2026-01-11T11:00:00.000Z', updated: '2026-01-11T13:00:00.000Z' });
    expect(sim.store.update('AE-3', { statusId: inProgress, updated: '2026-01-12T08:00:00.000Z' }).statusCategoryChangedAt).toBe('2026-01-12T08:00:00.000Z');
    expect(sim.store.update('AE-3', { created: '2025-12-01T00:00:00+02:00' }).created).toBe('2025-11-30T22:00:00.000Z');
  });

  it('normalises any ISO spelling and refuses text that is not an instant, naming the field', () => {
    const issue = sim.store.create({ projectKey: 'AE', summary: 'Zones', created: '2026-01-05T10:00:00+01:00', resolutionDate: '2026-01-06T09:00:00.000+0000' });
    expect(issue).toMatchObject({ created: '2026-01-05T09:00:00.000Z', resolutionDate: '2026-01-06T09:00:00.000Z' });
    const refusal = (write: () => unknown): SimStoreError => {
      try {
        write();
      } catch (error) {
        if (error instanceof SimStoreError) return error;
        throw error;
      }
      throw new Error('the write was accepted');
    };
    for (const [write, field, value] of [
      [() => sim.store.create({ projectKey: 'AE', summary: 'x', created: 'last Tuesday' }), 'created', 'last Tuesday'],
      [() => sim.store.create({ projectKey: 'AE', summary: 'x', resolutionDate: '2026-02-30T00:00:00Z' }), 'resolutionDate', '2026-02-30T00:00:00Z'],
      [() => sim.store.update(issue.key, { updated: '2026-01-05' }), 'updated', '2026-01-05'],
      [() => sim.store.update(issue.key, { statusCategoryChangedAt: '2026-01-05T09:00:00' }), 'statusCategoryChangedAt', '2026-01-05T09:00:00'],
      [() => sim.store.transition(issue.key, 'Done', { at: 'soon' }), 'at', 'soon'],
    ] as const) {
      const error = refusal(write);
      expect(error.status).toBe(400);
      expect(error.message).toBe(`${field} must be an ISO 8601 instant with a time zone, such as 2026-03-02T12:00:00Z; '${value}' is not one.`);
    }
    expect(sim.store.size).toBe(1);
  });

  it('JQL over created, resolved and updated follows the dates tests set', async () => {
    sim.store.create({ projectKey: 'AE', key: 'AE-1', summary: 'Old', created: '2025-12-01T09:00:00.000Z' });
    sim.store.create({ projectKey: 'AE', key: 'AE-2', summary: 'Recent', created: '2026-02-20T09:00:00.000Z' });
    sim.store.transition('AE-1', 'Done', { at: '2026-02-25T23:30:00.000Z' });
    expect(await searchKeys('project = AE AND created >= -30d ORDER BY key')).toEqual(['AE-2']);
    expect(await searchKeys('project = AE AND created < "2026-01-01" ORDER BY key')).toEqual(['AE-1']);
    expect(await searchKeys('project = AE AND resolved >= "2026-02-25" AND resolved < "2026-02-26"')).toEqual(['AE-1']);
    expect(await searchKeys('project = AE AND resolutiondate is EMPTY')).toEqual(['AE-2']);
    expect(await searchKeys('project = AE AND updated <= "2026-02-20 09:00" ORDER BY key')).toEqual(['AE-2']);
    sim.store.transition('AE-1', 'To Do', { at: '2026-02-27T10:00:00.000Z' });
    expect(await searchKeys('project = AE AND resolved >= "2026-02-01"')).toEqual([]);
    expect(await searchKeys('project = AE ORDER BY updated DESC')).toEqual(['AE-1', 'AE-2']);
  });
});
