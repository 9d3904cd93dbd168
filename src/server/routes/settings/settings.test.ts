import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';

describeEachDatabase('organisation settings', (ctx) => {
  test('defaults are 0 and 0.25, readable by members', async () => {
    const member = await ctx().createMember();
    const response = await ctx().request('GET', '/api/v1/settings', { as: member });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ behindThreshold: 0, atRiskThreshold: 0.25, syncIntervalMinutes: 1440 });
  });

  test('only admins change them; a change is kept', async () => {
    const member = await ctx().createMember();
    expect((await ctx().request('PATCH', '/api/v1/settings', { as: member, body: { atRiskThreshold: 0.3 } })).statusCode).toBe(403);

    const admin = await ctx().setupAdmin();
    const changed = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { behindThreshold: 0.05, atRiskThreshold: 0.3 } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ behindThreshold: 0.05, atRiskThreshold: 0.3, syncIntervalMinutes: 1440 });
    expect((await ctx().request('GET', '/api/v1/settings', { as: member })).json()).toEqual({ behindThreshold: 0.05, atRiskThreshold: 0.3, syncIntervalMinutes: 1440 });

    const partial = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { atRiskThreshold: 0.4 } });
    expect(partial.json()).toEqual({ behindThreshold: 0.05, atRiskThreshold: 0.4, syncIntervalMinutes: 1440 });
  });

  test('contradictory or out-of-range thresholds are refused with a message naming the field', async () => {
    const admin = await ctx().setupAdmin();
    const before = (await ctx().request('GET', '/api/v1/settings', { as: admin })).json();

    const inverted = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { behindThreshold: 0.5, atRiskThreshold: 0.2 } });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json()).toMatchObject({ error: { code: 'validation_failed', fields: [{ field: 'behindThreshold' }] } });

    const outOfRange = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { atRiskThreshold: 1.5 } });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json()).toMatchObject({ error: { fields: [{ field: 'atRiskThreshold', message: 'must be at most 1' }] } });

    expect((await ctx().request('GET', '/api/v1/settings', { as: admin })).json()).toEqual(before);
  });
});
