/**
 * The Jira issue mirror: each Jira issue is stored once per connection (jira_issues), each distinct
 * query (connection + effective JQL) once with its member issue ids (jira_queries,
 * jira_query_issues), and links point at the query and the generation they last synced. Until now
 * every link kept its own copy of its query's issues (integration_link_issues): ten links on one
 * query stored the issues ten times.
 *
 * Existing data moves: every link's issue rows become mirror rows of its connection (one per
 * issue, taken from the most recently synced link that has it); each query a connected link uses
 * gets a jira_queries row at generation 1 whose members are the issues of the most recently synced
 * link of that query; links that had synced record that query and generation 1. Runs, history and
 * the links' last values are not touched. Then the per-link copies and their digest are dropped.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

function isSqlite(db: AnyDatabase): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** The issue id left-padded with zeros to 20 characters, so text order is numeric id order. */
function sortKeyOf(db: AnyDatabase, column: string) {
  return isSqlite(db)
    ? sql`substr('00000000000000000000' || ${sql.ref(column)}, -20, 20)`
    : sql`lpad(${sql.ref(column)}, 20, '0')`;
}

async function createTables(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('jira_issues')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('jira_connections.id').onDelete('cascade'))
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('issue_key', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('assignee', 'text')
    .addColumn('resolution', 'text')
    .addColumn('created_at', 'text')
    .addColumn('resolution_date', 'text')
    .addColumn('status_category_changed_at', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('story_points', 'double precision')
    .addColumn('numeric_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('mirrored_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('jira_issues_pk', ['connection_id', 'issue_id'])
    .execute();
  // Webhooks and the issue list look issues up by key.
  await db.schema.createIndex('jira_issues_key_idx').on('jira_issues').columns(['connection_id', 'issue_key']).execute();

  await db.schema
    .createTable('jira_queries')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('jira_connections.id').onDelete('cascade'))
    .addColumn('jql', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issue_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('digest', 'text')
    .addColumn('synced_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jira_queries_connection_idx').on('jira_queries').column('connection_id').execute();

  await db.schema
    .createTable('jira_query_issues')
    .addColumn('query_hash', 'text', (c) => c.notNull().references('jira_queries.hash').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('joined_generation', 'integer', (c) => c.notNull())
    .addColumn('left_generation', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_category', 'text', (c) => c.notNull())
    .addColumn('has_resolution', 'integer', (c) => c.notNull())
    .addColumn('category_done_generation', 'integer')
    .addColumn('resolved_generation', 'integer')
    .addColumn('status_generation', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('jira_query_issues_pk', ['query_hash', 'issue_id'])
    .execute();
  // "Is this mirrored issue still in any query?" (pruning) and "which queries hold it?" (webhooks).
  await db.schema.createIndex('jira_query_issues_issue_idx').on('jira_query_issues').columns(['connection_id', 'issue_id']).execute();
  // The issue list pages through a query's members in numeric id order, i.e. by (length, text) of the id.
  await sql`create index jira_query_issues_order_idx on jira_query_issues (query_hash, length(issue_id), issue_id)`.execute(db);

  await db.schema.alterTable('integration_links').addColumn('synced_query_hash', 'text').execute();
  await db.schema.alterTable('integration_links').addColumn('synced_generation', 'integer').execute();
  // Pruning asks "does any link still use this query?" by both columns.
  await db.schema.createIndex('integration_links_query_hash_idx').on('integration_links').column('query_hash').execute();
  await db.schema.createIndex('integration_links_synced_query_idx').on('integration_links').column('synced_query_hash').execute();
}

/** Each link's issues become mirror rows of its connection, one per issue, from the most recently synced link. */
async function moveIssues(db: AnyDatabase, now: string): Promise<void> {
  await sql`insert into jira_issues (connection_id, issue_id, issue_key, sort_key, summary, status, status_category, assignee, resolution,
      created_at, resolution_date, status_category_changed_at, updated_at, story_points, numeric_fields, content_hash, mirrored_at)
    select connection_id, issue_id, issue_key, ${sortKeyOf(db, 'issue_id')}, summary, status, status_category, assignee, null,
      null, resolved_at, null, null, story_points, '{}', '', ${now}
    from (
      select l.connection_id, li.issue_id, li.issue_key, li.summary, li.status, li.status_category, li.assignee, li.resolved_at,
        max(li.points) over (partition by l.connection_id, li.issue_id) as story_points,
        row_number() over (
          partition by l.connection_id, li.issue_id
          order by case when l.last_synced_at is null then 1 else 0 end, l.last_synced_at desc, l.id
        ) as pick
      from integration_link_issues li join integration_links l on l.id = li.link_id
      where l.connection_id is not null
    ) ranked
    where pick = 1`.execute(db);
  // An empty content hash matches nothing: the next sync rewrites each row once with every field.
}

/**
 * field_sum links kept their field's value per issue: it goes into the issue's numeric_fields
 * (JSON), merged across links. Building JSON objects in SQL differs between the engines, and only
 * field_sum links' rows are read, so this part runs here.
 */
async function moveNumericFields(db: AnyDatabase): Promise<void> {
  const links = await sql<{ id: string; connection_id: string; options: string }>`select id, connection_id, options from integration_links
    where metric = 'field_sum' and connection_id is not null`.execute(db);
  for (const link of links.rows) {
    let field: unknown = null;
    try {
      field = (JSON.parse(link.options) as { field?: unknown }).field;
    } catch {
      continue;
    }
    if (typeof field !== 'string' || field === '') continue;
    const rows = await sql<{ issue_id: string; value: number | string | null; numeric_fields: string }>`
      select li.issue_id, li.value, i.numeric_fields from integration_link_issues li
      join jira_issues i on i.connection_id = ${link.connection_id} and i.issue_id = li.issue_id
      where li.link_id = ${link.id}`.execute(db);
    for (const row of rows.rows) {
      let numbers: Record<string, number | null> = {};
      try {
        numbers = JSON.parse(row.numeric_fields) as Record<string, number | null>;
      } catch {
        numbers = {};
      }
      numbers[field] = row.value === null ? null : Number(row.value);
      await sql`update jira_issues set numeric_fields = ${JSON.stringify(numbers)}
        where connection_id = ${link.connection_id} and issue_id = ${row.issue_id}`.execute(db);
    }
  }
}

/** One query row per distinct query of a connected link; members from the most recently synced link of it. */
async function moveQueries(db: AnyDatabase, now: string): Promise<void> {
  // The link keeps its raw JQL, not the effective one (period-scoped links add the period): the
  // first sync of the query writes the effective JQL over it.
  await sql`insert into jira_queries (hash, connection_id, jql, generation, issue_count, digest, synced_at, created_at)
    select query_hash, connection_id, jql, case when last_synced_at is null then 0 else 1 end, 0, null, last_synced_at, ${now}
    from (
      select query_hash, connection_id, jql, last_synced_at,
        row_number() over (partition by query_hash order by case when last_synced_at is null then 1 else 0 end, last_synced_at desc, id) as pick
      from integration_links where connection_id is not null
    ) ranked
    where pick = 1`.execute(db);
  await sql`insert into jira_query_issues (query_hash, connection_id, issue_id, joined_generation, left_generation, status, status_category,
      has_resolution, category_done_generation, resolved_generation, status_generation)
    select l.query_hash, l.connection_id, li.issue_id, 1, null, li.status, li.status_category,
      case when li.resolved_at is null then 0 else 1 end,
      case when li.status_category = 'done' then 1 else null end,
      case when li.resolved_at is null then null else 1 end,
      1
    from (
      select id, query_hash, connection_id,
        row_number() over (partition by query_hash order by last_synced_at desc, id) as pick
      from integration_links where connection_id is not null and last_synced_at is not null
    ) l
    join integration_link_issues li on li.link_id = l.id
    where l.pick = 1`.execute(db);
  await sql`update jira_queries set issue_count = (select count(*) from jira_query_issues qi where qi.query_hash = jira_queries.hash)`.execute(db);
  await sql`update integration_links set synced_query_hash = query_hash, synced_generation = 1
    where connection_id is not null and last_synced_at is not null`.execute(db);
}

async function dropPerLinkCopies(db: AnyDatabase): Promise<void> {
  await db.schema.dropTable('integration_link_issues').execute();
  await db.schema.alterTable('integration_links').dropColumn('issues_digest').execute();
}

export async function up(db: AnyDatabase): Promise<void> {
  const now = new Date().toISOString();
  const steps = async (trx: AnyDatabase) => {
    await createTables(trx);
    await moveIssues(trx, now);
    await moveNumericFields(trx);
    await moveQueries(trx, now);
    await dropPerLinkCopies(trx);
  };
  // SQLite runs migrations outside a transaction; moving the data must not stop half way.
  if (isSqlite(db)) await db.transaction().execute(steps);
  else await steps(db);
}

/**
 * Going back recreates the per-link tables empty: a link's next sync (with no digest) compares
 * against nothing, so its first run lists every issue as added; values, runs and history stay.
 */
export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('integration_links').addColumn('issues_digest', 'text').execute();
  await db.schema
    .createTable('integration_link_issues')
    .addColumn('link_id', 'text', (c) => c.notNull().references('integration_links.id').onDelete('cascade'))
    .addColumn('issue_key', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('assignee', 'text')
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('points', 'double precision')
    .addColumn('value', 'double precision')
    .addColumn('resolved_at', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('integration_link_issues_pk', ['link_id', 'issue_key'])
    .execute();
  await db.schema.createIndex('integration_link_issues_key_idx').on('integration_link_issues').column('issue_key').execute();
  await db.schema.dropIndex('integration_links_synced_query_idx').execute();
  await db.schema.dropIndex('integration_links_query_hash_idx').execute();
  await db.schema.alterTable('integration_links').dropColumn('synced_generation').execute();
  await db.schema.alterTable('integration_links').dropColumn('synced_query_hash').execute();
  await db.schema.dropTable('jira_query_issues').execute();
  await db.schema.dropTable('jira_queries').execute();
  await db.schema.dropTable('jira_issues').execute();
}
