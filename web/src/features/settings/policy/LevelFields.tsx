import { POLICY_CHANNELS, POLICY_ROLES, type PolicyChannel } from '../../../../../shared/escalation-policy';
import type { Schemas } from '../../../api/client';
import { scheduleTarget } from '../../../../../shared/schedules';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Checkbox } from '../../../components/ui/Checkbox';
import { errorClasses } from '../../../components/ui/fieldStyles';
import { CloseIcon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/Input';
import { Select } from '../../../components/ui/Select';
import { errorUnder, type LevelDraft } from './draft';
import { CHANNEL_LABELS, ROLE_GROUP_LABELS } from './labels';

type Member = Schemas['Member'];

interface LevelFieldsProps {
  title: string;
  level: LevelDraft;
  onChange: (next: LevelDraft) => void;
  /** Level 0 fires at escalation and has no wait of its own. */
  firesAtEscalation?: boolean;
  /** Active senior members that can be named individually. */
  seniors: Member[];
  /** On-call schedules a level can page (whoever is on call when it fires). */
  schedules: { id: string; name: string }[];
  memberName: (id: string) => string;
  readOnly: boolean;
  /** Server validation messages; `path` is this level's prefix, e.g. `levels.1`. */
  errors: Map<string, string>;
  path: string;
  onRemove?: () => void;
}

const toggle = <T,>(list: T[], item: T, on: boolean) =>
  on ? [...list, item] : list.filter((x) => x !== item);

/** One level of the policy: when it fires, whom it notifies (roles or people) and through which channels. */
export function LevelFields({
  title,
  level,
  onChange,
  firesAtEscalation,
  seniors,
  schedules,
  memberName,
  readOnly,
  errors,
  path,
  onRemove,
}: LevelFieldsProps) {
  // Named people and schedule targets both show as removable badges; memberName names either.
  const people = level.notify.filter((n) => !(POLICY_ROLES as readonly string[]).includes(n));
  const addable = seniors.filter((m) => !level.notify.includes(m.id));
  const addableSchedules = schedules.filter((s) => !level.notify.includes(scheduleTarget(s.id)));
  const notifyError = errorUnder(errors, `${path}.notify`);
  const channelError = errorUnder(errors, `${path}.channels`);

  return (
    <fieldset className="space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-800">
      <legend className="px-1 text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</legend>
      <div className="flex flex-wrap items-end justify-between gap-3">
        {firesAtEscalation ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Fires as soon as the session is escalated.
          </p>
        ) : (
          <div className="w-56">
            <Input
              label="Wait (minutes)"
              type="number"
              inputMode="numeric"
              min={1}
              max={1440}
              value={level.after}
              onChange={(e) => onChange({ ...level, after: e.target.value })}
              hint="After the previous level fired"
              error={errorUnder(errors, `${path}.after_minutes`)}
            />
          </div>
        )}
        {onRemove && !readOnly && (
          <Button size="sm" variant="ghost" onClick={onRemove}>
            Remove {title.toLowerCase()}
          </Button>
        )}
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Notify</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {POLICY_ROLES.map((role) => (
            <Checkbox
              key={role}
              label={ROLE_GROUP_LABELS[role]}
              checked={level.notify.includes(role)}
              onChange={(e) => onChange({ ...level, notify: toggle(level.notify, role, e.target.checked) })}
            />
          ))}
        </div>
        {people.length > 0 && (
          <ul className="flex flex-wrap gap-2" aria-label={`People notified at ${title.toLowerCase()}`}>
            {people.map((id) => (
              <li key={id} className="inline-flex items-center gap-1">
                <Badge tone="accent">{memberName(id)}</Badge>
                {!readOnly && (
                  <button
                    type="button"
                    className="rounded p-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800"
                    aria-label={`Remove ${memberName(id)} from ${title.toLowerCase()}`}
                    onClick={() => onChange({ ...level, notify: level.notify.filter((n) => n !== id) })}
                  >
                    <CloseIcon className="size-3.5" />
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {!readOnly && addable.length > 0 && (
          <div className="max-w-xs">
            <Select
              label="Also notify a person"
              value=""
              onChange={(e) =>
                e.target.value && onChange({ ...level, notify: [...level.notify, e.target.value] })
              }
              options={[
                { value: '', label: 'Choose a member…' },
                ...addable.map((m) => ({ value: m.id, label: m.name })),
              ]}
            />
          </div>
        )}
        {!readOnly && addableSchedules.length > 0 && (
          <div className="max-w-xs">
            <Select
              label="Also page whoever is on call"
              value=""
              onChange={(e) =>
                e.target.value &&
                onChange({ ...level, notify: [...level.notify, scheduleTarget(e.target.value)] })
              }
              options={[
                { value: '', label: 'Choose a schedule…' },
                ...addableSchedules.map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
          </div>
        )}
        {notifyError && <p className={errorClasses}>{notifyError}</p>}
        <Checkbox
          label={`Round-robin: page one person at a time (${title.toLowerCase()})`}
          checked={level.roundRobin !== ''}
          onChange={(e) => onChange({ ...level, roundRobin: e.target.checked ? '2' : '' })}
          hint="In turn among the people this level names, skipping anyone already holding too many open claims."
        />
        {level.roundRobin !== '' && (
          <div className="w-56">
            <Input
              label="Skip anyone holding this many open claims"
              type="number"
              inputMode="numeric"
              min={1}
              value={level.roundRobin}
              onChange={(e) => onChange({ ...level, roundRobin: e.target.value })}
              error={errorUnder(errors, `${path}.round_robin`)}
            />
          </div>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Channels</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {POLICY_CHANNELS.map((channel: PolicyChannel) => (
            <Checkbox
              key={channel}
              label={CHANNEL_LABELS[channel]}
              checked={level.channels.includes(channel)}
              onChange={(e) =>
                onChange({ ...level, channels: toggle(level.channels, channel, e.target.checked) })
              }
            />
          ))}
        </div>
        {channelError && <p className={errorClasses}>{channelError}</p>}
      </fieldset>
    </fieldset>
  );
}
