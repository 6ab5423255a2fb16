import { Card } from '../../../components/ui/Card';
import { LoadError } from '../../../components/ui/LoadError';
import { controlClasses } from '../../../components/ui/fieldStyles';
import { LoadingState } from '../../../components/ui/Spinner';
import { Table, Td, Th } from '../../../components/ui/Table';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import {
  psaLabel,
  useLinkMember,
  useMemberLinks,
  usePsaMembers,
  type MemberLink,
  type PsaMember,
  type PsaProviderName,
} from './api';

const NOT_LINKED = '';

/** Product user ↔ PSA member: time entries are booked under the resolver's member. */
export function MemberLinksCard({ provider }: { provider: PsaProviderName }) {
  const label = psaLabel(provider);
  const links = useMemberLinks(true);
  const members = usePsaMembers(true);
  return (
    <Card
      title="Members"
      description={`Link each person to their ${label} member, so time entries are booked in their name.`}
      flush
    >
      {(links.isPending || members.isPending) && <LoadingState label="Loading members…" />}
      {links.isError && (
        <div className="p-4 sm:p-5">
          <LoadError what="members" error={links.error} onRetry={() => void links.refetch()} />
        </div>
      )}
      {members.isError && (
        <div className="p-4 sm:p-5">
          <LoadError what={`${label} members`} error={members.error} onRetry={() => void members.refetch()} />
        </div>
      )}
      {links.isSuccess && members.isSuccess && (
        <Table caption={`${label} member of each person`}>
          <thead>
            <tr>
              <Th>Person</Th>
              <Th>{label} member</Th>
            </tr>
          </thead>
          <tbody>
            {links.data.map((link) => (
              <LinkRow key={link.user_id} link={link} members={members.data} label={label} />
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function LinkRow({ link, members, label }: { link: MemberLink; members: PsaMember[]; label: string }) {
  const mutation = useLinkMember();
  const { notify } = useToast();
  // A member linked earlier who has since gone inactive is still shown as the current choice.
  const choices =
    link.psa_member && !members.some((m) => m.id === link.psa_member?.id)
      ? [link.psa_member, ...members]
      : members;
  const options = [
    { value: NOT_LINKED, label: 'Not linked' },
    ...choices.map((m) => ({ value: String(m.id), label: `${m.name} (${m.identifier})` })),
  ];
  const onChange = (value: string) =>
    mutation.mutate(
      { userId: link.user_id, memberId: value === NOT_LINKED ? null : Number(value) },
      {
        onSuccess: () =>
          notify(value === NOT_LINKED ? `${link.name} is no longer linked.` : `${link.name} linked.`),
        onError: (error) => notify(errorMessage(error, 'Could not change the link.'), 'error'),
      },
    );
  return (
    <tr>
      <Td>
        <span className="block font-medium text-slate-900 dark:text-slate-100">{link.name}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-400">{link.email}</span>
      </Td>
      <Td className="min-w-56">
        {/* The row names the person; the column header names the field, so no visible label per row. */}
        <select
          aria-label={`${label} member for ${link.name}`}
          className={controlClasses(mutation.isError, 'h-10 pr-8')}
          value={link.psa_member ? String(link.psa_member.id) : NOT_LINKED}
          disabled={mutation.isPending}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Td>
    </tr>
  );
}
