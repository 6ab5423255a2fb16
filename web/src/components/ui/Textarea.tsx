import { useId, type ComponentPropsWithRef } from 'react';
import { describedBy, Field, type FieldChrome } from './Field';
import { controlClasses } from './fieldStyles';

export type TextareaProps = ComponentPropsWithRef<'textarea'> & FieldChrome;

/** Multi-line counterpart of Input: visible label, hint and error announced with the field. */
export function Textarea({ label, hint, error, id, className, rows = 4, ...rest }: TextareaProps) {
  const generatedId = useId();
  const textareaId = id ?? generatedId;
  return (
    <Field id={textareaId} label={label} hint={hint} error={error}>
      <textarea
        id={textareaId}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(textareaId, hint, error)}
        className={controlClasses(Boolean(error), `py-2 ${className ?? ''}`)}
        {...rest}
      />
    </Field>
  );
}
