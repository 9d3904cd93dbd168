import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useCurrentUser } from '../CurrentUser';

/**
 * A sentence saying what is wrong with Jira for linking and who can fix it: admins get a link to
 * Admin › Integrations, members are told to ask an admin there.
 */
export function AdminIntegrationsHint({ problem, adminFix, memberFix, color = 'dimmed' }: { problem: string; adminFix: string; memberFix: string; color?: string }) {
  const me = useCurrentUser();
  return (
    <Text size="sm" c={color}>
      {problem}{' '}
      {me.role === 'admin' ? (
        <>
          {adminFix}{' '}
          <Anchor component={Link} to="/admin/integrations" size="sm" underline="always">
            Admin › Integrations
          </Anchor>
          .
        </>
      ) : (
        memberFix
      )}
    </Text>
  );
}
