import { Table, Td, Th } from '../../../components/ui/Table';
import { formatDateTime } from '../../../lib/format';
import { formatTimeAgo } from '../../../lib/timeAgo';
import { useNow } from '../../../lib/useNow';
import type { AuditEntry } from './api';

const muted = 'text-slate-600 dark:text-slate-400';
/** Longer details are cut in the table; the full text stays in the cell's tooltip. */
const DETAILS_MAX = 160;

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const now = useNow();
  return (
    <Table caption="Audit log, newest first">
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Details</Th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const details = compactDetails(entry.details);
          return (
            <tr key={entry.id}>
              <Td className="whitespace-nowrap">
                <time dateTime={entry.created_at} className="block">
                  {formatDateTime(entry.created_at)}
                </time>
                <span className={`block text-xs ${muted}`}>{formatTimeAgo(entry.created_at, { now })}</span>
              </Td>
              <Td className="min-w-40">
                {entry.actor ? (
                  <>
                    <span className="block">{entry.actor.name}</span>
                    <span className={`block text-xs ${muted}`}>{entry.actor.email}</span>
                  </>
                ) : (
                  <span className={muted}>System</span>
                )}
              </Td>
              <Td className="font-mono text-xs whitespace-nowrap">{entry.action}</Td>
              <Td className="min-w-36 text-xs">
                <span className="block">{entry.target_type.replace(/_/g, ' ')}</span>
                {entry.target_id && (
                  <span className={`block font-mono ${muted}`} title={entry.target_id}>
                    {shortId(entry.target_id)}
                  </span>
                )}
              </Td>
              <Td className={`max-w-96 min-w-48 text-xs break-words ${muted}`} title={details || undefined}>
                {details ? truncate(details) : '—'}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

/** `role: tech → engineer` reads better than JSON, so the common shapes get plain wording. */
export function compactDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([name, value]) => `${name.replace(/_/g, ' ')}: ${compactValue(value)}`)
    .join(' · ');
}

function compactValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length ? value.map(compactValue).join(', ') : 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const truncate = (text: string) => (text.length > DETAILS_MAX ? `${text.slice(0, DETAILS_MAX - 1)}…` : text);
/** A UUID's first block is enough to tell rows apart at a glance; ids that are short stay whole. */
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);
