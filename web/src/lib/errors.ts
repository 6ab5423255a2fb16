import { ApiError } from '../api/client';

/** The text to show a person for any thrown value; server messages are shown verbatim. */
export function errorMessage(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (error instanceof ApiError) return error.message;
  return fallback;
}

/**
 * Per-field messages from a validation failure (`details: [{ path, message }]`), keyed by the top-level
 * field name. The first message for a field wins; anything that is not a field-level detail is ignored.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return result;
  for (const detail of error.details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue;
    const { path, message } = detail as { path?: unknown; message?: unknown };
    const key = Array.isArray(path)
      ? String(path[0] ?? '')
      : typeof path === 'string'
        ? path.split('.')[0]
        : '';
    if (key && typeof message === 'string' && !(key in result)) result[key] = message;
  }
  return result;
}
