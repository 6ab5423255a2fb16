import type { ChannelKind } from '../../../../../shared/notification-events';

interface TargetCopy {
  label: string;
  placeholder: string;
  hint: string;
  inputMode: 'email' | 'url';
}

/** What the target field asks for, per channel kind (URLs for chat and webhooks, addresses for email). */
export const TARGET_COPY: Record<ChannelKind, TargetCopy> = {
  email: {
    label: 'Email addresses',
    placeholder: 'oncall@example.com, lead@example.com',
    hint: 'Up to 20 addresses, separated by commas.',
    inputMode: 'email',
  },
  slack: {
    label: 'Slack webhook URL',
    placeholder: 'https://hooks.slack.com/services/…',
    hint: 'An incoming-webhook URL from your Slack app. It is stored encrypted and never shown in full again.',
    inputMode: 'url',
  },
  teams: {
    label: 'Teams webhook URL',
    placeholder: 'https://example.webhook.office.com/…',
    hint: 'An incoming-webhook (Workflows) URL for the Teams channel. Stored encrypted, never shown in full again.',
    inputMode: 'url',
  },
  webhook: {
    label: 'Webhook URL',
    placeholder: 'https://example.com/hooks/resolutionflow',
    hint: 'We POST JSON signed with the X-ResolutionFlow-Signature header. The signing secret is shown once, after saving.',
    inputMode: 'url',
  },
};
