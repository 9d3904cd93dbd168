import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decryptSecret,
  encryptSecret,
  loadOrCreateSecretKey,
  parseSecretKey,
  SecretKeyError,
  SecretUnreadableError,
} from './secret-box';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pacer-secret-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('encryptSecret / decryptSecret', () => {
  const key = randomBytes(32);

  it('round-trips, including non-ASCII, and never contains the plaintext', () => {
    const plain = 'ATATT3xFfGF0-token-ünïcödé-🔑';
    const stored = encryptSecret(plain, key);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(plain);
    expect(stored).not.toContain(Buffer.from(plain).toString('base64url'));
    expect(decryptSecret(stored, key)).toBe(plain);
  });

  it('uses a fresh IV each time, so equal secrets do not look equal at rest', () => {
    expect(encryptSecret('same', key)).not.toBe(encryptSecret('same', key));
  });

  it('round-trips the empty string', () => {
    expect(decryptSecret(encryptSecret('', key), key)).toBe('');
  });

  it('throws SecretUnreadableError with a wrong key', () => {
    const stored = encryptSecret('secret', key);
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow(SecretUnreadableError);
  });

  it('throws SecretUnreadableError when any part was altered', () => {
    const stored = encryptSecret('a longer secret value', key);
    const [version, iv, tag, data] = stored.split(':') as [string, string, string, string];
    const flip = (text: string): string => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [version, flip(iv), tag, data],
      [version, iv, flip(tag), data],
      [version, iv, tag, flip(data)],
      ['v2', iv, tag, data],
      [version, iv, tag],
    ]) {
      expect(() => decryptSecret(tampered.join(':'), key)).toThrow(SecretUnreadableError);
    }
    expect(() => decryptSecret('plaintext-password', key)).toThrow(SecretUnreadableError);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => encryptSecret('x', randomBytes(16))).toThrow(SecretKeyError);
  });
});

describe('parseSecretKey', () => {
  const raw = randomBytes(32);
  it('accepts hex, base64 and base64url of 32 bytes', () => {
    expect(parseSecretKey(raw.toString('hex')).equals(raw)).toBe(true);
    expect(parseSecretKey(raw.toString('base64')).equals(raw)).toBe(true);
    expect(parseSecretKey(`  ${raw.toString('base64url')}\n`).equals(raw)).toBe(true);
  });
  it('rejects wrong lengths and garbage with an explanation', () => {
    for (const bad of [randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), 'not a key', '']) {
      expect(() => parseSecretKey(bad)).toThrow(/PACER_SECRET_KEY must be 32 random bytes/);
    }
  });
});

describe('loadOrCreateSecretKey', () => {
  it('uses PACER_SECRET_KEY when set and writes no file', async () => {
    const dataDir = await tempDir();
    const raw = randomBytes(32);
    const loaded = await loadOrCreateSecretKey({ envKey: raw.toString('hex'), dataDir });
    expect(loaded.source).toBe('env');
    expect(loaded.key.equals(raw)).toBe(true);
    await expect(stat(path.join(dataDir, 'secret.key'))).rejects.toThrow(/ENOENT/);
  });

  it('rejects an invalid PACER_SECRET_KEY instead of silently generating one', async () => {
    await expect(loadOrCreateSecretKey({ envKey: 'short', dataDir: await tempDir() })).rejects.toThrow(SecretKeyError);
  });

  it('generates a key file with mode 0600 on first start and reuses it after', async () => {
    const dataDir = path.join(await tempDir(), 'nested', 'data');
    const first = await loadOrCreateSecretKey({ dataDir });
    expect(first.source).toBe('generated');
    const filePath = path.join(dataDir, 'secret.key');
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(await readFile(filePath, 'utf8')).equals(first.key)).toBe(true);

    const second = await loadOrCreateSecretKey({ dataDir, envKey: '' });
    expect(second.source).toBe('file');
    expect(second.key.equals(first.key)).toBe(true);
    // A secret encrypted before a restart is readable after it.
    expect(decryptSecret(encryptSecret('token', first.key), second.key)).toBe('token');
  });

  it('tightens a key file that became readable by others', async () => {
    const dataDir = await tempDir();
    const filePath = path.join(dataDir, 'secret.key');
    await writeFile(filePath, randomBytes(32).toString('hex'));
    await chmod(filePath, 0o644);
    await loadOrCreateSecretKey({ dataDir });
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file rather than replacing it (which would orphan every secret)', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, 'secret.key'), 'garbage');
    await expect(loadOrCreateSecretKey({ dataDir })).rejects.toThrow(/does not hold a valid key/);
    expect(await readFile(path.join(dataDir, 'secret.key'), 'utf8')).toBe('garbage');
  });

  it('concurrent first starts agree on one key', async () => {
    const dataDir = await tempDir();
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateSecretKey({ dataDir })));
    for (const loaded of keys) expect(loaded.key.equals(keys[0]!.key)).toBe(true);
  });
});
