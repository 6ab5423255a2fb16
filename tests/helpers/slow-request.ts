import http from 'node:http';

/**
 * An HTTP request held in flight on purpose: the headers go out with `Expect: 100-continue`, so the
 * server's "100 Continue" proves it has the request in hand, and the body follows only when the test
 * calls `finish()`. Used to catch a server in the middle of a request (shutdown, restarts).
 */
export async function startSlowRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string,
) {
  const payload = Buffer.from(body);
  const req = http.request(url, {
    method,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(payload.length),
      expect: '100-continue',
    },
  });
  const response = new Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }>(
    (resolve, reject) => {
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    },
  );
  response.catch(() => {}); // observed through `finish()`
  await new Promise<void>((resolve, reject) => {
    req.once('continue', resolve);
    req.once('error', reject);
    req.flushHeaders();
  });
  return {
    /** Sends the body and resolves with the answer. */
    finish: () => {
      req.end(payload);
      return response;
    },
  };
}
