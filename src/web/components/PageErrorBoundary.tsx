/**
 * Catches what would otherwise leave a blank screen: a page's code that can no longer be
 * downloaded (after a redeploy the old chunk names are gone) or a page that throws while
 * rendering. A reload fetches the current build, which is what fixes the first case.
 */
import { Button, Center, EmptyState, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useLocation } from 'react-router';

interface BoundaryProps {
  children: ReactNode;
}

interface BoundaryState {
  error: Error | null;
}

class ErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The browser console is where a person reporting the problem can find the details.
    console.error('A page failed to load or render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <Center mih="60vh" p="md">
        <EmptyState
          icon={<IconAlertTriangle />}
          title="Something went wrong loading this page"
          description="Pacer may have been updated since this page was opened, or the connection dropped. Reloading usually fixes it."
        >
          <Text size="xs" c="dimmed" data-testid="page-error-detail">
            {this.state.error.message}
          </Text>
          <EmptyState.Actions>
            <Button onClick={() => window.location.reload()}>Reload</Button>
          </EmptyState.Actions>
        </EmptyState>
      </Center>
    );
  }
}

/** One boundary per address, so going to another page (or back) starts clean. */
export function PageErrorBoundary({ children }: BoundaryProps) {
  const location = useLocation();
  return <ErrorBoundary key={location.pathname}>{children}</ErrorBoundary>;
}
