import { describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, ERROR_CODES } from '../../shared/error-codes';
import { openApiDocument } from './app';

type Schema = {
  $ref?: string;
  enum?: string[];
  description?: string;
  properties?: Record<string, Schema>;
  'x-enum-descriptions'?: string[];
};

describe('the OpenAPI document’s error body', () => {
  const schemas = (openApiDocument() as { components: { schemas: Record<string, Schema> } }).components
    .schemas;

  it('types `code` as the enum of exactly the listed codes', () => {
    expect(schemas.Error?.properties?.code?.$ref).toBe('#/components/schemas/ErrorCode');
    expect(schemas.ErrorCode?.enum).toEqual(ERROR_CODE_LIST);
  });

  it('describes each code with its status', () => {
    const codeSchema = schemas.ErrorCode!;
    expect(codeSchema['x-enum-descriptions']).toEqual(ERROR_CODE_LIST.map((c) => ERROR_CODES[c].description));
    for (const code of ERROR_CODE_LIST)
      expect(codeSchema.description).toContain(`\`${code}\` (${ERROR_CODES[code].status}`);
  });
});
