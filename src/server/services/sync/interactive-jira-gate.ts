/**
 * Fair use of Jira between people: each user may have at most `perUser` Jira-backed requests
 * (preview, saving a link, refresh) running at once; one more is refused at once with a 429 rather
 * than queued, so one person looping on previews cannot fill a connection's request slots. The work
 * runs as `interactive` (its own share of the connection's slots, see limiter.ts).
 *
 * The count is per process (each `serve` process counts on its own). A request's place is given
 * back in `finally` when its work ends, whether it succeeded, failed or its client went away: work
 * a disconnected client started still talks to Jira until it ends (bounded by the slot wait and
 * Jira's own timeouts), so it keeps counting until then.
 */
import type { JiraRequestPurpose } from '../../../integrations/jira/index';
import { TooManyJiraRequestsError } from '../../errors';
import { withJiraPurpose } from './jira-clients';

export class InteractiveJiraGate {
  private readonly running = new Map<string, number>();

  constructor(readonly perUser: number) {
    if (!Number.isInteger(perUser) || perUser < 1) throw new RangeError('perUser must be a positive integer');
  }

  /**
   * Runs `work` for `userId`, by default as interactive Jira work, or throws TooManyJiraRequestsError
   * (429) at once. "Refresh all" passes `sync`: it counts for its user but syncs like a round.
   */
  async run<T>(userId: string, work: () => Promise<T>, purpose: JiraRequestPurpose = 'interactive'): Promise<T> {
    const count = this.running.get(userId) ?? 0;
    if (count >= this.perUser) throw new TooManyJiraRequestsError(this.perUser);
    this.running.set(userId, count + 1);
    try {
      return await withJiraPurpose(purpose, work);
    } finally {
      const left = (this.running.get(userId) ?? 1) - 1;
      if (left <= 0) this.running.delete(userId);
      else this.running.set(userId, left);
    }
  }

  /** Requests the user has running now (tests). */
  inFlight(userId: string): number {
    return this.running.get(userId) ?? 0;
  }
}
