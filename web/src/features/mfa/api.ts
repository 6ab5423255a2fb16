import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../api/client';

export type MfaProof = { code: string } | { recovery_code: string };

export const mfaKeys = {
  status: ['mfa-status'] as const,
  passkeys: ['mfa-passkeys'] as const,
  accountSettings: ['account-settings'] as const,
};

/** The signed-in user's two-factor state, as GET /me reports it. */
export function useMfaStatus() {
  return useQuery({
    queryKey: mfaKeys.status,
    queryFn: () => dataOf(api.GET('/me')),
    select: (me): Schemas['MfaStatus'] => me.mfa,
  });
}

/** A new secret and its QR code; nothing is protected until `useConfirmTotp` succeeds. */
export function useStartTotp() {
  return useMutation({ mutationFn: () => dataOf(api.POST('/me/mfa/totp')) });
}

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => dataOf(api.POST('/me/mfa/totp/confirm', { body: { code } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.status }),
  });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proof: MfaProof) => dataOf(api.DELETE('/me/mfa/totp', { body: proof })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.status }),
  });
}

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proof: MfaProof) => dataOf(api.POST('/me/mfa/recovery-codes', { body: proof })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.status }),
  });
}

/** Admins and owners only; others never ask. */
export function useAccountSettings(enabled: boolean) {
  return useQuery({
    queryKey: mfaKeys.accountSettings,
    queryFn: () => dataOf(api.GET('/account/settings')),
    enabled,
  });
}

export function useUpdateAccountSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Schemas['AccountSecurityPatch']) =>
      dataOf(api.PATCH('/account/settings', { body: patch })),
    onSuccess: (saved) => {
      queryClient.setQueryData(mfaKeys.accountSettings, saved);
      return queryClient.invalidateQueries({ queryKey: mfaKeys.status });
    },
  });
}

/** One's own passkeys (a browser session only, like the rest of these settings). */
export function usePasskeys() {
  return useQuery({
    queryKey: mfaKeys.passkeys,
    queryFn: () => dataOf(api.GET('/me/mfa/passkeys')),
    select: (answer) => answer.passkeys,
  });
}

/** Asks the server for options, the browser for a new passkey, then stores it under `name`. */
export function useAddPasskey(
  create: (options: Schemas['PasskeyOptions']) => Promise<Schemas['PasskeyAttestation']>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => {
      const options = await dataOf(api.POST('/me/mfa/passkeys/options'));
      const response = await create(options);
      return dataOf(api.POST('/me/mfa/passkeys', { body: { name, response } }));
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: mfaKeys.passkeys }),
        queryClient.invalidateQueries({ queryKey: mfaKeys.status }),
      ]),
  });
}

export function useRemovePasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.DELETE('/me/mfa/passkeys/{id}', { params: { path: { id } } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: mfaKeys.passkeys }),
        queryClient.invalidateQueries({ queryKey: mfaKeys.status }),
      ]),
  });
}
