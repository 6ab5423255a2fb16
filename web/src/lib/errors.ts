import { ApiError } from '../api/client';

/** The text to show a person for any thrown value; server messages are shown verbatim. */
export function errorMessage(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (error instanceof ApiError) return error.message;
  return fallback;
}
