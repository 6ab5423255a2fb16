import nodemailer from 'nodemailer';
import { withTenant } from '../../../db/tenant';
import type { Database } from '../../../db/types';
import { insertDevOutbox } from '../dev-outbox.repo';
import { renderEmail } from '../render';
import type { OutboundMessage } from './types';

export type EmailSenderOptions = {
  /** Unset outside production: messages go to the dev outbox table instead of an SMTP server. */
  smtpUrl: string | undefined;
  from: string;
  db: Database;
  timeoutMs: number;
  clock: () => Date;
};

/**
 * `Message-ID: <key@resolutionflow>`. The local part of a Message-ID may not contain `:` (RFC 5322
 * dot-atom), which our keys use as separator, so those become dots; the exact key also travels in
 * X-ResolutionFlow-Delivery. Receivers and our tests deduplicate by this header.
 */
export const messageIdFor = (idempotencyKey: string) =>
  `<${idempotencyKey.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '.')}@resolutionflow>`;

/** One message for `createMailer`: stored in the dev outbox of `accountId` when there is no SMTP server. */
export type MailMessage = {
  accountId: string;
  deliveryId: string | null;
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** Dev outbox only: shown to the recipient alone, not to the account's admins (reset links). */
  recipientOnly?: boolean;
};

/**
 * The product's one mail path: the SMTP transport from configuration, or the dev outbox when
 * SMTP_URL is unset. Notifications and account mail (password reset) both go through it.
 */
export function createMailer(o: EmailSenderOptions) {
  const transport = o.smtpUrl
    ? nodemailer.createTransport({
        url: o.smtpUrl,
        // nodemailer waits up to 10 minutes on a silent socket by default; a stuck server must not
        // hold a delivery lease that long.
        connectionTimeout: o.timeoutMs,
        greetingTimeout: o.timeoutMs,
        socketTimeout: o.timeoutMs * 3,
      })
    : null;

  async function sendMail(m: MailMessage) {
    if (!transport) {
      await withTenant(o.db, m.accountId, (tx) =>
        insertDevOutbox(
          tx,
          m.accountId,
          {
            deliveryId: m.deliveryId,
            messageId: m.messageId,
            from: o.from,
            to: m.to,
            subject: m.subject,
            text: m.text,
            html: m.html,
            recipientOnly: m.recipientOnly,
          },
          o.clock(),
        ),
      );
      return;
    }
    await transport.sendMail({
      from: o.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      messageId: m.messageId,
      headers: m.headers,
    });
  }

  return { sendMail, close: () => transport?.close() };
}

export function createEmailSender(o: EmailSenderOptions) {
  const mailer = createMailer(o);

  async function send(msg: OutboundMessage, to: string[]) {
    const { subject, text, html } = renderEmail(msg.notice);
    await mailer.sendMail({
      accountId: msg.accountId,
      deliveryId: msg.deliveryId,
      messageId: messageIdFor(msg.idempotencyKey),
      to,
      subject,
      text,
      html,
      headers: {
        'X-ResolutionFlow-Delivery': msg.idempotencyKey,
        'X-ResolutionFlow-Event': msg.notice.event.type,
        // RFC 3834: keeps out-of-office replies from answering a notification.
        'Auto-Submitted': 'auto-generated',
      },
    });
  }

  return { send, close: mailer.close };
}
