import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config';

const POSTGRES = 'postgres://pacer@db.internal:5432/pacer';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('process roles and scale-out settings', () => {
  test('defaults: one process does everything, 8 sync jobs at once, 4 Jira requests per connection, no metrics token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ role: 'all', workerConcurrency: 8, jiraMaxInFlight: 4, syncJobTimeoutSeconds: 300, metricsToken: null });
  });

  test('serve and worker roles on PostgreSQL, with the limits set', () => {
    expect(loadConfig({ DATABASE_URL: POSTGRES, PACER_ROLE: 'worker', PACER_WORKER_CONCURRENCY: '16', PACER_JIRA_MAX_IN_FLIGHT: '2' })).toMatchObject({
      role: 'worker',
      workerConcurrency: 16,
      jiraMaxInFlight: 2,
    });
    expect(loadConfig({ DATABASE_URL: POSTGRES, PACER_ROLE: 'serve' }).role).toBe('serve');
  });

  test('a worker on SQLite is refused with what to do instead', () => {
    const message = configError({ PACER_ROLE: 'worker' });
    expect(message).toMatch(/PACER_ROLE "worker" needs PostgreSQL/);
    expect(message).toMatch(/DATABASE_URL to a postgres:\/\/ URL/);
  });

  test('bad values name the variable; the metrics token is never echoed', () => {
    expect(configError({ PACER_ROLE: 'web' })).toMatch(/PACER_ROLE \(got "web"\) must be one of all, serve, worker/);
    expect(configError({ PACER_WORKER_CONCURRENCY: '0' })).toMatch(/PACER_WORKER_CONCURRENCY \(got "0"\) must be between 1 and 64/);
    expect(configError({ PACER_JIRA_MAX_IN_FLIGHT: 'four' })).toMatch(/PACER_JIRA_MAX_IN_FLIGHT \(got "four"\) must be a whole number/);
    const short = configError({ PACER_METRICS_TOKEN: 'short-secret' });
    expect(short).toMatch(/PACER_METRICS_TOKEN must be at least 16 characters/);
    expect(short).not.toContain('short-secret');
    expect(loadConfig({ PACER_METRICS_TOKEN: 'a-long-enough-metrics-token' }).metricsToken).toBe('a-long-enough-metrics-token');
  });
});
