import { describe, expect, it } from 'vitest';
import { seededRandom } from '../faults/random';
import { FIXTURE_NOW, USERS, fixtureDataset } from '../test-support/fixtures';
import { SearchEngine, type Searcher } from './search-engine';
import { SimStore } from './store';

const QUERIES = [
  'project = AE ORDER BY key ASC',
  'project in (AE, OPS) ORDER BY updated DESC',
  'status = Done ORDER BY priority DESC, key DESC',
  'project = OPS AND summary ~ "renamed"',
  'assignee = currentUser() OR labels = q4',
];

function ids(engine: SearchEngine, jql: string, searcher: Searcher): readonly string[] {
  const outcome = engine.search(jql, searcher);
  if (!outcome.ok) throw new Error(`${jql}: ${outcome.errorMessages.join(' ')}`);
  return outcome.ids;
}

describe('search result cache', () => {
  it('patches cached results after writes to exactly what a fresh search finds', () => {
    let clock = FIXTURE_NOW.getTime();
    const now = () => new Date(clock);
    const store = new SimStore(fixtureDataset('cloud'), now);
    const cached = new SearchEngine(store, now, 'UTC');
    const searcher: Searcher = { kind: 'user', user: USERS.priya };
    for (const jql of QUERIES) ids(cached, jql, searcher);

    const random = seededRandom(3);
    const statuses = ['To Do', 'In Progress', 'Done'];
    for (let step = 0; step < 120; step++) {
      clock += 1_000;
      const keys = [...store.all()].map((i) => i.key);
      const key = keys[Math.floor(random() * keys.length)]!;
      const action = random();
      if (action < 0.4) store.transition(key, statuses[Math.floor(random() * 3)]!);
      else if (action < 0.7) store.update(key, { summary: `renamed ${step}`, assigneeAccountId: random() < 0.5 ? USERS.priya.accountId : null });
      else if (action < 0.9) store.create({ projectKey: random() < 0.5 ? 'AE' : 'OPS', summary: `new ${step}`, labels: random() < 0.3 ? ['q4'] : [] });
      else store.delete(key);

      const fresh = new SearchEngine(store, now, 'UTC');
      for (const jql of QUERIES) expect(ids(cached, jql, searcher), `${jql} after step ${step}`).toEqual(ids(fresh, jql, searcher));
    }
  });

  it('hides writes from search during the lag and shows them afterwards', async () => {
    const store = new SimStore(fixtureDataset('cloud'), () => FIXTURE_NOW);
    const engine = new SearchEngine(store, () => FIXTURE_NOW, 'UTC');
    const searcher: Searcher = { kind: 'user', user: USERS.dana };
    const before = ids(engine, 'project = OPS', searcher).length;
    store.setSearchLag(100);
    const created = store.create({ projectKey: 'OPS', summary: 'late' });
    store.delete('OPS-1');
    expect(ids(engine, 'project = OPS', searcher)).toHaveLength(before);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const after = ids(engine, 'project = OPS', searcher);
    expect(after).toContain(created.id);
    expect(after).toHaveLength(before);
    expect(after).not.toContain('11001');
  });
});
