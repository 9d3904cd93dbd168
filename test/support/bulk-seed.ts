/**
 * Fast seeding straight through the repositories and services (no HTTP), for benchmarks and
 * reliability runs that need thousands of rows: a user with an API token and a cycle of
 * objectives and key results with varied owners, alignment and values.
 */
import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { parseDatabaseUrl } from '../../src/server/config';
import { createDatabase, type PacerDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { insertCycle } from '../../src/server/db/repositories/cycles-repository';
import { insertKeyResult } from '../../src/server/db/repositories/key-results-repository';
import { insertObjective } from '../../src/server/db/repositories/objectives-repository';
import type { Database } from '../../src/server/db/schema';
import { createApiToken } from '../../src/server/services/tokens-service';
import { createUser } from '../../src/server/services/users-service';

/** Opens (and migrates) the database the server will use, from the same URL the server gets. */
export async function openMigrated(databaseUrl: string, dataDir: string): Promise<PacerDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const database = createDatabase({ database: parseDatabaseUrl(databaseUrl, dataDir) });
  await migrateToLatest(database.db);
  return database;
}

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

export async function seedUser(db: Kysely<Database>, role: 'admin' | 'member', label: string): Promise<SeededUser> {
  const email = `${label}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = `${label} password 123`;
  const user = await createUser(db, { email, name: `${label} person`, password, role });
  const { token } = await createApiToken(db, user.id, `${label} token`);
  return { id: user.id, email, password, token };
}

export interface SeededCycle {
  cycleId: string;
  objectiveIds: string[];
  keyResultIds: string[];
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A cycle running today (30 days in, 60 to go) with `objectives` objectives and
 * `keyResultsPerObjective` key results each. Every 10th objective is aligned under an earlier
 * one; owners rotate through `ownerIds`. One transaction, so it takes seconds, not minutes.
 */
export async function seedCycle(
  db: Kysely<Database>,
  options: { objectives: number; keyResultsPerObjective: number; ownerIds: string[]; name?: string },
): Promise<SeededCycle> {
  const base = Date.now();
  return db.transaction().execute(async (trx) => {
    const cycle = await insertCycle(trx, { name: options.name ?? 'Benchmark cycle', startDate: isoDay(-30), endDate: isoDay(60) }, new Date(base).toISOString());
    const objectiveIds: string[] = [];
    const keyResultIds: string[] = [];
    for (let i = 0; i < options.objectives; i++) {
      // Distinct creation times keep the list order (created_at, id) meaningful.
      const createdAt = new Date(base + i).toISOString();
      const ownerId = options.ownerIds.length > 0 ? (options.ownerIds[i % options.ownerIds.length] ?? null) : null;
      const parentId = i % 10 === 9 ? (objectiveIds[i - 9] ?? null) : null;
      const objective = await insertObjective(
        trx,
        {
          cycleId: cycle.id,
          title: `Objective ${i + 1}: grow the thing that matters`,
          description: i % 3 === 0 ? `Why objective ${i + 1} matters, in a sentence or two.` : '',
          ownerId,
          parentId,
          startDate: null,
          endDate: null,
          progressMode: 'key_results',
        },
        createdAt,
      );
      objectiveIds.push(objective.id);
      for (let k = 0; k < options.keyResultsPerObjective; k++) {
        const target = 10 + ((i + k) % 90);
        const keyResult = await insertKeyResult(
          trx,
          {
            objectiveId: objective.id,
            title: `Key result ${k + 1} of objective ${i + 1}`,
            ownerId: k % 2 === 0 ? ownerId : null,
            startValue: 0,
            targetValue: target,
            currentValue: (i * 7 + k * 13) % (target + 1),
            unit: k % 2 === 0 ? 'customers' : '%',
            weight: 1 + (k % 3),
          },
          new Date(base + i * 10 + k).toISOString(),
        );
        keyResultIds.push(keyResult.id);
      }
    }
    return { cycleId: cycle.id, objectiveIds, keyResultIds };
  });
}
