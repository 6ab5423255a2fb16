import { useId, type ComponentPropsWithRef } from 'react';
import { describedBy, Field, type FieldChrome } from './Field';
import { controlClasses } from './fieldStyles';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export type SelectProps = Omit<ComponentPropsWithRef<'select'>, 'children'> &
  FieldChrome & { options: readonly SelectOption[] };

/** Native <select>: keyboard and screen reader behaviour come for free on every platform. */
export function Select({ label, hint, error, id, options, className, ...rest }: SelectProps) {
  const generatedId = useId();
  const selectId = id ?? generatedId;
  return (
    <Field id={selectId} label={label} hint={hint} error={error}>
      <select
        id={selectId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(selectId, hint, error)}
        className={controlClasses(Boolean(error), `h-10 pr-8 ${className ?? ''}`)}
        {...rest}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
