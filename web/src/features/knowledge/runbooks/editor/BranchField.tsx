import type { SelectOption } from '../../../../components/ui/Select';
import { branchKind, type Branch, type BranchKind } from '../draft';
import { SelectField } from './fields';

export interface BranchTargets {
  /** Ids of the steps this branch may lead to (every step but its own). */
  steps: readonly string[];
  causes: readonly { id: string; text: string }[];
}

const KIND_OPTIONS: readonly SelectOption[] = [
  { value: 'none', label: 'Choose where this leads…', disabled: true },
  { value: 'next', label: 'Go to another step' },
  { value: 'resolve', label: 'Resolve a cause' },
  { value: 'contradicts', label: 'Contradicts this runbook' },
];

/**
 * Where an answer leads: exactly one of next step, resolved cause, or "contradicts". The author picks
 * the kind first, then the target from the ids that exist; a target that no longer exists stays
 * selected and marked, so the schema's message beside it makes sense.
 */
export function BranchField({
  path,
  name,
  branch,
  targets,
  onChange,
}: {
  path: string;
  /** Names the answer, e.g. "Option 2" or "Worked", so every select has a distinct label. */
  name: string;
  branch: Branch;
  targets: BranchTargets;
  onChange: (branch: Branch) => void;
}) {
  const kind = branchKind(branch);

  const changeKind = (next: BranchKind) => {
    if (next === 'next') onChange({ next: targets.steps[0] ?? '' });
    else if (next === 'resolve') onChange({ resolve: targets.causes[0]?.id ?? '' });
    else if (next === 'contradicts') onChange({ contradicts: true });
    else onChange({});
  };

  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <SelectField
        path={path}
        label={`${name}: leads to`}
        value={kind}
        options={KIND_OPTIONS}
        onChange={(value) => changeKind(value as BranchKind)}
      />
      {kind === 'next' && (
        <SelectField
          path={`${path}.next`}
          label={`${name}: next step`}
          value={branch.next ?? ''}
          options={withCurrent(
            targets.steps.filter(Boolean).map((id) => ({ value: id, label: id })),
            branch.next ?? '',
            'step',
          )}
          onChange={(next) => onChange({ next })}
        />
      )}
      {kind === 'resolve' && (
        <SelectField
          path={`${path}.resolve`}
          label={`${name}: cause`}
          value={branch.resolve ?? ''}
          options={withCurrent(
            targets.causes
              .filter((c) => c.id)
              .map((c) => ({ value: c.id, label: c.text ? `${c.id} — ${clip(c.text)}` : c.id })),
            branch.resolve ?? '',
            'cause',
          )}
          onChange={(resolve) => onChange({ resolve })}
        />
      )}
    </div>
  );
}

/** Keeps the current value selectable even when it is empty or points at something that is gone. */
function withCurrent(options: SelectOption[], current: string, what: string): SelectOption[] {
  if (options.some((o) => o.value === current)) return options;
  const placeholder = current
    ? { value: current, label: `${current} (missing)` }
    : { value: '', label: `Choose a ${what}…`, disabled: true };
  return [placeholder, ...options];
}

const clip = (text: string) => (text.length > 50 ? `${text.slice(0, 49)}…` : text);
