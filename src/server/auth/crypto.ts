/**
 * Password hashing (scrypt from node:crypto) and the secrets behind sessions and API tokens.
 * Only hashes of secrets are stored, so a leaked database does not hand out sessions or tokens.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { passwordHashQueue } from './hash-queue';

// N=2^15, r=8, p=1: OWASP's scrypt recommendation; ~50 ms per hash on a laptop.
const SCRYPT_PARAMS = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// scrypt needs 128 * N * r bytes; the default maxmem (32 MiB) is exactly that and fails, so give room.
const MAX_MEMORY = 64 * 1024 * 1024;

/** Every scrypt call goes through the bounded queue: a flood answers 429 instead of starving the app. */
function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return passwordHashQueue.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

/** "scrypt$N$r$p$salt$hash" with base64 salt and hash, so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = SCRYPT_PARAMS;
  const key = await scryptAsync(password, salt, { N, r, p, maxmem: MAX_MEMORY });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64');
  const actual = await scryptAsync(password, Buffer.from(saltText, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a password nobody knows, verified when the email is unknown so that a login for an
 * unknown user takes as long as one with a wrong password (no user enumeration by timing).
 */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  if (!decoyHash) {
    const created = hashPassword(randomBytes(16).toString('hex'));
    decoyHash = created;
    // A full hash queue must not leave a failed promise cached for every later login.
    created.catch(() => {
      if (decoyHash === created) decoyHash = null;
    });
  }
  return decoyHash;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** 256 bits of randomness, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const API_TOKEN_PREFIX = 'pacer_';

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${newSecret()}`;
}
