/**
 * Issue 10: the membership's index on (connection_id, issue_id) goes. A connection's queries match
 * issues spread over the whole Jira id range, so every page a sync writes put its members all
 * over that index, and each transaction dirtied nearly every leaf page of it again. In a first
 * Data Center round of 200,000 issues over 100 queries, SQLite's statements took 5.7-6.2 s
 * without it against 7.4-7.6 s with it, and a membership row 466 bytes instead of 565
 * (docs/BENCHMARKS.md, 2026-12-06 morning). Its two readers ask by query
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
