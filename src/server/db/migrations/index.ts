/**
 * Every migration, in the order it runs. Append new ones at the end with the next number;
 * never rename, reorder or edit one that has shipped: databases in the field have run it.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_jira_connections';
import * as m0003 from './0003_integration_links';
import * as m0004 from './0004_webhooks';
import * as m0005 from './0005_sync_runs_by_item';
import * as m0006 from './0006_shared_jira_limits';
import * as m0007 from './0007_link_issues_digest';
import * as m0008 from './0008_jira_issue_mirror';
import * as m0009 from './0009_user_deactivation';
import * as m0010 from './0010_jira_connection_scope';
import * as m0011 from './0011_sync_run_insight';
import * as m0012 from './0012_teams_alignment_milestones';
import * as m0013 from './0013_comments_closed_score';
import * as m0014 from './0014_data_version';
import * as m0015 from './0015_membership_without_issue_index';

export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001_initial', m0001],
  ['0002_jira_connections', m0002],
  ['0003_integration_links', m0003],
  ['0004_webhooks', m0004],
  ['0005_sync_runs_by_item', m0005],
  ['0006_shared_jira_limits', m0006],
  ['0007_link_issues_digest', m0007],
  ['0008_jira_issue_mirror', m0008],
  ['0009_user_deactivation', m0009],
  ['0010_jira_connection_scope', m0010],
  ['0011_sync_run_insight', m0011],
  ['0012_teams_alignment_milestones', m0012],
  ['0013_comments_closed_score', m0013],
  ['0014_data_version', m0014],
  ['0015_membership_without_issue_index', m0015],
];
