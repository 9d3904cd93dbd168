import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import type { DeploymentMode } from '../model';
import { authFor, call, page, walkAllPages } from '../test-support/client';
import { AE_TOTAL, FIXTURE_NOW, USERS, fixtureDataset } from '../test-support/fixtures';

const PAGE_SIZES = [1, 7, 50, 100];

describe.each<DeploymentMode>(['cloud', 'datacenter'])('paging on %s', (mode) => {
  let sim: JiraSim;
  let auth: string;
  let expected: string[];

  beforeAll(async () => {
    sim = await startJiraSim({ mode, dataset: fixtureDataset(mode), now: () => FIXTURE_NOW });
    auth = authFor(sim, USERS.dana);
    expected = fixtureDataset(mode).issues.filter((i) => i.projectKey === 'AE').map((i) => i.id);
  });
  afterAll(() => sim.close());

  it.each(PAGE_SIZES)('returns each matching issue exactly once with %i per page', async (size) => {
    const ids = await walkAllPages(sim, auth, 'project = AE ORDER BY key ASC', size);
    expect(ids).toHaveLength(AE_TOTAL);
    expect(new Set(ids).size).toBe(AE_TOTAL);
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it('keeps the ORDER BY order across pages', async () => {
    const ids = await walkAllPages(sim, auth, 'project = AE ORDER BY key DESC', 7);
    const keys = ids.map((id) => sim.store.get(id)!.key);
    const numbers = keys.map((k) => Number(k.split('-')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  });
});

describe('Cloud token paging while data changes', () => {
  let sim: JiraSim;
  let auth: string;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => FIXTURE_NOW });
    auth = authFor(sim, USERS.dana);
  });
  afterAll(() => sim.close());

  async function walkWhileWriting(jql: string, size: number, write: (pageNumber: number) => void): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    for (let pageNumber = 0; ; pageNumber++) {
      const body = page(await call(sim, 'POST', '/rest/api/3/search/jql', { auth, body: { jql, maxResults: size, ...(token ? { nextPageToken: token } : {}) } }));
      ids.push(...body.issues.map((i) => i.id));
      if (body.isLast) return ids;
      token = body.nextPageToken;
      write(pageNumber);
    }
  }

  it('returns each issue exactly once even when issues are created and reordered between pages', async () => {
    const before = sim.store.size;
    const ids = await walkWhileWriting('project = AE ORDER BY updated DESC', 10, (n) => {
      // Touching an issue already served moves it to the top of "updated DESC" in live data.
      sim.store.update(`AE-${n + 2}`, { summary: `touched ${n}` });
      sim.store.create({ projectKey: 'AE', summary: `created during paging ${n}` });
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(AE_TOTAL);
    expect(sim.store.size).toBeGreaterThan(before);
  });

  it('moves already-served issues between pages when the page-drift fault is on', async () => {
    sim.faults.set({ pageDrift: { movesPerPage: 2 } });
    const ids = await walkWhileWriting('project = OPS ORDER BY key ASC', 5, () => undefined);
    sim.faults.clear();
    const unique = new Set(ids);
    expect(unique.size).toBeLessThan(30);
    expect(ids.length - unique.size).toBeGreaterThan(0);
  });
});
