import { Anchor, Badge, Table, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { LinkIssue, PreviewIssue } from '../../api/linkTypes';
import { formatNumber } from '../format';

/** A preview row has no status category, assignee, numbers or resolution date; the item page's rows have them all. */
type IssueRow = PreviewIssue & Partial<LinkIssue>;

/** Jira's status category colours: blue-grey to do, blue in progress, green done. */
function statusColor(issue: IssueRow): string {
  const category = (issue.statusCategory ?? '').toLowerCase();
  if (issue.done || category === 'done') return 'green';
  if (category === 'indeterminate' || category === 'in progress') return 'blue';
  return 'gray';
}

function NumberCell({ value }: { value: number | null | undefined }) {
  return (
    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {typeof value === 'number' ? formatNumber(value) : '—'}
    </Table.Td>
  );
}

interface JiraIssueTableProps {
  issues: IssueRow[];
  /** Assignee and done columns (the item's page); the preview shows key, summary and status. */
  detailed?: boolean;
  /** A Points column (points_done links), and a column of the summed field's value (field_sum links). */
  numbers?: 'points' | 'value' | null;
  caption?: string;
}

/** Matching Jira issues; each key opens the issue in Jira in a new tab. */
export function JiraIssueTable({ issues, detailed = false, numbers = null, caption }: JiraIssueTableProps) {
  // Chosen by the link's metric, not by the rows, so the column stays put from page to page.
  const showPoints = detailed && numbers === 'points';
  const showValue = detailed && numbers === 'value';
  return (
    // Wide enough that the summary keeps ~250 px beside the fixed columns; narrow screens scroll sideways.
    <Table.ScrollContainer minWidth={detailed ? 800 : 420}>
      <Table verticalSpacing={6} horizontalSpacing="sm" fz="sm" highlightOnHover>
        {caption && <Table.Caption>{caption}</Table.Caption>}
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={96}>Key</Table.Th>
            <Table.Th>Summary</Table.Th>
            <Table.Th w={130}>Status</Table.Th>
            {detailed && <Table.Th w={160}>Assignee</Table.Th>}
            {detailed && <Table.Th w={64}>Done</Table.Th>}
            {showPoints && (
              <Table.Th w={70} ta="right">
                Points
              </Table.Th>
            )}
            {showValue && (
              <Table.Th w={80} ta="right">
                Value
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((issue) => (
            <Table.Tr key={issue.key}>
              <Table.Td>
                <Anchor href={issue.url} target="_blank" rel="noreferrer" ff="monospace" size="sm" title={`Open ${issue.key} in Jira`}>
                  {issue.key}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={detailed ? 2 : 1} title={issue.summary}>
                  {issue.summary}
                </Text>
              </Table.Td>
              <Table.Td>
                {/* Dark text on the tinted badge: Mantine's green-9 on green-1 is 3.8:1, below WCAG AA's 4.5:1 (axe). */}
                <Badge variant="light" color={statusColor(issue)} c="dark.7" tt="none" fw={500} radius="sm">
                  {issue.status}
                </Badge>
              </Table.Td>
              {detailed && (
                <Table.Td>
                  <Text size="sm" c={issue.assignee ? undefined : 'dimmed'} lineClamp={1}>
                    {issue.assignee ?? 'Unassigned'}
                  </Text>
                </Table.Td>
              )}
              {detailed && (
                <Table.Td>
                  {issue.done ? (
                    <IconCheck size={16} color="var(--mantine-color-green-7)" aria-label="Done" />
                  ) : (
                    <Text size="sm" c="dimmed">
                      No
                    </Text>
                  )}
                </Table.Td>
              )}
              {showPoints && <NumberCell value={issue.points} />}
              {showValue && <NumberCell value={issue.value} />}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
