/**
 * The shape of a Viva import plan: what Pacer would create (or update, when `existingId` is set)
 * from a parsed export, as plain data keyed by Viva's external ids. planVivaImport produces it
 * without touching the database; the commit step writes it in one transaction, and the dry-run
 * report (viva-import-report.ts) is read from it. Values are already in Pacer's terms: dates
 * `YYYY-MM-DD`, objective progress and milestones as fractions 0..1, key result values in their unit.
 */
import type { SkippedRecord, VivaSource, VivaStatus } from './viva-model';

/** Where a plan came from: a Viva Goals export form, or a Pacer export document (pacer-document-plan.ts). */
export type PlanSource = VivaSource | 'pacer';

export type PlanKind = 'cycle' | 'team' | 'user' | 'objective' | 'keyResult' | 'checkin' | 'comment';

/** What Pacer already holds, so the plan can say matched instead of created. Plain data; no database here. */
export interface ExistingPacerData {
  users?: { id: string; email: string }[];
  cycles?: { id: string; name: string; startDate: string; endDate: string }[];
  teams?: { id: string; name: string }[];
  /** Rows an earlier import created, by kind and external id: importing the same file again matches them. */
  imported?: { kind: PlanKind; externalId: string; id: string }[];
}

export interface PlannedCycle {
  externalId: string;
  name: string;
  startDate: string;
  endDate: string;
  existingId: string | null;
}

export interface PlannedTeam {
  externalId: string;
  name: string;
  parentExternalId: string | null;
  ownerEmails: string[];
  /** Viva's team exports list owners only; a Pacer export lists its members too. */
  memberEmails: string[];
  description: string;
  existingId: string | null;
}

/** New users are created deactivated and without a password; an admin invites them later. */
export interface PlannedUser {
  email: string;
  name: string;
  externalId: string | null;
  existingId: string | null;
  deactivated: true;
}

export interface PlannedMilestone {
  date: string;
  value: number;
}

export interface PlannedObjective {
  externalId: string;
  cycleExternalId: string;
  title: string;
  description: string;
  ownerEmail: string | null;
  teamExternalIds: string[];
  /** Weighted alignment: percent 0..100, null for "not set" (equal shares). */
  parents: { externalId: string; weight: number | null }[];
  startDate: string | null;
  endDate: string | null;
  /** key_results: progress rolls up from key results and aligned children ("Update from Children"). */
  progressMode: 'key_results' | 'manual';
  /** Manual objectives: the last check-in's value (else Viva's progress) as a fraction 0..1. */
  manualProgress: number | null;
  /** Manual objectives' phased targets, fractions 0..1. */
  milestones: PlannedMilestone[];
  vivaStatus: VivaStatus | null;
  closed: boolean;
  /** When it closed, where the file says (a Pacer export); else the commit uses its latest check-in. */
  closedAt: string | null;
  score: number | null;
  /** When it was created, where the file says (ISO); the commit keeps it, so key results keep their order. */
  createdAt: string | null;
  /** Where it came from: a Big rock, or a Kpi/Project aligned to no Big rock (it then holds one key result). */
  vivaKind: 'big-rock' | 'kpi' | 'project';
  existingId: string | null;
}

export interface PlannedKeyResult {
  externalId: string;
  objectiveExternalId: string;
  title: string;
  ownerEmail: string | null;
  /** Metric: the outcome's start, target and unit; percentage: 0 → 100 %. */
  kind: 'metric' | 'percentage';
  startValue: number;
  targetValue: number;
  unit: string;
  currentValue: number;
  /** Its share of the objective's roll-up (> 0): the alignment weight, equal shares where none is set. */
  weight: number;
  milestones: PlannedMilestone[];
  vivaStatus: VivaStatus | null;
  closed: boolean;
  /** When it closed, where the file says (a Pacer export); else the commit uses its latest check-in. */
  closedAt: string | null;
  score: number | null;
  /** When it was created, where the file says (ISO); the commit keeps it, so key results keep their order. */
  createdAt: string | null;
  existingId: string | null;
}

export interface PlannedTarget {
  kind: 'objective' | 'keyResult';
  externalId: string;
}

export interface PlannedCheckin {
  externalId: string;
  target: PlannedTarget;
  /** ISO timestamp. */
  date: string;
  /** null: no author the import can name; the commit step records the importing admin. */
  authorEmail: string | null;
  /** In the key result's unit, or a fraction 0..1 for an objective. */
  value: number;
  note: string;
  vivaStatus: VivaStatus | null;
  existingId: string | null;
}

export interface PlannedComment {
  externalId: string;
  target: PlannedTarget;
  authorEmail: string | null;
  createdAt: string | null;
  text: string;
  existingId: string | null;
}

export type PlanCounts = Record<PlanKind, number>;

export interface VivaImportPlan {
  source: PlanSource;
  cycles: PlannedCycle[];
  teams: PlannedTeam[];
  users: PlannedUser[];
  objectives: PlannedObjective[];
  keyResults: PlannedKeyResult[];
  checkins: PlannedCheckin[];
  comments: PlannedComment[];
  skipped: SkippedRecord[];
  warnings: string[];
}
