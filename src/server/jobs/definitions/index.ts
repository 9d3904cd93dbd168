/** Every job Pacer knows; both providers run this list. Add new ones here (one file each, `<name>.job.ts`). */
import { registerJob, type RegisteredJob } from '../job';
import { planRoundJob } from './plan-round.job';
import { syncLinksJob } from './sync-links.job';
import { webhookFollowUpJob } from './webhook-follow-up.job';

export const JOBS: readonly RegisteredJob[] = [registerJob(planRoundJob), registerJob(syncLinksJob), registerJob(webhookFollowUpJob)];

export { planRoundJob, syncLinksJob, webhookFollowUpJob };
