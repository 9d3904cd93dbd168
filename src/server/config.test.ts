import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('defaults: port 8080, SQLite in ./data, info logs, no public URL', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.database).toEqual({ kind: 'sqlite', filename: path.join(path.resolve('data'), 'pacer.sqlite') });
    expect(config.logLevel).toBe('info');
    expect(config.publicUrl).toBeNull();
  });

  test('the SQLite file follows PACER_DATA_DIR; empty values count as unset', () => {
    const config = loadConfig({ PACER_DATA_DIR: '/var/lib/pacer', PORT: '', DATABASE_URL: ' ' });
    expect(config.database).toEqual({ kind: 'sqlite', filename: '/var/lib/pacer/pacer.sqlite' });
    expect(config.port).toBe(8080);
  });

  test.each([
    ['postgres://u:p@db:5432/pacer', { kind: 'postgres', connectionString: 'postgres://u:p@db:5432/pacer' }],
    ['postgresql://db/pacer', { kind: 'postgres', connectionString: 'postgresql://db/pacer' }],
    ['sqlite:/srv/pacer.db', { kind: 'sqlite', filename: '/srv/pacer.db' }],
    ['sqlite:///srv/pacer.db', { kind: 'sqlite', filename: '/srv/pacer.db' }],
    ['/srv/other.sqlite', { kind: 'sqlite', filename: '/srv/other.sqlite' }],
  ])('DATABASE_URL %s selects the right database', (url, expected) => {
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual(expected);
  });

  test.each(['abc', '0', '70000', '80.5', '-1'])('a bad PORT (%s) names PORT', (port) => {
    expect(configError({ PORT: port })).toMatch(/^Invalid configuration: PORT \(got ".*"\) must be/);
  });

  test('PACER_SYNC_LEASE_SECONDS: 10 minutes by default, at least 5 seconds', () => {
    expect(loadConfig({}).syncLeaseSeconds).toBe(600);
    expect(loadConfig({ PACER_SYNC_LEASE_SECONDS: '30' }).syncLeaseSeconds).toBe(30);
    expect(configError({ PACER_SYNC_LEASE_SECONDS: '2' })).toMatch(/PACER_SYNC_LEASE_SECONDS \(got "2"\) must be between 5 and 86400/);
  });

  test('PACER_HEAP_GROWING_PERCENT: 25 by default, 0 leaves V8 to choose, at most 400', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(25);
    expect(loadConfig({ PACER_HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(configError({ PACER_HEAP_GROWING_PERCENT: '500' })).toMatch(/PACER_HEAP_GROWING_PERCENT \(got "500"\) must be between 0 and 400/);
    expect(configError({ PACER_HEAP_GROWING_PERCENT: '1.5' })).toMatch(/PACER_HEAP_GROWING_PERCENT \(got "1.5"\) must be a whole number/);
  });

  test('a bad LOG_LEVEL lists the allowed levels', () => {
    expect(configError({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL (got "loud") must be one of fatal, error, warn, info, debug, trace, silent');
  });

  test('a bad PACER_PUBLIC_URL names the variable', () => {
    expect(configError({ PACER_PUBLIC_URL: 'okr.example.com' })).toContain('PACER_PUBLIC_URL');
    expect(loadConfig({ PACER_PUBLIC_URL: 'https://okr.example.com' }).publicUrl?.host).toBe('okr.example.com');
  });

  test('PACER_TRUSTED_PROXIES: none by default; addresses, CIDRs and named ranges; a bad entry names the variable', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ PACER_PUBLIC_URL: 'https://okr.example.com' }).trustedProxies).toEqual([]);
    expect(loadConfig({ PACER_TRUSTED_PROXIES: ' 10.0.0.5, 192.168.1.0/24,fd00::/8 ,loopback' }).trustedProxies).toEqual([
      '10.0.0.5',
      '192.168.1.0/24',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['proxy.example.com', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '*']) {
      expect(configError({ PACER_TRUSTED_PROXIES: `10.0.0.1,${bad}` })).toContain(`PACER_TRUSTED_PROXIES (got "10.0.0.1,${bad}") has entries that are not addresses or CIDRs (${bad})`);
    }
  });

  test('an unsupported database scheme names DATABASE_URL without echoing a password', () => {
    const message = configError({ DATABASE_URL: 'mysql://root:hunter2@db/pacer' });
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('mysql');
    expect(message).not.toContain('hunter2');
  });

  test('several problems are reported together', () => {
    const message = configError({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
  });
});
