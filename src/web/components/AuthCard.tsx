import { Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconTargetArrow } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** The small centred card shared by the set-up and login pages. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Stack w="100%" maw={400} gap="lg">
        <Group gap="xs" justify="center">
          <ThemeIcon variant="light" size="lg" radius="md" aria-hidden>
            <IconTargetArrow size={20} />
          </ThemeIcon>
          <Text fw={700} size="xl">
            Pacer
          </Text>
        </Group>
        <Paper withBorder shadow="xs" p="xl" radius="md">
          <Stack gap={4} mb="lg">
            <Title order={1} size="h3">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {subtitle}
            </Text>
          </Stack>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
