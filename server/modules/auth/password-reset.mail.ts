import { accountMailHtml, BackgroundMail, type BackgroundMailDeps } from '../deliveries/background-mail';
import { escapeHtml } from '../deliveries/render';
import { issuePasswordReset, PASSWORD_RESET_TTL_MINUTES, type IssuedReset } from './password-reset.service';

export function renderPasswordResetEmail(r: Pick<IssuedReset, 'name' | 'url'>) {
  const subject = 'Reset your ResolutionFlow password';
  const intro = `Hi ${r.name}, someone (hopefully you) asked to reset the password of your ResolutionFlow account.`;
  const validity = `The link works once, for ${PASSWORD_RESET_TTL_MINUTES} minutes. Setting a new password signs you out everywhere else.`;
  const ignore = 'If you did not ask for this, ignore this email: your password stays as it is.';
  const text = [intro, '', `Set a new password: ${r.url}`, '', validity, '', ignore].join('\n');
  const html = accountMailHtml(
    subject,
    `<p style="margin:0 0 12px;">${escapeHtml(intro)}</p>
<p style="margin:20px 0;"><a href="${escapeHtml(r.url)}" style="display:inline-block;background:#0969da;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600;">Set a new password</a></p>
<p style="margin:0 0 12px;font-size:14px;">${escapeHtml(validity)}</p>
<p style="margin:0 0 12px;font-size:14px;color:#57606a;">${escapeHtml(ignore)}</p>
<p style="margin:0;font-size:12px;color:#57606a;">Or open ${escapeHtml(r.url)}</p>`,
  );
  return { subject, text, html };
}

const resetMails = new BackgroundMail('password reset mail');

/**
 * Issues the link and mails it, in the background: the request has been answered already, the same
 * way for every email. The link is never logged; a failure is logged without it (the user can ask
 * again).
 */
export function sendPasswordResetInBackground(
  deps: BackgroundMailDeps,
  input: { email: string; ip: string },
  now: Date,
): void {
  resetMails.send(deps, async () => {
    const issued = await issuePasswordReset(deps.db, input, deps.config.appUrl, now);
    if (!issued) return null;
    return {
      accountId: issued.accountId,
      messageId: `<password-reset.${issued.resetId}@resolutionflow>`,
      to: issued.email,
      // Whoever reads this link owns the account: in the dev outbox only the recipient sees it.
      recipientOnly: true,
      ...renderPasswordResetEmail(issued),
    };
  });
}

/** Resolves once every reset mail started so far has been sent or has failed (tests, shutdown). */
export const passwordResetMailsSettled = () => resetMails.settled();
