import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { buttonClasses } from '../../../components/ui/buttonStyles';
import { Card } from '../../../components/ui/Card';
import { Input } from '../../../components/ui/Input';
import { LoadError } from '../../../components/ui/LoadError';
import { Select } from '../../../components/ui/Select';
import { LoadingState } from '../../../components/ui/Spinner';
import { usePageTitle } from '../../../lib/usePageTitle';
import { AdminOnly } from '../AdminOnly';
import { useMembers } from '../api';
import { auditCsvUrl, NO_FILTERS, useAuditLog, type AuditFilters } from './api';
import { AuditTable } from './AuditTable';

/** What the action filter accepts (the server refuses anything else with a 400). */
const ACTION_PATTERN = /^[A-Za-z0-9_.:-]*$/;

export function AuditLogPage() {
  usePageTitle('Audit log');
  return (
    <AdminOnly
      title="The audit log is for admins"
      reason="Only admins and owners can see who changed members, tokens, sign-in and other settings."
    >
      <AuditLog />
    </AdminOnly>
  );
}

function AuditLog() {
  // The form edits a draft; the list and the export follow the applied filters only.
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const members = useMembers();
  const log = useAuditLog(applied);

  const actionInvalid = !ACTION_PATTERN.test(draft.action.trim());
  const datesInvalid = Boolean(draft.from && draft.to && draft.from > draft.to);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!actionInvalid && !datesInvalid) setApplied(draft);
  };
  const onClear = () => {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
  };
  const set = (name: keyof AuditFilters) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value }));

  const actorOptions = [
    { value: '', label: 'Anyone' },
    ...(members.data ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.email})` })),
  ];
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(applied).some(Boolean);

  return (
    <Card
      title="Audit log"
      description="Who did what in this account, newest first: members, tokens, sign-in, channels, policies and knowledge."
      actions={
        <a href={auditCsvUrl(applied)} download className={buttonClasses('secondary', 'sm')}>
          Export CSV<span className="sr-only"> of the entries shown</span>
        </a>
      }
      flush
    >
      <form
        onSubmit={onSubmit}
        aria-label="Filter the audit log"
        className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3 sm:px-5 dark:border-slate-800"
      >
        <div className="w-full sm:w-56">
          <Input
            label="Action"
            placeholder="e.g. member. or api_token.created"
            value={draft.action}
            onChange={set('action')}
            error={actionInvalid ? 'Letters, digits, _ . : and - only' : undefined}
            hint="An exact action, or a prefix ending with a dot"
          />
        </div>
        <div className="w-full sm:w-64">
          <Select label="Actor" options={actorOptions} value={draft.actor} onChange={set('actor')} />
        </div>
        <div className="w-full sm:w-40">
          <Input label="From" type="date" value={draft.from} onChange={set('from')} />
        </div>
        <div className="w-full sm:w-40">
          <Input
            label="To"
            type="date"
            value={draft.to}
            onChange={set('to')}
            error={datesInvalid ? 'On or after the start' : undefined}
          />
        </div>
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        {filtered && (
          <Button type="button" variant="ghost" onClick={onClear}>
            Clear
          </Button>
        )}
      </form>
      {log.isPending && <LoadingState label="Loading the audit log…" />}
      {log.isError && (
        <div className="p-4 sm:p-5">
          <LoadError what="the audit log" error={log.error} onRetry={() => void log.refetch()} />
        </div>
      )}
      {log.isSuccess && entries.length === 0 && (
        <p className="px-4 py-6 text-sm text-slate-600 sm:px-5 dark:text-slate-400">
          {filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}
        </p>
      )}
      {entries.length > 0 && <AuditTable entries={entries} />}
      {log.hasNextPage && (
        <div className="flex justify-center px-4 py-4">
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}
