import { useId, type ComponentPropsWithRef } from 'react';
import { describedBy, Field, type FieldChrome } from './Field';
import { controlClasses } from './fieldStyles';

export type InputProps = ComponentPropsWithRef<'input'> & FieldChrome;

/** A text input that always has a visible label; hint and error are announced with the field. */
export function Input({ label, hint, error, id, className, ...rest }: InputProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  return (
    <Field id={inputId} label={label} hint={hint} error={error}>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, hint, error)}
        className={controlClasses(Boolean(error), `h-10 ${className ?? ''}`)}
        {...rest}
      />
    </Field>
  );
}
