import { Button, EmptyState } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { AppLayout } from '../components/AppLayout';

export function NotFoundPage() {
  return (
    <AppLayout>
      <EmptyState mt="xl" icon={<IconMapOff />} title="Page not found" description="This address does not lead anywhere in Pacer.">
        <EmptyState.Actions>
          <Button component={Link} to="/okrs">
            Go to OKRs
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </AppLayout>
  );
}
