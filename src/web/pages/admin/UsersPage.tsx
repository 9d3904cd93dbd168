import { Alert, Avatar, Button, Group, Modal, Paper, PasswordInput, Select, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useCreateUser, useUpdateUser, useUsers } from '../../api/admin';
import type { Role, User } from '../../api/types';
import { AppLayout } from '../../components/AppLayout';
import { useCurrentUser } from '../../components/CurrentUser';
import { fieldError } from '../../components/dialogs/formHelpers';
import { formatDate } from '../../components/format';
import { AdminOnly } from './AdminOnly';

const ROLE_OPTIONS = [
  { value: 'member', label: 'Member' },
  { value: 'admin', label: 'Admin' },
];

function isRole(value: string | null): value is Role {
  return value === 'admin' || value === 'member';
}

function AddUserDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('member');
  const create = useCreateUser();

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), email: email.trim(), password, role },
      {
        onSuccess: (user) => {
          notifications.show({ color: 'green', message: `${user.name} can now log in with ${user.email}.` });
          onClose();
        },
      },
    );
  }

  return (
    <Modal opened onClose={onClose} title="Add user">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} />
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(create.error, 'email')} />
          <PasswordInput
            label="Initial password"
            description="At least 10 characters, not a common password. Share it with them privately."
            required
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(create.error, 'password')}
          />
          <Select label="Role" data={ROLE_OPTIONS} value={role} onChange={(value) => isRole(value) && setRole(value)} allowDeselect={false} error={fieldError(create.error, 'role')} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function UserRow({ user, isMe }: { user: User; isMe: boolean }) {
  const update = useUpdateUser();
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar name={user.name} color="initials" size={28} radius="xl" aria-hidden />
          <Text size="sm" fw={500}>
            {user.name}
            {isMe && (
              <Text span size="xs" c="dimmed">
                {' '}
                (you)
              </Text>
            )}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{user.email}</Text>
      </Table.Td>
      <Table.Td w={160}>
        <Select
          aria-label={`Role of ${user.name}`}
          data={ROLE_OPTIONS}
          value={user.role}
          allowDeselect={false}
          disabled={update.isPending}
          size="xs"
          onChange={(role) => {
            if (!isRole(role) || role === user.role) return;
            update.mutate(
              { id: user.id, role },
              { onSuccess: (saved) => notifications.show({ color: 'green', message: `${saved.name} is now ${saved.role === 'admin' ? 'an admin' : 'a member'}.` }) },
            );
          }}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatDate(user.createdAt)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

export default function UsersPage() {
  const me = useCurrentUser();
  const users = useUsers();
  const [adding, setAdding] = useState(false);

  return (
    <AppLayout toolbar={<Title order={1} size="h4">Users</Title>}>
      <Stack gap="md" maw={1000} mx="auto">
        <AdminOnly>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              Everyone who can log in to Pacer. Admins manage users, cycles and settings.
            </Text>
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
              Add user
            </Button>
          </Group>
          {users.isPending && <Skeleton h={160} radius="md" />}
          {users.error && <Alert color="red" title="Could not load users">{users.error.message}</Alert>}
          {users.data && (
            <Paper withBorder radius="md">
              <Table verticalSpacing="xs" highlightOnHover aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Added</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {users.data.map((user) => (
                    <UserRow key={user.id} user={user} isMe={user.id === me.id} />
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          )}
          {adding && <AddUserDialog onClose={() => setAdding(false)} />}
        </AdminOnly>
      </Stack>
    </AppLayout>
  );
}
