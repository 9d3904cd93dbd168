import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { authKeys } from './api/auth';
import { ApiError } from './api/client';
import { prefetchOkrPage } from './api/okrPagePrefetch';
import { AuthGate } from './components/AuthGate';
import { PageErrorBoundary } from './components/PageErrorBoundary';
import { PageLoader } from './components/PageLoader';
import { styleNonce } from './csp-nonce';
import { cssVariablesResolver, theme } from './theme';
import { NotFoundPage } from './pages/NotFoundPage';
import { OkrPage } from './pages/OkrPage';

// Admin pages are rarely visited; keep them out of the first download.
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const SettingsPage = lazy(() => import('./pages/admin/SettingsPage'));
const IntegrationsPage = lazy(() => import('./pages/admin/IntegrationsPage'));
const JiraConnectionsPage = lazy(() => import('./pages/admin/JiraConnectionsPage'));
const ImportPage = lazy(() => import('./pages/admin/ImportPage'));
const TeamsPage = lazy(() => import('./pages/admin/TeamsPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));
// An item's page (issues, activity, history chart) is one click away from the list, not on it.
const ObjectiveDetailPage = lazy(() => import('./pages/ItemDetailPage').then((module) => ({ default: module.ObjectiveDetailPage })));
const KeyResultDetailPage = lazy(() => import('./pages/ItemDetailPage').then((module) => ({ default: module.KeyResultDetailPage })));

declare module '@tanstack/react-query' {
  interface Register {
    /** `quiet` mutations show their errors themselves (inline), so no toast is raised for them. */
    mutationMeta: { quiet?: boolean };
  }
}

function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A session that ends while the app is open sends the person back to the login page.
        if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== authKeys.me[0]) {
          queryClient.setQueryData(authKeys.me, null);
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(authKeys.me, null);
        if (mutation.meta?.quiet) return;
        const invalidInput = error instanceof ApiError && error.code === 'validation_failed';
        notifications.show({
          color: 'red',
          title: invalidInput ? 'Please correct what you entered' : 'That did not work',
          message: error.message,
        });
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
        staleTime: 10_000,
      },
    },
  });
  return queryClient;
}

const queryClient = createQueryClient();
prefetchOkrPage(queryClient, window.location);

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver} getStyleNonce={styleNonce}>
      <Notifications position="bottom-right" limit={4} autoClose={5000} />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AuthGate>
            <PageErrorBoundary>
              <Suspense fallback={<PageLoader />}>
                <Routes>
                  <Route path="/" element={<Navigate to="/okrs" replace />} />
                  <Route path="/okrs" element={<OkrPage />} />
                  <Route path="/objectives/:id" element={<ObjectiveDetailPage />} />
                  <Route path="/key-results/:id" element={<KeyResultDetailPage />} />
                  <Route path="/account" element={<AccountPage />} />
                  <Route path="/admin/users" element={<UsersPage />} />
                  <Route path="/admin/settings" element={<SettingsPage />} />
                  <Route path="/admin/integrations" element={<IntegrationsPage />} />
                  <Route path="/admin/integrations/jira" element={<JiraConnectionsPage />} />
                  <Route path="/admin/import" element={<ImportPage />} />
                  <Route path="/admin/teams" element={<TeamsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Suspense>
            </PageErrorBoundary>
          </AuthGate>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
