/**
 * Admin > Import (issue 14): bring OKRs in from a Viva Goals export or a Pacer export, and take
 * everything out as a Pacer export. An import is two requests with the same file: a dry run whose
 * report the admin reads first, then the import itself, which the server writes in one transaction
 * (all or nothing). "Import" is offered only for the file and kind that were checked.
 */
import { Alert, Anchor, Button, FileInput, Group, List, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconFileImport } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { PACER_EXPORT_URL, useImport } from '../../api/imports';
import type { ImportReport, ImportSource } from '../../api/types';
import { AppLayout } from '../../components/AppLayout';
import { ImportReportView } from '../../components/import/ImportReportView';
import { AdminOnly } from './AdminOnly';

interface SourceChoice {
  value: ImportSource;
  label: string;
  description: string;
  /** What the file picker offers first; the server reads the bytes, never the name. */
  accept: string;
}

const SOURCES: SourceChoice[] = [
  {
    value: 'viva-goals',
    label: 'Viva Goals export',
    description: 'The organisation export (a ZIP of JSON files) or an Explorer view export (CSV or XLSX).',
    accept: '.zip,.csv,.xlsx,application/zip,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  {
    value: 'pacer',
    label: 'Pacer export',
    description: 'A JSON file from Export below, from this Pacer or another one.',
    accept: '.json,application/json',
  },
  {
    value: 'csv',
    label: 'CSV',
    description: 'A spreadsheet saved as CSV with the Explorer columns (Id, Title, Object Type, Aligned To, Checkins, …).',
    accept: '.csv,text/csv',
  },
];

/** The server's cap (routes/imports/import-form.ts): a larger file is refused before it is uploaded. */
const FILE_MAX_BYTES = 200 * 1024 * 1024;

const FIELD_LABEL: Record<string, string> = { file: 'The file', source: 'The kind of file', dryRun: 'The request' };

/** What to do after a failure, by what failed; the server's message says what was wrong. */
function nextStep(error: ApiError, committing: boolean): string {
  if (error.status === 0) return 'Check that Pacer is running and your connection works, then try again.';
  if (error.status === 403) return 'Only admins can import. Ask an admin of this Pacer.';
  if (error.status === 413) return 'Split the export (one cycle or time period at a time) and import the parts one after another.';
  if (error.status >= 500) return committing ? 'Nothing was imported (an import is all or nothing). Try again; if it keeps failing, ask an admin to check the server log.' : 'Try again; if it keeps failing, ask an admin to check the server log.';
  return 'Check that the kind of file chosen above matches the file, and upload the export as downloaded (not opened and saved again), then check it again.';
}

function ImportError({ error, committing }: { error: ApiError; committing: boolean }) {
  const title = error.status === 400 ? 'Pacer could not use this file' : committing ? 'The import did not happen' : 'The file could not be checked';
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap={6}>
        {error.fields.length > 0 ? (
          <List size="sm" spacing={4}>
            {error.fields.map((field) => (
              <List.Item key={`${field.field}:${field.message}`}>
                {FIELD_LABEL[field.field] ?? field.field} {field.message}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">{error.message}</Text>
        )}
        <Text size="sm">{nextStep(error, committing)}</Text>
      </Stack>
    </Alert>
  );
}

/** The dry run's report, tied to the file and kind it was made for. */
interface Checked {
  file: File;
  source: ImportSource;
  report: ImportReport;
}

function ImportSection() {
  const [source, setSource] = useState<ImportSource>('viva-goals');
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [imported, setImported] = useState<ImportReport | null>(null);
  const check = useImport();
  const commit = useImport();
  const choice = SOURCES.find((candidate) => candidate.value === source) ?? SOURCES[0];
  const current = checked !== null && checked.file === file && checked.source === source ? checked : null;
  // The Import button goes away with the dry run's report; focus moves to the result instead of falling to the page's top.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (imported) resultRef.current?.focus();
  }, [imported]);

  const reset = () => {
    setChecked(null);
    setImported(null);
    check.reset();
    commit.reset();
  };

  function chooseFile(next: File | null) {
    reset();
    setFile(next);
    setTooLarge(next !== null && next.size > FILE_MAX_BYTES);
  }

  function submitCheck(event: FormEvent) {
    event.preventDefault();
    if (!file || tooLarge) return;
    reset();
    check.mutate({ file, source, dryRun: true }, { onSuccess: (report) => setChecked({ file, source, report }) });
  }

  function runImport() {
    if (!current) return;
    commit.mutate({ file: current.file, source: current.source, dryRun: false }, { onSuccess: setImported });
  }

  const error = commit.error ?? check.error;
  return (
    <Stack gap="md">
      <form onSubmit={submitCheck} noValidate>
        <Stack gap="md">
          <Radio.Group
            label="What is the file?"
            value={source}
            onChange={(value) => {
              const next = SOURCES.find((candidate) => candidate.value === value);
              if (next) {
                reset();
                setSource(next.value);
              }
            }}
          >
            <Stack gap="sm" mt="xs">
              {SOURCES.map((candidate) => (
                <Radio key={candidate.value} value={candidate.value} label={candidate.label} description={candidate.description} />
              ))}
            </Stack>
          </Radio.Group>
          <FileInput
            label="Export file"
            description="Read on the server and checked first; nothing is written until you press Import."
            placeholder="Choose a file"
            accept={choice?.accept}
            value={file}
            onChange={chooseFile}
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the file' }}
            leftSection={<IconFileImport size={16} />}
            error={tooLarge ? `This file is larger than ${FILE_MAX_BYTES / 1024 / 1024} MB, the most Pacer takes: export one time period at a time.` : undefined}
          />
          <Group justify="flex-end">
            <Button type="submit" variant={current ? 'default' : 'filled'} loading={check.isPending} disabled={!file || tooLarge}>
              Check file
            </Button>
          </Group>
        </Stack>
      </form>
      {error instanceof ApiError && <ImportError error={error} committing={commit.error !== null} />}
      {imported && (
        <Alert color="green" title="Imported" role="status" ref={resultRef} tabIndex={-1}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            The OKRs from {file?.name ?? 'the file'} are in Pacer.{' '}
            <Anchor component={Link} to="/okrs" inherit underline="always">
              Open the OKRs
            </Anchor>
          </Text>
        </Alert>
      )}
      {imported && <ImportReportView report={imported} />}
      {current && !imported && (
        <Stack gap="md" aria-live="polite">
          <Title order={3} size="h5" style={{ overflowWrap: 'anywhere' }}>
            What importing {current.file.name} will do
          </Title>
          <ImportReportView report={current.report} />
          <Group justify="flex-end">
            <Button onClick={runImport} loading={commit.isPending}>
              Import
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

function ExportSection() {
  return (
    <Stack gap="sm">
      <Text size="sm">
        Everything in this Pacer as one JSON file: people (without passwords or tokens), teams, cycles, objectives with their alignment and
        weights, key results, milestones, check-ins, comments and Jira links (without connection secrets). Import it into another Pacer with
        “Pacer export” above.
      </Text>
      <Group>
        <Button component="a" href={PACER_EXPORT_URL} download variant="default" leftSection={<IconDownload size={16} />}>
          Download the Pacer export
        </Button>
      </Group>
    </Stack>
  );
}

export default function ImportPage() {
  return (
    <AppLayout toolbar={<Title order={1} size="h4">Import and export</Title>}>
      <Stack gap="md" maw={900} mx="auto">
        <AdminOnly>
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h5" mb="sm">
              Import
            </Title>
            <ImportSection />
          </Paper>
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h5" mb="sm">
              Export
            </Title>
            <ExportSection />
          </Paper>
        </AdminOnly>
      </Stack>
    </AppLayout>
  );
}
