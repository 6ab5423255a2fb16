import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { QueryList } from '../../components/ui/QueryList';
import { useToast } from '../../components/ui/Toast';
import { cx } from '../../components/ui/cx';
import { errorMessage } from '../../lib/errors';
import { isSeniorRole } from '../../lib/roles';
import { usePageTitle } from '../../lib/usePageTitle';
import { AdminOnly } from '../settings/AdminOnly';
import { useMembers } from '../settings/api';
import { useCreateSchedule, useDeleteSchedule, useSchedules, useUpdateSchedule, type Schedule } from './api';
import { ScheduleDetailPanel } from './ScheduleDetailPanel';
import { ScheduleForm } from './ScheduleForm';
import { emptySchedule, fromDraft, toDraft, type ScheduleDraft } from './scheduleDraft';

export function SchedulesPage() {
  usePageTitle('On-call schedules');
  return (
    <AdminOnly
      title="On-call schedules are managed by admins"
      reason="Only admins and owners can set up who is on call. The escalation policy pages whoever is on call when an escalation goes out."
    >
      <Schedules />
    </AdminOnly>
  );
}

type Editing = { schedule: Schedule | null } | null;

function Schedules() {
  const schedules = useSchedules();
  const members = useMembers();
  const create = useCreateSchedule();
  const update = useUpdateSchedule();
  const remove = useDeleteSchedule();
  const { notify } = useToast();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Schedule | null>(null);
  const seniors = (members.data ?? []).filter((m) => m.is_active && isSeniorRole(m.role));
  const current = selected ?? schedules.data?.[0]?.id ?? null;

  const save = (draft: ScheduleDraft) => {
    const body = fromDraft(draft);
    const done = (r: { schedule: Schedule }) => {
      notify(`Schedule “${r.schedule.name}” saved.`);
      setSelected(r.schedule.id);
      setEditing(null);
    };
    if (editing?.schedule) update.mutate({ id: editing.schedule.id, body }, { onSuccess: done });
    else create.mutate(body, { onSuccess: done });
  };

  if (editing) {
    const mutation = editing.schedule ? update : create;
    return (
      <ScheduleForm
        title={editing.schedule ? `Edit ${editing.schedule.name}` : 'New schedule'}
        initial={editing.schedule ? toDraft(editing.schedule) : emptySchedule()}
        seniors={seniors}
        saving={mutation.isPending}
        error={mutation.error}
        onSave={save}
        onCancel={() => setEditing(null)}
      />
    );
  }

  const chosen = schedules.data?.find((s) => s.id === current) ?? null;
  return (
    <div className="space-y-6">
      <Card
        title="On-call schedules"
        description="Rotations with hand-off times, weekly restrictions and overrides. Name a schedule in the escalation policy to page whoever is on call."
        actions={
          <Button
            variant="primary"
            size="sm"
            onClick={() => {
              create.reset();
              setEditing({ schedule: null });
            }}
          >
            New schedule
          </Button>
        }
      >
        <QueryList
          query={schedules}
          what="schedules"
          loadingLabel="Loading schedules…"
          empty="No schedules yet."
        >
          {(items) => (
            <ul aria-label="Schedules" className="flex flex-wrap gap-2">
              {items.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    aria-pressed={s.id === current}
                    onClick={() => setSelected(s.id)}
                    className={cx(
                      'rounded-md border px-3 py-1.5 text-sm',
                      s.id === current
                        ? 'border-accent-600 bg-accent-50 text-accent-800 dark:bg-accent-950 dark:text-accent-200'
                        : 'border-slate-200 text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800',
                    )}
                  >
                    {s.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </QueryList>
        {chosen && (
          <div className="mt-4 flex gap-2">
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                update.reset();
                setEditing({ schedule: chosen });
              }}
            >
              Edit {chosen.name}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                remove.reset();
                setDeleting(chosen);
              }}
            >
              Delete {chosen.name}
            </Button>
          </div>
        )}
      </Card>
      {current && <ScheduleDetailPanel scheduleId={current} seniors={seniors} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'schedule'}?`}
        confirmLabel="Delete schedule"
        destructive
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notify(`Schedule “${deleting.name}” deleted.`);
              setSelected(null);
              setDeleting(null);
            },
          })
        }
      >
        Its overrides and calendar link go with it. A schedule the escalation policy pages cannot be deleted.
      </ConfirmDialog>
    </div>
  );
}
