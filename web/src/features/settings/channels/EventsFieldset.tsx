import { useId } from 'react';
import { Checkbox } from '../../../components/ui/Checkbox';
import { errorClasses, hintClasses } from '../../../components/ui/fieldStyles';
import { EVENT_OPTIONS } from '../notificationLabels';

interface EventsFieldsetProps {
  value: readonly string[];
  onChange: (next: string[]) => void;
  error?: string | null;
}

/** The events a channel subscribes to: a group of checkboxes under one legend, error announced with it. */
export function EventsFieldset({ value, onChange, error }: EventsFieldsetProps) {
  const id = useId();
  const toggle = (key: string, on: boolean) =>
    onChange(
      on
        ? EVENT_OPTIONS.map((o) => o.value).filter((k) => k === key || value.includes(k))
        : value.filter((k) => k !== key),
    );
  return (
    <fieldset aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} className="space-y-2">
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Events</legend>
      <p id={`${id}-hint`} className={hintClasses}>
        Which escalation events this channel hears about.
      </p>
      <div className="space-y-2">
        {EVENT_OPTIONS.map((option) => (
          <Checkbox
            key={option.value}
            label={option.label}
            checked={value.includes(option.value)}
            aria-invalid={error ? true : undefined}
            onChange={(e) => toggle(option.value, e.target.checked)}
          />
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className={errorClasses}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
