/**
 * Loads everything needed to present objectives and key results in a fixed, small number of
 * queries however many there are: objectives are given, then one query per 500 objectives for
 * their key results, one per 500 cycles, one per 500 people, one for the thresholds, one per 500
 * objectives and per 500 key results for their Jira links (a whole cycle's key results and links
 * can be passed in instead, read with one joined query each), and per 500 objectives and key
 * results for their parents, teams and milestones, one per 500 key results still on their start
 * value for whether they have a check-in (without one they are "Not started"), plus the aligned
 * children below them (alignment-rollup.ts: one round per level). Progress and status are then computed in memory
 * (see okr-presenters.ts).
 */
import type { Kysely } from 'kysely';
import { findCyclesByIds, type CycleRecord } from '../db/repositories/cycles-repository';
import { listLinksOfItems } from '../db/repositories/integration-links-repository';
import { listKeyResultsOfObjectives, type KeyResultRecord } from '../db/repositories/key-results-repository';
import { chunked } from '../db/in-list-chunks';
import { listParentsOf, type ChildLink, type ParentLink } from '../db/repositories/alignment-repository';
import { listMilestonesOf, type MilestoneRecord } from '../db/repositories/milestones-repository';
import { listTeamIdsOfObjectives } from '../db/repositories/teams-repository';
import type { ObjectiveRecord } from '../db/repositories/objectives-repository';
import { findUsersByIds } from '../db/repositories/users-repository';
import type { Database } from '../db/schema';
import type { CurrentUser } from '../auth/current-user';
import { loadOkrEditor } from '../auth/okr-permissions';
import { getStatusUsesForecast } from './insight/forecast-status';
import { loadChildProgress, loadKeyResultsCheckedIn } from './alignment-rollup';
import { getStatusThresholds } from './settings-service';
import {
  objectivePeriod,
  presentKeyResult,
  presentObjective,
  type Evaluation,
  type KeyResultView,
  type ObjectiveView,
  type Person,
} from './okr-presenters';

/** Owner and author summaries for these user ids; unknown ids are absent. */
export async function loadPeople(db: Kysely<Database>, ids: ReadonlyArray<string | null>): Promise<Map<string, Person>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const people = new Map<string, Person>();
  for (const chunk of chunked(wanted)) {
    const users = await findUsersByIds(db, chunk);
    for (const user of users.values()) people.set(user.id, { id: user.id, name: user.name });
  }
  return people;
}

async function loadEvaluation(db: Kysely<Database>, ownerIds: ReadonlyArray<string | null>, now: Date, viewer: CurrentUser): Promise<Evaluation> {
  const [thresholds, people, editor, statusUsesForecast] = await Promise.all([
    getStatusThresholds(db),
    loadPeople(db, ownerIds),
    loadOkrEditor(db, viewer),
    getStatusUsesForecast(db),
  ]);
  return { now, thresholds, people, editor, statusUsesForecast };
}

function cycleOf(cycles: ReadonlyMap<string, CycleRecord>, objective: ObjectiveRecord): CycleRecord {
  const cycle = cycles.get(objective.cycleId);
  // The foreign key makes this impossible; fail loudly rather than present a made-up period.
  if (!cycle) throw new Error(`Objective ${objective.id} refers to cycle ${objective.cycleId}, which does not exist.`);
  return cycle;
}

type Links = NonNullable<Evaluation['links']>;

/**
 * What a caller already loaded in bulk (the cycle list reads key results and links per cycle in
 * single joined queries); anything absent is loaded here by objective and key result ids.
 */
export interface PreloadedRelations {
  keyResults?: ReadonlyMap<string, KeyResultRecord[]>;
  links?: Links;
  milestones?: { byKeyResult: ReadonlyMap<string, readonly MilestoneRecord[]>; byObjective: ReadonlyMap<string, readonly MilestoneRecord[]> };
  parents?: ReadonlyMap<string, readonly ParentLink[]>;
  /** Children aligned under each of the objectives (the first level of the roll-up walk). */
  children?: ReadonlyMap<string, readonly ChildLink[]>;
  teams?: ReadonlyMap<string, readonly string[]>;
}

/** Presents many objectives with their key results, in the order given, with `canEdit` for the viewer. */
export async function presentObjectives(
  db: Kysely<Database>,
  objectives: readonly ObjectiveRecord[],
  now: Date,
  viewer: CurrentUser,
  knownCycles: readonly CycleRecord[] = [],
  preloaded: PreloadedRelations = {},
): Promise<ObjectiveView[]> {
  if (objectives.length === 0) return [];
  const cycles = new Map(knownCycles.map((cycle) => [cycle.id, cycle]));
  const missingCycleIds = objectives.map((o) => o.cycleId).filter((id) => !cycles.has(id));
  const [keyResults, fetchedCycles] = await Promise.all([
    preloaded.keyResults ?? listKeyResultsOfObjectives(db, objectives.map((o) => o.id)),
    missingCycleIds.length > 0 ? findCyclesByIds(db, missingCycleIds) : Promise.resolve(new Map<string, CycleRecord>()),
  ]);
  for (const [id, cycle] of fetchedCycles) cycles.set(id, cycle);

  const ownerIds: Array<string | null> = objectives.map((o) => o.ownerId);
  for (const list of keyResults.values()) for (const kr of list) ownerIds.push(kr.ownerId);
  const loadLinks = (): Promise<Links> => {
    const keyResultIds = [...keyResults.values()].flatMap((list) => list.map((kr) => kr.id));
    return listLinksOfItems(db, objectives.map((o) => o.id), keyResultIds);
  };
  const objectiveIds = objectives.map((o) => o.id);
  const keyResultIds = objectives.flatMap((o) => (keyResults.get(o.id) ?? []).map((kr) => kr.id));
  const [evaluation, links, milestones, parents, teams, keyResultsCheckedIn] = await Promise.all([
    loadEvaluation(db, ownerIds, now, viewer),
    preloaded.links ?? loadLinks(),
    preloaded.milestones ?? listMilestonesOf(db, { keyResultIds, objectiveIds }),
    preloaded.parents ?? listParentsOf(db, objectiveIds),
    preloaded.teams ?? listTeamIdsOfObjectives(db, objectiveIds),
    loadKeyResultsCheckedIn(db, [...keyResults.values()].flat()),
  ]);
  const children = await loadChildProgress(db, objectives, keyResults, links, keyResultsCheckedIn, preloaded.children);
  Object.assign(evaluation, { links, milestones, parents, teams, children, keyResultsCheckedIn });

  return objectives.map((objective) =>
    presentObjective(objective, keyResults.get(objective.id) ?? [], cycleOf(cycles, objective), evaluation),
  );
}

export async function presentOneObjective(db: Kysely<Database>, objective: ObjectiveRecord, now: Date, viewer: CurrentUser): Promise<ObjectiveView> {
  const [view] = await presentObjectives(db, [objective], now, viewer);
  if (!view) throw new Error(`Objective ${objective.id} could not be presented.`);
  return view;
}

/** A key result measured against its objective's period (the objective's own dates, else its cycle's). */
export async function presentOneKeyResult(
  db: Kysely<Database>,
  keyResult: KeyResultRecord,
  objective: ObjectiveRecord,
  now: Date,
  viewer: CurrentUser,
): Promise<KeyResultView> {
  const [cycles, evaluation, links, milestones, keyResultsCheckedIn] = await Promise.all([
    findCyclesByIds(db, [objective.cycleId]),
    loadEvaluation(db, [keyResult.ownerId], now, viewer),
    listLinksOfItems(db, [], [keyResult.id]),
    listMilestonesOf(db, { keyResultIds: [keyResult.id], objectiveIds: [] }),
    loadKeyResultsCheckedIn(db, [keyResult]),
  ]);
  Object.assign(evaluation, { links, milestones, keyResultsCheckedIn });
  return presentKeyResult(keyResult, objective, objectivePeriod(objective, cycleOf(cycles, objective)), evaluation);
}
