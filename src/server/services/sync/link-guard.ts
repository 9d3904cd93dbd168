/** While an objective or key result follows Jira, its progress is not entered by hand. */
import { findLinkOf, type Db, type LinkTarget } from '../../db/repositories/integration-links-repository';
import { ConflictError } from '../../errors';

export async function assertNotLinked(db: Db, target: LinkTarget, what: string): Promise<void> {
  const link = await findLinkOf(db, target);
  if (!link) return;
  throw new ConflictError(
    `${what} takes its progress from Jira${link.connectionName ? ` (${link.connectionName})` : ''}, so it cannot be checked in by hand; refresh it to sync now, or unlink it to update it manually.`,
  );
}
