/** One's own account: change the password, and create or revoke personal API tokens for scripts. */
import { Alert, Button, Code, CopyButton, Group, Paper, PasswordInput, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useChangePassword, useCreateToken, useDeleteToken, useMyTokens } from '../api/account';
import { ApiError } from '../api/client';
import type { CreatedApiToken } from '../api/types';
import { ApiTokenTable } from '../components/ApiTokenTable';
import { AppLayout } from '../components/AppLayout';
import { fieldError } from '../components/dialogs/formHelpers';

function PasswordSection() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useChangePassword();
  // Field errors show under their fields; anything else (e.g. the server unreachable) above the button.
  const otherError = change.error instanceof ApiError && change.error.fields.length > 0 ? null : change.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (newPassword !== repeated) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
          setRepeated('');
          notifications.show({
            color: 'green',
            message: 'Your password is changed. Your other sessions were signed out and your API tokens revoked.',
          });
        },
      },
    );
  }

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="password-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          <Title order={2} size="h5" id="password-heading">
            Password
          </Title>
          <Text size="sm" c="dimmed">
            Changing it signs you out everywhere else and revokes your API tokens; this browser stays signed in.
          </Text>
          <PasswordInput
            label="Current password"
            required
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.currentTarget.value)}
            error={fieldError(change.error, 'currentPassword')}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters, not a common password: a phrase of a few unrelated words works well"
            required
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNewPassword(e.currentTarget.value)}
            error={fieldError(change.error, 'newPassword')}
          />
          <PasswordInput
            label="Repeat the new password"
            required
            autoComplete="new-password"
            value={repeated}
            onChange={(e) => setRepeated(e.currentTarget.value)}
            error={mismatch ? 'does not match the new password; type it again' : undefined}
          />
          {otherError && (
            <Alert color="red" title="The password was not changed">
              {otherError.message}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function NewTokenAlert({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  return (
    <Alert
      color="green"
      title={`Token “${created.name}” created`}
      withCloseButton
      closeButtonLabel="Hide the token"
      onClose={onDone}
      // Green title text on the green tint is 3.8:1, below WCAG AA's 4.5:1; the body text colour passes.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Stack gap="xs">
        <Text size="sm">Copy it now: Pacer shows it only this once. Scripts send it as “Authorization: Bearer …”.</Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code style={{ wordBreak: 'break-all' }} data-testid="new-token">
            {created.token}
          </Code>
          <CopyButton value={created.token}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy} leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

function TokensSection() {
  const tokens = useMyTokens();
  const create = useCreateToken();
  const revoke = useDeleteToken();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: (token) => {
        setCreated(token);
        setName('');
      },
    });
  }

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="tokens-heading">
      <Stack gap="sm">
        <Title order={2} size="h5" id="tokens-heading">
          API tokens
        </Title>
        <Text size="sm" c="dimmed">
          Scripts use a personal API token to act as you. Revoke a token you no longer use or that may have leaked.
        </Text>
        <form onSubmit={submit} noValidate>
          <Group align="flex-start" gap="sm">
            <TextInput
              label="Token name"
              placeholder="e.g. Weekly report script"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(create.error, 'name') ?? create.error?.message}
              style={{ flex: '1 1 220px' }}
            />
            <Button type="submit" mt={25} loading={create.isPending}>
              Create token
            </Button>
          </Group>
        </form>
        {created && <NewTokenAlert created={created} onDone={() => setCreated(null)} />}
        {tokens.isPending && <Skeleton h={80} />}
        {tokens.error && <Alert color="red" title="Could not load your tokens">{tokens.error.message}</Alert>}
        {tokens.data && (
          <ApiTokenTable
            tokens={tokens.data}
            label="Your API tokens"
            owner="Scripts"
            pending={revoke.isPending}
            onRevoke={(token, done) =>
              revoke.mutate(token.id, {
                onSuccess: () => {
                  notifications.show({ color: 'green', message: `The token “${token.name}” no longer works.` });
                  if (created?.id === token.id) setCreated(null);
                  done();
                },
              })
            }
          />
        )}
      </Stack>
    </Paper>
  );
}

export default function AccountPage() {
  return (
    <AppLayout toolbar={<Title order={1} size="h4">Your account</Title>}>
      <Stack gap="md" maw={800} mx="auto">
        <PasswordSection />
        <TokensSection />
      </Stack>
    </AppLayout>
  );
}
