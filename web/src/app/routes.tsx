import { Navigate, type RouteObject } from 'react-router';
import { AnalyticsPage, BaselinePage } from '../features/analytics/lazyPages';
import { analyticsNav } from '../features/analytics/nav';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { InviteAcceptPage } from '../features/auth/InviteAcceptPage';
import { LoginRoute } from '../features/auth/LoginRoute';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { EscalationsPage } from '../features/escalations/EscalationsPage';
import { escalationsNav } from '../features/escalations/nav';
import { knowledgeRoutes } from '../features/knowledge/routes';
import { runbookRoutes } from '../features/knowledge/runbooks/routes';
import { NewSessionPage } from '../features/sessions/NewSessionPage';
import { SessionPage } from '../features/sessions/SessionPage';
import { SessionsPage } from '../features/sessions/SessionsPage';
import { ChannelsPage } from '../features/settings/channels/ChannelsPage';
import { DeliveriesPage } from '../features/settings/deliveries/DeliveriesPage';
import { MembersPage } from '../features/settings/members/MembersPage';
import { EscalationPolicyPage } from '../features/settings/policy/EscalationPolicyPage';
import { SchedulesPage } from '../features/schedules/SchedulesPage';
import { PsaSettingsPage } from '../features/settings/psa/PsaSettingsPage';
import { AuditLogPage } from '../features/settings/audit-log/AuditLogPage';
import { SettingsLayout } from '../features/settings/SettingsLayout';
import { TokensPage } from '../features/settings/tokens/TokensPage';
import { TwoFactorPage } from '../features/mfa/TwoFactorPage';
import { SignInSessionsPage } from '../features/settings/sign-in-sessions/SignInSessionsPage';
import { PushSettingsPage } from '../features/push/PushSettingsPage';
import { SsoSettingsPage } from '../features/settings/sso/SsoSettingsPage';
import { SlackSettingsPage } from '../features/settings/slack/SlackSettingsPage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RequireAuth } from './RequireAuth';
import { RoleGate } from './RoleGate';
import { RouteErrorPage } from './RouteErrorPage';

export const appRoutes: RouteObject[] = [
  {
    errorElement: <RouteErrorPage />,
    children: [
      // Public pages.
      { path: '/login', element: <LoginRoute /> },
      { path: '/invite/:token', element: <InviteAcceptPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password/:token', element: <ResetPasswordPage /> },
      // Everything else needs a session.
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'sessions', element: <SessionsPage /> },
          { path: 'sessions/new', element: <NewSessionPage /> },
          { path: 'sessions/:id', element: <SessionPage /> },
          {
            path: 'escalations',
            element: (
              <RoleGate allow={escalationsNav.isAllowed} area="Escalations">
                <EscalationsPage />
              </RoleGate>
            ),
          },
          {
            path: 'analytics',
            element: (
              <RoleGate allow={analyticsNav.isAllowed} area="Analytics">
                <AnalyticsPage />
              </RoleGate>
            ),
          },
          {
            path: 'analytics/baseline',
            element: (
              <RoleGate allow={analyticsNav.isAllowed} area="Analytics">
                <BaselinePage />
              </RoleGate>
            ),
          },
          ...knowledgeRoutes,
          ...runbookRoutes,
          {
            path: 'settings',
            element: <SettingsLayout />,
            children: [
              { index: true, element: <Navigate to="members" replace /> },
              { path: 'members', element: <MembersPage /> },
              { path: 'tokens', element: <TokensPage /> },
              { path: 'two-factor', element: <TwoFactorPage /> },
              { path: 'sign-in-sessions', element: <SignInSessionsPage /> },
              { path: 'push', element: <PushSettingsPage /> },
              { path: 'escalation-policy', element: <EscalationPolicyPage /> },
              { path: 'schedules', element: <SchedulesPage /> },
              { path: 'channels', element: <ChannelsPage /> },
              { path: 'deliveries', element: <DeliveriesPage /> },
              { path: 'psa', element: <PsaSettingsPage /> },
              { path: 'slack', element: <SlackSettingsPage /> },
              { path: 'single-sign-on', element: <SsoSettingsPage /> },
              { path: 'audit-log', element: <AuditLogPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
