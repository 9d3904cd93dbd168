/**
 * Encryption of secrets at rest (Jira passwords and tokens). AES-256-GCM with a random 96-bit IV
 * per secret; the GCM tag makes tampering and a wrong key detectable, which the app turns into
 * "secret unreadable, enter it again" instead of a crash. The key comes from PACER_SECRET_KEY or,
 * when that is unset, from `<dataDir>/secret.key`, generated on first start with mode 0600.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_FILE_NAME = 'secret.key';

/** The stored secret can't be decrypted: wrong or lost key, or the value was altered. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
  constructor(message = 'The stored secret cannot be read (the encryption key changed or the value was altered). Enter it again.') {
    super(message);
  }
}

/** PACER_SECRET_KEY or the key file is not a usable 32-byte key. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`The secret key must be ${KEY_BYTES} bytes, not ${key.length}.`);
}

export function encryptSecret(plain: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  // The version is authenticated too, so a value can't be relabelled as another format.
  cipher.setAAD(Buffer.from(VERSION, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(':');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function decryptSecret(stored: string, key: Buffer): string {
  assertKey(key);
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((part) => BASE64URL.test(part))) {
    throw new SecretUnreadableError('The stored secret is not in a format Pacer knows. Enter it again.');
  }
  const [, ivText = '', tagText = '', cipherText = ''] = parts;
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretUnreadableError('The stored secret is damaged. Enter it again.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(VERSION, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(cipherText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError();
  }
}

/** Accepts 64 hex characters or base64/base64url of exactly 32 bytes. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new SecretKeyError(
    'PACER_SECRET_KEY must be 32 random bytes written as 64 hex characters or as base64 ' +
      '(for example the output of `openssl rand -base64 32`).',
  );
}

export interface LoadSecretKeyOptions {
  /** The value of PACER_SECRET_KEY, if set. Wins over the key file. */
  envKey?: string | undefined;
  dataDir: string;
}

export interface LoadedSecretKey {
  key: Buffer;
  source: 'env' | 'file' | 'generated';
  /** Set when the key lives in a file. */
  filePath?: string;
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'ENOENT';
}

export async function loadOrCreateSecretKey({ envKey, dataDir }: LoadSecretKeyOptions): Promise<LoadedSecretKey> {
  if (envKey !== undefined && envKey.trim() !== '') return { key: parseSecretKey(envKey), source: 'env' };

  const filePath = path.join(dataDir, SECRET_KEY_FILE_NAME);
  try {
    const text = await readFile(filePath, 'utf8');
    const key = (() => {
      try {
        return parseSecretKey(text);
      } catch {
        throw new SecretKeyError(`${filePath} does not hold a valid key. Restore it from a backup, or set PACER_SECRET_KEY.`);
      }
    })();
    // Tighten permissions left loose by a copy or restore; a key readable by others is no secret.
    if (((await stat(filePath)).mode & 0o077) !== 0) await chmod(filePath, 0o600);
    return { key, source: 'file', filePath };
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }

  // The data folder holds the key and the SQLite database: private to Pacer's user when created here.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  // Write a private temporary file, then link it into place: link() is atomic and fails if another
  // process won the race, so nobody ever reads a half-written key and no key is overwritten.
  const tempPath = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tempPath, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // The umask can't widen 0600, but chmod makes the mode explicit whatever the umask is.
    await chmod(tempPath, 0o600);
    await link(tempPath, filePath);
  } catch (error) {
    if ((error as Error & { code?: unknown }).code === 'EEXIST') return loadOrCreateSecretKey({ dataDir });
    throw error;
  } finally {
    await unlink(tempPath).catch(() => undefined);
  }
  return { key, source: 'generated', filePath };
}
