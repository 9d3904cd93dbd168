/**
 * An import's report (src/contract/imports.ts), the same shape before and after "Import": per kind
 * what the file holds, what is (or was) created and what was already in Pacer; the records left out
 * with the reason for each; the warnings. Everything here is text from the file or the server, shown
 * as text (React escapes it), never as HTML.
 */
import { Alert, Button, List, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ImportCounts, ImportKind, ImportReport, ImportSkipped } from '../../api/types';

const KIND_LABEL: Record<ImportKind, string> = {
  cycle: 'Cycles',
  team: 'Teams',
  user: 'People',
  objective: 'Objectives',
  keyResult: 'Key results',
  checkin: 'Check-ins',
  comment: 'Comments',
};

const KINDS = Object.keys(KIND_LABEL) as ImportKind[];

/** A skipped record's type in words; the server may name kinds the counts do not have (a CSV `row`). */
const SKIPPED_TYPE_LABEL: Record<string, string> = {
  cycle: 'Cycle',
  timePeriod: 'Time period',
  team: 'Team',
  user: 'Person',
  objective: 'Objective',
  keyResult: 'Key result',
  checkin: 'Check-in',
  comment: 'Comment',
  row: 'Row',
};

const SOURCE_LABEL: Record<ImportReport['source'], string> = {
  'viva-organisation-zip': 'a Viva Goals organisation export (ZIP of JSON files)',
  'viva-explorer-csv': 'a Viva Goals Explorer export (CSV)',
  'viva-explorer-xlsx': 'a Viva Goals Explorer export (XLSX)',
  pacer: 'a Pacer export (JSON)',
};

/** Long skip lists (a big export with many orphan check-ins) start short so the page stays readable. */
const SKIPPED_SHOWN_FIRST = 50;
const WARNINGS_SHOWN_FIRST = 20;

const total = (counts: ImportCounts) => KINDS.reduce((sum, kind) => sum + counts[kind], 0);

function CountsTable({ report }: { report: ImportReport }) {
  const createdHeading = report.dryRun ? 'Will be created' : 'Created';
  const matchedHeading = 'Already in Pacer';
  return (
    <Table striped withTableBorder verticalSpacing={6} horizontalSpacing="xs" aria-label={report.dryRun ? 'What the import will do' : 'What the import did'}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Kind</Table.Th>
          <Table.Th scope="col" ta="right">
            In the file
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {createdHeading}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {matchedHeading}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {KINDS.map((kind) => (
          <Table.Tr key={kind}>
            <Table.Th scope="row" fw={500}>
              {KIND_LABEL[kind]}
            </Table.Th>
            <Table.Td ta="right">{report.counts[kind].toLocaleString()}</Table.Td>
            <Table.Td ta="right">{report.created[kind].toLocaleString()}</Table.Td>
            <Table.Td ta="right">{report.matched[kind].toLocaleString()}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SkippedTable({ skipped }: { skipped: ImportSkipped[] }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? skipped : skipped.slice(0, SKIPPED_SHOWN_FIRST);
  return (
    <Stack gap="xs">
      <Table withTableBorder verticalSpacing={6} horizontalSpacing="xs" aria-label="Records left out">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">What</Table.Th>
            <Table.Th scope="col">Id in the file</Table.Th>
            <Table.Th scope="col">Why it is left out</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((record, index) => (
            <Table.Tr key={`${record.type}:${record.externalId ?? ''}:${index}`}>
              <Table.Td>{SKIPPED_TYPE_LABEL[record.type] ?? record.type}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{record.externalId ?? '—'}</Table.Td>
              <Table.Td>{record.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!showAll && skipped.length > SKIPPED_SHOWN_FIRST && (
        <Button variant="subtle" size="compact-sm" onClick={() => setShowAll(true)} style={{ alignSelf: 'flex-start' }}>
          Show all {skipped.length.toLocaleString()} records left out
        </Button>
      )}
    </Stack>
  );
}

function Warnings({ warnings }: { warnings: string[] }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? warnings : warnings.slice(0, WARNINGS_SHOWN_FIRST);
  return (
    <Alert color="yellow" title={`Warnings (${warnings.length.toLocaleString()})`}>
      <Stack gap="xs">
        <List size="sm" spacing={4}>
          {shown.map((warning, index) => (
            <List.Item key={index}>{warning}</List.Item>
          ))}
        </List>
        {!showAll && warnings.length > WARNINGS_SHOWN_FIRST && (
          <Button variant="subtle" color="dark" size="compact-sm" onClick={() => setShowAll(true)} style={{ alignSelf: 'flex-start' }}>
            Show all {warnings.length.toLocaleString()} warnings
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function ImportReportView({ report }: { report: ImportReport }) {
  const nothingNew = total(report.created) === 0;
  return (
    <Stack gap="md">
      <Text size="sm">
        Read as {SOURCE_LABEL[report.source]}.{' '}
        {report.dryRun && nothingNew && total(report.matched) > 0 && 'Everything in it is already in Pacer (imported before): importing again creates nothing and updates what changed.'}
        {report.dryRun && !nothingNew && 'Nothing has been written yet: check the numbers, then import.'}
      </Text>
      <CountsTable report={report} />
      {report.counts.user > 0 && (
        <Text size="sm" c="dimmed">
          New people are added deactivated and without a password; invite them in Admin &gt; Users when they should sign in.
        </Text>
      )}
      <Title order={3} size="h6">
        Left out ({report.skipped.length.toLocaleString()})
      </Title>
      {report.skipped.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing: every record in the file can be used.
        </Text>
      ) : (
        <SkippedTable skipped={report.skipped} />
      )}
      {report.warnings.length > 0 && <Warnings warnings={report.warnings} />}
    </Stack>
  );
}
