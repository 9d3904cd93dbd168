/**
 * An objective as the API sends it, with neutral values, for unit tests of code that reads the
 * contract's `Objective` (web helpers, the response serializer). Typed by the contract, so a new
 * field is a compile error here once rather than in every test's own copy.
 */
import type { Objective } from '../../src/contract/objectives';

export function objectiveFixture(overrides: Partial<Objective> & Pick<Objective, 'id'>): Objective {
  return {
    cycleId: 'c1',
    title: `Objective ${overrides.id}`,
    description: '',
    ownerId: null,
    owner: null,
    parentId: null,
    parents: [],
    teamIds: [],
    milestones: [],
    startDate: null,
    endDate: null,
    progressMode: 'key_results',
    progress: null,
    expectedProgress: 0,
    status: 'not_started',
    keyResults: [],
    integration: null,
    canEdit: true,
    closedAt: null,
    score: null,
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}
