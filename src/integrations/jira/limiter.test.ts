/**
 * The shares of a connection's request slots between sync rounds and interactive requests, and the
 * limit on waiting for one: the rule itself, each purpose keeping its reserve under a flood of the
 * other, and a wait that ends with `busy` instead of lasting forever.
 */
import { describe, expect, it } from 'vitest';
import { JiraError } from './errors';
import { localRequestLimiter, PurposeSlots, reservedSlots, slotRange, type JiraRequestPurpose } from './limiter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `count` acquires and answers how many were granted within `withinMs` (the others keep waiting). */
async function grantedWithin(slots: PurposeSlots, purpose: JiraRequestPurpose, count: number, withinMs: number): Promise<Array<() => void>> {
  const granted: Array<() => void> = [];
  for (let i = 0; i < count; i += 1) {
    slots.acquire(purpose, 5_000).then(
      (release) => granted.push(release),
      () => undefined,
    );
  }
  await sleep(withinMs);
  return granted;
}

describe('the shares of a connection\'s request slots', () => {
  it('keeps max(1, floor(N/4)) slots for each purpose, none when there is only one slot', () => {
    expect([1, 2, 3, 4, 7, 8, 16, 64].map(reservedSlots)).toEqual([0, 1, 1, 1, 1, 2, 4, 16]);
    expect(slotRange(4, 'sync')).toEqual({ from: 0, to: 3 });
    expect(slotRange(4, 'interactive')).toEqual({ from: 1, to: 4 });
    expect(slotRange(1, 'interactive')).toEqual({ from: 0, to: 1 });
  });

  it('a flood of interactive requests leaves sync its reserved slot, and the other way round', async () => {
    const slots = new PurposeSlots(4);
    const previews = await grantedWithin(slots, 'interactive', 10, 20);
    expect(previews).toHaveLength(3);
    const sync = await grantedWithin(slots, 'sync', 2, 20);
    expect(sync).toHaveLength(1);
    expect(slots.active()).toBe(4);

    // A preview finishing lets the next waiting preview in, never a fourth one at once.
    previews[0]?.();
    await sleep(10);
    expect(slots.active('interactive')).toBe(3);
    for (const release of [...previews, ...sync]) release();

    const other = new PurposeSlots(8);
    expect(await grantedWithin(other, 'sync', 20, 20)).toHaveLength(6);
    expect(await grantedWithin(other, 'interactive', 5, 20)).toHaveLength(2);
  });

  it('a waiting sync request takes a freed slot before earlier previews that have no room', async () => {
    const slots = new PurposeSlots(4);
    const previews = await grantedWithin(slots, 'interactive', 3, 10);
    const syncs = await grantedWithin(slots, 'sync', 1, 10);
    const waitingPreview = slots.acquire('interactive', 5_000);
    const waitingSync = slots.acquire('sync', 5_000);
    syncs[0]?.();
    // The freed slot is the sync one: the preview (interactive already at its cap) stays waiting.
    const first = await Promise.race([waitingSync.then(() => 'sync'), waitingPreview.then(() => 'preview')]);
    expect(first).toBe('sync');
    expect(slots.active('interactive')).toBe(3);
    previews[0]?.();
    (await waitingPreview)();
  });

  it('with one slot both purposes share it', async () => {
    const slots = new PurposeSlots(1);
    const release = await slots.acquire('interactive', 1_000);
    const sync = slots.acquire('sync', 1_000);
    release();
    (await sync)();
  });
});

describe('waiting for a slot', () => {
  it('ends with a busy JiraError after the wait limit, and the slot stays usable', async () => {
    const slots = new PurposeSlots(2);
    const held = [await slots.acquire('interactive', 1_000), await slots.acquire('sync', 1_000)];
    const started = Date.now();
    const error = await slots.acquire('interactive', 150).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(error).toBeInstanceOf(JiraError);
    expect(error).toMatchObject({ code: 'busy' });
    expect((error as JiraError).message).toMatch(/Jira is busy.*0\.2 s.*nothing was sent.*Try again in a minute/);
    // The timed-out waiter is gone: the next free slot goes to a live request.
    const next = slots.acquire('interactive', 1_000);
    held[0]?.();
    (await next)();
    held[1]?.();
    expect(slots.active()).toBe(0);
  });

  it('a client\'s own limiter times out too', async () => {
    const limiter = localRequestLimiter(1, 100);
    const slot = await limiter.acquire();
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'busy' });
    slot.release();
    (await limiter.acquire()).release();
  });
});
