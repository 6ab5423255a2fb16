import { Button } from '../../../../components/ui/Button';
import { Checkbox } from '../../../../components/ui/Checkbox';
import { Badge } from '../../../../components/ui/Badge';
import {
  changeStepKind,
  emptyOption,
  move,
  slug,
  withoutTarget,
  type DraftAction,
  type DraftOption,
  type DraftQuestion,
  type DraftStep,
} from '../draft';
import { BranchField, type BranchTargets } from './BranchField';
import { CompactInput, ItemControls, SelectField, TextField } from './fields';
import { useIssue } from './issuesContext';
import { fieldId } from '../issues';

const KIND_OPTIONS = [
  { value: 'question', label: 'Question (the tech picks an answer)' },
  { value: 'action', label: 'Action (the tech does something, then reports)' },
];

const MAX_OPTIONS = 5;

interface StepEditorProps {
  path: string;
  step: DraftStep;
  targets: BranchTargets;
  onChange: (step: DraftStep) => void;
  /** Around editing the id, so branches that pointed at the old id can follow the rename. */
  onIdFocus: () => void;
  onIdBlur: () => void;
}

/** The fields of one step; which ones depends on its kind, exactly as in the schema. */
export function StepEditor({ path, step, targets, onChange, onIdFocus, onIdBlur }: StepEditorProps) {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          path={`${path}.id`}
          label="Step id"
          value={step.id}
          onChange={(id) => onChange({ ...step, id })}
          onFocus={onIdFocus}
          onBlur={onIdBlur}
          placeholder="check-webmail"
        />
        <SelectField
          path={`${path}.kind`}
          label="Kind"
          value={step.kind}
          options={KIND_OPTIONS}
          onChange={(kind) => onChange(changeStepKind(step, kind as DraftStep['kind']))}
        />
      </div>
      <TextField
        path={`${path}.text`}
        label={step.kind === 'question' ? 'Question' : 'What to do'}
        value={step.text}
        rows={2}
        onChange={(text) => onChange({ ...step, text })}
      />
      {step.kind === 'question' ? (
        <OptionsEditor path={path} step={step} targets={targets} onChange={onChange} />
      ) : (
        <ActionFields path={path} step={step} targets={targets} onChange={onChange} />
      )}
    </div>
  );
}

function OptionsEditor({
  path,
  step,
  targets,
  onChange,
}: {
  path: string;
  step: DraftQuestion;
  targets: BranchTargets;
  onChange: (step: DraftStep) => void;
}) {
  const listPath = `${path}.options`;
  const error = useIssue(listPath);
  const setOptions = (options: DraftOption[]) => onChange({ ...step, options });
  const setOption = (i: number, option: DraftOption) =>
    setOptions(step.options.map((o, j) => (j === i ? option : o)));

  return (
    <fieldset id={fieldId(listPath)} tabIndex={-1} className="space-y-3">
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Answers (2 to 5)</legend>
      {error && <p className="text-sm font-medium text-red-700 dark:text-red-400">{error}</p>}
      <ol className="space-y-3">
        {step.options.map((option, i) => {
          const optionPath = `${listPath}[${i}]`;
          const name = `Option ${i + 1}`;
          return (
            <li
              key={i}
              className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3 dark:border-slate-700 dark:bg-slate-800/40"
            >
              <div className="flex flex-wrap items-start gap-2">
                <CompactInput
                  path={`${optionPath}.label`}
                  label={`${name} label`}
                  placeholder="Answer shown to the tech"
                  value={option.label}
                  onChange={(label) => setOption(i, { ...option, label })}
                  // A value is a machine key; derive it from the first label so authors rarely type one.
                  onBlur={() =>
                    !option.value && option.label && setOption(i, { ...option, value: slug(option.label) })
                  }
                />
                <div className="w-40">
                  <CompactInput
                    path={`${optionPath}.value`}
                    label={`${name} value`}
                    placeholder="value"
                    value={option.value}
                    onChange={(value) => setOption(i, { ...option, value })}
                  />
                </div>
                <ItemControls
                  name={name.toLowerCase()}
                  index={i}
                  count={step.options.length}
                  onMove={(to) => setOptions(move(step.options, i, to))}
                  onRemove={() => setOptions(step.options.filter((_, j) => j !== i))}
                />
              </div>
              <BranchField
                path={optionPath}
                name={name}
                branch={option}
                targets={targets}
                onChange={(branch) => setOption(i, { ...withoutTarget(option), ...branch })}
              />
            </li>
          );
        })}
      </ol>
      <Button
        size="sm"
        disabled={step.options.length >= MAX_OPTIONS}
        onClick={() => setOptions([...step.options, emptyOption()])}
      >
        Add answer
      </Button>
    </fieldset>
  );
}

const OUTCOMES = [
  { key: 'worked', name: 'Worked' },
  { key: 'failed', name: 'Did not work' },
] as const;

function ActionFields({
  path,
  step,
  targets,
  onChange,
}: {
  path: string;
  step: DraftAction;
  targets: BranchTargets;
  onChange: (step: DraftStep) => void;
}) {
  // An optional field left blank is absent, not an empty string the schema would refuse.
  const setCommand = (command: string) => {
    const next: DraftAction = { ...step, command };
    if (!command) delete next.command;
    onChange(next);
  };
  const setPartial = (on: boolean) => {
    const { partial: _drop, ...rest } = step.on;
    onChange({ ...step, on: on ? { ...rest, partial: {} } : rest });
  };
  return (
    <>
      <TextField
        path={`${path}.command`}
        label="Command (optional)"
        hint="One command or admin-portal path the tech can copy."
        value={step.command ?? ''}
        rows={2}
        onChange={setCommand}
      />
      <TextField
        path={`${path}.expected_outcome`}
        label="Expected outcome"
        value={step.expected_outcome}
        rows={2}
        onChange={(expected_outcome) => onChange({ ...step, expected_outcome })}
      />
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Outcomes</legend>
        {OUTCOMES.map(({ key, name }) => (
          <div key={key} className="space-y-1">
            <Badge tone={key === 'worked' ? 'success' : 'danger'}>{name}</Badge>
            <BranchField
              path={`${path}.on.${key}`}
              name={name}
              branch={step.on[key]}
              targets={targets}
              onChange={(branch) => onChange({ ...step, on: { ...step.on, [key]: branch } })}
            />
          </div>
        ))}
        <Checkbox
          label="Also offer “Partly worked”"
          checked={step.on.partial !== undefined}
          onChange={(e) => setPartial(e.target.checked)}
        />
        {step.on.partial && (
          <BranchField
            path={`${path}.on.partial`}
            name="Partly worked"
            branch={step.on.partial}
            targets={targets}
            onChange={(partial) => onChange({ ...step, on: { ...step.on, partial } })}
          />
        )}
      </fieldset>
    </>
  );
}
