import { Avatar, Group, Text } from '@mantine/core';
import type { Person } from '../api/types';

export function OwnerLabel({ owner }: { owner: Person | null }) {
  if (!owner) {
    return (
      <Text size="sm" c="dimmed">
        No owner
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Avatar name={owner.name} color="initials" size={22} radius="xl" aria-hidden />
      <Text size="sm" truncate="end">
        {owner.name}
      </Text>
    </Group>
  );
}
