/**
 * Issue 10: the membership's index on (connection_id, issue_id) goes. A connection's queries match
 * issues spread over the whole Jira id range, so every page a sync writes put its members all
 * over that index, and each transaction dirtied nearly every leaf page of it again: measured with
 * 200,000 members over 100 queries written as a sync writes them, the inserts cost 5.3-6.2 s of
 * CPU with the index and 3.8 s without it (docs/BENCHMARKS.md). Its two readers ask by query
 * instead: pruning collects the connection's members through its queries' primary keys, and a
 * webhook's "which links hold this issue" probes each link's query by (query_hash, issue_id).
 */
import type { Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema.dropIndex('jira_query_issues_issue_idx').execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.createIndex('jira_query_issues_issue_idx').on('jira_query_issues').columns(['connection_id', 'issue_id']).execute();
}
