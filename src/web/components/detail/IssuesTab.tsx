import { Alert, Button, Group, Paper, SegmentedControl, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useLinkIssues } from '../../api/links';
import type { IntegrationSummary } from '../../api/linkTypes';
import { formatNumber } from '../format';
import { JiraIssueTable } from '../integration/JiraIssueTable';
import type { DetailModel } from './detailModel';

/** Rows per page: a screenful or two, however many issues the query matches. */
const ISSUES_PER_PAGE = 50;
const SEARCH_DELAY_MS = 300;

type Filter = 'all' | 'notDone';

function numbersColumn(metric: IntegrationSummary['metric']): 'points' | 'value' | null {
  if (metric === 'points_done') return 'points';
  if (metric === 'field_sum') return 'value';
  return null;
}

function syncSummary(summary: IntegrationSummary): string {
  if (summary.total === null) return 'Not synced yet.';
  return `${formatNumber(summary.total)} matching ${summary.total === 1 ? 'issue' : 'issues'}, ${formatNumber(summary.done ?? 0)} done, at the last sync.`;
}

function emptyText(filter: Filter, q: string): string {
  if (q !== '') return `No ${filter === 'notDone' ? 'open ' : ''}issue has “${q}” in its key or summary.`;
  return filter === 'notDone' ? 'Every matching issue is done.' : 'No issues matched the query at the last sync.';
}

/**
 * The issues the link's query matched at its last sync, a page at a time in Jira's issue order; each
 * key opens the issue in Jira. Search and the not-done filter start again from the first page.
 */
export function IssuesTab({ model }: { model: DetailModel }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  // The cursors of the pages walked through so far; a new search or filter starts a new walk.
  const walkKey = `${filter}\u0000${q}`;
  const [walk, setWalk] = useState<{ key: string; cursors: Array<string | null> }>({ key: walkKey, cursors: [null] });
  // Adjusted while rendering (not in an effect), so a changed search never fetches a stale page first.
  if (walk.key !== walkKey) setWalk({ key: walkKey, cursors: [null] });
  const cursors = walk.key === walkKey ? walk.cursors : [null];
  const pageIndex = cursors.length - 1;
  const integration = model.integration;
  const issues = useLinkIssues(
    model.owner,
    { notDone: filter === 'notDone', q, cursor: cursors[pageIndex] ?? null, limit: ISSUES_PER_PAGE },
    integration !== null,
  );
  if (!integration) {
    return (
      <Text size="sm" c="dimmed">
        Not linked to Jira. Link it (Overview › Data source) to see the issues that measure it.
      </Text>
    );
  }
  const page = issues.data;
  const loadingPage = issues.isPlaceholderData || issues.isFetching;
  const first = pageIndex * ISSUES_PER_PAGE + 1;
  const rangeText =
    page && page.items.length > 0
      ? `Issues ${formatNumber(first)}–${formatNumber(first + page.items.length - 1)} of ${formatNumber(page.total)}`
      : '';

  return (
    <Paper withBorder radius="md" p="md" data-testid="issues-panel">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {syncSummary(integration)}
        </Text>
        <Group justify="space-between" gap="sm" wrap="wrap">
          <TextInput
            aria-label="Search issues by key or summary"
            placeholder="Search key or summary"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            maxLength={200}
            w={{ base: '100%', xs: 280 }}
          />
          <SegmentedControl
            size="xs"
            aria-label="Which issues"
            value={filter}
            onChange={(value) => setFilter(value === 'notDone' ? 'notDone' : 'all')}
            data={[
              { value: 'all', label: 'All' },
              { value: 'notDone', label: 'Not done' },
            ]}
          />
        </Group>
        {issues.isPending && <Skeleton h={200} />}
        {issues.error && (
          <Alert color="red" title="Could not load the issues">
            {issues.error.message}
          </Alert>
        )}
        {page && page.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {emptyText(filter, q)}
          </Text>
        )}
        {page && page.items.length > 0 && (
          <div style={{ opacity: issues.isPlaceholderData ? 0.6 : 1 }} aria-busy={loadingPage}>
            <JiraIssueTable issues={page.items} detailed numbers={numbersColumn(integration.metric)} />
          </div>
        )}
        {page && (pageIndex > 0 || page.nextCursor !== null || page.items.length > 0) && (
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm" c="dimmed" role="status" data-testid="issues-range">
              {rangeText}
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                leftSection={<IconChevronLeft size={14} />}
                disabled={pageIndex === 0 || loadingPage}
                onClick={() => setWalk({ key: walkKey, cursors: cursors.slice(0, -1) })}
              >
                Previous
              </Button>
              <Button
                variant="default"
                size="xs"
                rightSection={<IconChevronRight size={14} />}
                disabled={page.nextCursor === null || loadingPage}
                onClick={() => setWalk({ key: walkKey, cursors: [...cursors, page.nextCursor] })}
              >
                Next
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
