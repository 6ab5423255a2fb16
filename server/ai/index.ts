import type { Config } from '../config';
import type { Logger } from '../lib/logger';
import { BuiltinEngine } from './builtin/engine';
import { HostedAssistant } from './hosted/hosted-assistant';
import type { AssistantProvider } from './types';

/** One built-in engine per process: its runbook index is built once. */
let sharedBuiltin: BuiltinEngine | undefined;
export const builtinEngine = () => (sharedBuiltin ??= new BuiltinEngine());

/** The assistant chosen by AI_PROVIDER; hosted providers fall back to the built-in engine. */
export function createAssistant(config: Config, logger: Logger): AssistantProvider {
  const builtin = builtinEngine();
  const { provider, baseUrl, model, apiKey } = config.ai;
  if (provider === 'builtin') return builtin;
  return new HostedAssistant(
    provider,
    {
      kind: provider,
      baseUrl:
        baseUrl ?? (provider === 'anthropic' ? 'https://api.anthropic.com' : 'https://api.openai.com/v1'),
      model: model ?? '',
      apiKey,
    },
    builtin,
    config.ai.requestTimeoutMs,
    logger,
  );
}
