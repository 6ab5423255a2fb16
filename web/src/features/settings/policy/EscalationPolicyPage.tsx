import { useMemo, useState, type FormEvent } from 'react';
import { POLICY_LIMITS } from '../../../../../shared/escalation-policy';
import type { Schemas } from '../../../api/client';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { Checkbox } from '../../../components/ui/Checkbox';
import { Input } from '../../../components/ui/Input';
import { LoadError } from '../../../components/ui/LoadError';
import { Notice } from '../../../components/ui/Notice';
import { LoadingState } from '../../../components/ui/Spinner';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { canManageMembers, isSeniorRole } from '../../../lib/roles';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useSession } from '../../auth/AuthContext';
import { UnsavedChangesGuard } from '../../sessions/UnsavedChangesGuard';
import { useMembers } from '../api';
import { scheduleTargetId } from '../../../../../shared/schedules';
import { useSchedules, type Schedule } from '../../schedules/api';
import { useEscalationPolicy, useSaveEscalationPolicy, type PolicyResponse } from './api';
import { emptyLevel, errorsByPath, fromDraft, isComplete, toDraft, type LevelDraft } from './draft';
import { LevelFields } from './LevelFields';
import { PolicySchedule } from './PolicySchedule';

type Member = Schemas['Member'];

export function EscalationPolicyPage() {
  usePageTitle('Escalation policy');
  const { user } = useSession();
  const policy = useEscalationPolicy();
  const members = useMembers();
  // Schedules are readable by seniors; others see schedule targets by a generic name.
  const schedules = useSchedules(isSeniorRole(user.role));
  if (policy.isPending || members.isPending) return <LoadingState label="Loading the escalation policy…" />;
  if (policy.isError)
    return (
      <LoadError what="the escalation policy" error={policy.error} onRetry={() => void policy.refetch()} />
    );
  return (
    // Keyed by the save time: after a save the form starts again from what the server stored.
    <PolicyForm
      key={policy.data.updated_at ?? 'default'}
      saved={policy.data}
      members={members.data ?? []}
      schedules={schedules.data ?? []}
      readOnly={!canManageMembers(user.role)}
    />
  );
}

type Saved = PolicyResponse['policy'];

function PolicyForm({
  saved,
  members,
  schedules,
  readOnly,
}: {
  saved: Saved;
  members: Member[];
  schedules: Schedule[];
  readOnly: boolean;
}) {
  const { notify } = useToast();
  const save = useSaveEscalationPolicy();
  const initial = useMemo(() => toDraft(saved), [saved]);
  const [draft, setDraft] = useState(initial);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const errors = errorsByPath(save.error);
  const preview = fromDraft(draft);

  const seniors = members.filter((m) => m.is_active && isSeniorRole(m.role));
  const memberName = (id: string) => {
    const scheduleId = scheduleTargetId(id);
    if (scheduleId === null) return members.find((m) => m.id === id)?.name ?? 'Former member';
    return `on call in ${schedules.find((s) => s.id === scheduleId)?.name ?? 'a schedule'}`;
  };
  const setLevel = (i: number, next: LevelDraft) =>
    setDraft({ ...draft, levels: draft.levels.map((l, j) => (j === i ? next : l)) });
  const levelProps = { seniors, schedules, memberName, readOnly, errors };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(preview, {
      onSuccess: () => notify('Escalation policy saved. New escalations follow it; open ones keep theirs.'),
    });
  };

  return (
    <form onSubmit={onSubmit} className="space-y-6" aria-label="Escalation policy">
      <UnsavedChangesGuard
        when={dirty}
        message="Your changes to the escalation policy are not saved. Leave and lose them?"
      />
      {readOnly && (
        <Notice>
          Only admins and owners can change the escalation policy. This is what applies to your team.
        </Notice>
      )}
      {saved.is_default && !readOnly && (
        <Notice>Your team uses the default policy. Adjust it and save to make it your own.</Notice>
      )}
      <fieldset disabled={readOnly} className="space-y-6">
        <Card
          title="Levels"
          description="Who hears about an escalation nobody has claimed, and when. Each level fires at most once per escalation; a claim stops the schedule."
        >
          <div className="space-y-4">
            {draft.levels.map((level, i) => (
              <LevelFields
                key={i}
                title={i === 0 ? 'Level 0' : `Level ${i}`}
                firesAtEscalation={i === 0}
                level={level}
                onChange={(next) => setLevel(i, next)}
                path={`levels.${i}`}
                onRemove={
                  i > 0
                    ? () => setDraft({ ...draft, levels: draft.levels.filter((_, j) => j !== i) })
                    : undefined
                }
                {...levelProps}
              />
            ))}
            {!readOnly && draft.levels.length < POLICY_LIMITS.maxLevels && (
              <Button
                size="sm"
                onClick={() => setDraft({ ...draft, levels: [...draft.levels, emptyLevel()] })}
              >
                Add level
              </Button>
            )}
          </div>
        </Card>

        <Card
          title="When still nobody claims"
          description="Repeat the last level, then finish with a catch-all."
        >
          <div className="space-y-4">
            <div className="w-56">
              <Input
                label="Repeat the last level"
                type="number"
                min={0}
                max={POLICY_LIMITS.maxRepeat}
                value={draft.repeat}
                onChange={(e) => setDraft({ ...draft, repeat: e.target.value })}
                hint="Extra times, each after its wait"
                error={errors.get('repeat')}
              />
            </div>
            <Checkbox
              label="Finish with a catch-all level"
              checked={draft.catchAllOn}
              onChange={(e) => setDraft({ ...draft, catchAllOn: e.target.checked })}
            />
            {draft.catchAllOn && (
              <LevelFields
                title="Catch-all"
                level={draft.catchAll}
                onChange={(next) => setDraft({ ...draft, catchAll: next })}
                path="catch_all"
                {...levelProps}
              />
            )}
          </div>
        </Card>

        <Card title="Timers">
          <div className="grid gap-6 sm:grid-cols-2">
            <Input
              label="P1 waits (% of the normal wait)"
              type="number"
              min={POLICY_LIMITS.minP1Factor * 100}
              max={100}
              value={draft.p1Percent}
              onChange={(e) => setDraft({ ...draft, p1Percent: e.target.value })}
              hint="50 halves every wait for P1 escalations, the claim timeout included."
              error={errors.get('p1_factor')}
            />
            <div className="space-y-3">
              <Checkbox
                label="Remind when a claim sits idle"
                checked={draft.claimTimeoutOn}
                onChange={(e) => setDraft({ ...draft, claimTimeoutOn: e.target.checked })}
                hint="No step answered, fact or note added by the claimer: remind them, then admins and owners."
              />
              {draft.claimTimeoutOn && (
                <Input
                  label="Claim timeout (minutes)"
                  type="number"
                  min={1}
                  max={POLICY_LIMITS.maxClaimTimeoutMinutes}
                  value={draft.claimTimeout}
                  onChange={(e) => setDraft({ ...draft, claimTimeout: e.target.value })}
                  error={errors.get('claim_timeout_minutes')}
                />
              )}
            </div>
          </div>
        </Card>
      </fieldset>

      <Card
        title="Schedule"
        description="What happens to an escalation nobody claims, counted from the moment it is escalated."
      >
        {isComplete(preview) ? (
          <PolicySchedule policy={preview} memberName={memberName} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Fill in every wait to see the schedule.
          </p>
        )}
      </Card>

      {save.isError && (
        <Notice tone="error">{errorMessage(save.error, 'Could not save the escalation policy.')}</Notice>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {saved.updated_at
            ? `Last changed by ${saved.updated_by?.name ?? 'a former member'} on ${formatDateTime(saved.updated_at)}.`
            : 'Not changed yet.'}
        </p>
        {!readOnly && (
          <div className="flex gap-2">
            <Button
              disabled={!dirty || save.isPending}
              onClick={() => {
                save.reset();
                setDraft(initial);
              }}
            >
              Discard changes
            </Button>
            <Button type="submit" variant="primary" loading={save.isPending} disabled={!dirty}>
              Save policy
            </Button>
          </div>
        )}
      </div>
    </form>
  );
}
