import type { ReactNode } from 'react';
import { errorClasses, hintClasses, labelClasses } from './fieldStyles';

export interface FieldChrome {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

/** Ids for the hint and error text, so the control can reference them via aria-describedby. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** Label above, control, then hint and error text; shared by Input and Select. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: FieldChrome & { id: string; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelClasses}>
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className={hintClasses}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className={errorClasses}>
          {error}
        </p>
      )}
    </div>
  );
}
