/** Shapes of the REST API v1 (docs/API.md). Dates are 'YYYY-MM-DD', instants ISO-8601 strings. */

export type Role = 'admin' | 'member';
export type Status = 'on_track' | 'behind' | 'at_risk' | 'not_started';
export type ProgressMode = 'key_results' | 'manual';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface Person {
  id: string;
  name: string;
}

export interface Cycle {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  createdAt: string;
}

export interface KeyResult {
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
  expectedProgress: number | null;
  status: Status;
  createdAt: string;
  updatedAt: string;
}

export interface Objective {
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
  expectedProgress: number | null;
  status: Status;
  keyResults: KeyResult[];
  createdAt: string;
  updatedAt: string;
}

export interface CheckIn {
  id: string;
  keyResultId: string | null;
  objectiveId: string | null;
  value: number;
  note: string;
  author: Person;
  createdAt: string;
}

export interface Settings {
  behindThreshold: number;
  atRiskThreshold: number;
}

export interface SetupStatus {
  needed: boolean;
}

export interface CycleInput {
  name: string;
  startDate: string;
  endDate: string;
}

export interface ObjectiveInput {
  cycleId: string;
  title: string;
  description?: string;
  ownerId?: string | null;
  parentId?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  progressMode?: ProgressMode;
}

export interface KeyResultInput {
  title: string;
  startValue: number;
  targetValue: number;
  currentValue?: number;
  unit?: string;
  weight?: number;
  ownerId?: string | null;
}

export interface CheckInInput {
  value: number;
  note?: string;
}

export interface NewUserInput {
  email: string;
  name: string;
  password: string;
  role?: Role;
}

export interface UserPatch {
  name?: string;
  email?: string;
  role?: Role;
  password?: string;
}
