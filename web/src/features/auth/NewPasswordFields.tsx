import { Input } from '../../components/ui/Input';

export const MIN_PASSWORD_LENGTH = 10;

export interface NewPasswordErrors {
  password?: string;
  confirm?: string;
}

/** The rules a chosen password must meet before it is sent: long enough, and typed the same twice. */
export function checkNewPassword(password: string, confirm: string): NewPasswordErrors {
  const errors: NewPasswordErrors = {};
  if (password.length < MIN_PASSWORD_LENGTH)
    errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (confirm !== password) errors.confirm = 'Passwords do not match.';
  return errors;
}

interface NewPasswordFieldsProps {
  labels: { password: string; confirm: string };
  password: string;
  confirm: string;
  errors: NewPasswordErrors;
  onPasswordChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
}

/**
 * A new password and its confirmation, marked `new-password` so browsers and password managers offer
 * to generate and store it.
 */
export function NewPasswordFields({
  labels,
  password,
  confirm,
  errors,
  onPasswordChange,
  onConfirmChange,
}: NewPasswordFieldsProps) {
  return (
    <>
      <Input
        label={labels.password}
        type="password"
        name="new-password"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={password}
        error={errors.password}
        onChange={(e) => onPasswordChange(e.target.value)}
      />
      <Input
        label={labels.confirm}
        type="password"
        name="confirm-password"
        autoComplete="new-password"
        required
        value={confirm}
        error={errors.confirm}
        onChange={(e) => onConfirmChange(e.target.value)}
      />
    </>
  );
}
