import type { Config } from '../../config';
import type { Database } from '../../db/types';
import type { Logger } from '../../lib/logger';
import { createMailer } from './senders/email';

const SEND_TIMEOUT_MS = 10_000;

export type BackgroundMailDeps = { db: Database; config: Config; logger: Logger };

/** One message to one person, outside the delivery outbox (reset links, account notices). */
export type AccountMail = {
  accountId: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The mail carries a way into the recipient's account: the dev outbox shows it to them alone. */
  recipientOnly?: boolean;
};

/** The page around an account mail's body: a title and a white card, inline styles for mail clients. */
export function accountMailHtml(subject: string, bodyHtml: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2328;">
<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;">
<h1 style="font-size:18px;margin:0 0 12px;">${subject}</h1>
${bodyHtml}
</div>
</body></html>`;
}

/**
 * Mails composed and sent after the request was answered, so the answer (content and timing) never
 * depends on whether a mail goes out. A failure is logged under `what`, never with the mail's content
 * (it may hold a link). `settled()` lets tests and shutdown wait for the mails started so far.
 */
export class BackgroundMail {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly what: string) {}

  /** Sends what `compose` returns; `null` sends nothing. */
  send(deps: BackgroundMailDeps, compose: () => Promise<AccountMail | null>): void {
    const task = (async () => {
      const mail = await compose();
      if (!mail) return;
      const mailer = createMailer({
        smtpUrl: deps.config.smtpUrl,
        from: deps.config.smtpFrom,
        db: deps.db,
        timeoutMs: SEND_TIMEOUT_MS,
        clock: () => new Date(),
      });
      try {
        await mailer.sendMail({
          accountId: mail.accountId,
          deliveryId: null,
          messageId: mail.messageId,
          to: [mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: { 'Auto-Submitted': 'auto-generated' },
          recipientOnly: mail.recipientOnly,
        });
      } finally {
        mailer.close();
      }
    })()
      .catch((err: Error) => deps.logger.error(`${this.what} failed`, { error: err.message }))
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
