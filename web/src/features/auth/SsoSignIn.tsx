import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, dataOf } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { errorMessage } from '../../lib/errors';

/** What `/login?sso_error=…` means, as the server's SSO callback names it (sso.schemas.ts). */
const SSO_ERRORS: Record<string, string> = {
  sso_disabled: 'Single sign-on is switched off for your organisation. Sign in with your password.',
  provider_error: 'Your identity provider did not complete the sign-in. Please try again.',
  email_missing: 'Your identity provider did not share your email address, so we cannot tell who you are.',
  email_unverified:
    'Your identity provider has not verified your email address. Verify it there, then try again.',
  domain_not_allowed: 'Your email domain is not allowed to sign in to this account with single sign-on.',
  not_a_member: 'This email cannot sign in here with single sign-on. Ask your administrator for access.',
  member_inactive: 'Your access to this account was switched off. Ask your administrator.',
};

/** The message for a failed SSO sign-in the server sent the browser back with, if any. */
export function useSsoError(): string | null {
  const [params] = useSearchParams();
  const code = params.get('sso_error');
  if (!code) return null;
  return SSO_ERRORS[code] ?? 'Single sign-on did not work. Please try again.';
}

/**
 * "Sign in with SSO": asks for the work email, then hands the browser to the organisation's provider.
 * `goTo` leaves the app (a full page load); tests pass their own.
 */
export function SsoSignIn({
  goTo = (url: string) => window.location.assign(url),
}: {
  goTo?: (url: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim()) {
      setError('Enter your work email.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { redirect_url } = await dataOf(api.POST('/auth/sso/start', { body: { email: email.trim() } }));
      goTo(redirect_url);
    } catch (err) {
      setError(errorMessage(err, 'Single sign-on could not start. Please try again.'));
      setPending(false);
    }
  };

  if (!open) {
    return (
      <Button type="button" className="w-full" onClick={() => setOpen(true)}>
        Sign in with SSO
      </Button>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Sign in with SSO">
      {error && <Notice tone="error">{error}</Notice>}
      <Input
        label="Work email"
        type="email"
        name="sso_email"
        autoComplete="username"
        hint="We send you to your organisation's sign-in page."
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Button type="submit" variant="primary" loading={pending} className="w-full">
        Continue with SSO
      </Button>
    </form>
  );
}
