// Routes, the sign-in gate and the page frame. Heavy pages are lazy chunks so the first paint
// (sign-in, home) downloads little.
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { Layout } from './components/layout.js';
import { ErrorBox, Loading } from './components/status.js';
import { useI18n } from './i18n/i18n.js';
import { HomePage } from './pages/home-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { matchRoute, type RouteParams } from './router/match-route.js';
import { navigate, RouterProvider, useLocation } from './router/router.js';
import { SessionProvider, useSession } from './session/session.js';

type Page = ComponentType<{ params: RouteParams }> | LazyExoticComponent<ComponentType<{ params: RouteParams }>>;
const named = <K extends string>(load: () => Promise<Record<K, ComponentType<{ params: RouteParams }>>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const routes: { pattern: string; page: Page; staff?: boolean }[] = [
  { pattern: '/', page: HomePage },
  { pattern: '/tasks/:taskId', page: named(() => import('./pages/task-page.js'), 'TaskPage') },
  { pattern: '/tasks/:taskId/compare', page: named(() => import('./pages/compare-page.js'), 'ComparePage') },
  { pattern: '/tasks/:taskId/history', page: named(() => import('./pages/history-page.js'), 'HistoryPage') },
  { pattern: '/submissions/:id', page: named(() => import('./pages/report-page.js'), 'ReportPage') },
  { pattern: '/staff', page: named(() => import('./pages/staff-page.js'), 'StaffPage'), staff: true },
  { pattern: '/staff/submissions', page: named(() => import('./pages/staff-submissions-page.js'), 'StaffSubmissionsPage'), staff: true },
  { pattern: '/staff/submissions/:id', page: named(() => import('./pages/report-page.js'), 'StaffReportPage'), staff: true },
  { pattern: '/staff/items', page: named(() => import('./pages/staff-items-page.js'), 'StaffItemsPage'), staff: true },
  { pattern: '/staff/similarity', page: named(() => import('./pages/staff-similarity-page.js'), 'StaffSimilarityPage'), staff: true },
  { pattern: '/staff/students/:id', page: named(() => import('./pages/staff-student-page.js'), 'StaffStudentPage'), staff: true },
];

function Routes() {
  const { path } = useLocation();
  const { state, retry } = useSession();
  const { t } = useI18n();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error')
    return (
      <main className="page narrow" id="main">
        <ErrorBox error={state.error} title={t('session.unreachable')} onRetry={retry} />
      </main>
    );
  if (state.status === 'signed-out') return <SignInPage />;
  if (path === '/signin') return <GoHome />;
  for (const route of routes) {
    const params = matchRoute(route.pattern, path);
    if (!params) continue;
    const Page = route.page;
    return (
      <Layout>
        {route.staff && state.user.role !== 'staff' ? (
          <p className="empty">{t('staff.only')}</p>
        ) : (
          <Suspense fallback={<Loading />}>
            <Page params={params} />
          </Suspense>
        )}
      </Layout>
    );
  }
  return (
    <Layout>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
    </Layout>
  );
}

/** /signin once signed in: there is nothing to do there. */
function GoHome() {
  useEffect(() => navigate('/', { replace: true }), []);
  return null;
}

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </RouterProvider>
  );
}
