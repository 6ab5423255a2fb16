import { accountMailHtml, BackgroundMail, type BackgroundMailDeps } from '../deliveries/background-mail';
import { escapeHtml } from '../deliveries/render';

export type ExistingUserNotice = { inviteId: string; accountId: string; email: string; name: string };

export function renderExistingUserInviteEmail(n: Pick<ExistingUserNotice, 'name'>) {
  const subject = 'You were invited to another ResolutionFlow account';
  const intro = `Hi ${n.name}, an admin of another ResolutionFlow account invited this email address to join their team.`;
  const why =
    'This address already belongs to your ResolutionFlow user, and an address can belong to one account only, so the invite cannot be accepted with it. Nothing changed for your account.';
  const next =
    'If you want to join them, ask them to invite a different address. If you did not expect this, you can ignore this email.';
  const text = [intro, '', why, '', next].join('\n');
  const html = accountMailHtml(
    subject,
    `<p style="margin:0 0 12px;">${escapeHtml(intro)}</p>
<p style="margin:0 0 12px;font-size:14px;">${escapeHtml(why)}</p>
<p style="margin:0;font-size:14px;color:#57606a;">${escapeHtml(next)}</p>`,
  );
  return { subject, text, html };
}

const notices = new BackgroundMail('invite notice mail');

/**
 * Tells a user of another account that their address was invited, in the background, so the
 * inviter's answer (content and timing) is the same as for a new address.
 */
export function sendExistingUserNoticeInBackground(
  deps: BackgroundMailDeps,
  notice: ExistingUserNotice,
): void {
  notices.send(deps, async () => ({
    accountId: notice.accountId,
    messageId: `<invite-existing-user.${notice.inviteId}@resolutionflow>`,
    to: notice.email,
    ...renderExistingUserInviteEmail(notice),
  }));
}

/** Resolves once every notice started so far has been sent or has failed (tests, shutdown). */
export const inviteNoticesSettled = () => notices.settled();
