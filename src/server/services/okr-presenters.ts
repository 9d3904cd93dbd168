/**
 * The camelCase shapes of docs/API.md built from repository records. Progress, expected progress
 * and status are computed here at request time with src/core, so every response reflects the
 * current time and the current thresholds; nothing derived is stored.
 */
import {
  effectivePeriod,
  expectedProgress,
  keyResultProgress,
  objectiveProgress,
  progressStatus,
  type Period,
  type ProgressStatus,
  type StatusThresholds,
} from '../../core';
import type { CheckInRecord } from '../db/repositories/check-ins-repository';
import type { LinkRecord } from '../db/repositories/integration-links-repository';
import type { CycleRecord } from '../db/repositories/cycles-repository';
import type { KeyResultRecord } from '../db/repositories/key-results-repository';
import type { ObjectiveRecord, ProgressMode } from '../db/repositories/objectives-repository';
import type { OkrEditor } from '../auth/okr-permissions';
import { statusWithForecast } from './insight/forecast-status';
import { presentIntegration, type IntegrationSummaryView } from './sync/link-presenter';

export interface Person {
  id: string;
  name: string;
}

export interface CycleView {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  createdAt: string;
}

export interface KeyResultView {
  id: string;
  objectiveId: string;
  title: string;
  ownerId: string | null;
  owner: Person | null;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string;
  weight: number;
  progress: number | null;
  expectedProgress: number;
  status: ProgressStatus;
  /** The Jira link driving its progress, or null when progress is updated by hand. */
  integration: IntegrationSummaryView | null;
  /** Whether the caller may edit, delete, check in on and link it (auth/okr-permissions.ts). */
  canEdit: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ObjectiveView {
  id: string;
  cycleId: string;
  title: string;
  description: string;
  ownerId: string | null;
  owner: Person | null;
  parentId: string | null;
  startDate: string | null;
  endDate: string | null;
  progressMode: ProgressMode;
  progress: number | null;
  expectedProgress: number;
  status: ProgressStatus;
  keyResults: KeyResultView[];
  /** The Jira link driving its progress, or null. */
  integration: IntegrationSummaryView | null;
  /** Whether the caller may edit, delete, check in on, link it and add key results to it. */
  canEdit: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CheckInView {
  id: string;
  keyResultId: string | null;
  objectiveId: string | null;
  value: number;
  note: string;
  author: Person;
  createdAt: string;
}

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
}

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

/** A key result measured against its objective's expected progress; its objective's owner counts for `canEdit`. */
export function presentKeyResult(kr: KeyResultRecord, objective: ObjectiveRecord, expected: number, evaluation: Evaluation): KeyResultView {
  // A linked key result's progress is its link's (computed with the link's own start and target).
  const link = evaluation.links?.byKeyResult.get(kr.id);
  const progress = link ? link.progress : keyResultProgress(kr);
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
    progress,
    expectedProgress: expected,
    status: statusWithForecast(progressStatus(progress, expected, evaluation.thresholds), link?.forecast, evaluation.statusUsesForecast ?? false),
    integration: link ? presentIntegration(link, evaluation.now) : null,
    canEdit: evaluation.editor.mayEditKeyResult(kr, objective),
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
  const expected = expectedProgress(objectivePeriod(objective, cycle), evaluation.now);
  const keyResultViews = keyResults.map((kr) => presentKeyResult(kr, objective, expected, evaluation));
  const link = evaluation.links?.byObjective.get(objective.id);
  const progress = objectiveProgress({
    mode: objective.progressMode,
    manualProgress: objective.manualProgress,
    keyResults: keyResultViews.map((kr) => ({ progress: kr.progress, weight: kr.weight })),
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
    startDate: objective.startDate,
    endDate: objective.endDate,
    progressMode: objective.progressMode,
    progress,
    expectedProgress: expected,
    status: statusWithForecast(progressStatus(progress, expected, evaluation.thresholds), link?.forecast, evaluation.statusUsesForecast ?? false),
    keyResults: keyResultViews,
    integration: link ? presentIntegration(link, evaluation.now) : null,
    canEdit: evaluation.editor.mayEditObjective(objective),
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
