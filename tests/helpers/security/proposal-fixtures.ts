import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { draftProposal } from '../../../server/modules/knowledge/proposals.service';
import { ok, type Fixture } from './permission-world';

// Permission fixtures for the knowledge flywheel: a fresh pending proposal per call, drafted from a
// resolved session with the drafter's own code (its problem is unique, so approving never collides
// with an earlier approval's identical article).

export const PROPOSAL_FIXTURES = {
  pendingProposal: async (w) => {
    const problem = `Label printer ${randomBytes(4).toString('hex')} prints blank labels`;
    const s = await ok(w.setup.techAuthor.post('/api/v1/sessions', { problem }), 201);
    await ok(
      w.setup.techAuthor.post(`/api/v1/sessions/${s.session.id}/resolve`, {
        root_cause: 'The media sensor was not calibrated',
        resolution_summary: 'Ran the media calibration from the printer menu',
      }),
      200,
    );
    const id = await draftProposal(w.db, w.accountId, s.session.id, new Date());
    expect(id, 'the resolved session was drafted').toBeTruthy();
    return { params: { id: id! }, body: {} };
  },
} satisfies Record<string, Fixture>;
