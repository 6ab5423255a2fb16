import { Navigate } from 'react-router';
import { LoadingState } from '../../components/ui/Spinner';
import { useAuth } from './AuthContext';
import { LoginPage } from './LoginPage';

/** /login as a real address (bookmarks, "Go to sign in" links); signed-in visitors go to the dashboard. */
export function LoginRoute() {
  const { state } = useAuth();
  if (state.status === 'authenticated') return <Navigate to="/" replace />;
  if (state.status === 'loading') return <LoadingState label="Loading…" />;
  return <LoginPage />;
}
