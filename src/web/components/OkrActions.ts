import type { KeyResult, Objective } from '../api/types';

/** What a row can ask the OKR page to do; the page owns the dialogs. */
export interface OkrActions {
  editObjective: (objective: Objective) => void;
  addKeyResult: (objective: Objective) => void;
  addChildObjective: (objective: Objective) => void;
  checkInObjective: (objective: Objective) => void;
  deleteObjective: (objective: Objective) => void;
  checkInKeyResult: (keyResult: KeyResult) => void;
  editKeyResult: (keyResult: KeyResult) => void;
  deleteKeyResult: (keyResult: KeyResult) => void;
}
