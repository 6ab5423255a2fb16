import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** `deliveryKey`: the sender's idempotency key (X-ResolutionFlow-Delivery), empty when absent. */
export type CaughtMail = {
  messageId: string;
  deliveryKey: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
  parsed: ParsedMail;
  /** When the server accepted it (Date.now()): recovery timings. */
  receivedAt: number;
};

type Hold = { reached: Promise<void>; release: (accept: boolean) => void };

/**
 * A real SMTP server on 127.0.0.1, port 0. A message counts as received only once the server has
 * answered 250 to its DATA, as with any real server; a connection dropped before that delivers
 * nothing. `holdNext()` keeps the next message unanswered, to catch a sender mid-send. `port` starts
 * it on a given port, e.g. again on the port of a catcher that was closed (an SMTP outage).
 */
export async function startSmtpCatcher(options: { port?: number } = {}) {
  const messages: CaughtMail[] = [];
  let hold: { skip: number; signal: () => void; waiter: Promise<boolean> } | null = null;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const current = hold;
        if (current && current.skip-- === 0) {
          hold = null;
          current.signal();
          if (!(await current.waiter)) return callback(new Error('451 Held message rejected'));
        }
        const parsed = await simpleParser(raw);
        messages.push({
          messageId: parsed.messageId ?? '',
          deliveryKey: String(parsed.headers.get('x-resolutionflow-delivery') ?? ''),
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          raw: raw.toString('utf8'),
          parsed,
          receivedAt: Date.now(),
        });
        callback();
      });
    },
  });
  // A sender killed mid-connection (the fault tests SIGKILL the server) resets its socket; smtp-server
  // reports that as an 'error' event, which would otherwise be thrown as an uncaught exception.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Messages addressed to any of these recipients. */
    to: (emails: string[]) =>
      messages.filter((m) => m.to.some((t) => emails.map((e) => e.toLowerCase()).includes(t))),
    /** Lets `skip` messages through, then leaves the next one unanswered until `release`. */
    holdNext(skip = 0): Hold {
      let signal!: () => void;
      let resolve!: (accept: boolean) => void;
      const reached = new Promise<void>((r) => (signal = r));
      const waiter = new Promise<boolean>((r) => (resolve = r));
      hold = { skip, signal, waiter };
      return { reached, release: resolve };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of server.connections) c._socket?.destroy?.();
        server.close(() => resolve());
      }),
  };
}

export type SmtpCatcher = Awaited<ReturnType<typeof startSmtpCatcher>>;
