import { useRef, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { Badge } from '../../../../components/ui/Badge';
import { Button } from '../../../../components/ui/Button';
import { emptyCause, emptyStep, move, renameReferences, type DraftStep, type RunbookDraft } from '../draft';
import { fieldId } from '../issues';
import { ItemControls, TextField } from './fields';
import { useIssue, useIssueCount } from './issuesContext';
import { StepEditor } from './StepEditor';

type SetDraft = Dispatch<SetStateAction<RunbookDraft>>;

const MAX_STEPS = 30;
const MAX_CAUSES = 10;

/** Remembers an id when its field gets focus; on blur, branches follow the rename. */
function useRenameTracking(setDraft: SetDraft, key: 'next' | 'resolve') {
  const before = useRef<string | null>(null);
  return (currentId: () => string) => ({
    onIdFocus: () => {
      before.current = currentId();
    },
    onIdBlur: () => {
      const from = before.current;
      before.current = null;
      if (from !== null) setDraft((d) => renameReferences(d, key, from, currentId()));
    },
  });
}

/** One numbered, bordered item of a list, with its problem count in the heading. */
function ItemBox({
  path,
  title,
  extra,
  controls,
  children,
}: {
  path: string;
  title: string;
  extra?: ReactNode;
  controls: ReactNode;
  children: ReactNode;
}) {
  const problems = useIssueCount(path);
  return (
    <li>
      {/* Named by the plain title: the heading also carries badges that change as the author types. */}
      <fieldset
        aria-label={title}
        className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
      >
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="flex items-center gap-2 text-sm font-semibold text-slate-900 dark:text-slate-50">
            {title}
            {extra}
            {problems > 0 && (
              <Badge tone="danger">{problems === 1 ? '1 problem' : `${problems} problems`}</Badge>
            )}
          </h3>
          {controls}
        </div>
        {children}
      </fieldset>
    </li>
  );
}

function ListError({ path }: { path: string }) {
  const error = useIssue(path);
  return error ? (
    <p id={fieldId(path)} tabIndex={-1} className="text-sm font-medium text-red-700 dark:text-red-400">
      {error}
    </p>
  ) : null;
}

export function CausesEditor({ draft, setDraft }: { draft: RunbookDraft; setDraft: SetDraft }) {
  const track = useRenameTracking(setDraft, 'resolve');
  const setCauses = (causes: RunbookDraft['causes']) => setDraft((d) => ({ ...d, causes }));
  return (
    <div className="space-y-4">
      <ListError path="causes" />
      <ol className="space-y-4">
        {draft.causes.map((cause, i) => {
          const path = `causes[${i}]`;
          const set = (patch: Partial<typeof cause>) =>
            setDraft((d) => ({ ...d, causes: d.causes.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));
          return (
            <ItemBox
              key={i}
              path={path}
              title={`Cause ${i + 1}`}
              controls={
                <ItemControls
                  name={`cause ${i + 1}`}
                  index={i}
                  count={draft.causes.length}
                  onMove={(to) => setCauses(move(draft.causes, i, to))}
                  onRemove={() => setCauses(draft.causes.filter((_, j) => j !== i))}
                />
              }
            >
              <TextField
                path={`${path}.id`}
                label="Cause id"
                value={cause.id}
                placeholder="corrupt-ost"
                onChange={(id) => set({ id })}
                {...track(() => draft.causes[i]?.id ?? '')}
              />
              <TextField
                path={`${path}.text`}
                label="Cause"
                rows={2}
                value={cause.text}
                onChange={(text) => set({ text })}
              />
              <TextField
                path={`${path}.fix`}
                label="Fix"
                rows={3}
                value={cause.fix}
                onChange={(fix) => set({ fix })}
              />
            </ItemBox>
          );
        })}
      </ol>
      <Button
        size="sm"
        disabled={draft.causes.length >= MAX_CAUSES}
        onClick={() => setCauses([...draft.causes, emptyCause()])}
      >
        Add cause
      </Button>
    </div>
  );
}

export function StepsEditor({ draft, setDraft }: { draft: RunbookDraft; setDraft: SetDraft }) {
  const track = useRenameTracking(setDraft, 'next');
  const setSteps = (steps: DraftStep[]) => setDraft((d) => ({ ...d, steps }));
  const stepIds = [...new Set(draft.steps.map((s) => s.id).filter(Boolean))];
  const causes = draft.causes.filter((c, i) => c.id && draft.causes.findIndex((o) => o.id === c.id) === i);
  return (
    <div className="space-y-4">
      <ListError path="steps" />
      <ol className="space-y-4">
        {draft.steps.map((step, i) => {
          const path = `steps[${i}]`;
          return (
            <ItemBox
              key={i}
              path={path}
              title={`Step ${i + 1}`}
              extra={i === 0 ? <Badge tone="accent">Start</Badge> : undefined}
              controls={
                <ItemControls
                  name={`step ${i + 1}`}
                  index={i}
                  count={draft.steps.length}
                  onMove={(to) => setSteps(move(draft.steps, i, to))}
                  onRemove={() => setSteps(draft.steps.filter((_, j) => j !== i))}
                />
              }
            >
              <StepEditor
                path={path}
                step={step}
                targets={{ steps: stepIds.filter((id) => id !== step.id), causes }}
                onChange={(next) =>
                  setDraft((d) => ({ ...d, steps: d.steps.map((s, j) => (j === i ? next : s)) }))
                }
                {...track(() => draft.steps[i]?.id ?? '')}
              />
            </ItemBox>
          );
        })}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          disabled={draft.steps.length >= MAX_STEPS}
          onClick={() => setSteps([...draft.steps, emptyStep('question')])}
        >
          Add question
        </Button>
        <Button
          size="sm"
          disabled={draft.steps.length >= MAX_STEPS}
          onClick={() => setSteps([...draft.steps, emptyStep('action')])}
        >
          Add action
        </Button>
      </div>
    </div>
  );
}
