import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../../shared/roles';
import type { Schemas } from '../../../api/client';
import { Button } from '../../../components/ui/Button';
import { Checkbox } from '../../../components/ui/Checkbox';
import { Dialog } from '../../../components/ui/Dialog';
import { Notice } from '../../../components/ui/Notice';
import { Select } from '../../../components/ui/Select';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { ROLE_DESCRIPTIONS, ROLE_OPTIONS } from '../../../lib/roles';
import { useUpdateMember } from '../api';

type Member = Schemas['Member'];

interface EditMemberDialogProps {
  member: Member | null;
  isSelf: boolean;
  onClose: () => void;
}

export function EditMemberDialog({ member, isSelf, onClose }: EditMemberDialogProps) {
  return (
    <Dialog
      open={member !== null}
      onClose={onClose}
      title={member ? `Edit ${member.name}` : ''}
      description={member?.email}
    >
      {/* Keyed so the form starts from the chosen member's current values every time it opens. */}
      {member && <EditMemberForm key={member.id} member={member} isSelf={isSelf} onDone={onClose} />}
    </Dialog>
  );
}

function EditMemberForm({ member, isSelf, onDone }: { member: Member; isSelf: boolean; onDone: () => void }) {
  const { notify } = useToast();
  const update = useUpdateMember();
  const [role, setRole] = useState<Role>(member.role);
  const [active, setActive] = useState(member.is_active);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Send only what changed, so the server checks (and can refuse) exactly the change intended.
    const changes: Schemas['MemberPatch'] = {};
    if (role !== member.role) changes.role = role;
    if (active !== member.is_active) changes.is_active = active;
    if (Object.keys(changes).length === 0) return onDone();
    update.mutate(
      { id: member.id, changes },
      {
        onSuccess: () => {
          notify(`Saved changes to ${member.name}.`);
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      {update.isError && (
        <Notice tone="error">{errorMessage(update.error, 'Could not save the changes.')}</Notice>
      )}
      <Select
        label="Role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
        options={ROLE_OPTIONS}
        hint={ROLE_DESCRIPTIONS[role]}
      />
      <Checkbox
        label="Active"
        checked={active}
        onChange={(e) => setActive(e.target.checked)}
        hint={
          active
            ? 'Active members can sign in.'
            : `${isSelf ? 'You' : member.name} will be signed out and unable to sign in until reactivated.`
        }
      />
      {isSelf && (role !== member.role || !active) && (
        <Notice tone="warning">
          You are changing your own access. You may lose the ability to undo this.
        </Notice>
      )}
      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" loading={update.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}
