import { lazy, Suspense } from 'react';
import { LoadingState } from '../../components/ui/Spinner';

// The analytics screens load on first visit, keeping them (and recharts, which AnalyticsPage loads in a
// further chunk) out of the bundle every other page pays for. Only EscalationMetricCard is eager.
const AnalyticsScreen = lazy(() => import('./AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })));
const BaselineScreen = lazy(() => import('./BaselinePage').then((m) => ({ default: m.BaselinePage })));

export function AnalyticsPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading analytics…" />}>
      <AnalyticsScreen />
    </Suspense>
  );
}

export function BaselinePage() {
  return (
    <Suspense fallback={<LoadingState label="Loading the stopwatch…" />}>
      <BaselineScreen />
    </Suspense>
  );
}
