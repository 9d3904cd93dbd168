/** Every job Pacer knows. Add new ones here (one file each, `<name>.job.ts`). */
import { registerJob, type RegisteredJob } from './job';
import { syncDueLinksJob } from './sync-due-links.job';

export const JOBS: readonly RegisteredJob[] = [registerJob(syncDueLinksJob)];
