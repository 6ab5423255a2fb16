import type { HandoffRow } from '../handoffs/handoffs.repo';
import type { Notice } from '../deliveries/notice';
import { renderSlack } from '../deliveries/render';
import type { SlackMessage } from './slack-api';

/** The Claim button's action id; its value is the handoff id. */
export const CLAIM_ACTION = 'claim_handoff';
/** The link button: Slack reports its clicks too, and they need nothing from us. */
export const OPEN_ACTION = 'open_handoff';

/** Where an escalation stands, as its Slack message shows it. */
export type MessageState = { kind: 'open' } | { kind: 'claimed'; by: string } | { kind: 'closed' };

export function messageState(
  h: Pick<HandoffRow, 'claimed_by' | 'claimed_by_name' | 'resolved_at'>,
): MessageState {
  if (h.resolved_at) return { kind: 'closed' };
  if (h.claimed_by) return { kind: 'claimed', by: h.claimed_by_name ?? 'an engineer' };
  return { kind: 'open' };
}

const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The bot's escalation message: the same card as the incoming-webhook one, whose buttons are Claim
 * (while nobody holds it) and Open handoff. Once claimed the Claim button is gone for everyone and a
 * line says who took it.
 */
export function renderAppMessage(n: Notice, state: MessageState): SlackMessage {
  const card = renderSlack(n);
  const blocks = card.blocks.filter((b) => b.type !== 'actions') as Record<string, unknown>[];
  const open = {
    type: 'button',
    text: { type: 'plain_text', text: 'Open handoff' },
    url: n.url,
    action_id: OPEN_ACTION,
  };
  if (state.kind === 'open' && n.handoffId) {
    blocks.push({
      type: 'actions',
      block_id: 'handoff_actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Claim' },
          style: 'primary',
          action_id: CLAIM_ACTION,
          value: n.handoffId,
        },
        open,
      ],
    });
    return { text: card.text, blocks };
  }
  const line =
    state.kind === 'claimed' ? `Claimed by ${escapeSlack(state.by)}` : 'Closed: the session was resolved';
  blocks.push(
    { type: 'context', elements: [{ type: 'mrkdwn', text: `:white_check_mark: *${line}*` }] },
    { type: 'actions', block_id: 'handoff_actions', elements: [open] },
  );
  return { text: `${card.text} (${line})`, blocks };
}
