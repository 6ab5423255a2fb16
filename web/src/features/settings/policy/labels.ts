import type { PolicyChannel, PolicyRole } from '../../../../../shared/escalation-policy';

export const ROLE_GROUP_LABELS: Record<PolicyRole, string> = {
  owner: 'Owners',
  admin: 'Admins',
  engineer: 'Engineers',
};

export const CHANNEL_LABELS: Record<PolicyChannel, string> = {
  in_app: 'In-app bell',
  email: 'Email',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  webhook: 'Webhook',
};

/** "Owners, Admins and Dana Lee" for a level's notify list. */
export function describeNotify(notify: string[], memberName: (id: string) => string): string {
  const names = notify.map((n) => ROLE_GROUP_LABELS[n as PolicyRole] ?? memberName(n));
  if (names.length <= 1) return names[0] ?? 'nobody';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export const formatMinutes = (m: number) => {
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = Math.round(m % 60);
  return rest ? `${h} h ${rest} min` : `${h} h`;
};
