/**
 * Jira request limits shared by every Pacer process through PostgreSQL, so that ten workers do not
 * hammer one Jira ten times harder. Each connection has `maxInFlight` rows in jira_request_slots;
 * a request in flight leases one (conditional UPDATE … FOR UPDATE SKIP LOCKED, so two processes
 * never take the same slot). A slot is free when nobody holds it, when its lease ran out, or when
 * its holder process is gone: each process holds a session advisory lock for as long as it lives,
 * so a process killed with -9 frees its slots the moment PostgreSQL notices the dropped session.
 * A released slot is announced with NOTIFY, so waiters in other processes take it at once instead
 * of polling. A quota 429 writes jira_connections.quota_paused_until, which every acquire reads.
 * Sync and interactive requests lease from their own ranges of slot numbers (limiter.ts's rule:
 * sync [0, N − R), interactive [R, N)), so each keeps R slots across every process; a wait ends
 * with JiraError `busy` after `slotWaitMs`.
 */
import pg from 'pg';
import {
  DEFAULT_SLOT_WAIT_MS,
  PurposeSlots,
  slotRange,
  slotWaitTimedOut,
  type SlotHolder,
  type RequestLimiter,
  type RequestSlot,
} from '../../../integrations/jira/index';
import type { JiraRequestLimits, LimitsOptions } from './jira-request-limits';

/** First key of every Pacer process lock (pg_advisory_lock(int, int)); the second is the process's own. */
export const PROCESS_LOCK_NAMESPACE = 0x50414345; // "PACE"
const CHANNEL = 'pacer_jira_slots';
/** A holder that hangs (alive, but not answering) keeps a slot at most this long. */
const SLOT_LEASE_MS = 120_000;
/** Waiters look again at least this often even without a NOTIFY (a lost notification costs this much). */
const MAX_WAIT_MS = 250;

export interface SharedLimitsOptions extends LimitsOptions {
  connectionString: string;
  maxInFlight: number;
  log: { warn: (context: object, message: string) => void; error: (context: object, message: string) => void };
}

const ACQUIRE_SQL = `
  with free as (
    select s.slot
    from jira_request_slots s
    where s.connection_id = $1 and s.slot >= $2 and s.slot < $7
      and (
        s.holder is null
        or s.expires_at < $5
        or not exists (
          select 1 from pg_locks l
          where l.locktype = 'advisory' and l.classid = ${PROCESS_LOCK_NAMESPACE} and l.objid = s.holder_process and l.objsubid = 2
            and l.database = (select oid from pg_database where datname = current_database())
        )
      )
    order by case when $8 then s.slot else -s.slot end
    limit 1
    for update skip locked
  )
  update jira_request_slots s
  set holder = $3, holder_process = $4, expires_at = $6
  from free
  where s.connection_id = $1 and s.slot = free.slot
  returning s.slot, (select quota_paused_until from jira_connections where id = $1) as paused_until`;

const RELEASE_SQL = `
  with released as (
    update jira_request_slots set holder = null, holder_process = null, expires_at = null
    where connection_id = $1 and slot = $2 and holder = $3
    returning connection_id
  )
  select pg_notify('${CHANNEL}', connection_id) from released`;

const ENSURE_SLOTS_SQL = `
  insert into jira_request_slots (connection_id, slot)
  select $1, g from generate_series(0, $2 - 1) as g
  on conflict do nothing`;

const PAUSE_SQL = `
  update jira_connections set quota_paused_until = $2
  where id = $1 and (quota_paused_until is null or quota_paused_until < $2)`;

/** A random positive int4, the second half of this process's advisory lock key. */
function randomProcessKey(): number {
  return 1 + Math.floor(Math.random() * 0x7ffffffe);
}

/**
 * The process lock: held on its own connection for the life of the process, re-taken after that
 * connection drops (until then this process's slots look free to others, which errs towards
 * progress rather than a stall).
 */
class ProcessLock {
  key = randomProcessKey();
  private client: pg.Client | null = null;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly onNotify: (connectionId: string) => void,
    private readonly log: SharedLimitsOptions['log'],
  ) {}

  async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'pacer-process-lock' });
    client.on('error', (error) => this.log.warn({ err: error }, 'lost the Jira request-limit lock connection; reconnecting'));
    client.on('end', () => {
      if (this.client === client) this.client = null;
      if (!this.closed) setTimeout(() => void this.reopen(), 1_000).unref();
    });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.onNotify(message.payload);
    });
    await client.connect();
    for (;;) {
      const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', [PROCESS_LOCK_NAMESPACE, this.key]);
      if (result.rows[0]?.locked) break;
      this.key = randomProcessKey();
    }
    await client.query(`listen ${CHANNEL}`);
    this.client = client;
  }

  private async reopen(): Promise<void> {
    if (this.closed || this.client) return;
    try {
      await this.open();
    } catch (error) {
      this.log.warn({ err: error }, 'could not re-take the Jira request-limit lock; trying again');
      if (!this.closed) setTimeout(() => void this.reopen(), 1_000).unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}

export async function startSharedJiraLimits(options: SharedLimitsOptions): Promise<JiraRequestLimits> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 4, application_name: 'pacer-jira-limits' });
  pool.on('error', () => undefined);
  const waiters = new Map<string, Set<() => void>>();
  const wake = (connectionId: string) => {
    for (const resolve of waiters.get(connectionId) ?? []) resolve();
  };
  const lock = new ProcessLock(options.connectionString, wake, options.log);
  await lock.open();

  /** Sleeps until a slot of this connection is released (anywhere) or MAX_WAIT_MS passes. */
  const waitForRelease = (connectionId: string, ms: number) =>
    new Promise<void>((resolve) => {
      const set = waiters.get(connectionId) ?? new Set();
      waiters.set(connectionId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });

  const waitLimitMs = options.slotWaitMs ?? DEFAULT_SLOT_WAIT_MS;
  const limiters = new Map<string, Record<SlotHolder, RequestLimiter>>();
  const ensured = new Set<string>();

  const makeLimiters = (connectionId: string): Record<SlotHolder, RequestLimiter> => {
    // Inside one process the cap (with its shares) is a semaphore first: never more DB waiters than slots.
    const local = new PurposeSlots(options.maxInFlight);
    const tryAcquire = async (holder: string, purpose: SlotHolder): Promise<{ slot: number; pausedUntil: string | null } | null> => {
      if (!ensured.has(connectionId)) {
        await pool.query(ENSURE_SLOTS_SQL, [connectionId, options.maxInFlight]);
        ensured.add(connectionId);
      }
      const now = Date.now();
      const range = slotRange(options.maxInFlight, purpose);
      const result = await pool.query<{ slot: number; paused_until: string | null }>(ACQUIRE_SQL, [
        connectionId,
        range.from,
        holder,
        lock.key,
        now,
        now + SLOT_LEASE_MS,
        range.to,
        // Each purpose tries its reserved end first, leaving the shared middle to the other.
        purpose !== 'interactive',
      ]);
      const row = result.rows[0];
      return row ? { slot: row.slot, pausedUntil: row.paused_until } : null;
    };

    const acquire = async (purpose: SlotHolder): Promise<RequestSlot> => {
      const deadline = Date.now() + waitLimitMs;
      const releaseLocal = await local.acquire(purpose, waitLimitMs);
      const holder = crypto.randomUUID();
      try {
        let waitMs = 10;
        for (;;) {
          const taken = await tryAcquire(holder, purpose);
          if (taken) {
            const release = () => {
              pool
                .query(RELEASE_SQL, [connectionId, taken.slot, holder])
                .catch((error: unknown) => options.log.error({ err: error, connectionId }, 'could not release a Jira request slot; its lease will run out'))
                .finally(releaseLocal);
            };
            const pausedUntilMs = taken.pausedUntil === null ? NaN : Date.parse(taken.pausedUntil);
            return pausedUntilMs > Date.now() ? { release, pausedUntilMs } : { release };
          }
          const left = deadline - Date.now();
          if (left <= 0) throw slotWaitTimedOut(waitLimitMs);
          await waitForRelease(connectionId, Math.min(waitMs, left));
          waitMs = Math.min(MAX_WAIT_MS, waitMs * 2);
        }
      } catch (error) {
        releaseLocal();
        throw error;
      }
    };
    const sharePause = async (forMs: number): Promise<void> => {
      await pool.query(PAUSE_SQL, [connectionId, new Date(Date.now() + forMs).toISOString()]);
    };
    return {
      sync: { acquire: () => acquire('sync'), sharePause },
      interactive: { acquire: () => acquire('interactive'), sharePause },
      any: { acquire: () => acquire('any'), sharePause },
    };
  };

  return {
    limiterFor(connectionId, purpose = 'any') {
      let limiter = limiters.get(connectionId);
      if (!limiter) {
        limiter = makeLimiters(connectionId);
        limiters.set(connectionId, limiter);
      }
      return limiter[purpose];
    },
    async close() {
      await lock.close();
      await pool.end().catch(() => undefined);
    },
  };
}
