/**
 * Minimal clients for the two hosted APIs we support, over fetch. Both return the model's text;
 * any non-2xx answer, network error or timeout throws, and the caller falls back to the built-in engine.
 */
export type HostedKind = 'anthropic' | 'openai-compatible';
export type ModelSettings = { kind: HostedKind; baseUrl: string; model: string; apiKey: string | undefined };

export class ModelCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');

export async function callModel(
  s: ModelSettings,
  system: string,
  user: string,
  timeoutMs: number,
): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res =
      s.kind === 'anthropic'
        ? await fetch(`${trimSlash(s.baseUrl)}/v1/messages`, {
            method: 'POST',
            signal,
            headers: {
              'content-type': 'application/json',
              'anthropic-version': '2023-06-01',
              ...(s.apiKey ? { 'x-api-key': s.apiKey } : {}),
            },
            body: JSON.stringify({
              model: s.model,
              max_tokens: 1200,
              system,
              messages: [{ role: 'user', content: user }],
            }),
          })
        : await fetch(`${trimSlash(s.baseUrl)}/chat/completions`, {
            method: 'POST',
            signal,
            headers: {
              'content-type': 'application/json',
              ...(s.apiKey ? { authorization: `Bearer ${s.apiKey}` } : {}),
            },
            body: JSON.stringify({
              model: s.model,
              temperature: 0.2,
              response_format: { type: 'json_object' },
              messages: [
                { role: 'system', content: system },
                { role: 'user', content: user },
              ],
            }),
          });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
    throw new ModelCallError(
      timedOut
        ? `model call timed out after ${timeoutMs} ms`
        : `model call failed: ${(err as Error).message}`,
    );
  }
  if (!res.ok) throw new ModelCallError(`model answered HTTP ${res.status}`, res.status);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ModelCallError('model answered with a body that is not JSON');
  }
  const text =
    s.kind === 'anthropic'
      ? (body as { content?: { type: string; text?: string }[] }).content?.find((b) => b.type === 'text')
          ?.text
      : (body as { choices?: { message?: { content?: string } }[] }).choices?.[0]?.message?.content;
  if (typeof text !== 'string') throw new ModelCallError('model answer had no text content');
  return text;
}

/** Models sometimes wrap JSON in prose or a code fence: take the outermost object. */
export function extractJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new ModelCallError('model output contains no JSON object');
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    throw new ModelCallError('model output is not valid JSON');
  }
}
