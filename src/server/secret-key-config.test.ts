/**
 * PACER_SECRET_KEY is validated at boot without ever being echoed, and the logger redacts every
 * field named `secret` that Jira connection code could plausibly log.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

test('PACER_SECRET_KEY accepts 32 bytes as hex or base64 and is optional', () => {
  const key = randomBytes(32);
  expect(loadConfig({ PACER_SECRET_KEY: key.toString('hex') }).secretKey?.equals(key)).toBe(true);
  expect(loadConfig({ PACER_SECRET_KEY: key.toString('base64') }).secretKey?.equals(key)).toBe(true);
  expect(loadConfig({ PACER_SECRET_KEY: ` ${key.toString('base64url')} ` }).secretKey?.equals(key)).toBe(true);
  expect(loadConfig({}).secretKey).toBeNull();
  expect(loadConfig({ PACER_SECRET_KEY: '  ' }).secretKey).toBeNull();
});

test('a wrong PACER_SECRET_KEY stops the start with a message that names it but never shows it', () => {
  for (const value of ['short-but-secret-value', randomBytes(16).toString('hex'), randomBytes(33).toString('base64')]) {
    let error: unknown;
    try {
      loadConfig({ PACER_SECRET_KEY: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PACER_SECRET_KEY');
    expect(message).toContain('openssl rand -base64 32');
    expect(message).not.toContain(value);
  }
});

test('log lines redact a secret at the top level and one level down', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger('info', sink);
  const secret = 'jira-token-that-must-not-be-logged';
  logger.info({ secret }, 'top level');
  logger.info({ body: { name: 'Jira', secret } }, 'request body');
  logger.info({ connection: { secret, username: 'dana' } }, 'connection');
  expect(lines).toHaveLength(3);
  for (const line of lines) {
    expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  }
});
