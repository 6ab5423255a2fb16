import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import * as prettier from 'prettier';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../server/http/app';

/** Where the web client's types live (committed, so the web builds without running the server). */
export const API_TYPES_FILE = fileURLToPath(new URL('../web/src/api/schema.gen.ts', import.meta.url));

const HEADER = `/**
 * The /api/v1 contract as TypeScript types, generated from the server's OpenAPI document.
 * Do not edit: change the zod schemas of the routes, then run \`npm run api:generate\`.
 */

`;

/**
 * The text of web/src/api/schema.gen.ts: the OpenAPI document the server serves at /api/v1/openapi.json
 * (built in-process from the routes' zod schemas), turned into types by openapi-typescript and
 * formatted with the project's Prettier settings, so the file passes `prettier --check` as written.
 */
export async function renderApiTypes(): Promise<string> {
  const document = openApiDocument() as unknown as OpenAPI3;
  const source =
    HEADER +
    astToString(
      // A field with a default may be left out of a request, so it stays optional in the types.
      await openapiTS(document, { silent: true, defaultNonNullable: false }),
    );
  const options = await prettier.resolveConfig(API_TYPES_FILE);
  return prettier.format(source, { ...options, filepath: API_TYPES_FILE });
}
