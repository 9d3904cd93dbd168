import { Alert, Button, Group, Input, Modal, PasswordInput, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { useCreateJiraConnection, useUpdateJiraConnection } from '../../api/integrations';
import type { JiraAuthType, JiraConnection, JiraLinkAccess } from '../../api/types';
import { connectedSentence } from '../jira/jiraText';
import { useChangedSinceOpen, useConfirmDiscard } from './DiscardChanges';
import { DialogActions } from './DialogActions';

const FORM_FIELDS = ['name', 'url', 'username', 'secret', 'authType', 'scopeJql', 'linkAccess'] as const;
type FormField = (typeof FORM_FIELDS)[number];

const AUTH_OPTIONS: Array<{ value: JiraAuthType; label: string }> = [
  { value: 'basic', label: 'Password or API token' },
  { value: 'bearer', label: 'Personal access token' },
];

function isAuthType(value: string): value is JiraAuthType {
  return value === 'basic' || value === 'bearer';
}

const LINK_ACCESS_OPTIONS: Array<{ value: JiraLinkAccess; label: string }> = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'admins', label: 'Admins only' },
];

function isLinkAccess(value: string | null): value is JiraLinkAccess {
  return value === 'everyone' || value === 'admins';
}

/**
 * How a failed save shows up. Input mistakes (400/409) carry short per-field messages that belong
 * under their fields. When Jira said no (422), the message is a whole explanation, so it goes once
 * under the form and the fields it concerns are only outlined in red.
 */
function describeFailure(error: unknown): { fieldMessages: Partial<Record<FormField, string>>; flagged: Set<string>; summary: string | null } {
  if (!(error instanceof ApiError)) return { fieldMessages: {}, flagged: new Set(), summary: error ? 'Something went wrong. Try again.' : null };
  const knownFields = error.fields.filter((f) => (FORM_FIELDS as readonly string[]).includes(f.field));
  if (error.status === 422 || knownFields.length === 0) {
    return { fieldMessages: {}, flagged: new Set(knownFields.map((f) => f.field)), summary: error.message };
  }
  const fieldMessages: Partial<Record<FormField, string>> = {};
  for (const problem of knownFields) fieldMessages[problem.field as FormField] ??= problem.message;
  // A duplicate name comes with a fuller sentence than its field message; show that one.
  const summary = error.status === 409 ? error.message : null;
  return { fieldMessages, flagged: new Set(), summary };
}

function failureTitle(error: unknown): string {
  if (error instanceof ApiError && error.status === 422 && error.fields.some((f) => f.field === 'scopeJql')) return 'Jira rejected the scope JQL';
  if (error instanceof ApiError && error.status === 422) return 'Pacer could not connect to Jira';
  if (error instanceof ApiError && error.status === 409) return 'That name is taken';
  return 'The connection was not saved';
}

interface JiraConnectionDialogProps {
  /** Absent for a new connection. */
  connection?: JiraConnection;
  onClose: () => void;
}

export function JiraConnectionDialog({ connection, onClose }: JiraConnectionDialogProps) {
  const editing = connection !== undefined;
  const [name, setName] = useState(connection?.name ?? '');
  const [url, setUrl] = useState(connection?.url ?? '');
  const [username, setUsername] = useState(connection?.username ?? '');
  // The stored secret is never sent to the browser; a blank field on edit keeps it.
  const [secret, setSecret] = useState('');
  const [authType, setAuthType] = useState<JiraAuthType>(connection?.authType ?? 'basic');
  const [scopeJql, setScopeJql] = useState(connection?.scopeJql ?? '');
  const [linkAccess, setLinkAccess] = useState<JiraLinkAccess>(connection?.linkAccess ?? 'everyone');
  const [connected, setConnected] = useState<JiraConnection | null>(null);
  const create = useCreateJiraConnection();
  const update = useUpdateJiraConnection();
  const saving = editing ? update : create;
  const failure = describeFailure(saving.error);
  // Side by side, the two sign-in choices don't fit a phone's width.
  const narrow = useMediaQuery('(max-width: 36em)');
  // Once the connection is saved ("connected"), nothing is left to lose: Done closes at once.
  const edited = useChangedSinceOpen({ name, url, username, secret, authType, scopeJql, linkAccess });
  const { requestClose, confirm } = useConfirmDiscard(edited && connected === null, onClose);

  const fieldError = (field: FormField) => failure.fieldMessages[field] ?? failure.flagged.has(field);

  function submit(event: FormEvent) {
    event.preventDefault();
    const scope = scopeJql.trim();
    const input = { name: name.trim(), url: url.trim(), username: username.trim(), secret, authType, scopeJql: scope === '' ? null : scope, linkAccess };
    if (connection) {
      update.mutate(
        { id: connection.id, ...input },
        {
          onSuccess: (saved) => {
            notifications.show({ color: 'green', title: `Saved “${saved.name}”`, message: `${connectedSentence(saved)}.` });
            onClose();
          },
        },
      );
    } else {
      create.mutate(input, { onSuccess: setConnected });
    }
  }

  const title = editing ? 'Edit Jira connection' : 'New Jira connection';

  if (connected) {
    return (
      <Modal opened onClose={onClose} title={title} size="lg">
        <Stack gap="md">
          <Alert color="green" icon={<IconCircleCheck />} title={connectedSentence(connected)} role="status">
            “{connected.name}” is saved and healthy. People can now choose it when they link objectives and key results to Jira.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  const usesToken = authType === 'bearer';
  const secretLabel = usesToken ? 'Personal access token' : 'Password or API token';
  // The stored secret only goes where it was entered for: a new address, username or sign-in method needs it again.
  const movesSecret =
    connection !== undefined &&
    (authType !== connection.authType || url.trim().replace(/\/+$/, '') !== connection.url || username.trim() !== connection.username);
  const secretRequired = !connection || movesSecret;
  let secretHint: string;
  if (!secretRequired) secretHint = 'Leave blank to keep the current secret.';
  else if (editing) secretHint = `Enter the ${usesToken ? 'personal access token' : 'password or API token'} again: Pacer never sends the stored one to a new address, username or sign-in method.`;
  else if (usesToken) secretHint = 'Create one in Jira under Profile > Personal Access Tokens.';
  else secretHint = 'On Jira Cloud, an API token from id.atlassian.com > Security > API tokens.';

  return (
    <>
      <Modal opened onClose={requestClose} title={title} size="lg">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              label="Name"
              description="People see this name when they link objectives and key results to Jira."
              placeholder="Company Jira"
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError('name')}
            />
            <TextInput
              label="Jira URL"
              description="The address you open Jira at."
              placeholder="https://your-company.atlassian.net"
              required
              type="url"
              autoComplete="off"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={fieldError('url')}
            />
            <Input.Wrapper
              label="Authentication"
              description={
                usesToken
                  ? 'Jira Data Center only: Pacer signs in with the token alone.'
                  : 'Jira Cloud: your email and an API token. Jira Data Center: your username and password.'
              }
              error={fieldError('authType')}
            >
              <SegmentedControl
                mt={4}
                fullWidth
                orientation={narrow ? 'vertical' : 'horizontal'}
                data={AUTH_OPTIONS}
                value={authType}
                onChange={(value) => isAuthType(value) && setAuthType(value)}
              />
            </Input.Wrapper>
            <TextInput
              label="Username"
              description={usesToken ? 'Not needed with a personal access token; you may leave it blank.' : 'The email on Jira Cloud; the username on Jira Data Center.'}
              placeholder={usesToken ? '' : 'dana@example.com'}
              required={!usesToken}
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={fieldError('username')}
            />
            <PasswordInput
              label={secretLabel}
              description={secretHint}
              placeholder={secretRequired ? '' : 'Unchanged'}
              required={secretRequired}
              // Not the person's Pacer password: stop the browser from filling it in.
              autoComplete="new-password"
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              error={fieldError('secret')}
            />
            <Textarea
              label="Scope JQL"
              description="Optional. Pacer adds it with AND to every preview, link and sync of this connection, so people only see issues inside it, e.g. project in (AE, OPS). Without it, people see everything this Jira account can see."
              placeholder="project in (AE, OPS)"
              autosize
              minRows={2}
              maxRows={6}
              autoComplete="off"
              value={scopeJql}
              onChange={(e) => setScopeJql(e.currentTarget.value)}
              error={fieldError('scopeJql')}
            />
            <Select
              label="Who may link with it"
              description="Admins only: members neither see this connection when linking nor preview with it."
              data={LINK_ACCESS_OPTIONS}
              value={linkAccess}
              allowDeselect={false}
              onChange={(value) => isLinkAccess(value) && setLinkAccess(value)}
              error={fieldError('linkAccess')}
            />
            {failure.summary && (
              <Alert color="red" icon={<IconAlertTriangle />} title={failureTitle(saving.error)} role="alert">
                <Text size="sm">{failure.summary}</Text>
                <Text size="sm" mt={4} c="dimmed">
                  Nothing was saved. Check the details above and click {editing ? 'Save' : 'Next'} again.
                </Text>
              </Alert>
            )}
            <DialogActions
              onCancel={requestClose}
              submitLabel={editing ? 'Save' : 'Next'}
              loading={saving.isPending}
              note={saving.isPending ? 'Asking Jira…' : null}
            />
          </Stack>
        </form>
      </Modal>
      {confirm}
    </>
  );
}
