/**
 * URLs the router refuses before any route runs (an over-long path segment, a broken %-escape)
 * are answered in Pacer's error shape with a message, not Fastify's bare default
 * ({"error":"Bad Request","code":"FST_ERR_MAX_PARAM_LENGTH",…} with status 414).
 */
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../support/app-harness';

describeEachDatabase('router refusals', (ctx) => {
  test('an over-long path segment is a 400 in our error shape', async () => {
    const admin = await ctx().setupAdmin();
    // A POST: GETs of unknown shapes fall through to the web app's catch-all route (a 404 in our shape).
    const response = await ctx().request('POST', `/api/v1/objectives/${'x'.repeat(101)}/check-ins`, { as: admin, body: { value: 0.5 } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'validation_failed', fields: [{ field: 'path', message: expect.stringMatching(/100 characters/) }] } });
  });

  test('a broken %-escape in the path is a 400 in our error shape', async () => {
    const admin = await ctx().setupAdmin();
    for (const url of ['/api/v1/objectives/%E0%A4%A', '/api/v1/key-results/%ED%A0%80']) {
      const response = await ctx().request('GET', url, { as: admin });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ error: { code: 'validation_failed', message: expect.stringMatching(/encodeURIComponent/) } });
    }
  });
});
