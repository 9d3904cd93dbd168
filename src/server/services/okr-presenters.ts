/**
 * The camelCase shapes of docs/API.md built from repository records. Progress, expected progress
 * and status are computed here at request time with src/core, so every response reflects the
 * current time and the current thresholds; nothing derived is stored.
 */
import {
  effectivePeriod,
  expectedProgressWithMilestones,
  objectiveProgress,
  progressStatus,
  type AlignedChild,
  type Period,
  type StatusThresholds,
} from '../../core';
import type { ParentLink } from '../db/repositories/alignment-repository';
import type { MilestoneRecord } from '../db/repositories/milestones-repository';
import type { CheckInRecord } from '../db/repositories/check-ins-repository';
import type { LinkRecord } from '../db/repositories/integration-links-repository';
import type { CycleRecord } from '../db/repositories/cycles-repository';
import type { KeyResultRecord } from '../db/repositories/key-results-repository';
import type { ObjectiveRecord } from '../db/repositories/objectives-repository';
import type { OkrEditor } from '../auth/okr-permissions';
import type { Cycle } from '../../contract/cycles';
import type { CheckIn, Person } from '../../contract/fields';
import type { KeyResult } from '../../contract/key-results';
import type { Objective } from '../../contract/objectives';
import { statusWithForecast } from './insight/forecast-status';
import { currentKeyResultProgress } from './alignment-rollup';
import { presentIntegration } from './sync/link-presenter';

// Presenters return the API contract's own types, so a presenter and its schema cannot drift apart.
export type { Person } from '../../contract/fields';
export type CycleView = Cycle;
export type KeyResultView = KeyResult;
export type ObjectiveView = Objective;
export type CheckInView = CheckIn;

/** What progress and status are measured against: the moment of the request and the org's thresholds. */
export interface Evaluation {
  now: Date;
  thresholds: StatusThresholds;
  /** Admin setting: a linked item's stored forecast can make it at least Behind (insight/forecast-status.ts). */
  statusUsesForecast?: boolean;
  people: ReadonlyMap<string, Person>;
  /** The caller's edit rights, for `canEdit` (decided in memory, no query per item). */
  editor: OkrEditor;
  /** Jira links of the objectives and key results being presented, by item id. */
  links?: {
    byObjective: ReadonlyMap<string, LinkRecord>;
    byKeyResult: ReadonlyMap<string, LinkRecord>;
  };
  /** Milestones of the key results and objectives being presented (phased targets), by item id. */
  milestones?: {
    byKeyResult: ReadonlyMap<string, readonly MilestoneRecord[]>;
    byObjective: ReadonlyMap<string, readonly MilestoneRecord[]>;
  };
  /** Parents of the objectives being presented, first first. */
  parents?: ReadonlyMap<string, readonly ParentLink[]>;
  /** Team ids of the objectives being presented. */
  teams?: ReadonlyMap<string, readonly string[]>;
  /** Aligned children of the objectives being presented, with their progress (alignment-rollup.ts). */
  children?: ReadonlyMap<string, readonly AlignedChild[]>;
  /** Key results with at least one check-in: one without, still on its start value, is "Not started". */
  keyResultsCheckedIn?: ReadonlySet<string>;
}

const NO_MILESTONES: readonly MilestoneRecord[] = [];
const NOT_ONE: ReadonlySet<string> = new Set();

export function presentCycle(cycle: CycleRecord): CycleView {
  return {
    id: cycle.id,
    name: cycle.name,
    startDate: cycle.startDate,
    endDate: cycle.endDate,
    createdAt: cycle.createdAt,
  };
}

function personOrNull(people: ReadonlyMap<string, Person>, id: string | null): Person | null {
  if (id === null) return null;
  return people.get(id) ?? null;
}

/** The period an objective (and so each of its key results) is measured against. */
export function objectivePeriod(objective: ObjectiveRecord, cycle: Period): Period {
  return effectivePeriod(objective, cycle);
}

/**
 * Expected progress as answers carry it: to 1/10,000, which no screen shows finer (a 13-week cycle
 * takes a step every ~13 minutes). To the millisecond it changed on every request, so an unchanged
 * objective never serialized to the same bytes twice and its ETag (conditional-get.ts) never held.
 * Status is still judged on the exact figure.
 */
function expectedAsSent(expected: number): number {
  return Math.round(expected * 10_000) / 10_000;
}

/**
 * A key result measured against its objective's period: expected progress follows its milestones
 * when it has some, else the share of the period elapsed. Its objective's owner counts for `canEdit`.
 */
export function presentKeyResult(kr: KeyResultRecord, objective: ObjectiveRecord, period: Period, evaluation: Evaluation): KeyResultView {
  // A linked key result's progress is its link's (computed with the link's own start and target).
  const link = evaluation.links?.byKeyResult.get(kr.id);
  const progress = currentKeyResultProgress(kr, evaluation.links, evaluation.keyResultsCheckedIn ?? NOT_ONE);
  const milestones = evaluation.milestones?.byKeyResult.get(kr.id) ?? NO_MILESTONES;
  const expected = expectedProgressWithMilestones(period, kr, milestones, evaluation.now);
  return {
    id: kr.id,
    objectiveId: kr.objectiveId,
    title: kr.title,
    ownerId: kr.ownerId,
    owner: personOrNull(evaluation.people, kr.ownerId),
    startValue: kr.startValue,
    targetValue: kr.targetValue,
    currentValue: kr.currentValue,
    unit: kr.unit,
    weight: kr.weight,
    milestones: milestones.map((m) => ({ date: m.date, value: m.value })),
    progress,
    expectedProgress: expectedAsSent(expected),
    status: statusWithForecast(progressStatus(progress, expected, evaluation.thresholds), link?.forecast, evaluation.statusUsesForecast ?? false),
    integration: link ? presentIntegration(link, evaluation.now) : null,
    canEdit: evaluation.editor.mayEditKeyResult(kr, objective),
    closedAt: kr.closedAt,
    score: kr.score,
    createdAt: kr.createdAt,
    updatedAt: kr.updatedAt,
  };
}

export function presentObjective(
  objective: ObjectiveRecord,
  keyResults: readonly KeyResultRecord[],
  cycle: Period,
  evaluation: Evaluation,
): ObjectiveView {
  const period = objectivePeriod(objective, cycle);
  const milestones = evaluation.milestones?.byObjective.get(objective.id) ?? NO_MILESTONES;
  // Only a manual objective follows its own milestones (values 0..1); a roll-up's expected line is
  // the period's, and its key results carry their own phased targets.
  const ownMilestones = objective.progressMode === 'manual' ? milestones : NO_MILESTONES;
  const expected = expectedProgressWithMilestones(period, { startValue: 0, targetValue: 1 }, ownMilestones, evaluation.now);
  const keyResultViews = keyResults.map((kr) => presentKeyResult(kr, objective, period, evaluation));
  const link = evaluation.links?.byObjective.get(objective.id);
  const parents = evaluation.parents?.get(objective.id) ?? [];
  const progress = objectiveProgress({
    mode: objective.progressMode,
    manualProgress: objective.manualProgress,
    keyResults: keyResultViews.map((kr) => ({ progress: kr.progress, weight: kr.weight })),
    children: evaluation.children?.get(objective.id) ?? [],
    hasSource: link !== undefined,
    sourceProgress: link?.progress ?? null,
  });
  return {
    id: objective.id,
    cycleId: objective.cycleId,
    title: objective.title,
    description: objective.description,
    ownerId: objective.ownerId,
    owner: personOrNull(evaluation.people, objective.ownerId),
    parentId: objective.parentId,
    parents: parents.map((p) => ({ objectiveId: p.parentId, weight: p.weight })),
    teamIds: [...(evaluation.teams?.get(objective.id) ?? [])],
    milestones: milestones.map((m) => ({ date: m.date, value: m.value })),
    startDate: objective.startDate,
    endDate: objective.endDate,
    progressMode: objective.progressMode,
    progress,
    expectedProgress: expectedAsSent(expected),
    status: statusWithForecast(progressStatus(progress, expected, evaluation.thresholds), link?.forecast, evaluation.statusUsesForecast ?? false),
    keyResults: keyResultViews,
    integration: link ? presentIntegration(link, evaluation.now) : null,
    canEdit: evaluation.editor.mayEditObjective(objective),
    closedAt: objective.closedAt,
    score: objective.score,
    createdAt: objective.createdAt,
    updatedAt: objective.updatedAt,
  };
}

/** An author who has since been removed still shows as someone rather than breaking the history. */
export function presentCheckIn(checkIn: CheckInRecord, people: ReadonlyMap<string, Person>): CheckInView {
  return {
    id: checkIn.id,
    keyResultId: checkIn.keyResultId,
    objectiveId: checkIn.objectiveId,
    value: checkIn.value,
    note: checkIn.note,
    author: people.get(checkIn.authorId) ?? { id: checkIn.authorId, name: 'Former user' },
    createdAt: checkIn.createdAt,
  };
}
