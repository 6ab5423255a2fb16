import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../../api/client';

/** The saved settings; the client secret is write-only (`has_secret` says whether one is stored). */
export type SsoSettings = Schemas['SsoSettings'];
/** A save leaves `client_secret` out to keep the stored one. */
export type SaveSsoInput = Schemas['SsoSettingsBody'];
export type SsoDiscoveryResult = Schemas['SsoDiscoveryResult'];

const ssoKey = ['account', 'sso'] as const;

export function useSsoSettings() {
  return useQuery({ queryKey: ssoKey, queryFn: () => dataOf(api.GET('/account/sso')) });
}

export function useSaveSsoSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveSsoInput) => dataOf(api.PUT('/account/sso', { body: input })),
    onSuccess: (saved) => queryClient.setQueryData(ssoKey, saved),
  });
}

export function useTestSsoDiscovery() {
  return useMutation({ mutationFn: () => dataOf(api.POST('/account/sso/test-discovery')) });
}
