import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import { useCurrentUser } from './CurrentUser';

export function UserMenu() {
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();

  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.name}`}>
          <Group gap={8} wrap="nowrap">
            <Avatar name={user.name} color="initials" size={30} radius="xl" />
            <Text size="sm" fw={500} visibleFrom="sm">
              {user.name}
            </Text>
            <IconChevronDown size={14} stroke={1.5} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user.email} · {user.role === 'admin' ? 'Admin' : 'Member'}
        </Menu.Label>
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/okrs') })}>
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
