import type { LinkOwner, IntegrationSummary } from '../../api/linkTypes';
import type { CheckIn, KeyResult, Objective, Person, Status } from '../../api/types';
import type { Milestone } from '../../../core/milestones';
import type { Period } from '../../../core/types';
import type { Alignment } from './alignment';

/** One objective or key result as its page shows it, whichever kind it is. */
export interface DetailModel {
  owner: LinkOwner;
  kindWord: 'Objective' | 'Key result';
  title: string;
  description: string;
  person: Person | null;
  period: Period | null;
  cycleName: string | null;
  /** What sentences call the period: "cycle" when it is the cycle's, "period" when the item has its own dates. */
  periodWord: 'cycle' | 'period';
  progress: number | null;
  expectedProgress: number | null;
  status: Status;
  integration: IntegrationSummary | null;
  checkIns: { data: CheckIn[] | undefined; error: Error | null; isPending: boolean };
  /** A check-in's value as written ("12 customers", "45%"). */
  checkInValueText: (value: number) => string;
  /** A check-in's value as progress 0..1 (null when it cannot be). */
  checkInProgress: (value: number) => number | null;
  /** Phased targets: the expected line of the history chart bends at each (none: a straight line). */
  milestones: readonly Milestone[];
  /** What milestone values run from and to: a key result's start and target; 0..1 for an objective. */
  milestoneRange: { startValue: number; targetValue: number };
  /** Objectives: their key results. */
  keyResults?: KeyResult[];
  /** Objectives: the parents they count towards and the tree aligned under them (once the cycle is loaded). */
  alignment?: Alignment;
  /** Key results: the objective they measure. */
  parent?: Objective;
  /** Whether progress is set by check-ins on this item itself (so a Check in button makes sense). */
  checksIn: boolean;
  /** When it was closed, and the score it was given (both kept from an import); null when not. */
  closedAt: string | null;
  score: number | null;
  /** Whether the signed-in user may edit, check in on and link it (the API's canEdit); else the page is read-only. */
  canEdit: boolean;
}

/** What the page's buttons do; the page owns the dialogs. */
export interface DetailActions {
  edit: () => void;
  /** The Jira link editor on its own: "Edit link" and "Add an integration". */
  editLink: () => void;
  checkIn: () => void;
  unlink: () => void;
}
