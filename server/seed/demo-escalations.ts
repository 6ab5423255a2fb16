import { builtinEngine } from '../ai';
import { AssessmentWorker } from '../jobs/assessment-worker';
import { createLogger } from '../lib/logger';
import { claimHandoff, createHandoff } from '../modules/handoffs/handoffs.service';
import { answerStep, createSession, transition } from '../modules/sessions/sessions.service';
import type { DemoContext } from './demo';
import { ctxFor } from './demo-sessions';

/**
 * Escalations on first start: one waiting in the queue with its assessment ready, one claimed by a
 * senior, one resolved after escalation — so the queue, the handoff screen and the metrics have
 * something to show.
 */
export async function seedDemoEscalations(demo: DemoContext) {
  const deps = { assistant: builtinEngine() };
  const handoffDeps = { kickAssessments: () => {} };
  const scenarios = [
    {
      tech: 'tech@northwind.test',
      minutesAgo: 7,
      problem: 'Outlook keeps asking for the password and stays disconnected after the password change',
      ticket: '40518',
      client: 'Baker Legal',
      notes: 'Cleared credentials once, still prompting. User is a partner, needs mail before 2pm.',
      priority: 'p2' as const,
    },
    {
      tech: 'tech2@northwind.test',
      minutesAgo: 95,
      problem: 'Site-to-site VPN to the Leeds office dropped, phase 1 comes up but no traffic passes',
      client: 'Miller Architects',
      notes: 'Both firewalls rebooted. Logs show NO_PROPOSAL_CHOSEN after the ISP swap.',
      priority: 'p1' as const,
      claimBy: 'senior@northwind.test',
      claimAfterMinutes: 3,
    },
    {
      tech: 'tech@northwind.test',
      minutesAgo: 60 * 26,
      problem: 'Backup job failing every night on the file server with VSS errors',
      client: 'Harbor Dental',
      notes: 'VSS writers look stable, job still fails at snapshot.',
      priority: 'p3' as const,
      claimBy: 'senior2@northwind.test',
      claimAfterMinutes: 6,
      resolve: {
        root_cause: 'Shadow storage on D: limited to 1 GB',
        fix: 'Raised the shadow storage limit with vssadmin and reran the job',
      },
    },
  ];
  for (const sc of scenarios) {
    const ctx = ctxFor(demo, sc.tech, sc.minutesAgo / 1440 + 0.01);
    let view = await createSession(ctx, deps, { problem: sc.problem, ticket: sc.ticket, client: sc.client });
    if (view.current_step) {
      const st = view.current_step;
      view = await answerStep(
        ctx,
        deps,
        view.session.id,
        st.id,
        st.kind === 'action'
          ? { outcome: 'failed', note: 'No change' }
          : st.content.options[0]
            ? { option: st.content.options[0].value }
            : { skipped: true },
      );
    }
    const escalateCtx = ctxFor(demo, sc.tech, sc.minutesAgo / 1440);
    const handoff = await createHandoff(escalateCtx, handoffDeps, view.session.id, {
      intent: 'escalate',
      engineer_notes: sc.notes,
      priority: sc.priority,
    });
    if (sc.claimBy) {
      const claimCtx = ctxFor(demo, sc.claimBy, (sc.minutesAgo - sc.claimAfterMinutes!) / 1440);
      await claimHandoff(claimCtx, handoff.id);
      if (sc.resolve) {
        await transition(
          { ...claimCtx, now: new Date(claimCtx.now.getTime() + 40 * 60_000) },
          view.session.id,
          'resolve',
          {
            root_cause: sc.resolve.root_cause,
            resolution_summary: sc.resolve.fix,
          },
        );
      }
    }
  }
  // Produce the assessments now, so the waiting escalation shows a ready one on first open.
  const worker = new AssessmentWorker(
    demo.db,
    builtinEngine(),
    builtinEngine(),
    5000,
    createLogger('silent'),
  );
  worker.kick();
  await worker.idle();
}
