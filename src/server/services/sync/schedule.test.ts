import { describe, expect, it } from 'vitest';
import { FAILURE_RETRY_MS, MINUTE_MS, nextSlotAfter, phaseOffsetMs, retryAfterFailure } from './schedule';

const DAY = 1440 * MINUTE_MS;

describe('link schedule', () => {
  it('gives every link a stable phase inside the interval', () => {
    const offset = phaseOffsetMs('link-a', DAY);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(DAY);
    expect(phaseOffsetMs('link-a', DAY)).toBe(offset);
  });

  it('spreads 1,000 links over the day: every hour gets some, none gets a crowd', () => {
    const perHour = new Array<number>(24).fill(0);
    for (let i = 0; i < 1000; i += 1) perHour[Math.floor(phaseOffsetMs(crypto.randomUUID(), DAY) / (60 * MINUTE_MS))]! += 1;
    expect(Math.min(...perHour)).toBeGreaterThan(10);
    expect(Math.max(...perHour)).toBeLessThan(90);
  });

  it('the next slot is strictly after now, at most one interval away, on the same phase', () => {
    const now = new Date('2026-03-02T12:00:00.000Z');
    const next = nextSlotAfter(now, DAY, 'link-a');
    expect(next.getTime()).toBeGreaterThan(now.getTime());
    expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(DAY);
    expect((next.getTime() - phaseOffsetMs('link-a', DAY)) % DAY).toBe(0);
    // Exactly on a slot, the next one is a whole interval later: a sync at its slot is never repeated.
    expect(nextSlotAfter(next, DAY, 'link-a').getTime()).toBe(next.getTime() + DAY);
  });

  it('a late round does not shift the phase', () => {
    const slot = nextSlotAfter(new Date('2026-03-02T00:00:00.000Z'), DAY, 'link-b');
    const late = new Date(slot.getTime() + 3 * 60 * MINUTE_MS);
    expect(nextSlotAfter(late, DAY, 'link-b').getTime()).toBe(slot.getTime() + DAY);
  });

  it('retries a failure within 15 minutes, or at the next slot when that is sooner', () => {
    const now = new Date('2026-03-02T12:00:00.000Z');
    expect(retryAfterFailure(now, DAY, 'link-a').getTime()).toBeLessThanOrEqual(now.getTime() + FAILURE_RETRY_MS);
    expect(retryAfterFailure(now, 5 * MINUTE_MS, 'link-a').getTime()).toBe(nextSlotAfter(now, 5 * MINUTE_MS, 'link-a').getTime());
  });
});
