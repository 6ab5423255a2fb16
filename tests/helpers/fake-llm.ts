import { createServer, type IncomingMessage, type Server } from 'node:http';

export type FakeLlmMode =
  'ok' | 'rate_limited' | 'server_error' | 'slow' | 'malformed_body' | 'invalid_output' | 'wrapped_json';

/**
 * A local stand-in for the Anthropic Messages API and OpenAI-compatible chat completions, on
 * 127.0.0.1. `mode` decides how it answers; `requests` records what the client sent.
 */
export class FakeLlm {
  mode: FakeLlmMode = 'ok';
  slowMs = 2000;
  /** The JSON object the "model" returns in ok/wrapped modes. */
  output: Record<string, unknown> = {
    kind: 'action',
    text: 'Run a Test E-mail AutoConfiguration from the Outlook tray icon and check the Autodiscover URL',
    options: [],
    command: 'outlook.exe /rpcdiag',
    expected_outcome: 'Autodiscover returns the Exchange Online endpoints',
    rationale: 'Fake model reasoning',
    confidence: 0.62,
  };
  requests: { path: string; headers: IncomingMessage['headers']; body: any }[] = [];
  private server: Server | undefined;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = raw ? JSON.parse(raw) : null;
        this.requests.push({ path: req.url ?? '', headers: req.headers, body });
        const anthropic = req.url === '/v1/messages';
        const respond = (status: number, payload: string) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(payload);
        };
        const wrap = (text: string) =>
          JSON.stringify(
            anthropic
              ? { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text }] }
              : { id: 'cmpl_1', choices: [{ index: 0, message: { role: 'assistant', content: text } }] },
          );
        const isTriage = JSON.stringify(body).includes('problem_summary');
        const answer = isTriage
          ? { problem_summary: 'Model summary of the problem', problem_domain: 'email' }
          : this.output;
        switch (this.mode) {
          case 'ok':
            return respond(200, wrap(JSON.stringify(answer)));
          case 'wrapped_json':
            return respond(200, wrap('Here is the step:\n```json\n' + JSON.stringify(answer) + '\n```'));
          case 'rate_limited':
            return respond(429, JSON.stringify({ error: { type: 'rate_limit_error' } }));
          case 'server_error':
            return respond(500, JSON.stringify({ error: { type: 'api_error' } }));
          case 'malformed_body':
            return respond(200, '{"content": [ this is not json');
          case 'invalid_output':
            return respond(200, wrap(JSON.stringify({ kind: 'telepathy', confidence: 7 })));
          case 'slow':
            setTimeout(() => respond(200, wrap(JSON.stringify(answer))), this.slowMs);
            return;
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}
