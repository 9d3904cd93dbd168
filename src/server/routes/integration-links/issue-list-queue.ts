/**
 * Turns for GET …/integration/issues, per user (services/per-user-queue.ts). A page of 500 costs
 * the event loop a SQL read, 500 issues presented and about 116 KB serialised; 8 scripts looping on
 * it as one user made another user's `GET /me` wait behind them (docs/BENCHMARKS.md, issue 10).
 * Two pages at work per user is more than the web Issues tab or a script reading one page after
 * another ever has; 16 more wait (about a second's worth of pages), and none waits over 10 s.
 */
import type { FastifyReply } from 'fastify';
import { PerUserQueue, type Release } from '../../services/per-user-queue';

export const ISSUE_LIST_RUNNING_PER_USER = 2;
export const ISSUE_LIST_WAITING_PER_USER = 16;
export const ISSUE_LIST_MAX_WAIT_MS = 10_000;

// One queue per app, keyed by its database handle: the routes see an encapsulated child of the app,
// while tests (many apps in one process) reach theirs through the same handle to hold places.
const queues = new WeakMap<object, PerUserQueue>();

/** The issue-list queue of the app using this database handle (`app.db`). */
export function issueListQueueOf(db: object): PerUserQueue {
  let queue = queues.get(db);
  if (!queue) {
    queue = new PerUserQueue({
      running: ISSUE_LIST_RUNNING_PER_USER,
      maxWaiting: ISSUE_LIST_WAITING_PER_USER,
      maxWaitMs: ISSUE_LIST_MAX_WAIT_MS,
      what: { one: 'issue-list request', many: 'issue-list requests' },
      advice: 'Read the pages one after another (pass each answer\'s nextCursor as cursor), and try again when your earlier requests have answered.',
    });
    queues.set(db, queue);
  }
  return queue;
}

/**
 * Waits for the user's turn and keeps it until the answer is written (serialising and sending a
 * page is part of its cost), or until the client goes away. A client that leaves while waiting
 * leaves the queue.
 */
export async function holdTurnUntilAnswered(queue: PerUserQueue, userId: string, reply: FastifyReply): Promise<void> {
  const response = reply.raw;
  const gone = new AbortController();
  const onGone = () => gone.abort(new Error('The client closed the connection before its turn.'));
  response.once('close', onGone);
  let release: Release;
  try {
    release = await queue.acquire(userId, gone.signal);
  } finally {
    response.off('close', onGone);
  }
  if (response.closed) {
    release();
    return;
  }
  response.once('finish', release);
  response.once('close', release);
}
