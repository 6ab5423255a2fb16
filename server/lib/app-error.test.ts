import { describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, ERROR_CODES } from '../../shared/error-codes';
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from './app-error';

describe('the error code list (shared/error-codes.ts)', () => {
  it('sends every code with a 4xx or 5xx status and says when', () => {
    for (const code of ERROR_CODE_LIST) {
      const spec: { status: number; otherStatuses?: readonly number[]; description: string } =
        ERROR_CODES[code];
      for (const status of [spec.status, ...(spec.otherStatuses ?? [])])
        expect(status >= 400 && status <= 599, `${code}: ${status}`).toBe(true);
      expect(spec.description.trim(), code).not.toBe('');
    }
  });

  it('spells every code in upper snake case, as clients compare them', () => {
    for (const code of ERROR_CODE_LIST) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });
});

describe('AppError', () => {
  it('takes the status its code is listed with', () => {
    expect(new AppError('ALREADY_CLAIMED', 'taken').status).toBe(409);
    expect(new AppError('RESET_LINK_EXPIRED', 'old').status).toBe(410);
    expect(new AppError('DATABASE_UNAVAILABLE', 'down').status).toBe(503);
  });

  it('uses another listed status only when asked', () => {
    expect(new AppError('URL_NOT_ALLOWED', 'refused').status).toBe(400);
    expect(new AppError('URL_NOT_ALLOWED', 'refused', { status: 422 }).status).toBe(422);
  });

  it('carries details and extra body fields', () => {
    const err = new AppError('STEP_NOT_CURRENT', 'stale', { details: [1], extra: { current_step_id: 's2' } });
    expect(err).toMatchObject({ code: 'STEP_NOT_CURRENT', message: 'stale', details: [1] });
    expect(err.extra).toEqual({ current_step_id: 's2' });
  });

  it('keeps the helpers’ codes and default messages', () => {
    expect(badRequest('bad', { field: 'x' })).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      details: { field: 'x' },
    });
    expect(unauthorized()).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required',
    });
    expect(forbidden()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(notFound('Session')).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: 'Session not found',
    });
    expect(conflict('RUNBOOK_EXISTS', 'taken', { id: 'r' })).toMatchObject({
      status: 409,
      code: 'RUNBOOK_EXISTS',
      extra: { id: 'r' },
    });
  });
});
