/**
 * The import report the API answers, read from a plan: `{dryRun, source, counts, created, matched,
 * skipped, warnings}`. counts: what the plan holds per kind; created: rows Pacer would add; matched:
 * rows that already exist (from an earlier import of the same export, or a user with the same
 * email, a cycle with the same name and dates, a team with the same name) and would be updated.
 */
import type { PlanCounts, PlanKind, PlanSource, VivaImportPlan } from './viva-import-plan-types';
import type { SkippedRecord } from './viva-model';

export interface VivaImportReport {
  dryRun: boolean;
  source: PlanSource;
  counts: PlanCounts;
  created: PlanCounts;
  matched: PlanCounts;
  skipped: SkippedRecord[];
  warnings: string[];
}

function planned(plan: VivaImportPlan): Record<PlanKind, { existingId: string | null }[]> {
  return {
    cycle: plan.cycles,
    team: plan.teams,
    user: plan.users,
    objective: plan.objectives,
    keyResult: plan.keyResults,
    checkin: plan.checkins,
    comment: plan.comments,
  };
}

function countBy(plan: VivaImportPlan, include: (row: { existingId: string | null }) => boolean): PlanCounts {
  const rows = planned(plan);
  const count = (kind: PlanKind): number => rows[kind].filter(include).length;
  return {
    cycle: count('cycle'),
    team: count('team'),
    user: count('user'),
    objective: count('objective'),
    keyResult: count('keyResult'),
    checkin: count('checkin'),
    comment: count('comment'),
  };
}

export function vivaImportReport(plan: VivaImportPlan, dryRun: boolean): VivaImportReport {
  return {
    dryRun,
    source: plan.source,
    counts: countBy(plan, () => true),
    created: countBy(plan, (row) => row.existingId === null),
    matched: countBy(plan, (row) => row.existingId !== null),
    skipped: plan.skipped,
    warnings: plan.warnings,
  };
}
