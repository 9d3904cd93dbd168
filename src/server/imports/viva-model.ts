/**
 * The normalized model of a Viva Goals export, whichever form it came in (organisation ZIP of JSON,
 * Explorer CSV or XLSX). Parsers produce it from untrusted files; planVivaImport turns it into what
 * Pacer would create. Every value here has been validated and cleaned: dates are `YYYY-MM-DD` (or
 * ISO timestamps for instants), numbers are finite, text is plain and length-capped, and external
 * ids are Viva's ids as strings. Missing values are null, never guessed.
 */
export type VivaSource = 'viva-organisation-zip' | 'viva-explorer-csv' | 'viva-explorer-xlsx';

/** "Big rock" (an objective), "Kpi" (a measured key result), "Project" (a deliverable). */
export type VivaObjectiveKind = 'big-rock' | 'kpi' | 'project';

export type VivaStatus = 'on-track' | 'behind' | 'at-risk' | 'closed' | 'not-started';

export interface VivaPersonRef {
  externalId: string | null;
  name: string | null;
  /** Lower-cased. */
  email: string | null;
}

export interface VivaTimePeriod {
  externalId: string;
  name: string;
  startDate: string | null;
  endDate: string | null;
}

export interface VivaTeam {
  externalId: string;
  name: string;
  parentExternalId: string | null;
  owners: VivaPersonRef[];
  description: string;
  status: string | null;
}

export interface VivaUser {
  externalId: string | null;
  name: string;
  email: string | null;
}

export interface VivaAlignment {
  externalId: string;
  /** Percent 0–100 ("40.0%" → 40); null when the export gives none. */
  weight: number | null;
}

export interface VivaOutcome {
  type: 'percentage' | 'metric';
  metricName: string | null;
  unit: string | null;
  start: number | null;
  target: number | null;
  /** Viva's wording, e.g. "Increase From". */
  targetType: string | null;
}

export interface VivaPhasedTarget {
  date: string;
  value: number;
}

export interface VivaObjective {
  externalId: string;
  title: string;
  kind: VivaObjectiveKind;
  description: string;
  createdBy: VivaPersonRef | null;
  owners: VivaPersonRef[];
  teams: { externalId: string | null; name: string | null }[];
  timePeriod: { externalId: string | null; name: string | null } | null;
  startDate: string | null;
  endDate: string | null;
  /** The parents this item aligns to, with weights; ids from Alignment and Parent IDs merged. */
  alignments: VivaAlignment[];
  /** "Update from Children" → children, "Update Manually" → manual. */
  progressMode: 'children' | 'manual' | null;
  /** Percent; may exceed 100. */
  progress: number | null;
  status: VivaStatus | null;
  closed: boolean;
  outcome: VivaOutcome | null;
  phasedTargets: VivaPhasedTarget[];
  score: number | null;
  createdAt: string | null;
  lastCheckinAt: string | null;
}

export interface VivaCheckin {
  /** Viva's id, or `<OKR id>#checkin-<n>` for Explorer exports, which have none. */
  externalId: string;
  okrExternalId: string;
  /** ISO timestamp. */
  date: string;
  author: VivaPersonRef | null;
  /** Plain text (HTML reduced to text); '' when empty. */
  note: string;
  value: number | null;
  status: VivaStatus | null;
}

export interface VivaComment {
  externalId: string;
  okrExternalId: string;
  text: string;
  author: VivaPersonRef | null;
  createdAt: string | null;
}

/** 'keyResult' and 'jiraLink': a Pacer export document's key result and Jira link (pacer-document-plan.ts). */
export type VivaRecordType = 'timePeriod' | 'team' | 'user' | 'objective' | 'keyResult' | 'checkin' | 'comment' | 'file' | 'jiraLink';

export interface SkippedRecord {
  type: VivaRecordType;
  externalId: string | null;
  reason: string;
}

export interface VivaImportModel {
  source: VivaSource;
  timePeriods: VivaTimePeriod[];
  teams: VivaTeam[];
  users: VivaUser[];
  objectives: VivaObjective[];
  checkins: VivaCheckin[];
  comments: VivaComment[];
  skipped: SkippedRecord[];
  warnings: string[];
}
