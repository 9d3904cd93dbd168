import { ActionIcon, Alert, Badge, Button, CopyButton, Group, Loader, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconWebhook } from '@tabler/icons-react';
import { useState } from 'react';
import type { JiraConnection } from '../../api/types';
import { useJiraWebhook, useRegisterJiraWebhook, useRotateJiraWebhook, type JiraWebhook, type JiraWebhookRegistration } from '../../api/webhooks';
import { formatInstant, relativeTime } from '../format';

/** "Live" (delivered within the hour), "last delivery 3 days ago" or "no delivery yet". */
export function WebhookStatus({ webhook }: { webhook: Pick<JiraWebhook, 'live' | 'lastDeliveryAt'> }) {
  if (webhook.live) {
    return (
      <Group gap={6} wrap="nowrap">
        <LiveBadge />
        {webhook.lastDeliveryAt && (
          <Text size="xs" c="dimmed" title={formatInstant(webhook.lastDeliveryAt)}>
            last event {relativeTime(webhook.lastDeliveryAt)}
          </Text>
        )}
      </Group>
    );
  }
  return (
    <Text size="sm" c="dimmed" data-testid="webhook-status">
      {webhook.lastDeliveryAt ? `Not live: last event ${relativeTime(webhook.lastDeliveryAt)}` : 'Not live: Jira has not delivered an event yet'}
    </Text>
  );
}

/** Jira's webhook delivered within the last hour: changes arrive within seconds, not at the next scheduled sync. */
export function LiveBadge() {
  return (
    <Tooltip label="Jira reported a change within the last hour: progress updates within seconds">
      <Badge color="teal" variant="light" size="sm" data-testid="live-badge">
        Live
      </Badge>
    </Tooltip>
  );
}

function RegistrationResult({ result }: { result: JiraWebhookRegistration }) {
  if (result.registered) {
    return (
      <Alert color="green" title="Registered in Jira" data-testid="webhook-result">
        {result.message}
      </Alert>
    );
  }
  return (
    <Alert color="yellow" title="Register it in Jira by hand" data-testid="webhook-result">
      <Stack gap={6}>
        <Text size="sm">{result.message}</Text>
        {result.instructions && <Text size="sm">{result.instructions}</Text>}
      </Stack>
    </Alert>
  );
}

function WebhookBody({ connection, webhook }: { connection: JiraConnection; webhook: JiraWebhook }) {
  const register = useRegisterJiraWebhook(connection.id);
  const rotate = useRotateJiraWebhook(connection.id);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const result = register.data ?? null;

  return (
    <Stack gap="md">
      <Text size="sm">
        Jira tells Pacer about every issue change through this address, so linked progress updates within seconds. The scheduled sync still
        runs as a safety net.
      </Text>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput label="Webhook URL" value={webhook.url} readOnly style={{ flex: 1 }} onFocus={(event) => event.currentTarget.select()} data-testid="webhook-url" />
        <CopyButton value={webhook.url}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the URL'}>
              <ActionIcon variant="default" size="lg" aria-label="Copy the webhook URL" onClick={copy}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" c="dimmed">
        The URL contains a secret token: share it only with your Jira administrator.
      </Text>
      {webhook.warning && (
        <Alert color="orange" data-testid="webhook-warning">
          {webhook.warning}
        </Alert>
      )}
      <Group justify="space-between">
        <WebhookStatus webhook={webhook} />
        <Text size="xs" c="dimmed">
          {webhook.registered && webhook.registeredAt ? `Registered by Pacer ${relativeTime(webhook.registeredAt)}` : 'Not registered by Pacer'}
        </Text>
      </Group>
      {result && <RegistrationResult result={result} />}
      {!result && !webhook.registered && (
        <Text size="sm" c="dimmed">
          {webhook.instructions}
        </Text>
      )}
      {confirmRotate ? (
        <Alert color="red" title="Replace the token?">
          <Stack gap="xs">
            <Text size="sm">The current URL stops working at once; Jira must be given the new one (Register again, or paste it in Jira).</Text>
            <Group justify="flex-end">
              <Button variant="default" size="xs" onClick={() => setConfirmRotate(false)}>
                Keep the token
              </Button>
              <Button
                color="red"
                size="xs"
                loading={rotate.isPending}
                onClick={() => rotate.mutate(undefined, { onSuccess: () => { setConfirmRotate(false); register.reset(); } })}
              >
                Replace the token
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <Group justify="space-between">
          <Button variant="subtle" color="red" size="xs" onClick={() => setConfirmRotate(true)}>
            Replace the token…
          </Button>
          <Button leftSection={<IconWebhook size={16} />} loading={register.isPending} onClick={() => register.mutate()}>
            {webhook.registered ? 'Register again' : 'Register in Jira'}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The row action "Webhook…": the URL to register, a Register button that asks Jira, and the result. */
export function WebhookDialog({ connection, onClose }: { connection: JiraConnection; onClose: () => void }) {
  const webhook = useJiraWebhook(connection.id);
  return (
    <Modal opened onClose={onClose} title={`Webhook for “${connection.name}”`} size="lg">
      {webhook.data ? (
        <WebhookBody connection={connection} webhook={webhook.data} />
      ) : webhook.isError ? (
        <Alert color="red">Pacer could not load the webhook; close this dialog and try again.</Alert>
      ) : (
        <Group justify="center" p="lg">
          <Loader size="sm" aria-label="Loading the webhook" />
        </Group>
      )}
    </Modal>
  );
}
