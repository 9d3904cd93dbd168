import { Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { ApiToken } from '../api/types';
import { ConfirmDeleteDialog } from './dialogs/ConfirmDeleteDialog';
import { formatDate, formatInstant, relativeTime } from './format';

interface ApiTokenTableProps {
  tokens: ApiToken[];
  /** Names the table for screen readers, e.g. "API tokens of Max". */
  label: string;
  /** Whose scripts stop working, for the confirmation ("Your scripts", "Max's scripts"). */
  owner: string;
  pending: boolean;
  onRevoke: (token: ApiToken, done: () => void) => void;
}

/** API tokens with when they were made and last used, each with a Revoke button that asks first. */
export function ApiTokenTable({ tokens, label, owner, pending, onRevoke }: ApiTokenTableProps) {
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  if (tokens.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No API tokens.
      </Text>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing="xs" aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {token.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDate(token.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={token.lastUsedAt ? formatInstant(token.lastUsedAt) : undefined}>
                    {token.lastUsedAt ? relativeTime(token.lastUsedAt) : 'never'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Button size="xs" variant="light" color="red" aria-label={`Revoke token ${token.name}`} onClick={() => setRevoking(token)}>
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {revoking && (
        <ConfirmDeleteDialog
          title={`Revoke “${revoking.name}”?`}
          message={`${owner} using this token stop working at once. This can't be undone; a new token can be created instead.`}
          confirmLabel="Revoke token"
          pending={pending}
          onConfirm={() => onRevoke(revoking, () => setRevoking(null))}
          onClose={() => setRevoking(null)}
        />
      )}
    </>
  );
}
