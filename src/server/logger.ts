/**
 * The pino logger. Secrets must never reach a log line, so every field that can hold one is
 * redacted by path, wherever it appears in request/response objects or log context.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.passwordHash',
  '*.password_hash',
  '*.secret',
  '*.token',
  '*.apiToken',
  '*.authorization',
  '*.cookie',
  'password',
  'secret',
  'token',
];

/** `destination` defaults to stdout; tests pass a stream that collects the lines. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Drops query parameters whose names suggest a secret, so a URL can be logged safely
 * (e.g. `?token=…` from a script using a link).
 */
export function urlForLog(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (/token|secret|password|key|auth|code|sig/i.test(key)) params.set(key, '[redacted]');
  }
  const query = params.toString();
  return query ? `${url.slice(0, queryStart)}?${query}` : url.slice(0, queryStart);
}
