import { formatElapsed } from '../../lib/elapsed';
import type { Notice } from './notice';

/** Formats of one notice per channel kind. Every piece of user text is escaped for its target. */

export const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Slack mrkdwn treats &, < and > as control characters (links, mentions); nothing else needs escaping. */
const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function assessmentLine(n: Notice): string | null {
  switch (n.assessmentStatus) {
    case 'pending':
      return 'Being prepared; it appears on the handoff screen';
    case 'ready':
      return n.likelyCause ? `Ready. Likely cause: ${n.likelyCause}` : 'Ready';
    case 'unavailable':
      return 'Unavailable; the handoff screen has everything that was tried';
    default:
      return null;
  }
}

/** Label/value pairs shown by every format, in order; empty values are left out. */
function facts(n: Notice): [string, string][] {
  const rows: [string, string | null][] = [
    ['Escalated by', n.escalatedBy],
    ['Ticket', n.ticket ? `#${n.ticket}` : null],
    ['Priority', n.priority ? n.priority.toUpperCase() : null],
    ['Steps tried', n.stepsTried === null ? null : String(n.stepsTried)],
    ['Waiting', n.handoffId ? formatElapsed(n.ageSeconds, 'compact') : null],
    ['Assessment', assessmentLine(n)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

const BUTTON = 'Open handoff';

export function renderEmail(n: Notice): { subject: string; text: string; html: string } {
  const list = facts(n);
  const problem = n.problem && n.problem !== n.summary ? cut(n.problem, 2000) : null;
  const text = [
    n.title,
    '',
    `Problem: ${n.summary}`,
    ...(problem ? ['', problem] : []),
    '',
    ...list.map(([k, v]) => `${k}: ${v}`),
    ...(n.engineerNotes ? ['', 'Engineer notes:', n.engineerNotes] : []),
    '',
    `${BUTTON}: ${n.url}`,
    '',
    '--',
    'Sent by ResolutionFlow to the engineers, admins and owners of your account.',
  ].join('\n');

  const cell = 'padding:4px 12px 4px 0;vertical-align:top;';
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(n.title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2328;">
<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;">
<h1 style="font-size:18px;margin:0 0 12px;">${escapeHtml(n.title)}</h1>
<p style="margin:0 0 12px;"><strong>Problem:</strong> ${escapeHtml(n.summary)}</p>
${problem ? `<p style="margin:0 0 12px;white-space:pre-wrap;color:#57606a;">${escapeHtml(problem)}</p>` : ''}
<table role="presentation" style="border-collapse:collapse;margin:0 0 12px;font-size:14px;">
${list.map(([k, v]) => `<tr><td style="${cell}color:#57606a;">${escapeHtml(k)}</td><td style="${cell}">${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
${n.engineerNotes ? `<p style="margin:0 0 4px;"><strong>Engineer notes</strong></p><blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #d0d7de;white-space:pre-wrap;">${escapeHtml(n.engineerNotes)}</blockquote>` : ''}
<p style="margin:20px 0;"><a href="${escapeHtml(n.url)}" style="display:inline-block;background:#0969da;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600;">${BUTTON}</a></p>
<p style="margin:0;font-size:12px;color:#57606a;">Or open ${escapeHtml(n.url)}</p>
</div>
<p style="max-width:600px;margin:12px auto 0;font-size:12px;color:#57606a;">Sent by ResolutionFlow to the engineers, admins and owners of your account.</p>
</body></html>`;
  return { subject: n.title, text, html };
}

/** Slack incoming webhook, Block Kit. `text` is the notification fallback. */
export function renderSlack(n: Notice) {
  const fields = facts(n)
    .slice(0, 10)
    .map(([k, v]) => ({ type: 'mrkdwn', text: cut(`*${k}*\n${escapeSlack(v)}`, 2000) }));
  return {
    text: escapeSlack(n.title),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(n.title, 150), emoji: false } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: cut(escapeSlack(n.summary || n.title), 3000) },
        ...(fields.length ? { fields } : {}),
      },
      ...(n.engineerNotes
        ? [
            {
              type: 'context',
              elements: [{ type: 'mrkdwn', text: cut(`Notes: ${escapeSlack(n.engineerNotes)}`, 2000) }],
            },
          ]
        : []),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: BUTTON },
            url: n.url,
            style: 'primary',
            action_id: 'open_handoff',
          },
        ],
      },
    ],
  };
}

/** Microsoft Teams Workflows webhook: a `message` carrying one Adaptive Card 1.4. */
export function renderTeams(n: Notice) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: n.title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: n.summary || n.title, wrap: true },
            { type: 'FactSet', facts: facts(n).map(([title, value]) => ({ title, value })) },
            ...(n.engineerNotes
              ? [{ type: 'TextBlock', text: `Notes: ${n.engineerNotes}`, wrap: true, isSubtle: true }]
              : []),
          ],
          actions: [{ type: 'Action.OpenUrl', title: BUTTON, url: n.url }],
        },
      },
    ],
  };
}

/** Generic webhook body: the event with the same human-facing fields the chat cards show. */
export function renderWebhook(n: Notice) {
  const e = n.event;
  return {
    id: String(e.id),
    type: e.type,
    created_at: e.createdAt.toISOString(),
    account_id: e.accountId,
    data: {
      ...e.payload,
      title: n.title,
      url: n.url,
      handoff_id: n.handoffId,
      session_id: n.sessionId,
      problem_summary: n.summary,
      ticket: n.ticket,
      priority: n.priority,
      escalated_by: n.escalatedBy,
      engineer_notes: n.engineerNotes,
      steps_tried: n.stepsTried,
      assessment_status: n.assessmentStatus,
      likely_cause: n.likelyCause,
      age_seconds: n.ageSeconds,
    },
  };
}
