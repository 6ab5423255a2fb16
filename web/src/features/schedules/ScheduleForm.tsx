import { useMemo, useState, type FormEvent } from 'react';
import { WEEKDAYS, type Weekday } from '../../../../shared/schedules';
import type { Schemas } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Checkbox } from '../../components/ui/Checkbox';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { Select } from '../../components/ui/Select';
import { errorMessage } from '../../lib/errors';
import { emptyLayer, type LayerDraft, type ScheduleDraft } from './scheduleDraft';

const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

const ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/London', 'America/New_York'];
  }
})();

interface ScheduleFormProps {
  title: string;
  initial: ScheduleDraft;
  /** Active engineers, admins and owners: the people who can be on call. */
  seniors: Schemas['Member'][];
  saving: boolean;
  error: unknown;
  onSave: (draft: ScheduleDraft) => void;
  onCancel: () => void;
}

const toggle = <T,>(list: T[], item: T, on: boolean) =>
  on ? [...list, item] : list.filter((x) => x !== item);

/** Create or edit a schedule: its zone and its layers, highest first. */
export function ScheduleForm({
  title,
  initial,
  seniors,
  saving,
  error,
  onSave,
  onCancel,
}: ScheduleFormProps) {
  const [draft, setDraft] = useState(initial);
  const setLayer = (i: number, next: LayerDraft) =>
    setDraft({ ...draft, layers: draft.layers.map((l, j) => (j === i ? next : l)) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(draft);
  };
  return (
    <Card
      title={title}
      description="Layers are listed highest first: the first layer with someone on shift answers."
    >
      <form onSubmit={submit} className="space-y-5" aria-label={title}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Input
            label="Name"
            required
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <Input
            label="Time zone"
            list="schedule-time-zones"
            required
            value={draft.timeZone}
            onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })}
            hint="Hand-off times and restrictions are in this zone (IANA name, e.g. Europe/London)"
          />
          <datalist id="schedule-time-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        {draft.layers.map((layer, i) => (
          <LayerFields
            key={i}
            index={i}
            layer={layer}
            seniors={seniors}
            onChange={(next) => setLayer(i, next)}
            onRemove={
              draft.layers.length > 1
                ? () => setDraft({ ...draft, layers: draft.layers.filter((_, j) => j !== i) })
                : undefined
            }
          />
        ))}
        <Button
          variant="secondary"
          size="sm"
          onClick={() =>
            setDraft({ ...draft, layers: [...draft.layers, emptyLayer(`Layer ${draft.layers.length + 1}`)] })
          }
        >
          Add layer
        </Button>
        {error != null && <Notice tone="error">{errorMessage(error)}</Notice>}
        <div className="flex gap-3">
          <Button type="submit" variant="primary" loading={saving}>
            Save schedule
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

interface LayerFieldsProps {
  index: number;
  layer: LayerDraft;
  seniors: Schemas['Member'][];
  onChange: (next: LayerDraft) => void;
  onRemove?: () => void;
}

function LayerFields({ index, layer, seniors, onChange, onRemove }: LayerFieldsProps) {
  const nameOf = useMemo(() => new Map(seniors.map((m) => [m.id, m.name])), [seniors]);
  const title = `Layer ${index + 1}`;
  return (
    <fieldset className="space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-800">
      <legend className="px-1 text-sm font-semibold text-slate-900 dark:text-slate-100">
        {title}
        {index === 0 ? ' (highest)' : ''}
      </legend>
      <div className="grid gap-4 sm:grid-cols-3">
        <Input
          label={`${title} name`}
          required
          value={layer.name}
          onChange={(e) => onChange({ ...layer, name: e.target.value })}
        />
        <Select
          label={`${title} hand-offs`}
          value={layer.kind}
          onChange={(e) => onChange({ ...layer, kind: e.target.value as LayerDraft['kind'] })}
          options={[
            { value: 'length', label: 'Fixed length' },
            { value: 'rrule', label: 'Recurrence rule (RRULE)' },
          ]}
        />
        <Input
          label={`${title} first hand-off`}
          type="datetime-local"
          required
          value={layer.start}
          onChange={(e) => onChange({ ...layer, start: e.target.value })}
        />
        {layer.kind === 'length' ? (
          <Input
            label={`${title} shift length (hours)`}
            type="number"
            min={1}
            value={layer.lengthHours}
            onChange={(e) => onChange({ ...layer, lengthHours: e.target.value })}
            hint="24 = daily, 168 = weekly; whole days keep the local hand-off time across DST"
          />
        ) : (
          <Input
            label={`${title} RRULE`}
            value={layer.rrule}
            onChange={(e) => onChange({ ...layer, rrule: e.target.value })}
            hint="Each occurrence is a hand-off"
          />
        )}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
          {title} members, in rotation order
        </legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {seniors.map((m) => (
            <Checkbox
              key={m.id}
              label={m.name}
              checked={layer.members.includes(m.id)}
              onChange={(e) => onChange({ ...layer, members: toggle(layer.members, m.id, e.target.checked) })}
            />
          ))}
        </div>
        {layer.members.length > 0 && (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Rotation: {layer.members.map((id) => nameOf.get(id) ?? 'Former member').join(' → ')}
          </p>
        )}
      </fieldset>
      <Checkbox
        label={`Only at certain times (${title})`}
        checked={layer.restricted}
        onChange={(e) => onChange({ ...layer, restricted: e.target.checked })}
      />
      {layer.restricted && (
        <div className="space-y-3">
          <fieldset className="flex flex-wrap gap-x-4 gap-y-2">
            <legend className="sr-only">{title} days</legend>
            {WEEKDAYS.map((d) => (
              <Checkbox
                key={d}
                label={DAY_LABELS[d]}
                checked={layer.days.includes(d)}
                onChange={(e) => onChange({ ...layer, days: toggle(layer.days, d, e.target.checked) })}
              />
            ))}
          </fieldset>
          <div className="grid max-w-md gap-4 sm:grid-cols-2">
            <Input
              label={`${title} from`}
              type="time"
              value={layer.from}
              onChange={(e) => onChange({ ...layer, from: e.target.value })}
            />
            <Input
              label={`${title} until`}
              type="time"
              value={layer.to}
              onChange={(e) => onChange({ ...layer, to: e.target.value })}
              hint="Earlier than “from” runs into the next morning"
            />
          </div>
        </div>
      )}
      {onRemove && (
        <Button variant="ghost" size="sm" onClick={onRemove}>
          Remove {title.toLowerCase()}
        </Button>
      )}
    </fieldset>
  );
}
