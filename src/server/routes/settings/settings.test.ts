import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';

describeEachDatabase('organisation settings', (ctx) => {
  test('defaults are 0 and 0.25, readable by members', async () => {
    const member = await ctx().createMember();
    const response = await ctx().request('GET', '/api/v1/settings', { as: member });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ behindThreshold: 0, atRiskThreshold: 0.25, syncIntervalMinutes: 1440, maxIssuesPerLink: 50_000, everyoneMayEditOkrs: false, statusUsesForecast: false });
  });

  test('only admins change them; a change is kept', async () => {
    const member = await ctx().createMember();
    expect((await ctx().request('PATCH', '/api/v1/settings', { as: member, body: { atRiskThreshold: 0.3 } })).statusCode).toBe(403);

    const admin = await ctx().setupAdmin();
    const changed = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { behindThreshold: 0.05, atRiskThreshold: 0.3 } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ behindThreshold: 0.05, atRiskThreshold: 0.3, syncIntervalMinutes: 1440, maxIssuesPerLink: 50_000, everyoneMayEditOkrs: false, statusUsesForecast: false });
    expect((await ctx().request('GET', '/api/v1/settings', { as: member })).json()).toEqual({ behindThreshold: 0.05, atRiskThreshold: 0.3, syncIntervalMinutes: 1440, maxIssuesPerLink: 50_000, everyoneMayEditOkrs: false, statusUsesForecast: false });

    const partial = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { atRiskThreshold: 0.4 } });
    expect(partial.json()).toEqual({ behindThreshold: 0.05, atRiskThreshold: 0.4, syncIntervalMinutes: 1440, maxIssuesPerLink: 50_000, everyoneMayEditOkrs: false, statusUsesForecast: false });
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

  test('the most issues one Jira link may match: 50,000 by default, 1 to 1,000,000, admins only', async () => {
    const member = await ctx().createMember();
    const admin = await ctx().setupAdmin();
    expect((await ctx().request('PATCH', '/api/v1/settings', { as: member, body: { maxIssuesPerLink: 10 } })).statusCode).toBe(403);

    const changed = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { maxIssuesPerLink: 120_000 } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ maxIssuesPerLink: 120_000, syncIntervalMinutes: 1440 });
    expect((await ctx().request('GET', '/api/v1/settings', { as: member })).json()).toMatchObject({ maxIssuesPerLink: 120_000 });

    for (const [value, message] of [[0, 'must be at least 1'], [1_000_001, 'must be at most 1,000,000'], [2.5, 'must be a whole number of issues, e.g. 50000']] as const) {
      const refused = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { maxIssuesPerLink: value } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { fields: [{ field: 'maxIssuesPerLink', message }] } });
    }
    expect((await ctx().request('GET', '/api/v1/settings', { as: admin })).json()).toMatchObject({ maxIssuesPerLink: 120_000 });
  });
});

describeEachDatabase('the status-uses-the-forecast setting', (ctx) => {
  test('off by default; only admins turn it on; members read it', async () => {
    const member = await ctx().createMember();
    expect((await ctx().request('GET', '/api/v1/settings', { as: member })).json()).toMatchObject({ statusUsesForecast: false });
    expect((await ctx().request('PATCH', '/api/v1/settings', { as: member, body: { statusUsesForecast: true } })).statusCode).toBe(403);

    const admin = await ctx().setupAdmin();
    const on = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { statusUsesForecast: true } });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ statusUsesForecast: true, everyoneMayEditOkrs: false });
    expect((await ctx().request('GET', '/api/v1/settings', { as: member })).json()).toMatchObject({ statusUsesForecast: true });

    const refused = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { statusUsesForecast: 'yes' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { fields: [{ field: 'statusUsesForecast', message: 'must be true or false' }] } });
    expect((await ctx().request('GET', '/api/v1/settings', { as: admin })).json()).toMatchObject({ statusUsesForecast: true });
  });
});
