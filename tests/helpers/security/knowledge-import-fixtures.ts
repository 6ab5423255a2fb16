import { randomBytes } from 'node:crypto';
import { multipartText } from '../knowledge-files';
import { ok, type Fixture } from './permission-world';

// Permission fixtures for the knowledge file import: a real multipart upload (sent as a raw body
// with its content type), and an import of the account to read. Each upload's text is unique, so
// no call is skipped as a duplicate of an earlier one.

const upload = () =>
  multipartText([
    {
      name: 'wifi.md',
      text: `# Wi-Fi drops ${randomBytes(4).toString('hex')}\n\nLower the roaming aggressiveness.`,
    },
  ]);

export const IMPORT_FIXTURES = {
  knowledgeUpload: async () => upload(),
  knowledgeImport: async (w) => {
    const { raw, headers } = upload();
    const started = await ok(w.setup.owner.request('POST', '/api/v1/knowledge/import', raw, headers), 202);
    return { params: { id: started.import.id } };
  },
} satisfies Record<string, Fixture>;
