import type { Dispatch, SetStateAction } from 'react';
import { Card } from '../../../../components/ui/Card';
import type { RunbookDraft } from '../draft';
import { DOMAIN_OPTIONS } from '../labels';
import { ListField, SelectField, TextField } from './fields';
import { CausesEditor, StepsEditor } from './TreeEditors';

const DOMAIN_CHOICES = [{ value: '', label: 'Choose a domain…', disabled: true }, ...DOMAIN_OPTIONS];

/**
 * The whole runbook as form sections. Every control edits the draft in place at its document path,
 * so what the author sees, what the schema checks and what gets saved are one object.
 */
export function RunbookForm({
  draft,
  setDraft,
  idLocked,
}: {
  draft: RunbookDraft;
  setDraft: Dispatch<SetStateAction<RunbookDraft>>;
  /** An existing runbook keeps its id: other knowledge and past sessions refer to it. */
  idLocked: boolean;
}) {
  const set =
    <K extends keyof RunbookDraft>(key: K) =>
    (value: RunbookDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  // A source is optional, but once either half is typed both are required; blank both to drop it.
  const setSource = (patch: Partial<NonNullable<RunbookDraft['source']>>) =>
    setDraft((d) => {
      const source = { title: '', url: '', ...d.source, ...patch };
      const next: RunbookDraft = { ...d, source };
      if (!source.title && !source.url) delete next.source;
      return next;
    });

  return (
    <div className="space-y-6">
      <Card title="About">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            path="id"
            label="Id"
            hint={
              idLocked ? 'The id of a saved runbook cannot change.' : 'Lowercase words joined by hyphens.'
            }
            placeholder="outlook-disconnected"
            value={draft.id}
            readOnly={idLocked}
            onChange={set('id')}
          />
          <SelectField
            path="domain"
            label="Domain"
            value={draft.domain}
            options={DOMAIN_CHOICES}
            onChange={(v) => set('domain')(v as RunbookDraft['domain'])}
          />
        </div>
        <div className="mt-4 space-y-4">
          <TextField path="title" label="Title" value={draft.title} onChange={set('title')} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              path="source.title"
              label="Source title (optional)"
              value={draft.source?.title ?? ''}
              onChange={(title) => setSource({ title })}
            />
            <TextField
              path="source.url"
              label="Source URL (optional)"
              hint="The public vendor page this runbook can be checked against."
              placeholder="https://learn.microsoft.com/…"
              value={draft.source?.url ?? ''}
              onChange={(url) => setSource({ url })}
            />
          </div>
        </div>
      </Card>
      <Card
        title="How people describe it"
        description="Used to find this runbook from a tech's problem text."
      >
        <div className="space-y-6">
          <ListField
            path="symptoms"
            label="Symptoms"
            itemName="Symptom"
            hint="1 to 12 phrases, in the words techs and users type."
            items={draft.symptoms}
            onChange={set('symptoms')}
          />
          <ListField
            path="keywords"
            label="Keywords"
            itemName="Keyword"
            hint="Products, components, jargon."
            items={draft.keywords}
            onChange={set('keywords')}
          />
          <ListField
            path="error_codes"
            label="Error codes"
            itemName="Error code"
            hint="Exactly as shown to users, e.g. 0x8004010F."
            items={draft.error_codes}
            onChange={set('error_codes')}
          />
        </div>
      </Card>
      <Card title="Causes" description="What can be behind it, one sentence each, with the fix.">
        <CausesEditor draft={draft} setDraft={setDraft} />
      </Card>
      <Card
        title="Steps"
        description="The first step is where the assistant starts; every answer leads to a step, a cause, or rules the runbook out."
      >
        <StepsEditor draft={draft} setDraft={setDraft} />
      </Card>
      <Card title="Verification">
        <ListField
          path="verification"
          label="How to confirm the fix"
          itemName="Check"
          hint="1 to 8 lines."
          items={draft.verification}
          onChange={set('verification')}
        />
      </Card>
    </div>
  );
}
