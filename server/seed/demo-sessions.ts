import { builtinEngine } from '../ai';
import type { Role } from '../../shared/roles';
import type { Ctx } from '../modules/context';
import {
  addFact,
  answerStep,
  createSession,
  transition,
  type SessionView,
} from '../modules/sessions/sessions.service';
import type { DemoContext } from './demo';

/** Resolved sessions the built-in engine learns from on first start, across the MSP's usual domains. */
const RESOLVED: {
  by: string;
  daysAgo: number;
  problem: string;
  ticket?: string;
  client?: string;
  fact: string;
  root_cause: string;
  fix: string;
}[] = [
  {
    by: 'tech@northwind.test',
    daysAgo: 26,
    problem: 'Outlook stuck on "Trying to connect" for the front desk, webmail works fine',
    ticket: '40112',
    client: 'Harbor Dental',
    fact: 'Webmail works for the same mailbox',
    root_cause: 'Corrupt OST cache after a forced shutdown',
    fix: 'Renamed the OST file and let Outlook rebuild the cache',
  },
  {
    by: 'tech2@northwind.test',
    daysAgo: 24,
    problem: 'User keeps getting MFA prompts every few minutes in Teams and Outlook, AADSTS50076',
    client: 'Baker Legal',
    fact: 'Happens on the laptop only, phone apps are fine',
    root_cause: 'Stale token broker cache after the user changed their phone',
    fix: 'Cleared the AAD broker plugin cache, re-registered the authenticator app',
  },
  {
    by: 'tech@northwind.test',
    daysAgo: 21,
    problem: 'Print spooler keeps stopping on the accounting PC, nobody can print invoices',
    ticket: '40187',
    client: 'Baker Legal',
    fact: 'Spooler crashes within a minute of starting',
    root_cause: 'Corrupt third-party label printer driver crashing spoolsv.exe',
    fix: 'Removed the old label driver with printui, installed the current package-aware driver',
  },
  {
    by: 'tech2@northwind.test',
    daysAgo: 19,
    problem: 'Laptop gets a 169.254 address on the office network, cable is fine',
    client: 'Harbor Dental',
    fact: 'Other PCs on the same switch get addresses',
    root_cause: 'DHCP scope exhausted by short-lived guest devices on the same VLAN',
    fix: 'Shortened the lease time and moved guests to their own VLAN and scope',
  },
  {
    by: 'tech@northwind.test',
    daysAgo: 17,
    problem: 'VPN error 809 when connecting from home, worked last week',
    client: 'Miller Architects',
    fact: 'Other users on the same VPN connect fine from home',
    root_cause: 'User’s home router blocked IPsec NAT traversal after a firmware update',
    fix: 'Switched the client profile to SSTP and documented it for the user',
  },
  {
    by: 'tech2@northwind.test',
    daysAgo: 14,
    problem: 'Windows Update fails with 0x80070005 on two reception PCs',
    ticket: '40231',
    client: 'Harbor Dental',
    fact: 'Both PCs have the same security software',
    root_cause: 'Endpoint protection blocking the update service from writing to SoftwareDistribution',
    fix: 'Added the vendor-recommended exclusion and reran the cumulative update',
  },
  {
    by: 'tech@northwind.test',
    daysAgo: 12,
    problem: 'Backup job failing every night with VSS error 0x8004230f on the file server',
    client: 'Miller Architects',
    fact: 'Job fails at the snapshot stage',
    root_cause: 'A stale third-party VSS provider left behind by an old backup agent',
    fix: 'Removed the stale provider from the registry and restarted the VSS service',
  },
  {
    by: 'tech2@northwind.test',
    daysAgo: 9,
    problem: 'Staff cannot open the HR folder on the S: drive, access denied since this morning',
    client: 'Baker Legal',
    fact: 'User was added to HR-Staff today',
    root_cause: 'Group membership not in the user’s Kerberos ticket until they sign in again',
    fix: 'Had the user sign out and back in (klist purge) to refresh the token',
  },
  {
    by: 'tech@northwind.test',
    daysAgo: 6,
    problem: 'Warehouse time clock kiosk shows "sync pending" and punches never reach the timesheet system',
    client: 'Miller Architects',
    fact: 'Kiosk can reach the internet',
    root_cause: 'Kiosk firmware pinned the vendor’s old API certificate after they rotated it',
    fix: 'Updated the kiosk firmware from the vendor portal and forced a resync',
  },
  {
    by: 'tech2@northwind.test',
    daysAgo: 4,
    problem: 'Wi-Fi drops every few minutes in the upstairs meeting room',
    client: 'Harbor Dental',
    fact: 'Signal shows two bars upstairs',
    root_cause: 'Single access point downstairs covering both floors on a crowded 2.4 GHz channel',
    fix: 'Added an access point upstairs and moved clients to 5 GHz',
  },
  {
    by: 'tech@contoso.test',
    daysAgo: 10,
    problem: 'QuickBooks H202 error when a second user opens the company file',
    client: 'Lakeside Bakery',
    fact: 'Database server manager is installed on the host',
    root_cause: 'Windows firewall blocking the QuickBooks database ports on the host',
    fix: 'Opened the QuickBooks ports with the tool’s firewall rules and rescanned the folder',
  },
];

const ACTIVE: { by: string; problem: string; ticket?: string; client?: string; answers: number }[] = [
  {
    by: 'tech@northwind.test',
    problem: 'Shared mailbox "Accounts" disappeared from Outlook for the finance assistant',
    ticket: '40402',
    client: 'Baker Legal',
    answers: 1,
  },
  {
    by: 'tech2@northwind.test',
    problem: 'Scan to email on the Ricoh stopped working after the Microsoft 365 password change',
    client: 'Miller Architects',
    answers: 2,
  },
  {
    by: 'tech@contoso.test',
    problem: 'RDP to the terminal server says no licenses available',
    client: 'Lakeside Bakery',
    answers: 0,
  },
];

export function ctxFor(demo: DemoContext, email: string, daysAgo: number): Ctx {
  for (const a of demo.accounts) {
    const u = a.usersByEmail.get(email);
    if (u)
      return {
        db: demo.db,
        actor: { id: u.id, accountId: a.accountId, role: u.role as Role, name: u.name, email },
        now: new Date(demo.now.getTime() - daysAgo * 86_400_000),
      };
  }
  throw new Error(`demo user ${email} missing`);
}

/** Answers the current step plausibly: the first option, or "failed" for checks (so the tree goes on). */
async function work(ctx: Ctx, view: SessionView, answers: number): Promise<SessionView> {
  const deps = { assistant: builtinEngine() };
  for (let i = 0; i < answers && view.current_step; i++) {
    const step = view.current_step;
    ctx = { ...ctx, now: new Date(ctx.now.getTime() + 4 * 60_000) };
    const input =
      step.kind === 'action'
        ? { outcome: 'failed' as const, note: 'No change' }
        : {
            option: step.content.options[0]?.value,
            ...(step.content.options.length ? {} : { text: 'checked' }),
          };
    view = await answerStep(ctx, deps, view.session.id, step.id, input);
  }
  return view;
}

export async function seedDemoSessions(demo: DemoContext) {
  const deps = { assistant: builtinEngine() };
  for (const r of RESOLVED) {
    const ctx = ctxFor(demo, r.by, r.daysAgo);
    let view = await createSession(ctx, deps, { problem: r.problem, ticket: r.ticket, client: r.client });
    view = await work(ctx, view, 2);
    await addFact({ ...ctx, now: new Date(ctx.now.getTime() + 12 * 60_000) }, view.session.id, {
      text: r.fact,
    });
    await transition({ ...ctx, now: new Date(ctx.now.getTime() + 35 * 60_000) }, view.session.id, 'resolve', {
      root_cause: r.root_cause,
      resolution_summary: r.fix,
    });
  }
  for (const a of ACTIVE) {
    const ctx = ctxFor(demo, a.by, 0.05);
    const view = await createSession(ctx, deps, { problem: a.problem, ticket: a.ticket, client: a.client });
    await work(ctx, view, a.answers);
  }
}
