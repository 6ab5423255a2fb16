import { describe, expect, it } from 'vitest';
import type { ErrorCodeEntry, KnownIssue } from '../../../shared/knowledge';
import type { KnowledgeLibrary } from '../../knowledge/load';
import type { Runbook } from '../runbooks/types';
import { shippedKnowledgeBase } from './knowledge-base-file';
import { handoffSnapshot } from '../../../tests/helpers/handoff-snapshot';
import { BuiltinEngine } from './engine';
import { Bm25Index } from './bm25';
import { ERROR_CODE_BONUS, KnowledgeBase, NO_ACCOUNT_KNOWLEDGE } from './knowledge';

const source = { title: 'Vendor page', url: 'https://learn.microsoft.com/' };
const issue = (id: string, domain: KnownIssue['domain'], title: string, symptoms: string[]): KnownIssue => ({
  id,
  title,
  domain,
  symptoms,
  keywords: [],
  error_codes: [],
  scope: 'Any version.',
  cause: `${title}.`,
  fix: 'Apply the documented fix.',
  verify: 'The problem is gone.',
  source,
});
const code = (
  c: string,
  family: ErrorCodeEntry['family'],
  domain: ErrorCodeEntry['domain'],
): ErrorCodeEntry => ({
  code: c,
  family,
  domain,
  meaning: 'The request was refused.',
  causes: ['A setting on the service side.'],
  checks: ['Read the setting.'],
  source,
});

/** A knowledge base of these known issues (and runbooks) only. */
const knowledgeOf = (knownIssues: KnownIssue[], runbooks: Runbook[] = []) =>
  KnowledgeBase.fromLibrary({ runbooks, knownIssues, errorCodes: [], problems: [] });

/** Many word matches for a VPN policy problem, and one catalogue entry keyed by the code pasted. */
const library: KnowledgeLibrary = {
  runbooks: [],
  knownIssues: [
    issue(
      'vpn-policy-mismatch',
      'network',
      'VPN sign-in fails: the policy authentication method does not match',
      ['VPN sign-in fails for users with Windows Hello', 'authentication method does not match the policy'],
    ),
    issue('vpn-certificate-expired', 'network', 'VPN sign-in fails after the certificate expired', [
      'VPN sign-in fails with a certificate error',
    ]),
  ],
  errorCodes: [code('AADSTS99901', 'aadsts', 'identity'), code('1234', 'win32', 'endpoint')],
  problems: [],
};
const kb = KnowledgeBase.fromLibrary(library);
/** Loaded at import, where a slow machine has no per-test time limit. */
const shipped = shippedKnowledgeBase();

describe('exact codes', () => {
  it('a self-identifying code only one item is keyed by ranks with the best word match', async () => {
    const r = await kb.retrieve(
      'app sign-in fails for users with windows hello: AADSTS99901 authentication method does not match',
    );
    const best = Math.max(...r.candidates.filter((c) => !c.error_codes.length).map((c) => c.score));
    const coded = r.candidates.find((c) => c.error_codes.includes('aadsts99901'))!;
    expect(best).toBeGreaterThan(ERROR_CODE_BONUS + 2);
    expect(coded.score).toBeGreaterThanOrEqual(0.9 * best);
  });

  it('a plain number or a generic HRESULT keeps the small bonus: anything returns them', async () => {
    for (const [text, key] of [
      ['VPN sign-in fails for users with windows hello, error 1234', 'error 1234'],
      ['VPN sign-in fails for users with windows hello, 0x800704D2', '0x800704d2'],
    ]) {
      const r = await kb.retrieve(text!);
      const coded = r.candidates.find((c) => c.error_codes.includes(key!))!;
      // The bonus and at most 2 for the words of its meaning: never lifted to the best word match.
      expect(coded.score, text).toBeLessThanOrEqual(ERROR_CODE_BONUS + 2);
    }
  });
});

describe('no match', () => {
  // A small library: its idf is low, so a sentence sharing several of an item's words still scores
  // in the band where only the IT evidence of the intake tells a problem from an errand.
  const shutter = knowledgeOf([
    issue('shutter', 'endpoint', 'Shutter at the goods entrance stops halfway', [
      'goods entrance shutter stops halfway down',
    ]),
    issue('other', 'network', 'Switch port flaps', ['link goes up and down']),
  ]);

  it('a request naming no IT thing needs a strong match, not a few shared everyday words', async () => {
    const errand = await shutter.retrieve('the shutter at the goods entrance stops halfway down again');
    // Above the floor for intakes that name an IT thing: only the missing IT evidence says no.
    expect(errand.candidates[0]!.score).toBeGreaterThan(20);
    expect(errand.noMatch).toBe(true);
  });
});

describe('candidates', () => {
  it('a runbook the intake reads as stays a candidate when more than a dozen known issues outscore it', async () => {
    const runbook = shipped.runbook('outlook-disconnected-profile-corrupt')!;
    const intake = 'Outlook says trying to connect since this morning, webmail works fine';
    const crowd = Array.from({ length: 14 }, (_, i) =>
      issue(`outlook-variant-${i}`, 'email', `Outlook trying to connect, webmail works fine (${i})`, [
        'Outlook says trying to connect since this morning',
        'webmail works fine, Outlook trying to connect',
      ]),
    );
    const kb = knowledgeOf(crowd, [runbook]);
    const r = await kb.retrieve(intake);
    const rank = r.candidates.findIndex((c) => c.id === runbook.id);
    // Below the dozen best, yet kept.
    expect(rank).toBeGreaterThanOrEqual(12);
    expect(r.candidates[12]!.id).toBe(runbook.id);
  });
});

describe('the search cut', () => {
  it('leaves the candidates, their scores and the no-match call as scoring every hit gives them', async () => {
    const intakes = [
      'Outlook says trying to connect since this morning, webmail works fine',
      'printer offline for the whole office after the windows update',
      'users get AADSTS50076 when signing in from home',
      'the vpn drops every ten minutes on the fortigate client',
      'the coffee machine on the second floor is leaking',
      'error 0x80070005 access denied when the backup job starts on the file server',
    ];
    const cutSearch = Bm25Index.prototype.search;
    const uncut = async (text: string) => {
      Bm25Index.prototype.search = function (this: Bm25Index, words: Map<string, number>) {
        return cutSearch.call(this, words);
      };
      try {
        return await shipped.retrieve(text);
      } finally {
        Bm25Index.prototype.search = cutSearch;
      }
    };
    for (const text of intakes) expect(await shipped.retrieve(text), text).toEqual(await uncut(text));
  });
});

describe('products', () => {
  it("an item about another vendor's product yields to one about the product the intake names", async () => {
    const kb = knowledgeOf([
      issue('atlassian-account-locked', 'identity', 'Atlassian account locked after failed sign-ins', [
        'your account has been locked, contact your support person to unlock it',
      ]),
      issue('entra-smart-lockout', 'identity', 'Microsoft 365 sign-in locked by smart lockout', [
        'office.com sign-in says your account has been locked, contact support',
      ]),
    ]);
    // The Atlassian item shares more of the words either way; only the product named tells them apart.
    const named = await kb.retrieve('office.com: your account has been locked, contact your support person');
    expect(named.candidates.map((c) => c.id)).toEqual(['entra-smart-lockout', 'atlassian-account-locked']);
    const unnamed = await kb.retrieve('your account has been locked, contact your support person');
    expect(unnamed.candidates[0]!.id).toBe('atlassian-account-locked');
  });
});

describe('phrases', () => {
  it('a near tie goes to the item whose words stand together as in the intake', async () => {
    const runbook = shipped.runbook('shared-mailbox-not-showing')!;
    const kb = knowledgeOf(
      [
        issue(
          'calendar-hours-grey',
          'email',
          'Some shared or room calendars show working hours in grey in Outlook',
          [
            'Scheduling Assistant shows shared calendar all grey',
            'working hours grey for room mailbox in Outlook',
          ],
        ),
      ],
      [runbook],
    );
    const r = await kb.retrieve(
      'Shared mailbox "Accounts" disappeared from Outlook for the finance assistant',
    );
    expect(r.candidates[0]!.id).toBe(runbook.id);
  });
});

describe('first answer wording', () => {
  const engine = new BuiltinEngine(
    knowledgeOf([
      issue('vpn-certificate-expired', 'network', 'VPN sign-in fails after the certificate expired', [
        'VPN sign-in fails with a certificate error',
      ]),
      issue('printer-offline-queue', 'printing', 'Printer shows offline while the queue is paused', [
        'printer offline',
      ]),
    ]),
  );
  const first = async (problem: string) =>
    (
      await engine.nextStep({
        intake: { problem },
        state: {},
        history: [],
        facts: [],
        assistantStepCount: 0,
        account: NO_ACCOUNT_KNOWLEDGE,
      })
    ).step?.content;

  it('a known issue that covers the intake is the likely cause; one that covers a small part of it is only a possible one', async () => {
    const strong = await first('VPN sign-in fails with a certificate error, the certificate expired');
    expect(strong?.text).toMatch(/^Likely cause: /);
    expect(strong?.rationale).toMatch(/^The description matches the known issue “VPN sign-in/);

    const partial = await first(
      'vpn sign-in fails on the new laptop; also the warehouse scanner beeps twice, the label software freezes on startup and the stock report comes out empty',
    );
    expect(partial?.text).toMatch(/^Possible cause \(a partial match: check it fits\): /);
    expect(partial?.rationale).toMatch(/only in part/);
  });

  it('the escalation assessment hands a partial match over as a possibility, a covering one as the likely cause', async () => {
    const assess = (problem: string) =>
      engine.assess(handoffSnapshot(problem, { problem_domain: 'network' }), NO_ACCOUNT_KNOWLEDGE);
    const strong = await assess('VPN sign-in fails with a certificate error, the certificate expired');
    expect(strong.likely_cause).toMatch(/^VPN sign-in fails after the certificate expired/);
    expect(strong.suggested_steps[0]).toMatch(/^Check the most likely cause first: /);
    const partial = await assess(
      'vpn sign-in fails on the new laptop; also the warehouse scanner beeps twice, the label software freezes on startup and the stock report comes out empty',
    );
    expect(partial.likely_cause).toMatch(/^Possibly \(a partial match in the knowledge; check it fits\): /);
    expect(partial.suggested_steps[0]).toMatch(/^Check this possible cause first: /);
  });
});

describe("the account's own knowledge", () => {
  it('a resolved session of the account outranks a shipped item that matches as well', async () => {
    const text = 'warehouse label printer prints blank labels after the driver update';
    const shippedItem = issue('label-printer-blank', 'printing', 'Label printer prints blank labels', [
      'label printer prints blank labels after a driver update',
    ]);
    const session = {
      kind: 'session' as const,
      id: 'past-session',
      problem_summary: 'Label printer prints blank labels',
      problem: 'label printer prints blank labels after a driver update',
      domain: 'printing',
      root_cause: 'The new driver defaulted the media type to continuous.',
      resolution_summary: 'Set the media type back to gap/notch in the driver preferences.',
      runbook_id: null,
      facts: [],
    };
    const r = await knowledgeOf([shippedItem]).retrieve(text, { search: async () => [session] });
    expect(r.candidates.map((c) => c.id)).toEqual(['past-session', 'label-printer-blank']);
  });
});

describe('platform-tied domains', () => {
  // The printer item shares more of the sign-in intake's words than the sign-in item does.
  const kb = knowledgeOf([
    issue('print-pin-option', 'printing', 'PIN no longer available after a security change on this device', [
      'PIN no longer available after a security change on this device',
    ]),
    issue('hello-pin-gone', 'endpoint', 'Windows Hello PIN gone at sign-in', [
      'PIN not available at sign-in',
    ]),
  ]);

  it('a printing item counts fully only when the intake names printing', async () => {
    const signIn = await kb.retrieve(
      'at sign-in: your PIN is no longer available due to a security change on this device',
    );
    expect(signIn.candidates[0]!.id).toBe('hello-pin-gone');
    // A printer's kind or model line names printing as well as the word does.
    for (const text of [
      'copier: PIN no longer available after a security change on this device',
      'the laserjet says PIN no longer available after a security change on this device',
    ])
      expect((await kb.retrieve(text)).candidates[0]!.id, text).toBe('print-pin-option');
  });

  it("Google's names for its admin console and shared drives name Google Workspace", async () => {
    const kb = knowledgeOf([
      issue('gws-drive-creation', 'google_workspace', 'Users cannot create shared drives', [
        'users cannot create shared drives',
      ]),
      issue('teams-creation', 'collaboration', 'Users can no longer create teams for students', [
        'users can no longer create teams for students',
      ]),
    ]);
    const text =
      'blocked creation for the students OU in the admin console, students can still create shared drives';
    expect((await kb.retrieve(text)).candidates[0]!.id).toBe('gws-drive-creation');
  });

  it('only a code that names one error lifts a printing item over the intake not naming printing', async () => {
    // Event 7031 ("a service terminated unexpectedly") is logged for any service, so a printer item
    // keyed by it stays discounted for an Exchange crash; 0x00000709 is the printer error itself.
    const kb = knowledgeOf([
      {
        ...issue(
          'spooler-keeps-crashing',
          'printing',
          'Service keeps crashing, Event 7031 in the System log',
          ['service keeps crashing with event 7031 in the system log'],
        ),
        error_codes: ['Event 7031', '0x00000709'],
      },
      issue('exchange-service-host-crash', 'email', 'Exchange Service Host crashes after an update', [
        'exchange service host crashes',
      ]),
    ]);
    const exchange = await kb.retrieve(
      'the Microsoft Exchange Service Host keeps crashing, event 7031 in the system log since the update',
    );
    expect(exchange.candidates[0]!.id).toBe('exchange-service-host-crash');
    const printer = await kb.retrieve(
      'setting the default fails with 0x00000709, the service keeps crashing',
    );
    expect(printer.candidates[0]!.id).toBe('spooler-keeps-crashing');
  });
});
