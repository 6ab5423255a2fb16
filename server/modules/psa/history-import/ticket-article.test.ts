import { describe, expect, it } from 'vitest';
import type { PsaTicketNote } from '../provider';
import { ticketArticle } from './ticket-article';

const ticket = {
  id: 42,
  summary: '  VPN drops every hour ',
  board: 'Network',
  type: 'Incident',
  closedAt: null,
};
let nextId = 1;
const note = (text: string, flags: Partial<PsaTicketNote>): PsaTicketNote => ({
  id: nextId++,
  text,
  description: false,
  internal: false,
  resolution: false,
  ...flags,
});

describe('a closed ticket as an article', () => {
  it('puts the description, the resolution and the internal notes under their headings', () => {
    const article = ticketArticle(ticket, [
      note('The VPN client disconnects hourly.', { description: true }),
      note('Client: still happening', { description: true }),
      note('Rekey interval is 3600 s on the firewall.', { internal: true }),
      note('Raised the IKE lifetime to 28800 s.', { resolution: true, internal: true }),
      note('   ', { internal: true }),
    ]);
    expect(article).toEqual({
      title: 'VPN drops every hour',
      body:
        '## Problem\n\nThe VPN client disconnects hourly.\n\n' +
        '## Resolution\n\nRaised the IKE lifetime to 28800 s.\n\n' +
        '## Notes\n\nRekey interval is 3600 s on the firewall.',
      tags: ['Network', 'Incident'],
    });
  });

  it('says when nothing was described, leaves out empty sections and names a ticket without summary', () => {
    const article = ticketArticle({ ...ticket, summary: ' ', board: null, type: null }, []);
    expect(article).toEqual({
      title: 'PSA ticket #42',
      body: '## Problem\n\n_No description was recorded._',
      tags: [],
    });
  });

  it('keeps titles, tags and long notes within the article limits', () => {
    const article = ticketArticle({ ...ticket, summary: 'x'.repeat(400), board: 'b'.repeat(60) }, [
      note('y'.repeat(30_000), { resolution: true }),
    ]);
    expect(article.title).toHaveLength(300);
    expect(article.tags[0]).toHaveLength(40);
    expect(article.body.length).toBeLessThan(21_000);
  });

  it('drops NUL characters, which PostgreSQL text cannot hold', () => {
    const article = ticketArticle({ ...ticket, summary: 'Disk\u0000 full' }, [
      note('C: at 100 %\u0000', { description: true }),
    ]);
    expect(article.title).toBe('Disk full');
    expect(article.body).toBe('## Problem\n\nC: at 100 %');
  });
});
