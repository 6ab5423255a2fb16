import type { ReactNode } from 'react';
import { Button } from '../../../../components/ui/Button';
import { describedBy } from '../../../../components/ui/Field';
import { controlClasses, errorClasses, labelClasses } from '../../../../components/ui/fieldStyles';
import { Input } from '../../../../components/ui/Input';
import { Select, type SelectOption } from '../../../../components/ui/Select';
import { Textarea } from '../../../../components/ui/Textarea';
import { move } from '../draft';
import { fieldId } from '../issues';
import { useIssue } from './issuesContext';

interface PathFieldProps {
  /** Document path of the value, e.g. `steps[1].text`: names the control and finds its message. */
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  onBlur?: () => void;
  onFocus?: () => void;
  readOnly?: boolean;
  placeholder?: string;
}

export function TextField({ path, onChange, rows, ...rest }: PathFieldProps & { rows?: number }) {
  const error = useIssue(path);
  const common = { id: fieldId(path), error, ...rest };
  return rows ? (
    <Textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
  ) : (
    <Input {...common} onChange={(e) => onChange(e.target.value)} />
  );
}

export function SelectField({
  path,
  label,
  value,
  options,
  onChange,
  hint,
}: Omit<PathFieldProps, 'onBlur' | 'onFocus'> & { options: readonly SelectOption[] }) {
  // Enum messages list every allowed value in one unbroken run; let it wrap inside the column.
  return (
    <div className="min-w-0 [overflow-wrap:anywhere]">
      <Select
        id={fieldId(path)}
        label={label}
        hint={hint}
        value={value}
        options={options}
        error={useIssue(path)}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** An input whose label is read out but not shown, for dense rows where a heading already says what it is. */
export function CompactInput({ path, label, value, onChange, onBlur, placeholder }: PathFieldProps) {
  const id = fieldId(path);
  const error = useIssue(path);
  return (
    <div className="min-w-0 flex-1 space-y-1">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, null, error)}
        className={controlClasses(Boolean(error), 'h-10')}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
      {error && (
        <p id={`${id}-error`} className={errorClasses}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Up, down and remove for one item of a list; labels name the item so each button is distinct. */
export function ItemControls({
  name,
  index,
  count,
  onMove,
  onRemove,
}: {
  name: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  return (
    <div className="flex shrink-0 items-center gap-1">
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Move ${name} up`}
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      >
        ↑
      </Button>
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Move ${name} down`}
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        ↓
      </Button>
      <Button size="sm" variant="ghost" aria-label={`Remove ${name}`} onClick={onRemove}>
        Remove
      </Button>
    </div>
  );
}

/** A list of short phrases (symptoms, keywords, codes) with add, remove and reorder. */
export function ListField({
  path,
  label,
  itemName,
  items,
  onChange,
  hint,
  placeholder,
}: {
  path: string;
  label: string;
  itemName: string;
  items: string[];
  onChange: (items: string[]) => void;
  hint?: string;
  placeholder?: string;
}) {
  const error = useIssue(path);
  const id = fieldId(path);
  const set = (i: number, value: string) => onChange(items.map((item, j) => (j === i ? value : item)));
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={describedBy(id, hint, error)} className="space-y-2">
      <legend className={labelClasses}>{label}</legend>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {items.length > 0 && (
        <ol className="space-y-2">
          {items.map((item, i) => (
            <li key={i} className="flex items-start gap-2">
              <CompactInput
                path={`${path}[${i}]`}
                label={`${itemName} ${i + 1}`}
                value={item}
                placeholder={placeholder}
                onChange={(value) => set(i, value)}
              />
              <ItemControls
                name={`${itemName.toLowerCase()} ${i + 1}`}
                index={i}
                count={items.length}
                onMove={(to) => onChange(move(items, i, to))}
                onRemove={() => onChange(items.filter((_, j) => j !== i))}
              />
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p id={`${id}-error`} className={errorClasses}>
          {error}
        </p>
      )}
      <Button size="sm" onClick={() => onChange([...items, ''])}>
        Add {itemName.toLowerCase()}
      </Button>
    </fieldset>
  );
}
