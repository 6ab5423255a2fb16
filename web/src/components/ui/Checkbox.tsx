import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';

export type CheckboxProps = Omit<ComponentPropsWithRef<'input'>, 'type'> & {
  label: string;
  hint?: ReactNode;
};

export function Checkbox({ label, hint, id, ...rest }: CheckboxProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  return (
    <div className="flex items-start gap-3">
      <input
        id={inputId}
        type="checkbox"
        aria-describedby={hint ? `${inputId}-hint` : undefined}
        className="mt-0.5 size-4 rounded border-slate-300 accent-accent-600 dark:border-slate-600 dark:accent-accent-400"
        {...rest}
      />
      <div className="text-sm">
        <label htmlFor={inputId} className="font-medium text-slate-800 dark:text-slate-200">
          {label}
        </label>
        {hint && (
          <p id={`${inputId}-hint`} className="text-slate-600 dark:text-slate-400">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
