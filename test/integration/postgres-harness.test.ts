import { inject, test, expect } from 'vitest';
import pg from 'pg';

// The global setup must have started a real PostgreSQL; this fails the run when it did not.
test('the throwaway PostgreSQL answers', async () => {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  const result = await client.query<{ version: string }>('select version() as version');
  expect(result.rows[0]?.version).toContain('PostgreSQL');
  await client.end();
});
