import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';

describeEachDatabase('health and API basics', (ctx) => {
  test('GET /api/v1/health answers ok without sign-in', async () => {
    const response = await ctx().request('GET', '/api/v1/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  test('an unknown API route answers 404 in the error shape', async () => {
    const response = await ctx().request('GET', '/api/v1/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  test('the OpenAPI document is 3.1 and lists the contract paths', async () => {
    const response = await ctx().request('GET', '/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe('3.1.0');
    for (const pathName of ['/api/v1/health', '/api/v1/setup', '/api/v1/auth/login', '/api/v1/me', '/api/v1/users/{id}', '/api/v1/tokens']) {
      expect(Object.keys(document.paths)).toContain(pathName);
    }
  });

  test('the API docs page is served without sign-in', async () => {
    const response = await ctx().request('GET', '/api/docs');
    expect(response.statusCode).toBeLessThan(400);
  });
});
