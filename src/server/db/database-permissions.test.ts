/**
 * Database files are private (issue 13): they were 0644 in a 0755 folder, so any local user could
 * read the password hashes and encrypted Jira secrets. A new SQLite database, its WAL and the
 * folder created for it are now 0600 / 0700.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { createDatabase } from './database';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

test('a new SQLite database is 0600, with its WAL and shared-memory files, in a 0700 folder', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pacer-perms-'));
  folders.push(root);
  const filename = path.join(root, 'data', 'pacer.sqlite');
  const database = createDatabase({ database: { kind: 'sqlite', filename } });
  try {
    await sql`create table t (x integer)`.execute(database.db);
    await sql`insert into t values (1)`.execute(database.db);
    expect(modeOf(path.dirname(filename))).toBe('700');
    expect(modeOf(filename)).toBe('600');
    expect(modeOf(`${filename}-wal`)).toBe('600');
    expect(modeOf(`${filename}-shm`)).toBe('600');
  } finally {
    await database.destroy();
  }
});
