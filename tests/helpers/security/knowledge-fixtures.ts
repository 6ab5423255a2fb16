import { randomBytes } from 'node:crypto';
import { ok, type Fixture, type PermissionWorld } from './permission-world';

// Permission fixtures for articles and runbooks: every call gets fresh content, so no call is
// refused as a duplicate of an earlier one and deleting one never breaks the next.

const fresh = () => randomBytes(4).toString('hex');
const articleBody = () => ({
  title: `VPN note ${fresh()}`,
  body: '## Fix\nRenew the certificate.',
  tags: ['vpn'],
});

async function article(w: PermissionWorld) {
  const created = await ok(w.setup.owner.post('/api/v1/knowledge/articles', articleBody()), 201);
  return created.article.id as string;
}

async function runbookDocument(w: PermissionWorld, id: string) {
  const shipped = await ok(w.setup.owner.get('/api/v1/knowledge/runbooks/network-printer-offline'), 200);
  return { ...shipped.runbook, id, title: `Printer offline at site ${id}` };
}

async function accountRunbook(w: PermissionWorld) {
  const id = `printer-${fresh()}`;
  await ok(w.setup.owner.post('/api/v1/knowledge/runbooks', await runbookDocument(w, id)), 201);
  return id;
}

export const KNOWLEDGE_FIXTURES = {
  articleBody: async () => ({ body: articleBody() }),
  article: async (w) => ({ params: { id: await article(w) } }),
  articleEdit: async (w) => ({ params: { id: await article(w) }, body: { tags: ['vpn', 'edited'] } }),
  runbookBody: async (w) => ({ body: await runbookDocument(w, `printer-${fresh()}`) }),
  accountRunbook: async (w) => ({ params: { id: await accountRunbook(w) } }),
  accountRunbookEdit: async (w) => {
    const id = await accountRunbook(w);
    return { params: { id }, body: { ...(await runbookDocument(w, id)), title: `Edited ${id}` } };
  },
  // Each call forks a different shipped runbook than the last, so an earlier fork never blocks it.
  shippedRunbook: async (w) => {
    const list = await ok(w.setup.owner.get('/api/v1/knowledge/runbooks?origin=shipped'), 200);
    return { params: { id: list.items[0].id as string } };
  },
} satisfies Record<string, Fixture>;
